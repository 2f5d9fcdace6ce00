import os

import pytest
from django.core.cache import cache

from ecosystem.celery import app as celery_app
from ecosystem.health import platform_health
from ecosystem.tasks import HEARTBEAT_CACHE_KEY, heartbeat


def test_tasks_travel_as_json_only():
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.result_serializer == "json"
    assert list(celery_app.conf.accept_content) == ["json"]


def test_tasks_have_time_limits():
    assert 0 < celery_app.conf.task_soft_time_limit < celery_app.conf.task_time_limit


def test_a_silent_broker_is_given_up_on_within_seconds():
    options = celery_app.conf.broker_transport_options
    assert options["socket_timeout"] <= 2
    assert options["socket_connect_timeout"] <= 2
    assert celery_app.conf.task_publish_retry is False


def test_every_scheduled_task_exists():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}

    assert scheduled
    assert scheduled <= set(celery_app.tasks)


def test_heartbeat_records_when_a_worker_last_ran(db):
    beat_at = heartbeat.delay().get()

    assert cache.get(HEARTBEAT_CACHE_KEY) == beat_at


@pytest.fixture
def redis_broker(settings):
    if not settings.REDIS_URL:
        if os.environ.get("SERVICES_REQUIRED") == "1":
            pytest.fail("REDIS_URL is not set but SERVICES_REQUIRED=1: the real worker test must run")
        pytest.skip("needs Redis: set REDIS_URL")
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield settings.REDIS_URL
    celery_app.conf.task_always_eager = saved


@pytest.mark.worker
def test_a_real_worker_round_trips_a_task_through_redis(redis_broker, db):
    from celery.contrib.testing.worker import start_worker

    cache.delete(HEARTBEAT_CACHE_KEY)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
        result = heartbeat.delay()
        beat_at = result.get(timeout=30)

    assert result.successful()
    assert cache.get(HEARTBEAT_CACHE_KEY) == beat_at
    report, _ = platform_health()
    assert report["checks"]["broker"]["status"] == "ok"
    assert report["worker_last_heartbeat"] == beat_at
