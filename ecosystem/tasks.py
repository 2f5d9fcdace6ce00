from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .services import data_export_build, data_exports_purge

HEARTBEAT_CACHE_KEY = "worker:heartbeat"


@shared_task(ignore_result=False, soft_time_limit=10, time_limit=20)
def heartbeat() -> str:
    """Record that a worker is alive and consuming; beat schedules it every minute."""
    beat_at = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, beat_at, timeout=None)
    return beat_at


@shared_task(
    autoretry_for=(OSError,), retry_backoff=30, retry_kwargs={"max_retries": 3}, soft_time_limit=120, time_limit=180
)
def build_data_export(export_id: int) -> bool:
    """Build a person's "download my data" archive. Safe to run twice."""
    export = data_export_build(export_id=export_id)
    return export is not None


@shared_task(soft_time_limit=120, time_limit=180)
def purge_data_exports() -> int:
    """Scheduled daily by beat: delete the exports older than seven days, files included."""
    return data_exports_purge()
