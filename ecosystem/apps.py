from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = _("Shared references")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
