"""What the loop does when a lower app tells it something."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from indicators.signals import measurements_imported
from initiatives.models import Learning

from .models import FIRST_YEAR, SynthesisRun
from .words import learning_words_refresh


@receiver(measurements_imported, dispatch_uid="loop.synthesis_after_import")
def synthesis_after_import(sender, *, since, until, **kwargs) -> None:
    """Recompute the syntheses of the years an import wrote values in."""
    from .services import synthesis_request

    if not settings.SYNTHESIS_AFTER_IMPORT:
        return

    years = range(max(since.year, FIRST_YEAR), min(until.year, timezone.localdate().year) + 1)
    if years:
        synthesis_request(years=years, trigger=SynthesisRun.Trigger.IMPORT)


@receiver(post_save, sender=Learning, dispatch_uid="loop.learning_words")
def learning_words(sender, instance: Learning, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Keep the words of a learning's title for the synthesis, whenever its title or kind is saved."""
    if raw or (update_fields is not None and not {"title", "kind"} & set(update_fields)):
        return
    learning_words_refresh([instance])
