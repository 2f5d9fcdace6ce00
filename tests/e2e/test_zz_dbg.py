import pytest
from django.db import connections
from ecosystem.models import Territory

@pytest.mark.parametrize("n", [1, 2, 3])
def test_dbg(live_server, n):
    c = connections["default"]
    s = getattr(c, "_test_serialized_contents", None)
    print("\nDBG", n, "has:", s is not None, "len:", len(s or ""), "count now:", Territory.objects.count(), id(c))
