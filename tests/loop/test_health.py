"""/health/ and the learning loop: the worker's heartbeat (three missed minutes and the platform is
degraded) and the date of the newest synthesis, read from the database so that it is known with
Redis down."""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ecosystem import health
from ecosystem.celery import app as celery_app
from ecosystem.tasks import HEARTBEAT_CACHE_KEY
from loop.models import Synthesis
from tests.ecosystem.test_health import closed_port_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(quebec):
    return Synthesis.objects.create(
        territory=quebec,
        granularity="quarter",
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2025, 9, 30),
        computed_at=timezone.make_aware(datetime.datetime(2025, 10, 2, 3, 15)),
        figures={},
    )


@pytest.fixture
def not_eager():
    """Tasks are sent to a worker, not run in the web process."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def with_a_worker(not_eager, monkeypatch):
    """Tasks go to a worker; the broker itself is not asked here."""
    monkeypatch.setattr(health, "_broker", lambda: health.OK)


def test_the_newest_synthesis_date_is_reported(client, snapshot, quebec):
    Synthesis.objects.create(
        territory=quebec,
        granularity="year",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        computed_at=timezone.make_aware(datetime.datetime(2025, 1, 5)),
        figures={},
    )

    body = client.get("/health/").json()

    assert parse_datetime(body["last_synthesis"]) == snapshot.computed_at
    assert body["status"] == "ok"


def test_without_any_synthesis_the_date_is_null(client):
    assert client.get("/health/").json()["last_synthesis"] is None


def test_with_eager_tasks_there_is_no_worker_to_wait_for(client):
    body = client.get("/health/").json()

    assert body["checks"]["worker"]["status"] == "eager"
    assert body["status"] == "ok"


@pytest.mark.parametrize(
    "minutes_ago, worker, overall",
    [(1, "ok", "ok"), (2.9, "ok", "ok"), (3.5, "down", "degraded"), (None, "down", "degraded")],
)
def test_the_worker_heartbeat_must_be_recent(client, with_a_worker, minutes_ago, worker, overall):
    from django.core.cache import cache

    if minutes_ago is not None:
        beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
        cache.set(HEARTBEAT_CACHE_KEY, beat.isoformat(), timeout=None)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["status"] == worker
    assert response.json()["status"] == overall


def test_a_garbled_heartbeat_counts_as_no_heartbeat(client, with_a_worker):
    from django.core.cache import cache

    cache.set(HEARTBEAT_CACHE_KEY, "pas une date", timeout=None)

    assert client.get("/health/").json()["checks"]["worker"]["status"] == "down"


@pytest.fixture
def redis_down(settings, not_eager):
    """The cache and the broker at a closed port, tasks sent to a worker: Redis is gone."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": closed_port_url(),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    saved = celery_app.conf.broker_url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = closed_port_url()
    yield
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = saved


def test_with_redis_down_health_is_degraded_and_still_gives_the_snapshot_date(client, snapshot, redis_down):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert {body["checks"][name]["status"] for name in ("cache", "broker", "worker")} == {"down"}
    assert parse_datetime(body["last_synthesis"]) == snapshot.computed_at


def test_the_dashboard_data_is_read_from_the_database_with_redis_down(client, snapshot, redis_down):
    """The API keeps serving the stored snapshots."""
    response = client.get("/api/v1/syntheses/", {"territory": "QC"})

    assert response.status_code == 200
    assert [row["period"] for row in response.json()["results"]] == ["2025-T3"]


def test_a_database_failure_on_the_synthesis_date_is_not_an_error(client, snapshot, monkeypatch):
    def broken():
        raise RuntimeError("gone")

    monkeypatch.setattr(health, "last_synthesis", broken)

    response = client.get("/health/")

    assert response.status_code == 200 and response.json()["last_synthesis"] is None


def test_without_the_loop_app_the_date_is_null(monkeypatch):
    def missing(app_label, model_name):
        raise LookupError(app_label)

    monkeypatch.setattr(health.apps, "get_model", missing)

    assert health.last_synthesis() is None
