"""The notifications page and the unread count in the menu."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Notification
from ecosystem.services import notification_send

pytestmark = pytest.mark.django_db

NOTIFICATIONS_URL = "/notifications/"


def _page(response) -> str:
    return response.content.decode()


def _notify(recipient, actor, *, count: int = 1, place: str = "Cercle des proches aidants") -> None:
    for _ in range(count):
        notification_send(
            recipients=[recipient],
            kind=Notification.Kind.JOIN_REQUEST,
            actor=actor,
            place=place,
            url="/communautes/cercle-des-proches-aidants/animation/",
        )


def test_the_page_lists_the_person_s_notifications_with_the_unread_ones_marked(client, facilitator, partner, outsider):
    _notify(facilitator, partner)
    Notification.objects.create(
        recipient=facilitator,
        kind=Notification.Kind.JOIN_APPROVED,
        place="Laboratoire vivant",
        url="/communautes/laboratoire-vivant/",
        read_at=timezone.now(),
        created_at=timezone.now() - timezone.timedelta(days=1),
    )
    _notify(outsider, partner, place="Un espace de Paul")
    client.force_login(facilitator)

    response = client.get(reverse("notifications"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Notifications</h1>" in page
    assert (
        '<a href="/communautes/cercle-des-proches-aidants/animation/">'
        "<strong>Amélie demande à se joindre à Cercle des proches aidants.</strong></a>"
    ) in page
    assert page.count('class="badge badge--new">Non lue</span>') == 1
    assert (
        '<a href="/communautes/laboratoire-vivant/">'
        "Votre demande pour vous joindre à Laboratoire vivant a été acceptée.</a>"
    ) in page
    assert page.index("Cercle des proches aidants") < page.index("Laboratoire vivant")  # newest first
    assert "Vous avez 1 notification non lue." in page
    assert "Un espace de Paul" not in page  # someone else's


def test_the_page_is_in_english_under_en(client, facilitator, partner):
    _notify(facilitator, partner, count=2)
    client.force_login(facilitator)

    response = client.get("/en/notifications/")

    page = _page(response)
    assert response.status_code == 200
    assert "Amélie asks to join Cercle des proches aidants." in page
    assert "You have 2 unread notifications." in page
    assert "Mark all as read" in page


def test_opening_the_page_does_not_mark_anything_read(client, facilitator, partner):
    _notify(facilitator, partner, count=2)
    client.force_login(facilitator)

    client.get(reverse("notifications"))

    assert Notification.objects.unread().count() == 2


def test_mark_all_as_read_marks_only_the_person_s_own(client, facilitator, partner, outsider):
    _notify(facilitator, partner, count=3)
    _notify(outsider, partner)
    client.force_login(facilitator)

    response = client.post(reverse("notifications"), follow=True)

    page = _page(response)
    assert response.redirect_chain[-1][0] == NOTIFICATIONS_URL
    assert "Vos notifications sont marquées comme lues." in page
    assert not Notification.objects.filter(recipient=facilitator).unread().exists()
    assert Notification.objects.filter(recipient=outsider).unread().count() == 1
    assert "Tout marquer comme lu" not in page  # nothing left to mark
    assert "Non lue" not in page


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("notifications"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_person_without_notifications_is_told_what_will_appear(client, outsider):
    client.force_login(outsider)

    page = _page(client.get(reverse("notifications")))

    assert "Rien pour l’instant." in page
    assert "Tout marquer comme lu" not in page


def test_the_notifications_are_paginated(client, facilitator, partner):
    _notify(facilitator, partner, count=25)
    client.force_login(facilitator)

    page = _page(client.get(f"{reverse('notifications')}?page=2"))

    assert page.count('class="notification notification--unread"') == 5
    assert "Page 2 sur 2" in page


# --- The menu ------------------------------------------------------------------------------------


def test_the_menu_shows_the_unread_count_with_words_for_screen_readers(client, facilitator, partner):
    _notify(facilitator, partner, count=3)
    client.force_login(facilitator)

    page = _page(client.get("/"))

    assert re.search(
        r'<a href="/notifications/">Notifications <span class="nav-count">\(3'
        r'<span class="visually-hidden"> non lues</span>\)</span></a>',
        page,
    )


def test_the_menu_shows_no_count_when_everything_is_read(client, facilitator):
    client.force_login(facilitator)

    page = _page(client.get("/en/"))

    assert '<a href="/en/notifications/">Notifications</a>' in page


def test_the_menu_marks_the_notifications_page_as_current(client, facilitator, partner):
    _notify(facilitator, partner)
    client.force_login(facilitator)

    page = _page(client.get(reverse("notifications")))

    assert '<a href="/notifications/" aria-current="page">Notifications <span class="nav-count">(1' in page


def test_visitors_see_no_notifications_link_and_cost_no_notification_query(client):
    with CaptureQueriesContext(connection) as queries:
        page = _page(client.get("/"))

    assert "/notifications/" not in page
    assert not any("ecosystem_notification" in query["sql"] for query in queries.captured_queries)


def test_the_menu_links_to_the_communities(client):
    page = _page(client.get("/"))

    assert '<a href="/communautes/">Communautés</a>' in page


@pytest.mark.parametrize("rows", [1, 50])
def test_the_notifications_page_runs_the_same_queries_for_1_or_50_rows(
    client, facilitator, partner, django_assert_num_queries, rows
):
    _notify(facilitator, partner, count=rows)
    client.force_login(facilitator)

    # session, user, count, the page of notifications (with who caused them), the unread count
    # (counted once, for the page and the menu).
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications"))

    assert response.status_code == 200
