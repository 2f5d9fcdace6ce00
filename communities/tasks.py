"""Celery entry points of the co-learning spaces. Each task takes ids and calls a service."""

from celery import shared_task

from ecosystem.models import Purpose, with_consent

from .models import Membership
from .services import digest_send


@shared_task(soft_time_limit=60, time_limit=90)
def send_weekly_digests() -> int:
    """Scheduled weekly by beat: one task per person who asked for a digest of a space and
    consents to e-mail digests. Returns how many."""
    memberships = Membership.objects.active().filter(weekly_digest=True).filter(with_consent(Purpose.DIGESTS))
    user_ids = list(memberships.values_list("user_id", flat=True).distinct())
    for user_id in user_ids:
        send_weekly_digest.delay(user_id)
    return len(user_ids)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 3},
    soft_time_limit=60,
    time_limit=90,
)
def send_weekly_digest(user_id: int) -> bool:
    """One person's digest. Safe to run twice (a digest goes out at most once in six days) and
    for a person who has since deleted their account."""
    return digest_send(user_id=user_id)
