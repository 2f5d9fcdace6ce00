"""The REST API of initiatives and learnings: who may do what, bad input, query counts,
filters and token authentication.

Karim (organizer) is on the team of the public, members-only and team-only initiatives;
Josée (other_organizer) runs her own initiative elsewhere; Paul (outsider) is signed in but
part of nothing; Sophie is staff. Anything a person may not read, or may not change on a
write, answers 404; a write without credentials answers 401.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ecosystem.services import api_token_create, api_token_revoke
from initiatives.models import Initiative, Learning, PhaseChange, PriorityPopulation
from tests.factories import InitiativeFactory, LearningFactory, OrganizationFactory

PERSONAS = ["visitor", "outsider", "organizer", "other_organizer", "staff"]


@pytest.fixture
def api(request):
    """``api("organizer")``: an API client signed in as that persona (``"visitor"``: anonymous)."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        return client

    return client_for


@pytest.fixture
def cast(public_initiative, members_initiative, team_initiative, other_organizer, outsider, staff):
    """Everyone and every initiative of the matrix, created up front."""


def _initiative_payload(**overrides) -> dict:
    payload = {
        "title": "Marche exploratoire des aînés",
        "summary": "Des aînés repèrent ensemble les obstacles à la marche dans leur quartier.",
        "description": "Nous marchons **ensemble** chaque jeudi.",
        "kind": "community",
        "territories": ["06"],
        "themes": ["vieillissement-actif"],
        "visibility": "public",
    }
    return {**payload, **overrides}


def _learning_payload(**overrides) -> dict:
    payload = {
        "title": "Un accueil par le prénom",
        "statement": "Les participants reviennent quand on les accueille par leur prénom.",
        "kind": "success_condition",
        "knowledge_type": "experiential",
    }
    return {**payload, **overrides}


# --- Reading initiatives ------------------------------------------------------------------------

LISTED = {
    "visitor": {"Cuisines collectives du Centre-Sud", "Jardins partagés de Limoilou"},
    "outsider": {"Cuisines collectives du Centre-Sud", "Jardins partagés de Limoilou", "Table des aînés"},
    "organizer": {
        "Cuisines collectives du Centre-Sud",
        "Jardins partagés de Limoilou",
        "Table des aînés",
        "Projet confidentiel",
    },
    "other_organizer": {"Cuisines collectives du Centre-Sud", "Jardins partagés de Limoilou", "Table des aînés"},
    "staff": {
        "Cuisines collectives du Centre-Sud",
        "Jardins partagés de Limoilou",
        "Table des aînés",
        "Projet confidentiel",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_initiative_list_holds_only_what_each_person_may_read(api, cast, persona):
    response = api(persona).get("/api/v1/initiatives/")

    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == LISTED[persona]
    assert response.json()["count"] == len(LISTED[persona])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "initiative", "expected"),
    [
        ("visitor", "public_initiative", 200),
        ("visitor", "members_initiative", 404),
        ("visitor", "team_initiative", 404),
        ("outsider", "public_initiative", 200),
        ("outsider", "members_initiative", 200),
        ("outsider", "team_initiative", 404),
        ("organizer", "team_initiative", 200),
        ("other_organizer", "members_initiative", 200),
        ("other_organizer", "team_initiative", 404),
        ("staff", "team_initiative", 200),
    ],
)
def test_reading_an_initiative_answers_404_when_it_is_not_yours_to_see(
    api, cast, request, persona, initiative, expected
):
    slug = request.getfixturevalue(initiative).slug

    response = api(persona).get(f"/api/v1/initiatives/{slug}/")

    assert response.status_code == expected
    if expected == 404:
        assert set(response.json()) == {"detail", "errors"}
        assert slug not in response.content.decode()


