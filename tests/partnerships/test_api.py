"""The health partners' REST API: one's own partner profile, calls for partners and their
applications, engagements. Who may read and change what (404 for others' data), the bad input of
issue #5 (a clear translated message, nothing changed), query counts, French by default.

Karim (organizer) is on the team of "Hôpital à domicile" and opens a call on it; Amélie (partner)
has a partner profile; Josée (facilitator) co-facilitates a space; Nathalie (decision maker)
organizes a users' committee; Paul (outsider) organizes nothing. Every response is also scanned
by the suite-wide fixture of ``tests/conftest.py`` for other people's e-mail addresses and for
diversity answers or lived experience.
"""

import datetime
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ecosystem.models import AuditEvent, Consent, Notification, Purpose, Theme
from partnerships import api as partnerships_api
from partnerships.models import Application, Call, DiversityAnswers, Engagement, PartnerProfile
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    DiversityAnswersFactory,
    EngagementFactory,
    InitiativeFactory,
    PartnerProfileFactory,
    UserFactory,
)

from .conftest import give

pytestmark = pytest.mark.django_db

CANNOT_CHANGE = "Ce champ ne peut pas être modifié."
PROFILE = "/api/v1/me/partner-profile/"


@pytest.fixture
def api(request):
    """``api("partner")``: an API client signed in as that persona (``"visitor"``: anonymous).
    No Accept-Language: the API answers in French."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        return client

    return client_for


def _profile_state(user) -> tuple:
    profile = PartnerProfile.objects.filter(user=user).first()
    row = (
        None
        if profile is None
        else (
            profile.partner_types,
            profile.region_id,
            profile.languages,
            profile.contact_channels,
            profile.availability_hours,
            profile.training,
            profile.bio,
            profile.experience_words,
            sorted(profile.experience_themes.values_list("pk", flat=True)),
            profile.updated_at,
        )
    )
    user.refresh_from_db()
    return (
        row,
        (user.email, user.display_name, user.is_staff, user.is_superuser, user.is_active),
        list(DiversityAnswers.objects.filter(user=user).values()),
        list(Consent.objects.values()),
        AuditEvent.objects.count(),
    )


def _profile_payload(**overrides) -> dict:
    return {
        "partner_types": ["patient", "proche_aidant"],
        "region": "03",
        "languages": ["fr", "en"],
        "contact_channels": ["platform"],
        "availability_hours": 6,
        "training": "Formation au partenariat, 2025",
        "bio": "Patiente partenaire depuis 2019.",
    } | overrides


# --- Own partner profile ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_a_visitor_gets_401_on_the_partner_profile(api, method):
    response = getattr(api("visitor"), method)(PROFILE, _profile_payload(), format="json")

    assert response.status_code == 401
    assert not PartnerProfile.objects.exists()


def test_a_person_without_a_profile_gets_404_with_a_message(api, outsider):
    response = api("outsider").get(PROFILE)

    assert response.status_code == 404
    assert response.json() == {"detail": "Vous n’avez pas encore de profil de partenaire.", "errors": {}}


def test_the_owner_reads_their_own_profile_diversity_and_consents(api, partner, partner_profile, isolation):
    give(partner, Purpose.LIVED_EXPERIENCE, Purpose.DIVERSITY)
    partner_profile.experience_themes.set([isolation])
    partner_profile.experience_words = "Proche aidante de mon conjoint"
    partner_profile.save()
    DiversityAnswersFactory(user=partner)

    response = api("partner").get(PROFILE)

    assert response.status_code == 200
    data = response.json()
    assert data["partner_types"] == ["proche_aidant"]
    assert data["region"] == "06"
    assert data["experience_themes"] == ["isolement-social"]
    assert data["experience_words"] == "Proche aidante de mon conjoint"
    assert data["diversity"]["age_band"] == "45_54" and data["diversity"]["setting"] == ""
    assert data["consents"] == ["diversity", "lived_experience"]
    assert "email" not in data and "user" not in data


def test_a_profile_without_diversity_answers_says_null(api, partner_profile):
    data = api("partner").get(PROFILE).json()

    assert data["diversity"] is None
    assert data["consents"] == []


def test_put_creates_the_profile_then_replaces_it(api, partner):
    created = api("partner").put(PROFILE, _profile_payload(), format="json")
    replaced = api("partner").put(PROFILE, _profile_payload(languages=["en"], bio=""), format="json")

    assert created.status_code == 201
    assert replaced.status_code == 200
    profile = PartnerProfile.objects.get(user=partner)
    assert profile.languages == ["en"] and profile.bio == ""
    assert profile.region.code == "03"
    assert replaced.json()["training"] == "Formation au partenariat, 2025"


def test_put_leaves_out_fields_as_empty(api, partner_profile):
    response = api("partner").put(
        PROFILE, {"partner_types": ["citoyen"], "region": "06", "languages": ["fr"]}, format="json"
    )

    assert response.status_code == 200
    partner_profile.refresh_from_db()
    assert (partner_profile.bio, partner_profile.contact_channels, partner_profile.availability_hours) == ("", [], None)


def test_patch_changes_only_the_fields_given(api, partner_profile):
    response = api("partner").patch(PROFILE, {"bio": "Maman d’un jeune adulte autiste."}, format="json")

    assert response.status_code == 200
    partner_profile.refresh_from_db()
    assert partner_profile.bio == "Maman d’un jeune adulte autiste."
    assert partner_profile.partner_types == ["proche_aidant"] and partner_profile.availability_hours == 8


def test_patch_without_a_profile_is_404_and_creates_nothing(api, outsider):
    response = api("outsider").patch(PROFILE, {"bio": "Bonjour"}, format="json")

    assert response.status_code == 404
    assert not PartnerProfile.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"is_staff": True},
        {"is_superuser": True},
        {"role": "co_facilitator"},
        {"email": "pirate@exemple.test"},
        {"id": 999},
        {"created_at": "2020-01-01T00:00:00Z"},
        {"consents": [{"purpose": "diversity", "given_at": "2020-01-01T00:00:00Z"}]},
        {"given_at": "2020-01-01T00:00:00Z"},
        {"withdrawn_at": None},
        {"bio": "Un changement permis", "is_staff": True},
    ],
)
def test_a_patch_setting_what_the_client_may_not_set_is_refused_and_changes_nothing(
    api, partner, partner_profile, payload
):
    give(partner, Purpose.DIRECTORY)
    before = _profile_state(partner)

    response = api("partner").patch(PROFILE, payload, format="json")

    assert response.status_code == 400
    refused = {key for key in payload if key != "bio"}
    assert response.json()["errors"] == {key: [CANNOT_CHANGE] for key in refused}
    assert _profile_state(partner) == before


def test_a_patch_naming_another_user_changes_neither(api, partner, partner_profile, outsider):
    PartnerProfileFactory(user=outsider, bio="Le profil de Paul")
    before = (_profile_state(partner), _profile_state(outsider))

    response = api("partner").patch(PROFILE, {"user": outsider.pk, "bio": "Pris"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"user": [CANNOT_CHANGE]}
    assert (_profile_state(partner), _profile_state(outsider)) == before


def test_diversity_answers_without_the_consent_are_refused_and_nothing_is_stored(api, partner, partner_profile):
    before = _profile_state(partner)

    response = api("partner").patch(PROFILE, {"bio": "Nouveau", "diversity": {"gender": "woman"}}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"] == "Donnez votre consentement aux questions sur la diversité avant d’y répondre."
    assert _profile_state(partner) == before


def test_diversity_answers_without_the_consent_create_no_profile_either(api, partner):
    response = api("partner").put(PROFILE, _profile_payload(diversity={"gender": "woman"}), format="json")

    assert response.status_code == 400
    assert not PartnerProfile.objects.exists() and not DiversityAnswers.objects.exists()


def test_with_the_consent_diversity_answers_are_saved_and_patch_keeps_the_others(api, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)

    first = api("partner").patch(PROFILE, {"diversity": {"gender": "woman", "setting": "urban"}}, format="json")
    second = api("partner").patch(PROFILE, {"diversity": {"setting": "declined"}}, format="json")

    assert first.status_code == second.status_code == 200
    answers = DiversityAnswers.objects.get(user=partner)
    assert (answers.gender, answers.setting) == ("woman", "declined")
    assert second.json()["diversity"]["gender"] == "woman"


def test_put_with_diversity_leaves_the_questions_left_out_unanswered(api, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    DiversityAnswersFactory(user=partner, gender="woman", age_band="45_54")

    response = api("partner").put(PROFILE, _profile_payload(diversity={"age_band": "55_64"}), format="json")

    assert response.status_code == 200
    answers = DiversityAnswers.objects.get(user=partner)
    assert (answers.age_band, answers.gender) == ("55_64", "")


def test_an_age_under_14_is_refused_with_the_reason_and_nothing_is_stored(api, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)
    before = _profile_state(partner)

    response = api("partner").patch(PROFILE, {"diversity": {"age_band": "under_14"}}, format="json")

    assert response.status_code == 400
    message = response.json()["errors"]["age_band"][0]
    assert message.startswith("Les personnes de moins de 14 ans ne peuvent pas avoir de compte")
    assert "consentement d’un parent" in message
    assert _profile_state(partner) == before


def test_an_unknown_diversity_question_is_refused_on_its_key(api, partner, partner_profile):
    give(partner, Purpose.DIVERSITY)

    response = api("partner").patch(PROFILE, {"diversity": {"religion": "none"}}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"diversity": {"religion": [CANNOT_CHANGE]}}
    assert not DiversityAnswers.objects.exists()


def test_lived_experience_without_its_consent_is_refused(api, partner, partner_profile):
    before = _profile_state(partner)

    response = api("partner").patch(PROFILE, {"experience_words": "MPOC", "experience_themes": []}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["experience_words"] == [
        "Donnez votre consentement au partage de votre savoir expérientiel avant de le décrire."
    ]
    assert _profile_state(partner) == before


def test_unknown_values_are_named_in_the_answer(api, partner):
    response = api("partner").put(
        PROFILE, _profile_payload(region="99", experience_themes=["astrologie"], languages=["klingon"]), format="json"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["region"] == ["Aucun territoire n’a le code « 99 »."]
    assert errors["experience_themes"] == ["Aucun thème n’a l’identifiant « astrologie »."]
    assert "languages" in errors
    assert not PartnerProfile.objects.exists()


def test_messages_are_in_english_when_the_client_asks_for_it(api, partner, partner_profile):
    response = api("partner").patch(
        PROFILE, {"is_staff": True, "diversity": {"gender": "woman"}}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"is_staff": ["This field cannot be changed."]}
    refused = api("partner").patch(
        PROFILE, {"diversity": {"gender": "woman"}}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.json()["detail"] == "Give your consent to the diversity questions before answering them."


# --- Calls for partners ----------------------------------------------------------------------------


def _call_payload(**overrides) -> dict:
    return {
        "title": "Comité de pilotage",
        "description": "Quatre rencontres en soirée pour coconstruire le suivi à domicile.",
        "sphere": "care",
        "level": "co_construction",
        "governance_level": "team",
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "partner_types": ["proche_aidant"],
        "territories": ["06"],
        "themes": ["isolement-social"],
        "places": 3,
    } | overrides


def _calls() -> list:
    return list(Call.objects.values().order_by("pk"))


@pytest.mark.parametrize("persona", ["visitor", "outsider", "partner", "organizer"])
def test_everyone_reads_the_open_calls_and_not_the_closed_ones(api, call, initiative, persona):
    CallFactory(initiative=initiative, title="Appel échu", deadline=timezone.localdate() - datetime.timedelta(days=1))
    CallFactory(initiative=initiative, title="Appel fermé", status="closed")

    response = api(persona).get("/api/v1/calls/")

    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Partenaires pour l'hôpital à domicile"]


def test_calls_come_closest_deadline_first(api, initiative):
    for days, title in [(10, "Dans dix jours"), (3, "Dans trois jours"), (20, "Dans vingt jours")]:
        CallFactory(initiative=initiative, title=title, deadline=timezone.localdate() + datetime.timedelta(days=days))

    response = api("visitor").get("/api/v1/calls/")

    assert [row["title"] for row in response.json()["results"]] == [
        "Dans trois jours",
        "Dans dix jours",
        "Dans vingt jours",
    ]


def test_a_call_shows_its_fields(api, call, isolation):
    call.themes.set([isolation])

    data = api("visitor").get(f"/api/v1/calls/{call.pk}/").json()

    assert data["id"] == call.pk
    assert data["url"].endswith(call.get_absolute_url())
    assert (data["target_kind"], data["initiative"], data["community"], data["governance_body"]) == (
        "initiative",
        "hopital-a-domicile",
        None,
        None,
    )
    assert data["target_name"] == "Hôpital à domicile"
    assert data["themes"] == ["isolement-social"] and data["territories"] == ["06"]
    assert (data["status"], data["is_open"]) == ("open", True)


def test_a_call_on_a_team_only_initiative_is_404_for_others(api, organizer, outsider):
    hidden = InitiativeFactory(title="Projet interne", visibility="team", team=[organizer])
    call = CallFactory(initiative=hidden)

    assert api("outsider").get(f"/api/v1/calls/{call.pk}/").status_code == 404
    assert api("visitor").get(f"/api/v1/calls/{call.pk}/").status_code == 404
    assert api("organizer").get(f"/api/v1/calls/{call.pk}/").status_code == 200
    assert call.pk not in [row["id"] for row in api("outsider").get("/api/v1/calls/").json()["results"]]


def test_calls_filter_by_sphere_and_refuse_a_bad_filter(api, call, initiative):
    CallFactory(initiative=initiative, title="Gouvernance", sphere="governance")

    governance = api("visitor").get("/api/v1/calls/", {"sphere": "governance"})
    bad = api("visitor").get("/api/v1/calls/", {"sphere": "astral"})

    assert [row["title"] for row in governance.json()["results"]] == ["Gouvernance"]
    assert bad.status_code == 400 and "sphere" in bad.json()["errors"]


def test_an_organizer_opens_a_call_on_their_initiative(api, organizer, initiative, isolation):
    response = api("organizer").post("/api/v1/calls/", _call_payload(initiative=initiative.slug), format="json")

    assert response.status_code == 201
    call = Call.objects.get()
    assert call.initiative == initiative and call.created_by == organizer
    assert list(call.themes.all()) == [isolation]
    assert response.json()["id"] == call.pk


def test_a_governance_body_is_given_by_its_id(api, committee):
    response = api("decision_maker").post("/api/v1/calls/", _call_payload(governance_body=committee.pk), format="json")

    assert response.status_code == 201
    assert Call.objects.get().governance_body == committee


def test_a_co_facilitator_opens_a_call_on_their_space(api, space):
    response = api("facilitator").post("/api/v1/calls/", _call_payload(community=space.slug), format="json")

    assert response.status_code == 201
    assert Call.objects.get().community == space


@pytest.mark.parametrize(
    ("target", "field", "message"),
    [
        ("initiative", "initiative", "Aucune initiative dont vous êtes responsable n’a l’identifiant « {} »."),
        ("space", "community", "Aucun espace de coapprentissage que vous coanimez n’a l’identifiant « {} »."),
        (
            "committee",
            "governance_body",
            "Aucune instance de gouvernance dont vous êtes responsable n’a l’identifiant « {} ».",
        ),
    ],
)
def test_a_call_on_what_one_does_not_organize_is_refused_and_nothing_is_written(api, request, target, field, message):
    thing = request.getfixturevalue(target)
    value = thing.pk if field == "governance_body" else thing.slug

    response = api("outsider").post("/api/v1/calls/", _call_payload(**{field: value}), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message.format(value)]}
    assert not Call.objects.exists()


EXACTLY_ONE = "Indiquez exactement un seul de initiative, community ou governance_body."


@pytest.mark.parametrize(
    ("targets", "errors"),
    [
        ({}, {"non_field_errors": [EXACTLY_ONE]}),
        ({"initiative": None}, {"non_field_errors": [EXACTLY_ONE]}),
        ({"initiative": "hopital-a-domicile", "governance_body": "committee"}, {"non_field_errors": [EXACTLY_ONE]}),
        ({"governance_body": "abc"}, {"governance_body": ["Valeur non valide."]}),
    ],
)
def test_a_call_needs_exactly_one_valid_target(api, initiative, committee, targets, errors):
    if targets.get("governance_body") == "committee":
        targets = {**targets, "governance_body": committee.pk}

    response = api("staff").post("/api/v1/calls/", _call_payload(**targets), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Call.objects.exists()


def test_a_call_with_a_past_deadline_or_a_status_is_refused(api, initiative):
    past = api("organizer").post(
        "/api/v1/calls/", _call_payload(initiative=initiative.slug, deadline="2020-01-01"), format="json"
    )
    status = api("organizer").post(
        "/api/v1/calls/", _call_payload(initiative=initiative.slug, status="closed"), format="json"
    )

    assert past.status_code == 400
    assert past.json()["errors"] == {"deadline": ["La date limite ne peut pas être passée."]}
    assert status.status_code == 400
    assert status.json()["errors"] == {"status": [CANNOT_CHANGE]}
    assert not Call.objects.exists()


def test_a_visitor_cannot_open_a_call(api, initiative):
    response = api("visitor").post("/api/v1/calls/", _call_payload(initiative=initiative.slug), format="json")

    assert response.status_code == 401
    assert not Call.objects.exists()


def test_an_organizer_changes_and_closes_their_call(api, call):
    changed = api("organizer").patch(f"/api/v1/calls/{call.pk}/", {"places": 5, "territories": ["03"]}, format="json")
    closed = api("organizer").post(f"/api/v1/calls/{call.pk}/close/")

    assert changed.status_code == 200 and changed.json()["territories"] == ["03"]
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    call.refresh_from_db()
    assert (call.places, call.status) == (5, "closed")


@pytest.mark.parametrize("persona", ["outsider", "partner", "facilitator"])
def test_others_get_404_on_changing_or_closing_a_call(api, call, persona):
    before = _calls()

    changed = api(persona).patch(f"/api/v1/calls/{call.pk}/", {"places": 5}, format="json")
    closed = api(persona).post(f"/api/v1/calls/{call.pk}/close/")

    assert changed.status_code == closed.status_code == 404
    assert _calls() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"initiative": "autre"},
        {"created_by": 1},
        {"status": "closed"},
        {"id": 3},
        {"title": "Nouveau", "created_at": "x"},
    ],
)
def test_a_call_change_with_a_field_one_may_not_set_changes_nothing(api, call, payload):
    before = _calls()

    response = api("organizer").patch(f"/api/v1/calls/{call.pk}/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(payload) - {"title"}
    assert _calls() == before


def test_calls_list_query_count_does_not_grow_with_calls(api, initiative, django_assert_num_queries):
    client = api("partner")
    CallFactory(initiative=initiative, themes=[Theme.objects.first()])
    # 1. session, 2. user, 3. count for pagination, 4. the page of calls with their initiative,
    # space or body (joins) and number of applications, 5. their territories with parents
    # (prefetch), 6. their themes (prefetch)
    with django_assert_num_queries(6):
        response = client.get("/api/v1/calls/")
    assert response.json()["count"] == 1

    for _ in range(29):
        CallFactory(initiative=InitiativeFactory(), themes=[Theme.objects.first()])
    with django_assert_num_queries(6):
        response = client.get("/api/v1/calls/")
    assert response.json()["count"] == 30


# --- Applications ----------------------------------------------------------------------------------


def _applications_url(call) -> str:
    return f"/api/v1/calls/{call.pk}/applications/"


def _applications() -> list:
    return list(Application.objects.values().order_by("pk"))


@pytest.fixture
def applied(call, partner, partner_profile):
    """Amélie applied to Karim's call; so did Paul, who also answered the diversity questions."""
    paul = UserFactory(email="paul.candidat@exemple.test", display_name="Paul C.")
    PartnerProfileFactory(user=paul, experience_words="Diabète de type 2")
    DiversityAnswersFactory(user=paul)
    ApplicationFactory(call=call, applicant=paul, message="J’aimerais contribuer.")
    return ApplicationFactory(call=call, applicant=partner, message="Je suis proche aidante depuis dix ans.")


