import socket
import threading
from unittest import mock

import pytest
from django.db.utils import OperationalError

from ecosystem.celery import app as celery_app


@pytest.fixture
def broker_at(settings):
    """Point the Celery app at another broker URL for one test, as a web process would see it."""
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager

    def forget_connections() -> None:
        # A web process never changes broker at run time, so Celery keeps its connection
        # pools; switching broker in a test must drop them.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    def point(url: str) -> None:
        forget_connections()
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = False

    yield point
    forget_connections()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved


@pytest.fixture
def silent_server():
    """A TCP server that accepts connections and never answers, like a hung Redis."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def closed_port_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"redis://127.0.0.1:{port}/0"


def get_health_within(client, seconds: float):
    """Fetch /health/ in a thread; None if it did not answer in time (a hang, not a slowness)."""
    responses = []
    thread = threading.Thread(target=lambda: responses.append(client.get("/health/")), daemon=True)
    thread.start()
    thread.join(seconds)
    return responses[0] if responses else None


@pytest.mark.django_db
def test_health_reports_every_dependency_as_json(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "worker"}
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_reports_eager_tasks_without_a_broker(client):
    body = client.get("/health/").json()

    assert body["checks"]["broker"]["status"] == "eager"
    assert body["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_health_is_degraded_not_failing_when_the_broker_is_down(client, broker_at):
    broker_at(closed_port_url())

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"]["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_silent_broker_cannot_hang_the_health_check(client, broker_at, silent_server):
    broker_at(silent_server)

    response = get_health_within(client, seconds=15)

    assert response is not None, "the health check hung on a broker that never answers"
    assert response.status_code == 200
    assert response.json()["checks"]["broker"]["status"] == "down"


@pytest.mark.django_db(transaction=True)
def test_publishing_a_task_to_a_silent_broker_fails_instead_of_hanging(broker_at, silent_server):
    from kombu.exceptions import OperationalError as BrokerError

    from ecosystem.tasks import heartbeat

    broker_at(silent_server)
    outcome = []

    def publish():
        try:
            heartbeat.delay()
            outcome.append("sent")
        except (BrokerError, OSError) as error:
            outcome.append(error)

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    thread.join(15)

    assert outcome, "publishing hung on a broker that never answers"
    assert outcome[0] != "sent"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client):
    with mock.patch("ecosystem.health.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"]["status"] == "down"
    assert response.json()["checks"]["database"]["error"] == "OperationalError"


@pytest.mark.django_db
def test_health_accepts_only_get(client):
    assert client.post("/health/").status_code == 405


@pytest.fixture
def dead_redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": closed_port_url(),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


@pytest.mark.django_db
def test_health_is_degraded_when_the_cache_is_down(client, dead_redis_cache):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["status"] == "down"


@pytest.mark.django_db
def test_pages_still_serve_when_the_cache_is_down(client, dead_redis_cache):
    for path in ("/", "/en/", "/confidentialite/", "/accounts/signup/", "/accounts/login/"):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_rate_limited_actions_pause_with_a_clear_page_when_the_cache_is_down(client, dead_redis_cache):
    # allauth cannot count attempts without the cache, so it refuses rather than let a
    # password-guessing attack through: a French 429 page, never a 500, nothing created.
    from ecosystem.models import User

    response = client.post(
        "/accounts/signup/",
        {
            "email": "lea@exemple.test",
            "display_name": "Léa",
            "password1": "un-jardin-communautaire-2026",
            "password2": "un-jardin-communautaire-2026",
        },
    )

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not User.objects.filter(email="lea@exemple.test").exists()