@pytest.mark.django_db
def test_an_initiative_shows_its_fields_relations_and_page_address(api, public_initiative, organizer, isolation):
    lead = OrganizationFactory(slug="carrefour-centre-sud")
    partner = OrganizationFactory(slug="ciusss-centre-sud")
    public_initiative.lead_organization = lead
    public_initiative.start_date = datetime.date(2024, 9, 1)
    public_initiative.save()
    public_initiative.partners.create(organization=partner, role="intervention")
    public_initiative.populations.set([PriorityPopulation.objects.get(slug="aines-vivant-seuls")])
    PhaseChange.objects.create(
        initiative=public_initiative, phase="experimentation", changed_on=datetime.date(2024, 9, 1)
    )

    data = api("visitor").get(f"/api/v1/initiatives/{public_initiative.slug}/").json()

    assert data["url"] == f"http://testserver/en/initiatives/{public_initiative.slug}/"
    assert data["description"] == "Nous cuisinons **ensemble** chaque mardi."
    assert data["description_html"] == "<p>Nous cuisinons <strong>ensemble</strong> chaque mardi.</p>\n"
    assert data["lead_organization"] == "carrefour-centre-sud"
    assert data["partners"] == [{"organization": "ciusss-centre-sud", "role": "intervention"}]
    assert data["territories"] == ["06"]
    assert data["themes"] == ["isolement-social"]
    assert data["populations"] == ["aines-vivant-seuls"]
    assert data["start_date"] == "2024-09-01"
    assert data["end_date"] is None
    assert data["phase_changes"] == [{"phase": "experimentation", "changed_on": "2024-09-01"}]
    assert data["version"] == 1
    assert {"kind", "phase", "action_type", "visibility", "created_at", "updated_at"} <= set(data)
    assert "team" not in data and "created_by" not in data


# --- Writing initiatives ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 401), ("outsider", 201), ("organizer", 201), ("other_organizer", 201), ("staff", 201)],
)
def test_any_signed_in_member_may_log_an_initiative_and_joins_its_team(api, cast, request, persona, expected):
    before = Initiative.objects.count()

    response = api(persona).post("/api/v1/initiatives/", _initiative_payload(), format="json")

    assert response.status_code == expected
    if expected == 401:
        assert Initiative.objects.count() == before
        assert response["WWW-Authenticate"] == "Token"
        return
    initiative = Initiative.objects.get(slug=response.json()["slug"])
    assert list(initiative.team.all()) == [request.getfixturevalue(persona)]
    assert response.json()["territories"] == ["06"]
    assert response.json()["themes"] == ["vieillissement-actif"]
    assert response.json()["phase_changes"][0]["phase"] == "idea"


@pytest.mark.django_db
def test_an_initiative_can_start_in_a_later_phase_with_a_lead_organization(api, organizer):
    OrganizationFactory(slug="carrefour-centre-sud")

    response = api("organizer").post(
        "/api/v1/initiatives/",
        _initiative_payload(
            phase="experimentation", lead_organization="carrefour-centre-sud", populations=["jeunes-12-25"]
        ),
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["phase"] == "experimentation"
    assert response.json()["lead_organization"] == "carrefour-centre-sud"
    assert response.json()["populations"] == ["jeunes-12-25"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "initiative", "expected"),
    [
        ("visitor", "public_initiative", 401),
        ("outsider", "public_initiative", 404),
        ("outsider", "members_initiative", 404),
        ("outsider", "team_initiative", 404),
        ("organizer", "public_initiative", 200),
        ("organizer", "team_initiative", 200),
        ("other_organizer", "public_initiative", 404),
        ("other_organizer", "team_initiative", 404),
        ("staff", "team_initiative", 200),
    ],
)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_only_the_team_and_staff_change_an_initiative_others_get_404(
    api, cast, request, persona, initiative, expected, method
):
    initiative = request.getfixturevalue(initiative)
    payload = _initiative_payload(title="Nouveau titre") if method == "put" else {"title": "Nouveau titre"}

    response = getattr(api(persona), method)(f"/api/v1/initiatives/{initiative.slug}/", payload, format="json")

    assert response.status_code == expected
    initiative.refresh_from_db()
    if expected == 200:
        assert initiative.title == response.json()["title"] == "Nouveau titre"
        assert initiative.version == response.json()["version"] == 2
    else:
        assert initiative.title != "Nouveau titre"
        assert initiative.version == 1