def test_the_organizer_sees_every_application_with_fit_and_no_personal_data(api, call, applied):
    response = api("organizer").get(_applications_url(call))

    assert response.status_code == 200
    rows = {row["applicant_name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Amélie", "Paul C."}
    amelie = rows["Amélie"]
    assert amelie["message"] == "Je suis proche aidante depuis dix ans."
    assert amelie["status"] == "pending" and amelie["applicant"] == applied.applicant_id
    assert amelie["fit"]["score"] > 0 and "type de partenaire recherché" in amelie["fit"]["reasons"]
    assert amelie["active_engagements"] == 0 and amelie["carries_many"] is False
    body = response.content.decode()
    assert "@" not in body
    assert "Diabète" not in body and "45_54" not in body


def test_an_applicant_sees_only_their_own_application(api, call, applied):
    response = api("partner").get(_applications_url(call))

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["applicant_name"] == "Amélie"
    assert row["fit"] is None and row["active_engagements"] is None
    assert "Paul" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "facilitator", "decision_maker"])
def test_anyone_else_gets_404_on_the_applications(api, call, applied, persona):
    assert api(persona).get(_applications_url(call)).status_code == 404


def test_a_visitor_gets_401_on_the_applications(api, call, applied):
    assert api("visitor").get(_applications_url(call)).status_code == 401
    assert api("visitor").post(_applications_url(call), {"message": "Bonjour"}).status_code == 401


