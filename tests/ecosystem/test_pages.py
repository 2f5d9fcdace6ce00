import re

import pytest
from django.test import Client
from django.urls import reverse

from ecosystem.models import Theme
from tests.factories import ThemeFactory

EXTERNAL_RESOURCE = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


@pytest.mark.django_db
def test_home_is_in_french_at_the_unprefixed_url(english_client):
    response = english_client.get("/")

    assert response.status_code == 200
    assert '<html lang="fr-CA">' in response.content.decode()
    assert "Un système de santé qui apprend de ses communautés" in response.content.decode()


@pytest.mark.django_db
def test_home_is_in_english_under_en(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "A health system that learns from its communities" in response.content.decode()


@pytest.mark.django_db
def test_home_lists_the_18_rss(client):
    page = client.get("/").content.decode()

    assert page.count('class="region-list__code"') == 18
    assert "Terres-Cries-de-la-Baie-James" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "other"),
    [("/", "/en/"), ("/en/", "/"), ("/confidentialite/", "/en/privacy/"), ("/en/privacy/", "/confidentialite/")],
)
def test_the_language_switch_stays_on_the_same_page(client, path, other):
    response = client.get(path)

    assert response.context["other_language"]["url"] == other


@pytest.mark.django_db
def test_the_language_switch_link_is_written_in_its_own_language(client):
    page = client.get("/").content.decode()

    assert re.search(r'<a class="language-switch" href="/en/" hreflang="en" lang="en">English</a>', page)


@pytest.mark.django_db
def test_every_page_has_a_skip_link_landmarks_and_a_footer_link_to_privacy(client):
    page = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in page
    for landmark in ("<header", '<main id="main"', "<footer", "<nav"):
        assert landmark in page
    assert f'href="{reverse("privacy")}"' in page


@pytest.mark.django_db
def test_the_privacy_page_names_the_person_in_charge_from_settings(client, settings):
    settings.PRIVACY_OFFICER_NAME = "Louise Tremblay"
    settings.PRIVACY_OFFICER_TITLE = "Directrice générale"
    settings.PRIVACY_OFFICER_EMAIL = "rprp@exemple.test"

    page = client.get("/confidentialite/").content.decode()

    assert "Louise Tremblay" in page
    assert "Directrice générale" in page
    assert 'href="mailto:rprp@exemple.test"' in page


@pytest.mark.django_db
def test_pages_load_nothing_from_another_site(client):
    for path in ("/", "/en/", "/confidentialite/", "/accounts/login/", "/accounts/signup/", "/api/docs/"):
        page = client.get(path).content.decode()
        assert not EXTERNAL_RESOURCE.search(page), path


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_an_unknown_page_answers_404_in_french(client):
    response = client.get("/cette-page-nexiste-pas/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_english_page_answers_404_in_english(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_shows_a_plain_french_page():
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("fr-ca"):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_themes(client, django_assert_num_queries):
    Theme.objects.all().delete()
    ThemeFactory()
    # 1. the 18 regions, 2. the themes (anonymous visitor: no session or user query)
    with django_assert_num_queries(2):
        client.get("/")

    ThemeFactory.create_batch(50)
    with django_assert_num_queries(2):
        client.get("/")


@pytest.mark.django_db
def test_home_greets_a_signed_in_person_by_display_name(client, partner):
    client.force_login(partner)

    page = client.get("/").content.decode()

    assert "Bienvenue, Amélie." in page
    assert "Se déconnecter" in page


def test_a_forged_csrf_token_gets_a_clear_french_page_not_a_500(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/signup/", {"email": "x@exemple.test", "csrfmiddlewaretoken": "forged"})

    assert response.status_code == 403
    assert "Le formulaire n’a pas pu être envoyé" in response.content.decode()


@pytest.mark.django_db
def test_on_an_unknown_page_the_language_switch_leads_to_the_other_home(client):
    assert client.get("/nulle-part/").context["other_language"]["url"] == "/en/"
    assert client.get("/en/nowhere/").context["other_language"]["url"] == "/"


@pytest.mark.django_db
def test_the_language_switch_keeps_the_query_string(client):
    assert client.get("/confidentialite/?a=1").context["other_language"]["url"] == "/en/privacy/?a=1"


def test_a_forged_csrf_token_under_en_gets_an_english_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/accounts/signup/", {"email": "x@exemple.test", "csrfmiddlewaretoken": "forged"})

    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_french_times_read_as_hours_and_minutes():
    import datetime

    from django.utils import formats, translation

    with translation.override("fr-ca"):
        assert formats.date_format(datetime.time(14, 38), "TIME_FORMAT") == "14\xa0h\xa038"
        morning = datetime.datetime(2026, 1, 31, 9, 5)
        assert formats.date_format(morning, "DATETIME_FORMAT") == "31 janvier 2026, 09\xa0h\xa005"