@pytest.mark.django_db
def test_a_partial_update_changes_only_the_fields_sent(api, public_initiative, isolation):
    response = api("organizer").patch(
        f"/api/v1/initiatives/{public_initiative.slug}/", {"territories": ["06", "03"]}, format="json"
    )

    assert response.status_code == 200
    public_initiative.refresh_from_db()
    assert sorted(t.code for t in public_initiative.territories.all()) == ["03", "06"]
    assert list(public_initiative.themes.all()) == [isolation]
    assert public_initiative.title == "Cuisines collectives du Centre-Sud"


@pytest.mark.django_db
def test_initiatives_cannot_be_deleted_through_the_api(api, public_initiative):
    response = api("staff").delete(f"/api/v1/initiatives/{public_initiative.slug}/")

    assert response.status_code == 405
    assert Initiative.objects.filter(pk=public_initiative.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 401), ("outsider", 404), ("organizer", 200), ("other_organizer", 404), ("staff", 200)],
)
def test_only_the_team_and_staff_move_an_initiative_to_another_phase(api, cast, public_initiative, persona, expected):
    payload = {"phase": "evaluation", "changed_on": "2025-03-01", "note": "Premier bilan avec les participants."}

    response = api(persona).post(f"/api/v1/initiatives/{public_initiative.slug}/phase/", payload, format="json")

    assert response.status_code == expected
    public_initiative.refresh_from_db()
    if expected == 200:
        assert public_initiative.phase == response.json()["phase"] == "evaluation"
        change = public_initiative.phase_changes.get()
        assert (change.changed_on, change.note) == (datetime.date(2025, 3, 1), "Premier bilan avec les participants.")
        assert response.json()["phase_changes"] == [{"phase": "evaluation", "changed_on": "2025-03-01"}]
    else:
        assert public_initiative.phase == "experimentation"
        assert not public_initiative.phase_changes.exists()


