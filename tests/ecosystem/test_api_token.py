"""The page where a member creates, replaces and revokes their personal API token."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from ecosystem.services import api_token_create, api_token_revoke

PAGE = "/compte/jeton-api/"


@pytest.mark.django_db
def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_member_without_a_token_is_told_so_and_offered_to_create_one(client, organizer):
    client.force_login(organizer)

    page = client.get(PAGE).content.decode()

    assert "<h1>Votre jeton d’API</h1>" in page
    assert "Vous n’avez pas de jeton d’API." in page
    assert 'value="create"' in page
    assert 'value="revoke"' not in page
    assert 'href="/api/docs/"' in page


@pytest.mark.django_db
def test_creating_a_token_shows_it_once_with_a_warning(client, organizer):
    client.force_login(organizer)

    created = client.post(PAGE, {"action": "create"})
    later = client.get(PAGE)

    key = Token.objects.get(user=organizer).key
    assert created.status_code == 200
    assert key in created.content.decode()
    assert "ne sera plus affiché" in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert key not in later.content.decode()
    assert 'value="revoke"' in later.content.decode()


@pytest.mark.django_db
def test_replacing_a_token_makes_the_old_one_useless(client, organizer):
    old_key = api_token_create(user=organizer)
    client.force_login(organizer)

    client.post(PAGE, {"action": "create"})

    assert Token.objects.filter(user=organizer).count() == 1
    assert Token.objects.get(user=organizer).key != old_key
    assert Client(HTTP_AUTHORIZATION=f"Token {old_key}").post("/api/v1/learnings/", {}).status_code == 401


@pytest.mark.django_db
def test_revoking_deletes_the_token_and_confirms(client, organizer):
    key = api_token_create(user=organizer)
    client.force_login(organizer)

    response = client.post(PAGE, {"action": "revoke"}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert not Token.objects.filter(user=organizer).exists()
    assert "Votre jeton d’API est révoqué" in response.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/initiatives/").status_code == 401


@pytest.mark.django_db
def test_revoking_only_touches_ones_own_token(organizer, outsider):
    api_token_create(user=organizer)
    outsider_key = api_token_create(user=outsider)

    api_token_revoke(user=organizer)

    assert list(Token.objects.values_list("key", flat=True)) == [outsider_key]


@pytest.mark.django_db
def test_an_unknown_action_changes_nothing(client, organizer):
    key = api_token_create(user=organizer)
    client.force_login(organizer)

    response = client.post(PAGE, {"action": "share"})

    assert response.status_code == 400
    assert Token.objects.get(user=organizer).key == key


@pytest.mark.django_db
def test_the_page_needs_the_form_token(organizer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)

    response = client.post(PAGE, {"action": "create"})

    assert response.status_code == 403
    assert not Token.objects.exists()


@pytest.mark.django_db
def test_the_page_is_in_english_under_en(client, organizer):
    client.force_login(organizer)

    page = client.get("/en/account/api-token/").content.decode()

    assert "<h1>Your API token</h1>" in page
    assert "You have no API token." in page


@pytest.mark.django_db
def test_the_api_documentation_points_to_the_token_page(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert "(/compte/jeton-api/)" in schema["info"]["description"]
    assert "(/en/account/api-token/)" in schema["info"]["description"]
