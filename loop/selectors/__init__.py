"""Every non-trivial read of the learning loop, already shaped and permission-scoped: the
dashboard's syntheses, the watch signals and the decision log."""

from .dashboard import *  # noqa: F403
from .decisions import *  # noqa: F403
from .reports import *  # noqa: F403
from .signals import *  # noqa: F403
