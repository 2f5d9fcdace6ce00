"""The state of the services the platform depends on, for /health/.

Each check answers within about REDIS_SOCKET_TIMEOUT seconds even when a service is
silent, so a load balancer's probe never hangs.
"""

import datetime
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .celery import app as celery_app
from .tasks import HEARTBEAT_CACHE_KEY

OK, DOWN, EAGER = "ok", "down", "eager"

# Beat asks a worker for a heartbeat every minute: three missed ones mean no work gets done.
HEARTBEAT_MAX_AGE = datetime.timedelta(minutes=3)


def _timed(check: Callable[[], str]) -> dict:
    started = time.perf_counter()
    try:
        status, detail = check(), ""
    except Exception as error:  # any failure of a dependency is reported, never raised
        status, detail = DOWN, error.__class__.__name__
    result = {"status": status, "duration_ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result["error"] = detail
    return result


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    answered = cache.get(key) == "1"
    cache.delete(key)
    return OK if answered else DOWN


def _broker() -> str:
    if celery_app.conf.task_always_eager:
        return EAGER
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=settings.REDIS_SOCKET_TIMEOUT)
        # Opening a channel makes the broker answer, which a silent server never does.
        conn.default_channel  # noqa: B018
    return OK


def _worker() -> str:
    """Whether a worker wrote its heartbeat in the cache lately (none to wait for when tasks run
    in the web process)."""
    if celery_app.conf.task_always_eager:
        return EAGER
    beat_at = cache.get(HEARTBEAT_CACHE_KEY)
    when = parse_datetime(beat_at) if isinstance(beat_at, str) else None
    if when is None or timezone.now() - when > HEARTBEAT_MAX_AGE:
        return DOWN
    return OK


def last_synthesis() -> str | None:
    """When the newest synthesis snapshot was calculated (ISO 8601), read from the database so that
    it is known with Redis down; None before the first one, or without the learning loop."""
    try:
        model = apps.get_model("loop", "Synthesis")
    except LookupError:
        return None
    newest = model.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
    return newest.isoformat() if newest is not None else None


def platform_health() -> tuple[dict, bool]:
    """The state of each dependency, and whether the platform can serve requests."""
    checks = {
        "database": _timed(_database),
        "cache": _timed(_cache),
        "broker": _timed(_broker),
        "worker": _timed(_worker),
    }
    serving = checks["database"]["status"] == OK
    if not serving:
        overall = DOWN
    elif any(check["status"] == DOWN for check in checks.values()):
        overall = "degraded"
    else:
        overall = OK
    report = {"status": overall, "checks": checks, "last_synthesis": None}
    if serving:
        try:
            report["last_synthesis"] = last_synthesis()
        except Exception:  # the database answered "SELECT 1": a failure here is reported, never raised
            report["last_synthesis"] = None
    if checks["cache"]["status"] == OK and not celery_app.conf.task_always_eager:
        # Written every minute by a worker, scheduled by beat: tells whether work gets done.
        report["worker_last_heartbeat"] = cache.get(HEARTBEAT_CACHE_KEY)
    return report, serving
