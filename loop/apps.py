from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoopConfig(AppConfig):
    name = "loop"
    verbose_name = _("Learning loop")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the receivers)
