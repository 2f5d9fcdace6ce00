"""A person's own consents through the API (/api/v1/me/consents/): every purpose listed, unticked
by default; giving one, withdrawing one (what was kept under it is erased at once, the history is
kept); a new version of a text asks again. Only the signed-in person's own, never anyone else's."""

import dataclasses

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from ecosystem.consents import CONSENT_TEXTS
from ecosystem.models import AuditEvent, Consent, Purpose, Theme
from ecosystem.services import api_token_create, consent_give
from partnerships.models import DiversityAnswers
from tests.factories import DiversityAnswersFactory, PartnerProfileFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/consents/"


@pytest.fixture
def api(partner):
    """Amélie's API client; French unless a test asks otherwise."""
    client = APIClient()
    client.force_login(partner)
    return client


def _consents() -> list:
    return list(Consent.objects.values().order_by("pk"))


@pytest.mark.parametrize(("method", "path"), [("get", URL), ("post", URL), ("delete", f"{URL}diversity/")])
def test_a_visitor_gets_401(method, path, partner):
    consent_give(user=partner, purpose=Purpose.DIVERSITY)
    before = _consents()

    response = getattr(APIClient(), method)(path, {"purpose": "directory"}, format="json")

    assert response.status_code == 401
    assert _consents() == before


def test_every_purpose_is_listed_unticked_by_default_in_french(api):
    response = api.get(URL)

    assert response.status_code == 200
    rows = response.json()
    assert [row["purpose"] for row in rows] == list(CONSENT_TEXTS)
    assert all(not row["given"] and not row["outdated"] and row["given_at"] is None for row in rows)
    directory = rows[0]
    assert directory["title"] == "Figurer dans le répertoire des partenaires"
    assert directory["version"] == 1
    assert "Votre adresse courriel n’y apparaît jamais." in directory["text"]


def test_the_texts_are_in_english_when_the_client_asks_for_it(api):
    rows = api.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()

    assert rows[0]["title"] == "Be listed in the partner directory"


def test_giving_a_consent_records_it_through_the_api(api, partner):
    response = api.post(URL, {"purpose": "contact"}, format="json")

    assert response.status_code == 201
    assert response.json()["purpose"] == "contact" and response.json()["given"] is True
    consent = Consent.objects.get()
    assert (consent.user, consent.purpose, consent.version, consent.channel) == (partner, "contact", 1, "api")
    assert AuditEvent.objects.filter(subject_id=partner.pk, action="consent_given", what="contact").exists()
    listed = {row["purpose"]: row for row in api.get(URL).json()}
    assert listed["contact"]["given"] and listed["contact"]["given_at"] is not None
    assert not listed["diversity"]["given"]


def test_giving_it_again_changes_nothing(api):
    api.post(URL, {"purpose": "contact"}, format="json")
    before = _consents()

    response = api.post(URL, {"purpose": "contact"}, format="json")

    assert response.status_code == 200
    assert _consents() == before


def test_an_api_token_works_too(partner):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=partner)}")

    assert client.post(URL, {"purpose": "digests"}, format="json").status_code == 201
    assert Consent.objects.get().user == partner