@pytest.mark.django_db
def test_a_phase_change_in_the_future_is_refused(api, public_initiative):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = api("organizer").post(
        f"/api/v1/initiatives/{public_initiative.slug}/phase/",
        {"phase": "evaluation", "changed_on": tomorrow.isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"]["changed_on"] == ["The date of a phase change cannot be in the future."]
    public_initiative.refresh_from_db()
    assert public_initiative.phase == "experimentation"


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_date": "2025-05-01", "end_date": "2025-04-01"},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        ({"summary": ""}, "summary", "This field may not be blank."),
        ({"summary": "x" * 501}, "summary", "Ensure this field has no more than 500 characters."),
        ({"territories": ["99"]}, "territories", "No territory has the code “99”."),
        ({"territories": []}, "territories", "Choose at least one territory."),
        ({"themes": ["astrologie"]}, "themes", "No theme has the identifier “astrologie”."),
        ({"lead_organization": "inconnu"}, "lead_organization", "No organization has the identifier “inconnu”."),
        (
            {"description": "é" * 26 * 1024},
            "description",
            "This text is too long: at most 50 KB.",
        ),
        (
            {"description": "Bonjour <script>alert(1)</script>"},
            "description",
            "This text cannot contain scripts or javascript: links.",
        ),
        (
            {"description": "[Cliquez ici](javascript:alert(1))"},
            "description",
            "This text cannot contain scripts or javascript: links.",
        ),
        ({"kind": "spaceship"}, "kind", '"spaceship" is not a valid choice.'),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(api, organizer, overrides, field, message):
    response = api("organizer").post("/api/v1/initiatives/", _initiative_payload(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert any(error.startswith(message) for error in body["errors"][field]), body
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_bad_input_on_an_update_changes_nothing(api, public_initiative):
    response = api("organizer").patch(
        f"/api/v1/initiatives/{public_initiative.slug}/",
        {"title": "Nouveau titre", "description": "<script>alert(1)</script>"},
        format="json",
    )

    assert response.status_code == 400
    assert "description" in response.json()["errors"]
    public_initiative.refresh_from_db()
    assert (public_initiative.title, public_initiative.version) == ("Cuisines collectives du Centre-Sud", 1)


@pytest.mark.django_db
def test_error_messages_are_in_french_for_a_french_client(api, organizer):
    client = api("organizer")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    response = client.post(
        "/api/v1/initiatives/",
        _initiative_payload(start_date="2025-05-01", end_date="2025-04-01"),
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "fr-ca"
    assert response.json()["errors"]["end_date"] == ["La date de fin ne peut pas précéder la date de début."]
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_a_program_that_names_no_language_gets_french(organizer):
    client = APIClient()
    client.force_login(organizer)

    response = client.post("/api/v1/initiatives/", _initiative_payload(summary=""), format="json")

    assert response.json()["errors"]["summary"] == ["Ce champ ne peut être vide."]


@pytest.mark.django_db
def test_a_change_based_on_an_old_version_is_a_conflict_and_saves_nothing(api, public_initiative):
    client = api("organizer")
    client.patch(f"/api/v1/initiatives/{public_initiative.slug}/", {"title": "Première modification"}, format="json")

    response = client.patch(
        f"/api/v1/initiatives/{public_initiative.slug}/", {"title": "Écrase tout", "version": 1}, format="json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["detail"].startswith("Someone else saved a change since you opened this form.")
    assert body["errors"]["version"] == [body["detail"]]
    public_initiative.refresh_from_db()
    assert (public_initiative.title, public_initiative.version) == ("Première modification", 2)


@pytest.mark.django_db
def test_a_change_based_on_the_current_version_is_saved(api, public_initiative):
    response = api("organizer").patch(
        f"/api/v1/initiatives/{public_initiative.slug}/",
        {"summary": "Un résumé plus clair.", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2


# --- Learnings ----------------------------------------------------------------------------------

LEARNINGS_LISTED = {
    "visitor": {"La confiance précède la participation"},
    "outsider": {"La confiance précède la participation"},
    "organizer": {"La confiance précède la participation", "Brouillon à relire"},
    "other_organizer": {"La confiance précède la participation"},
    "staff": {"La confiance précède la participation", "Brouillon à relire"},
}


@pytest.fixture
def learnings(cast, published_learning, draft_learning, team_initiative):
    """Karim's published and draft learnings, and a published one of his team-only initiative."""
    LearningFactory(initiative=team_initiative, title="Appris en secret")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_learning_list_holds_only_what_each_person_may_read(api, learnings, persona):
    response = api(persona).get("/api/v1/learnings/")

    titles = {row["title"] for row in response.json()["results"]}
    expected = LEARNINGS_LISTED[persona] | ({"Appris en secret"} if persona in ("organizer", "staff") else set())
    assert response.status_code == 200
    assert titles == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 404), ("outsider", 404), ("organizer", 200), ("other_organizer", 404), ("staff", 200)],
)
def test_a_draft_is_read_only_by_its_author_team_and_staff(api, learnings, draft_learning, persona, expected):
    response = api(persona).get(f"/api/v1/learnings/{draft_learning.pk}/")

    assert response.status_code == expected


@pytest.mark.django_db
def test_a_learning_shows_its_fields(api, published_learning, public_initiative):
    data = api("visitor").get(f"/api/v1/learnings/{published_learning.pk}/").json()

    assert data["id"] == published_learning.pk
    assert data["url"] == f"http://testserver/en/learnings/{published_learning.pk}/"
    assert data["initiative"] == public_initiative.slug
    assert data["author"] == "Karim"
    assert data["territory"] == "06"
    assert data["themes"] == ["isolement-social"]
    assert (data["status"], data["licence"], data["version"]) == ("published", "CC-BY-NC-4.0", 1)
    assert data["published_at"] is not None
    assert {"statement", "kind", "knowledge_type", "transfer_conditions"} <= set(data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 401), ("outsider", 201), ("organizer", 201), ("other_organizer", 201), ("staff", 201)],
)
def test_any_signed_in_member_may_write_a_learning_of_no_initiative(api, cast, request, persona, expected):
    response = api(persona).post(
        "/api/v1/learnings/", _learning_payload(territory="03", themes=["sante-mentale"]), format="json"
    )

    assert response.status_code == expected
    if expected == 401:
        assert not Learning.objects.exists()
        return
    learning = Learning.objects.get(pk=response.json()["id"])
    assert learning.author == request.getfixturevalue(persona)
    assert learning.status == "draft" and learning.initiative is None
    assert (response.json()["territory"], response.json()["themes"]) == ("03", ["sante-mentale"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "initiative", "expected"),
    [
        ("outsider", "public_initiative", 400),
        ("outsider", "team_initiative", 400),
        ("organizer", "public_initiative", 201),
        ("other_organizer", "members_initiative", 400),
        ("staff", "team_initiative", 201),
    ],
)
def test_only_the_team_adds_a_learning_to_an_initiative(api, cast, request, persona, initiative, expected):
    slug = request.getfixturevalue(initiative).slug

    response = api(persona).post("/api/v1/learnings/", _learning_payload(initiative=slug), format="json")

    assert response.status_code == expected
    if expected == 400:
        assert response.json()["errors"]["initiative"] == [
            f"You cannot add a learning to an initiative with the identifier “{slug}”."
        ]
        assert not Learning.objects.exists()
    else:
        assert response.json()["initiative"] == slug
        assert response.json()["territory"] == "06"  # the initiative's, by default


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 401), ("outsider", 404), ("organizer", 200), ("other_organizer", 404), ("staff", 200)],
)
def test_only_the_author_team_and_staff_change_a_learning(api, cast, published_learning, persona, expected):
    response = api(persona).patch(f"/api/v1/learnings/{published_learning.pk}/", {"title": "Titre revu"}, format="json")

    assert response.status_code == expected
    published_learning.refresh_from_db()
    assert (published_learning.title == "Titre revu") is (expected == 200)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("visitor", 401), ("outsider", 404), ("organizer", 200), ("other_organizer", 404), ("staff", 200)],
)
def test_only_the_author_team_and_staff_publish_a_learning(api, cast, draft_learning, persona, expected):
    response = api(persona).post(f"/api/v1/learnings/{draft_learning.pk}/publish/")

    assert response.status_code == expected
    draft_learning.refresh_from_db()
    if expected == 200:
        assert draft_learning.status == response.json()["status"] == "published"
        assert response.json()["published_at"] is not None
    else:
        assert draft_learning.status == "draft" and draft_learning.published_at is None