def test_a_partner_applies_with_a_message(api, call, partner, partner_profile, organizer):
    response = api("partner").post(_applications_url(call), {"message": "  Je veux contribuer.  "}, format="json")

    assert response.status_code == 201
    application = Application.objects.get()
    assert (application.applicant, application.message) == (partner, "Je veux contribuer.")
    assert response.json()["id"] == application.pk
    assert Notification.objects.filter(recipient=organizer, kind="application_received").exists()


def test_applying_twice_is_refused_and_nothing_is_written(api, call, applied):
    before = _applications()

    response = api("partner").post(_applications_url(call), {"message": "Encore moi"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Vous avez déjà postulé à cet appel.", "errors": {}}
    assert _applications() == before


def test_applying_after_the_deadline_is_refused(api, initiative, partner_profile):
    late = CallFactory(initiative=initiative, deadline=timezone.localdate() - datetime.timedelta(days=1))

    response = api("partner").post(_applications_url(late), {"message": "Trop tard?"}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Cet appel est fermé")
    assert not Application.objects.exists()


def test_applying_without_a_profile_is_refused(api, call, outsider):
    response = api("outsider").post(_applications_url(call), {"message": "Bonjour"}, format="json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Créez votre profil de partenaire avant de postuler")
    assert not Application.objects.exists()


def test_applying_with_an_empty_message_or_a_status_is_refused(api, call, partner_profile):
    empty = api("partner").post(_applications_url(call), {"message": ""}, format="json")
    status = api("partner").post(_applications_url(call), {"message": "Oui", "status": "accepted"}, format="json")

    assert empty.status_code == status.status_code == 400
    assert status.json()["errors"] == {"status": [CANNOT_CHANGE]}
    assert not Application.objects.exists()


def test_applying_to_an_unknown_or_hidden_call_is_404(api, organizer, partner_profile):
    hidden = CallFactory(initiative=InitiativeFactory(visibility="team", team=[organizer]))

    assert api("partner").post(_applications_url(hidden), {"message": "Oui"}, format="json").status_code == 404
    assert api("partner").post("/api/v1/calls/999999/applications/", {"message": "Oui"}).status_code == 404
    assert not Application.objects.exists()


def test_the_organizer_accepts_an_application_and_the_engagement_appears_for_both(api, call, applied, partner):
    response = api("organizer").post(f"{_applications_url(call)}{applied.pk}/accept/")

    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    engagement = Engagement.objects.get()
    assert response.json()["engagement"] == engagement.pk
    assert (engagement.partner, engagement.initiative, engagement.status) == (partner, call.initiative, "confirmed")
    for persona in ("organizer", "partner"):
        assert [row["id"] for row in api(persona).get("/api/v1/engagements/").json()["results"]] == [engagement.pk]


def test_the_organizer_declines_an_application(api, call, applied):
    response = api("organizer").post(f"{_applications_url(call)}{applied.pk}/decline/")

    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.status == "declined"
    again = api("organizer").post(f"{_applications_url(call)}{applied.pk}/accept/")
    assert again.status_code == 400
    assert again.json()["detail"] == "Cette candidature a déjà reçu une réponse."
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "outsider", "facilitator"])
@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_only_the_organizers_answer_an_application(api, call, applied, persona, verb):
    before = _applications()

    response = api(persona).post(f"{_applications_url(call)}{applied.pk}/{verb}/")

    assert response.status_code == 404
    assert _applications() == before and not Engagement.objects.exists()


def test_an_application_of_another_call_is_404(api, call, applied, initiative):
    other = CallFactory(initiative=initiative)

    response = api("organizer").post(f"{_applications_url(other)}{applied.pk}/accept/")

    assert response.status_code == 404
    assert not Engagement.objects.exists()


def test_the_applicant_withdraws_their_application(api, call, applied):
    response = api("partner").post(f"{_applications_url(call)}{applied.pk}/withdraw/")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    applied.refresh_from_db()
    assert applied.status == "withdrawn"


@pytest.mark.parametrize("persona", ["organizer", "outsider"])
def test_nobody_else_withdraws_an_application(api, call, applied, persona):
    before = _applications()

    assert api(persona).post(f"{_applications_url(call)}{applied.pk}/withdraw/").status_code == 404
    assert _applications() == before


def test_applications_query_count_does_not_grow_with_applications(api, call, django_assert_num_queries):
    client = api("organizer")
    ApplicationFactory(call=call, applicant=PartnerProfileFactory().user)
    # 1. session, 2. user, 3. the call with its initiative, space or body (joins), 4. its
    # territories, 5. its themes (prefetches), 6. whether the person organizes it, 7. the count
    # and 8. the page of applications with their applicant and engagement (joins), 9. the
    # applicants' profiles with their region, 10. their experiential domains (prefetch), 11. their
    # active engagements
    with django_assert_num_queries(11):
        response = client.get(_applications_url(call))
    assert response.json()["count"] == 1

    for _ in range(19):
        profile = PartnerProfileFactory(experience_themes=[Theme.objects.first()])
        ApplicationFactory(call=call, applicant=profile.user)
        EngagementFactory(partner=profile.user)
    with django_assert_num_queries(11):
        response = client.get(_applications_url(call))
    assert response.json()["count"] == 20


# --- Engagements -----------------------------------------------------------------------------------


def _engagement_payload(**overrides) -> dict:
    return {"level": "co_construction", "sphere": "care", "governance_level": "team", "from_start": True} | overrides


def _engagements() -> list:
    return list(Engagement.objects.values().order_by("pk"))


@pytest.fixture
def engagement(initiative, partner, partner_profile, organizer):
    return EngagementFactory(initiative=initiative, partner=partner, status="proposed", recorded_by=organizer)


def test_a_visitor_gets_401_on_engagements(api, engagement):
    assert api("visitor").get("/api/v1/engagements/").status_code == 401
    assert api("visitor").get(f"/api/v1/engagements/{engagement.pk}/").status_code == 401
    assert api("visitor").post("/api/v1/engagements/", _engagement_payload()).status_code == 401


@pytest.mark.parametrize(("persona", "sees"), [("partner", True), ("organizer", True), ("outsider", False)])
def test_engagements_are_read_by_the_partner_and_the_organizers_only(api, engagement, persona, sees):
    listed = api(persona).get("/api/v1/engagements/")
    detail = api(persona).get(f"/api/v1/engagements/{engagement.pk}/")

    assert [row["id"] for row in listed.json()["results"]] == ([engagement.pk] if sees else [])
    assert detail.status_code == (200 if sees else 404)


def test_an_engagement_shows_its_fields_without_personal_data(api, engagement):
    data = api("organizer").get(f"/api/v1/engagements/{engagement.pk}/").json()

    assert (data["partner"], data["partner_name"]) == (engagement.partner_id, "Amélie")
    assert (data["target_kind"], data["initiative"], data["target_name"]) == (
        "initiative",
        "hopital-a-domicile",
        "Hôpital à domicile",
    )
    assert (data["level"], data["sphere"], data["status"]) == ("co_construction", "care", "proposed")
    assert "email" not in data and "bio" not in data


def test_an_organizer_records_an_engagement_and_the_partner_is_asked_to_confirm(
    api, initiative, partner, partner_profile, organizer
):
    response = api("organizer").post(
        "/api/v1/engagements/",
        _engagement_payload(initiative=initiative.slug, partner=partner.pk, hours="12.5"),
        format="json",
    )

    assert response.status_code == 201
    engagement = Engagement.objects.get()
    assert (engagement.partner, engagement.recorded_by, engagement.status) == (partner, organizer, "proposed")
    assert engagement.from_start and str(engagement.hours) == "12.5"
    assert Notification.objects.filter(recipient=partner, kind="engagement_proposed").exists()


@pytest.mark.parametrize("persona", ["outsider", "partner", "facilitator"])
def test_an_engagement_on_an_initiative_one_does_not_organize_is_refused_and_nothing_is_written(
    api, initiative, partner, partner_profile, persona
):
    response = api(persona).post(
        "/api/v1/engagements/", _engagement_payload(initiative=initiative.slug, partner=partner.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "initiative": ["Aucune initiative dont vous êtes responsable n’a l’identifiant « hopital-a-domicile »."]
    }
    assert not Engagement.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "unknown"])
