from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = _("Shared references")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="ecosystem_sqlite_functions")