@pytest.mark.django_db
def test_a_learning_holding_personal_information_is_not_published(api, draft_learning):
    draft_learning.statement = "Écrivez à josee.tremblay@exemple.test ou appelez le 514-555-0199."
    draft_learning.save()

    response = api("organizer").post(f"/api/v1/learnings/{draft_learning.pk}/publish/")

    assert response.status_code == 400
    errors = response.json()["errors"]["statement"]
    assert len(errors) == 2
    assert errors[0].startswith("Remove an e-mail address before publishing: « ")
    assert "josee.tremblay@exemple.test" in errors[0]
    assert "514-555-0199" in errors[1]
    draft_learning.refresh_from_db()
    assert draft_learning.status == "draft" and draft_learning.published_at is None


@pytest.mark.django_db
def test_bad_learning_input_is_refused_and_nothing_is_saved(api, organizer):
    response = api("organizer").post(
        "/api/v1/learnings/",
        _learning_payload(kind="rumour", territory="99", themes=["astrologie"], statement=""),
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "territory", "themes", "statement"}
    assert response.json()["errors"]["territory"] == ["No territory has the code “99”."]
    assert not Learning.objects.exists()


@pytest.mark.django_db
def test_a_learning_change_based_on_an_old_version_is_a_conflict(api, published_learning):
    client = api("organizer")
    client.patch(f"/api/v1/learnings/{published_learning.pk}/", {"title": "Premier changement"}, format="json")

    response = client.patch(
        f"/api/v1/learnings/{published_learning.pk}/", {"title": "Écrase tout", "version": 1}, format="json"
    )

    assert response.status_code == 409
    published_learning.refresh_from_db()
    assert (published_learning.title, published_learning.version) == ("Premier changement", 2)


