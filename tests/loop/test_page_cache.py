"""Visitors read the dashboard from the cache: rendered once, rendered again when a synthesis
run commits or a decision changes; signed-in people always get a fresh page; a cache that is
down only means every page is rendered."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from loop import page_cache, services
from tests.factories import OrganizationFactory
from tests.loop.conftest import synthesize

TODAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def page_caching(settings):
    settings.DASHBOARD_CACHE_SECONDS = 600
    cache.clear()
    page_cache.pages_changed()  # and forget this process's pages
    yield
    cache.clear()
    page_cache.pages_changed()


@pytest.fixture
def snapshots(db):
    synthesize(2025, today=TODAY)


def test_a_visitor_gets_the_page_from_the_cache_the_second_time(client, snapshots, django_assert_num_queries):
    first = client.get(reverse("loop:dashboard"))

    with django_assert_num_queries(0):
        second = client.get(reverse("loop:dashboard"))

    assert first.status_code == second.status_code == 200
    assert second.content == first.content


def test_each_language_and_query_string_has_its_own_page(client, snapshots):
    french = client.get(reverse("loop:dashboard"), {"period": "2025"}).content.decode()
    english = client.get("/en/dashboard/", {"period": "2025"}).content.decode()
    quarter = client.get(reverse("loop:dashboard"), {"period": "2025-T4"}).content.decode()

    assert "Tableau de bord" in french and "Dashboard" in english
    assert "2025-T4" in quarter and french != quarter


def test_a_decision_renders_the_pages_again(client, snapshots, decision_maker, django_capture_on_commit_callbacks):
    from ecosystem.models import Territory

    url = reverse("loop:dashboard-region", args=["06"]) + "?period=2025"
    assert "Navette du soir" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_create(
            by=decision_maker,
            title="Navette du soir",
            description="Une navette vers les rendez-vous.",
            level="regional",
            decided_on=datetime.date(2025, 6, 1),
            organization=OrganizationFactory(),
            territory=Territory.objects.get(kind=Territory.Kind.RSS, code="06"),
        )

    assert "Navette du soir" in client.get(url).content.decode()


def test_a_synthesis_run_renders_the_pages_again(client, snapshots, django_capture_on_commit_callbacks):
    before = client.get(reverse("loop:dashboard")).content

    with django_capture_on_commit_callbacks(execute=True):
        synthesize(2025, today=TODAY)

    assert client.get(reverse("loop:dashboard")).content != before  # a new "calculé le"


def test_signed_in_people_always_get_a_fresh_page(client, snapshots, outsider):
    client.force_login(outsider)
    client.get(reverse("loop:dashboard"))

    response = client.get(reverse("loop:dashboard"))

    assert response.status_code == 200
    assert not cache.get(page_cache._key(response.wsgi_request))


def test_a_page_kept_in_memory_is_served_even_with_the_shared_cache_down(client, snapshots, monkeypatch):
    first = client.get(reverse("loop:dashboard")).content

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)

    assert client.get(reverse("loop:dashboard")).content == first


def test_with_the_cache_down_the_page_is_rendered(client, snapshots, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)

    response = client.get(reverse("loop:dashboard"))

    assert response.status_code == 200
    assert "Tableau de bord" in response.content.decode()


def test_an_error_page_is_not_kept(client, snapshots):
    assert client.get(reverse("loop:dashboard-region", args=["99"])).status_code == 404
    assert client.get(reverse("loop:dashboard-region", args=["99"])).status_code == 404