@pytest.mark.parametrize("purpose", ["marketing", "", None])
def test_an_unknown_purpose_is_refused_and_nothing_is_recorded(api, purpose):
    response = api.post(URL, {"purpose": purpose}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["purpose"]
    assert not Consent.objects.exists()


def test_the_unknown_purpose_message_is_clear_in_french_and_english(api):
    french = api.post(URL, {"purpose": "marketing"}, format="json")
    english = api.post(URL, {"purpose": "marketing"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert french.json()["errors"]["purpose"] == ["«\xa0marketing\xa0» n'est pas un choix valide."]
    assert english.json()["errors"]["purpose"] == ['"marketing" is not a valid choice.']


@pytest.mark.parametrize(
    "extra", [{"given_at": "2020-01-01T00:00:00Z"}, {"user": 1}, {"version": 0}, {"withdrawn_at": None}]
)
def test_what_the_client_may_not_set_is_refused_and_nothing_is_recorded(api, extra):
    response = api.post(URL, {"purpose": "contact", **extra}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {key: ["Ce champ ne peut pas être modifié."] for key in extra}
    assert not Consent.objects.exists()


def test_withdrawing_the_diversity_consent_erases_the_answers_at_once_and_keeps_the_history(api, partner):
    consent_give(user=partner, purpose=Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner)

    response = api.delete(f"{URL}diversity/")

    assert response.status_code == 204
    assert not DiversityAnswers.objects.filter(user=partner).exists()
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(subject_id=partner.pk, action="consent_withdrawn", what="diversity").exists()
    assert not {row["purpose"]: row for row in api.get(URL).json()}["diversity"]["given"]


def test_withdrawing_the_lived_experience_consent_erases_it(api, partner):
    isolation = Theme.objects.get(slug="isolement-social")
    consent_give(user=partner, purpose=Purpose.LIVED_EXPERIENCE)
    profile = PartnerProfileFactory(user=partner, experience_words="MPOC", experience_themes=[isolation])

    assert api.delete(f"{URL}lived_experience/").status_code == 204

    profile.refresh_from_db()
    assert profile.experience_words == "" and not profile.experience_themes.exists()


def test_withdrawing_a_consent_never_given_answers_204_and_records_nothing(api):
    response = api.delete(f"{URL}contact/")

    assert response.status_code == 204
    assert not Consent.objects.exists() and not AuditEvent.objects.exists()


def test_withdrawing_an_unknown_purpose_is_404_with_a_message(api, partner):
    consent_give(user=partner, purpose=Purpose.CONTACT)
    before = _consents()

    response = api.delete(f"{URL}marketing/")

    assert response.status_code == 404
    with translation.override("fr-ca"):
        message = translation.gettext("Unknown purpose.")
    assert message != "Unknown purpose."  # translated
    assert response.json() == {"detail": message, "errors": {}}
    assert _consents() == before


def test_a_new_version_of_a_text_asks_again(api, partner, monkeypatch):
    consent_give(user=partner, purpose=Purpose.DIVERSITY)
    monkeypatch.setitem(CONSENT_TEXTS, "diversity", dataclasses.replace(CONSENT_TEXTS["diversity"], version=2))

    diversity = {row["purpose"]: row for row in api.get(URL).json()}["diversity"]
    renewed = api.post(URL, {"purpose": "diversity"}, format="json")

    assert (diversity["version"], diversity["given"], diversity["outdated"]) == (2, False, True)
    assert diversity["given_at"] is not None
    assert renewed.status_code == 201
    assert (renewed.json()["given"], renewed.json()["outdated"]) == (True, False)
    old, new = Consent.objects.order_by("pk")
    assert (old.version, new.version) == (1, 2)
    assert old.withdrawn_at is not None and new.withdrawn_at is None


def test_a_person_sees_only_their_own_consents(api, outsider):
    consent_give(user=outsider, purpose=Purpose.DIRECTORY)

    rows = api.get(URL).json()

    assert not any(row["given"] for row in rows)


def test_withdrawing_touches_only_ones_own_consent(api, partner, outsider):
    consent_give(user=outsider, purpose=Purpose.DIVERSITY)
    DiversityAnswersFactory(user=outsider)

    api.delete(f"{URL}diversity/")

    assert Consent.objects.get(user=outsider).withdrawn_at is None
    assert DiversityAnswers.objects.filter(user=outsider).exists()


def test_the_list_query_count_is_constant(api, partner, django_assert_num_queries):
    # 1. session, 2. user, 3. the person's open consents
    with django_assert_num_queries(3):
        api.get(URL)
    for purpose in CONSENT_TEXTS:
        consent_give(user=partner, purpose=purpose)
    with django_assert_num_queries(3):
        rows = api.get(URL).json()
    assert all(row["given"] for row in rows)
