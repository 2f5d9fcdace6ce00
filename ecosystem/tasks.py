from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "worker:heartbeat"


@shared_task(ignore_result=False, soft_time_limit=10, time_limit=20)
def heartbeat() -> str:
    """Record that a worker is alive and consuming; beat schedules it every minute."""
    beat_at = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, beat_at, timeout=None)
    return beat_at