@pytest.mark.django_db
def test_a_published_learning_cannot_be_changed_to_hold_personal_information(api, published_learning):
    response = api("organizer").patch(
        f"/api/v1/learnings/{published_learning.pk}/",
        {"transfer_conditions": "Appelez le 418 555-0123."},
        format="json",
    )

    assert response.status_code == 400
    assert "418 555-0123" in response.json()["errors"]["transfer_conditions"][0]
    published_learning.refresh_from_db()
    assert published_learning.transfer_conditions == ""


# --- Query counts ---------------------------------------------------------------------------------


def _add_initiatives(count: int, isolation) -> None:
    partner = OrganizationFactory()
    for _ in range(count):
        initiative = InitiativeFactory(themes=[isolation], populations=list(PriorityPopulation.objects.all()[:2]))
        initiative.partners.create(organization=partner, role="advisory")
        PhaseChange.objects.create(initiative=initiative, phase="idea", changed_on=datetime.date(2024, 1, 1))


@pytest.mark.django_db
def test_the_initiative_list_query_count_does_not_grow_with_rows(client, isolation, django_assert_num_queries):
    _add_initiatives(1, isolation)
    # 1. count for pagination, 2. the page with lead organizations (join), 3. territories,
    # 4. themes, 5. populations, 6. phase changes, 7. partners with their organization (join)
    with django_assert_num_queries(7):
        response = client.get("/api/v1/initiatives/")
    assert response.json()["count"] == 1

    _add_initiatives(49, isolation)
    with django_assert_num_queries(7):
        response = client.get("/api/v1/initiatives/")
    assert len(response.json()["results"]) == 50


@pytest.mark.django_db
def test_the_learning_list_query_count_does_not_grow_with_rows(client, organizer, isolation, django_assert_num_queries):
    client.force_login(organizer)
    initiative = InitiativeFactory(team=[organizer])
    LearningFactory(initiative=initiative, author=organizer, themes=[isolation])
    # 1. the session, 2. the signed-in person, 3. count for pagination,
    # 4. the page with initiative, territory and author (joins), 5. themes
    with django_assert_num_queries(5):
        response = client.get("/api/v1/learnings/")
    assert response.json()["count"] == 1

    LearningFactory.create_batch(49, initiative=initiative, author=organizer, themes=[isolation])
    with django_assert_num_queries(5):
        response = client.get("/api/v1/learnings/")
    assert len(response.json()["results"]) == 50


# --- Filters and search ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_searching_ignores_accents(api, public_initiative):
    InitiativeFactory(title="Aide aux devoirs à l'école Saint-Jean", summary="Du soutien scolaire après la classe.")

    response = api("visitor").get("/api/v1/initiatives/", {"q": "ecole"})

    assert [row["title"] for row in response.json()["results"]] == ["Aide aux devoirs à l'école Saint-Jean"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"territory": "03"}, {"Jardins partagés de Limoilou"}),
        ({"territory": "06"}, {"Cuisines collectives du Centre-Sud", "Table des aînés"}),
        ({"theme": "isolement-social"}, {"Cuisines collectives du Centre-Sud", "Jardins partagés de Limoilou"}),
        ({"phase": "idea"}, {"Table des aînés"}),
        ({"kind": "living_lab"}, {"Table des aînés"}),
        ({"population": "aines-vivant-seuls"}, {"Table des aînés"}),
    ],
)
def test_initiatives_filter_by_territory_theme_phase_kind_and_population(
    api, cast, members_initiative, params, expected
):
    members_initiative.phase, members_initiative.kind = "idea", "living_lab"
    members_initiative.save()
    members_initiative.populations.set([PriorityPopulation.objects.get(slug="aines-vivant-seuls")])

    response = api("outsider").get("/api/v1/initiatives/", params)

    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == expected


