"""What the loop does when a lower app tells it something."""

from django.dispatch import receiver

from indicators.signals import measurements_imported

from .models import SynthesisRun


@receiver(measurements_imported, dispatch_uid="loop.synthesis_after_import")
def synthesis_after_import(sender, *, since, until, **kwargs) -> None:
    """Recompute the syntheses of the years an import wrote values in."""
    from .services import synthesis_request

    synthesis_request(years=range(since.year, until.year + 1), trigger=SynthesisRun.Trigger.IMPORT)
