"""What the loop does when a lower app tells it something."""

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from indicators.signals import measurements_imported

from .models import FIRST_YEAR, SynthesisRun


@receiver(measurements_imported, dispatch_uid="loop.synthesis_after_import")
def synthesis_after_import(sender, *, since, until, **kwargs) -> None:
    """Recompute the syntheses of the years an import wrote values in."""
    from .services import synthesis_request

    if not settings.SYNTHESIS_AFTER_IMPORT:
        return

    years = range(max(since.year, FIRST_YEAR), min(until.year, timezone.localdate().year) + 1)
    if years:
        synthesis_request(years=years, trigger=SynthesisRun.Trigger.IMPORT)