@pytest.mark.django_db
def test_an_invalid_filter_value_answers_400(api):
    response = api("visitor").get("/api/v1/initiatives/", {"phase": "forever"})

    assert response.status_code == 400
    assert "phase" in response.json()["errors"]


@pytest.mark.django_db
def test_learnings_filter_by_initiative_kind_and_search(api, learnings, published_learning, public_initiative):
    LearningFactory(title="Le transport bloque la participation", kind="obstacle", statement="Pas d'autobus le soir.")
    client = api("visitor")

    by_initiative = client.get("/api/v1/learnings/", {"initiative": public_initiative.slug}).json()["results"]
    by_kind = client.get("/api/v1/learnings/", {"kind": "obstacle"}).json()["results"]
    by_words = client.get("/api/v1/learnings/", {"q": "precede"}).json()["results"]

    assert [row["id"] for row in by_initiative] == [published_learning.pk]
    assert [row["title"] for row in by_kind] == ["Le transport bloque la participation"]
    assert [row["id"] for row in by_words] == [published_learning.pk]


# --- Token authentication -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_personal_token_lets_a_program_create_and_change_initiatives(organizer):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=organizer)}")

    created = client.post("/api/v1/initiatives/", _initiative_payload(), format="json")
    changed = client.patch(f"/api/v1/initiatives/{created.json()['slug']}/", {"title": "Titre revu"}, format="json")

    assert created.status_code == 201
    assert changed.status_code == 200
    initiative = Initiative.objects.get(slug=created.json()["slug"])
    assert initiative.title == "Titre revu"
    assert list(initiative.team.all()) == [organizer]


@pytest.mark.django_db
def test_a_token_lets_its_owner_read_their_team_only_initiative(team_initiative, organizer):
    client = APIClient(HTTP_AUTHORIZATION=f"Token {api_token_create(user=organizer)}")

    response = client.get(f"/api/v1/initiatives/{team_initiative.slug}/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_revoked_token_gets_401_and_changes_nothing(public_initiative, organizer):
    key = api_token_create(user=organizer)
    api_token_revoke(user=organizer)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.patch(f"/api/v1/initiatives/{public_initiative.slug}/", {"title": "Titre revu"}, format="json")

    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}
    public_initiative.refresh_from_db()
    assert public_initiative.title == "Cuisines collectives du Centre-Sud"


@pytest.mark.django_db
def test_a_replaced_token_stops_working(public_initiative, organizer):
    old_key = api_token_create(user=organizer)
    new_key = api_token_create(user=organizer)

    old = APIClient(HTTP_AUTHORIZATION=f"Token {old_key}").post(
        "/api/v1/initiatives/", _initiative_payload(), format="json"
    )
    new = APIClient(HTTP_AUTHORIZATION=f"Token {new_key}").post(
        "/api/v1/initiatives/", _initiative_payload(), format="json"
    )

    assert old_key != new_key
    assert (old.status_code, new.status_code) == (401, 201)
    assert Initiative.objects.filter(title="Marche exploratoire des aînés").count() == 1


@pytest.mark.django_db
def test_the_schema_documents_every_initiative_and_learning_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    paths = schema["paths"]
    assert set(paths["/api/v1/initiatives/"]) == {"get", "post"}
    assert set(paths["/api/v1/initiatives/{slug}/"]) == {"get", "put", "patch"}
    assert set(paths["/api/v1/initiatives/{slug}/phase/"]) == {"post"}
    assert set(paths["/api/v1/learnings/"]) == {"get", "post"}
    assert set(paths["/api/v1/learnings/{id}/"]) == {"get", "put", "patch"}
    assert set(paths["/api/v1/learnings/{id}/publish/"]) == {"post"}
    list_parameters = {parameter["name"] for parameter in paths["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"q", "territory", "theme", "phase", "kind", "population", "page"} <= list_parameters
    assert {"404", "409"} <= set(paths["/api/v1/initiatives/{slug}/"]["patch"]["responses"])
