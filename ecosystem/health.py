"""The state of the services the platform depends on, for /health/.

Each check answers within about REDIS_SOCKET_TIMEOUT seconds even when a service is
silent, so a load balancer's probe never hangs.
"""

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app as celery_app
from .tasks import HEARTBEAT_CACHE_KEY

OK, DOWN, EAGER = "ok", "down", "eager"


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


def platform_health() -> tuple[dict, bool]:
    """The state of each dependency, and whether the platform can serve requests."""
    checks = {"database": _timed(_database), "cache": _timed(_cache), "broker": _timed(_broker)}
    serving = checks["database"]["status"] == OK
    if not serving:
        overall = DOWN
    elif any(check["status"] == DOWN for check in checks.values()):
        overall = "degraded"
    else:
        overall = OK
    report = {"status": overall, "checks": checks}
    if checks["cache"]["status"] == OK and not celery_app.conf.task_always_eager:
        # Written every minute by a worker, scheduled by beat: tells whether work gets done.
        report["worker_last_heartbeat"] = cache.get(HEARTBEAT_CACHE_KEY)
    return report, serving