def test_an_engagement_for_someone_without_a_partner_profile_is_refused(api, initiative, outsider, who):
    partner_id = outsider.pk if who == "outsider" else 999999

    response = api("organizer").post(
        "/api/v1/engagements/", _engagement_payload(initiative=initiative.slug, partner=partner_id), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"partner": ["Cette personne n’a pas de profil de partenaire."]}
    assert not Engagement.objects.exists()


def test_an_organizer_changes_an_engagement(api, engagement):
    response = api("organizer").patch(
        f"/api/v1/engagements/{engagement.pk}/", {"outcome": "Le guide d’accueil a été réécrit."}, format="json"
    )

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.outcome == "Le guide d’accueil a été réécrit."


@pytest.mark.parametrize("persona", ["partner", "outsider"])
def test_only_the_organizers_change_an_engagement(api, engagement, persona):
    before = _engagements()

    response = api(persona).patch(f"/api/v1/engagements/{engagement.pk}/", {"outcome": "Changé"}, format="json")

    assert response.status_code == 404
    assert _engagements() == before


@pytest.mark.parametrize(
    "payload", [{"partner": 1}, {"status": "confirmed"}, {"confirmed_at": "2026-01-01T00:00:00Z"}, {"initiative": "x"}]
)
def test_an_engagement_change_with_a_field_one_may_not_set_changes_nothing(api, engagement, payload):
    before = _engagements()

    response = api("organizer").patch(f"/api/v1/engagements/{engagement.pk}/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {key: [CANNOT_CHANGE] for key in payload}
    assert _engagements() == before


def test_an_end_before_the_start_is_refused(api, engagement):
    before = _engagements()

    response = api("organizer").patch(
        f"/api/v1/engagements/{engagement.pk}/",
        {"ended_on": (engagement.started_on - datetime.timedelta(days=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "ended_on" in response.json()["errors"]
    assert _engagements() == before


@pytest.mark.parametrize(("verb", "status"), [("confirm", "confirmed"), ("decline", "declined")])
def test_the_partner_confirms_or_declines_their_engagement(api, engagement, verb, status):
    response = api("partner").post(f"/api/v1/engagements/{engagement.pk}/{verb}/")

    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.status == response.json()["status"] == status


@pytest.mark.parametrize("persona", ["organizer", "outsider"])
@pytest.mark.parametrize("verb", ["confirm", "decline"])
def test_only_the_partner_confirms_or_declines(api, engagement, persona, verb):
    before = _engagements()

    assert api(persona).post(f"/api/v1/engagements/{engagement.pk}/{verb}/").status_code == 404
    assert _engagements() == before


def test_engagements_list_query_count_does_not_grow_with_engagements(
    api, initiative, organizer, django_assert_num_queries
):
    client = api("organizer")
    EngagementFactory(initiative=initiative)
    # 1. session, 2. user, 3. count for pagination, 4. the page of engagements with their
    # partner and initiative, space or body (joins)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/engagements/")
    assert response.json()["count"] == 1

    for _ in range(24):
        EngagementFactory(initiative=initiative)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/engagements/")
    assert response.json()["count"] == 25


# --- The suite-wide scan of API responses ------------------------------------------------------------


def test_the_scan_fails_a_response_holding_another_persons_email(api, engagement, monkeypatch):
    monkeypatch.setattr(
        partnerships_api.EngagementSerializer, "get_url", lambda self, engagement: f"mailto:{engagement.partner.email}"
    )

    with pytest.raises(pytest.fail.Exception, match=re.escape("amelie.partenaire@exemple.test")):
        api("organizer").get(f"/api/v1/engagements/{engagement.pk}/")
    # The person's own address is theirs to read.
    assert api("partner").get(f"/api/v1/engagements/{engagement.pk}/").status_code == 200


def test_the_scan_fails_a_response_holding_diversity_answers(api, engagement, monkeypatch):
    original = partnerships_api.EngagementSerializer.to_representation
    monkeypatch.setattr(
        partnerships_api.EngagementSerializer,
        "to_representation",
        lambda self, instance: {**original(self, instance), "partner_more": {"gender": "woman"}},
    )

    with pytest.raises(pytest.fail.Exception, match="gender"):
        api("partner").get(f"/api/v1/engagements/{engagement.pk}/")
