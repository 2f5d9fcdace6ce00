"""The writes on initiatives and learnings, against the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from initiatives import services
from initiatives.models import Initiative, InitiativePartner, Learning, PhaseChange
from tests.factories import OrganizationFactory


@pytest.fixture
def new_initiative(organizer, montreal, isolation):
    """What an organizer fills in when logging an initiative."""
    return {
        "by": organizer,
        "title": "Cuisines collectives à l'école",
        "summary": "Des élèves et des aînés cuisinent ensemble chaque semaine.",
        "kind": Initiative.Kind.COMMUNITY,
        "territories": [montreal],
        "themes": [isolation],
        "description": "Nous cuisinons **ensemble**.",
    }


def test_creating_an_initiative_puts_its_author_on_the_team_and_records_the_first_phase(new_initiative, organizer):
    initiative = services.initiative_create(**new_initiative)

    assert initiative.slug == "cuisines-collectives-a-lecole"
    assert list(initiative.team.all()) == [organizer]
    assert initiative.description_html == "<p>Nous cuisinons <strong>ensemble</strong>.</p>\n"
    [change] = initiative.phase_changes.all()
    assert (change.phase, change.changed_on, change.changed_by) == ("idea", timezone.localdate(), organizer)
    assert initiative.history.count() == 1
    assert initiative.history.first().history_user == organizer


def test_two_initiatives_with_the_same_title_get_distinct_slugs(new_initiative):
    first = services.initiative_create(**new_initiative)
    second = services.initiative_create(**new_initiative)

    assert (first.slug, second.slug) == ("cuisines-collectives-a-lecole", "cuisines-collectives-a-lecole-2")


@pytest.mark.parametrize("title", ["Nouvelle", "New"])
def test_an_initiative_never_takes_the_slug_of_the_create_page(new_initiative, title):
    initiative = services.initiative_create(**new_initiative | {"title": title})

    assert initiative.slug == f"{title.lower()}-2"
    for language in ("fr-ca", "en"):
        with translation.override(language):
            create_url = reverse("initiatives:create")
        assert create_url != initiative.get_absolute_url()
        assert create_url.rstrip("/").rsplit("/", 1)[-1] in Initiative.RESERVED_SLUGS


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 501}, "summary"),
        ({"title": ""}, "title"),
        ({"kind": "festival"}, "kind"),
        ({"territories": []}, "territories"),
        ({"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 30)}, "end_date"),
        ({"description": "é" * 30_000}, "description"),
        ({"description": "Voir <script>alert(1)</script>"}, "description"),
        ({"description": "[Clic](javascript:alert(1))"}, "description"),
    ],
)
def test_invalid_initiatives_are_refused_and_nothing_is_saved(new_initiative, changes, field):
    with pytest.raises(ValidationError) as error:
        services.initiative_create(**{**new_initiative, **changes})

    assert field in error.value.message_dict
    assert not Initiative.objects.exists()
    assert not PhaseChange.objects.exists()


def test_the_end_date_message_is_translated(new_initiative):
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            **new_initiative, start_date=datetime.date(2026, 5, 1), end_date=datetime.date(2026, 4, 1)
        )

    assert "La date de fin ne peut pas précéder la date de début." in error.value.messages


def test_a_description_of_exactly_50_kb_is_accepted(new_initiative):
    initiative = services.initiative_create(**new_initiative | {"description": "a" * 50 * 1024})

    assert len(initiative.description) == 51_200


def test_the_team_updates_an_initiative_and_the_history_keeps_who_and_what(public_initiative, organizer):
    services.initiative_update(
        initiative=public_initiative, by=organizer, expected_version=1, title="Cuisines du Centre-Sud"
    )

    public_initiative.refresh_from_db()
    assert (public_initiative.title, public_initiative.version) == ("Cuisines du Centre-Sud", 2)
    latest = public_initiative.history.first()
    assert latest.history_user == organizer
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == ["title"]


def test_a_stale_form_is_refused_and_the_concurrent_edit_is_kept(public_initiative, organizer, staff):
    services.initiative_update(initiative=public_initiative, by=staff, expected_version=1, title="Version de Sophie")

    with pytest.raises(ValidationError) as error:
        services.initiative_update(
            initiative=public_initiative, by=organizer, expected_version=1, title="Version de Karim"
        )

    assert error.value.code == "stale"
    public_initiative.refresh_from_db()
    assert (public_initiative.title, public_initiative.version) == ("Version de Sophie", 2)


def test_someone_off_the_team_cannot_update(public_initiative, outsider, other_organizer):
    for person in (outsider, other_organizer):
        with pytest.raises(PermissionDenied):
            services.initiative_update(initiative=public_initiative, by=person, title="Piraté")

    public_initiative.refresh_from_db()
    assert public_initiative.title == "Cuisines collectives du Centre-Sud"


def test_staff_may_update_any_initiative(public_initiative, staff):
    services.initiative_update(initiative=public_initiative, by=staff, visibility="members")

    public_initiative.refresh_from_db()
    assert public_initiative.visibility == "members"


def test_updating_the_relations_replaces_them(public_initiative, organizer, capitale_nationale):
    services.initiative_update(initiative=public_initiative, by=organizer, territories=[capitale_nationale], themes=[])

    assert list(public_initiative.territories.all()) == [capitale_nationale]
    assert not public_initiative.themes.exists()


def test_an_invalid_update_leaves_the_initiative_as_it_was(public_initiative, organizer):
    with pytest.raises(ValidationError):
        services.initiative_update(initiative=public_initiative, by=organizer, summary="", territories=[])

    public_initiative.refresh_from_db()
    assert public_initiative.version == 1
    assert public_initiative.summary
    assert public_initiative.territories.exists()


def test_moving_through_phases_records_dated_steps(public_initiative, organizer):
    services.initiative_move_phase(
        initiative=public_initiative,
        by=organizer,
        phase="evaluation",
        changed_on=datetime.date(2026, 3, 2),
        note="Bilan",
    )

    public_initiative.refresh_from_db()
    assert public_initiative.phase == "evaluation"
    assert list(public_initiative.phase_changes.values_list("phase", "changed_on", "note")) == [
        ("evaluation", datetime.date(2026, 3, 2), "Bilan")
    ]


def test_a_phase_change_cannot_be_dated_in_the_future_or_repeat_the_current_phase(public_initiative, organizer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.initiative_move_phase(
            initiative=public_initiative, by=organizer, phase="evaluation", changed_on=tomorrow
        )
    with pytest.raises(ValidationError):
        services.initiative_move_phase(initiative=public_initiative, by=organizer, phase=public_initiative.phase)

    assert not public_initiative.phase_changes.exists()


def test_partners_are_added_once_per_role(public_initiative, organizer):
    cdc = OrganizationFactory(name="CDC Centre-Sud")
    services.initiative_partner_add(initiative=public_initiative, by=organizer, organization=cdc, role="intervention")
    services.initiative_partner_add(initiative=public_initiative, by=organizer, organization=cdc, role="funder")

    with pytest.raises(ValidationError):
        services.initiative_partner_add(initiative=public_initiative, by=organizer, organization=cdc, role="funder")
    assert InitiativePartner.objects.filter(initiative=public_initiative).count() == 2


def test_an_outsider_cannot_add_a_partner(public_initiative, outsider):
    with pytest.raises(PermissionDenied):
        services.initiative_partner_add(
            initiative=public_initiative, by=outsider, organization=OrganizationFactory(), role="funder"
        )
    assert not InitiativePartner.objects.exists()


def test_the_team_keeps_at_least_one_person(public_initiative, organizer, facilitator):
    services.initiative_team_add(initiative=public_initiative, by=organizer, member=facilitator)
    services.initiative_team_remove(initiative=public_initiative, by=facilitator, member=organizer)

    with pytest.raises(ValidationError):
        services.initiative_team_remove(initiative=public_initiative, by=facilitator, member=facilitator)
    assert list(public_initiative.team.all()) == [facilitator]


# --- Learnings --------------------------------------------------------------------------------


def test_a_learning_defaults_to_its_initiatives_territory_and_themes_and_starts_as_a_draft(
    public_initiative, organizer, montreal, isolation
):
    learning = services.learning_create(
        by=organizer,
        initiative=public_initiative,
        title="La confiance d'abord",
        statement="Les aînés viennent quand ils connaissent déjà une personne du groupe.",
        kind="success_condition",
        knowledge_type="experiential",
    )

    assert (learning.territory, list(learning.themes.all())) == (montreal, [isolation])
    assert (learning.status, learning.published_at, learning.licence) == ("draft", None, "CC-BY-NC-4.0")
    assert learning.author == organizer


def test_a_learning_may_belong_to_no_initiative(organizer, capitale_nationale):
    learning = services.learning_create(
        by=organizer,
        title="Un cercle d'apprentissage",
        statement="Se réunir tous les mois aide à garder le fil.",
        kind="adaptation",
        knowledge_type="practical",
        territory=capitale_nationale,
    )

    assert learning.initiative is None
    assert learning.territory == capitale_nationale


def test_only_the_team_adds_learnings_to_an_initiative(public_initiative, outsider):
    with pytest.raises(PermissionDenied):
        services.learning_create(
            by=outsider,
            initiative=public_initiative,
            title="Intrus",
            statement="…",
            kind="obstacle",
            knowledge_type="practical",
        )
    assert not Learning.objects.exists()


def test_publishing_dates_the_learning(draft_learning, organizer):
    learning = services.learning_publish(learning=draft_learning, by=organizer)

    assert learning.status == "published"
    assert learning.published_at is not None
    assert learning.history.first().history_user == organizer


def test_publishing_refuses_personal_information_and_shows_the_passages(draft_learning, organizer):
    draft_learning.statement = "Pour en savoir plus, écrivez à karim@exemple.test ou appelez le 514 555-0199."
    draft_learning.transfer_conditions = "Un local au H2L 2V4."
    draft_learning.save()

    with pytest.raises(ValidationError) as error:
        services.learning_publish(learning=draft_learning, by=organizer)

    errors = error.value.message_dict
    assert len(errors["statement"]) == 2
    assert "karim@exemple.test" in errors["statement"][0]
    assert "514 555-0199" in errors["statement"][1]
    assert "H2L 2V4" in errors["transfer_conditions"][0]
    assert errors["statement"][0].startswith("Retirez l’adresse courriel avant de publier")
    draft_learning.refresh_from_db()
    assert (draft_learning.status, draft_learning.published_at) == ("draft", None)


def test_a_published_learning_cannot_be_edited_to_add_personal_information(published_learning, organizer):
    with pytest.raises(ValidationError):
        services.learning_update(learning=published_learning, by=organizer, statement="Appelez Karim au 418-555-0100.")

    published_learning.refresh_from_db()
    assert "418" not in published_learning.statement


def test_a_draft_may_hold_personal_information_until_it_is_published(draft_learning, organizer):
    services.learning_update(learning=draft_learning, by=organizer, statement="Rappeler au 418-555-0100.")

    draft_learning.refresh_from_db()
    assert draft_learning.statement == "Rappeler au 418-555-0100."


def test_a_stale_learning_form_is_refused(published_learning, organizer, staff):
    services.learning_update(learning=published_learning, by=staff, expected_version=1, title="Titre de Sophie")

    with pytest.raises(ValidationError):
        services.learning_update(learning=published_learning, by=organizer, expected_version=1, title="Titre de Karim")
    published_learning.refresh_from_db()
    assert published_learning.title == "Titre de Sophie"


def test_someone_off_the_team_cannot_publish_or_edit_a_learning(draft_learning, outsider, other_organizer):
    for person in (outsider, other_organizer):
        with pytest.raises(PermissionDenied):
            services.learning_publish(learning=draft_learning, by=person)
        with pytest.raises(PermissionDenied):
            services.learning_update(learning=draft_learning, by=person, title="x")
    draft_learning.refresh_from_db()
    assert draft_learning.status == "draft"


def test_an_unknown_kind_is_refused(public_initiative, organizer):
    with pytest.raises(ValidationError) as error:
        services.learning_create(
            by=organizer, initiative=public_initiative, title="t", statement="s", kind="rumeur", knowledge_type="x"
        )
    assert {"kind", "knowledge_type"} <= set(error.value.message_dict)
