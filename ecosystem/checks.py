from django.conf import settings
from django.core.checks import Error, register


@register()
def privacy_officer_is_named(app_configs, **kwargs) -> list[Error]:
    """Law 25 requires the person in charge of personal information to be published."""
    return [
        Error(f"{name} is empty.", hint="Name the person in charge of personal information.", id="ecosystem.E001")
        for name in ("PRIVACY_OFFICER_NAME", "PRIVACY_OFFICER_TITLE", "PRIVACY_OFFICER_EMAIL")
        if not getattr(settings, name, "")
    ]
