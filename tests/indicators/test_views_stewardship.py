"""The stewards' pages: proposing an indicator, changing its definition (a new version once the
wording is endorsed or adopted), opening, adopting and retiring it, and its targets. Mathieu
(steward) stewards PREM-RECO (adopted, a percentage) and PART-DEMARRAGE (proposed); Lucie
stewards another indicator; Sophie is staff."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from ecosystem.models import Territory
from indicators.models import Contribution, Indicator, IndicatorVersion, Target
from tests.factories import ContributionFactory, IndicatorFactory, TargetFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _url(name: str, *args) -> str:
    return reverse(f"indicators:{name}", args=args)


@pytest.fixture
def other_steward(db):
    """Lucie stewards another indicator, not Mathieu's."""
    lucie = UserFactory(email="lucie.intendante@exemple.test", display_name="Lucie")
    IndicatorFactory(code="AUTRE", stewards=[lucie])
    return lucie


def _definition(**values) -> dict:
    data = {
        "family": "partnership",
        "aim_dimension": "experience",
        "steward_organization": "",
        "themes": [],
        "name": "Part des initiatives avec des partenaires dès le démarrage",
        "definition": "Sur 100 initiatives, combien ont des partenaires dès leur démarrage.",
        "rationale": "Les personnes concernées décident mieux de ce qui les touche.",
        "numerator": "Initiatives avec au moins une personne partenaire dès le démarrage",
        "denominator": "Initiatives démarrées dans l’année",
        "exclusions": "",
        "unit": "percent",
        "direction": "higher",
        "data_source": "Registre des engagements de la plateforme",
        "frequency": "yearly",
        "limitations": "",
        "change_note": "",
    }
    data.update(values)
    return data


def _refused(client, people, method, url, data=None) -> None:
    """A visitor is sent to sign in; each of ``people`` gets a 404."""
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
    for person in people:
        client.force_login(person)
        assert getattr(client, method)(url, data or {}).status_code == 404, (person, url)
    client.logout()


# --- Proposing an indicator ------------------------------------------------------------------------


def test_only_stewards_and_staff_propose_an_indicator(client, indicator, steward, staff, partner, outsider):
    _refused(client, [partner, outsider], "get", _url("create"))
    _refused(client, [partner, outsider], "post", _url("create"), _definition(code="NOUVEAU"))
    assert not Indicator.objects.filter(code="NOUVEAU").exists()

    for person in (steward, staff):
        client.force_login(person)
        response = client.get(_url("create"))
        assert response.status_code == 200
        page = _page(response)
        assert "<h1>Proposer un indicateur</h1>" in page
        assert "<legend>Méthode</legend>" in page and "<legend>Ce qu’il mesure et pourquoi</legend>" in page
        assert 'name="change_note"' not in page


def test_a_steward_proposes_an_indicator(client, steward, indicator, inesss):
    client.force_login(steward)

    response = client.post(_url("create"), _definition(code="part-demarrage-2", steward_organization=inesss.pk))

    created = Indicator.objects.get(code="PART-DEMARRAGE-2")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert _messages(response)[0].startswith("L’indicateur est proposé et vous en êtes responsable.")
    assert created.status == Indicator.Status.PROPOSED and created.steward_organization == inesss
    assert list(created.stewards.all()) == [steward]
    assert created.current.number == 1 and created.current.unit == "percent"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"code": "PREM-RECO"}, "code", "existe déjà"),
        ({"code": "prem reco"}, "code", "Utilisez des majuscules, des chiffres et des traits d’union"),
        ({"code": "NOUVEAU", "name": ""}, "name", "Ce champ est obligatoire."),
        ({"code": "NOUVEAU", "unit": "pommes"}, "unit", "Sélectionnez un choix valide."),
    ],
)
def test_a_bad_proposal_shows_the_form_again_and_writes_nothing(client, steward, indicator, values, field, message):
    client.force_login(steward)

    response = client.post(_url("create"), _definition(**values))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in _page(response)
    assert Indicator.objects.count() == 1 and IndicatorVersion.objects.count() == 1


# --- Changing an indicator -------------------------------------------------------------------------


def test_only_the_indicators_stewards_change_it(client, indicator, partner, outsider, other_steward, staff):
    url = _url("update", indicator.code)
    _refused(client, [partner, outsider, other_steward], "get", url)
    _refused(client, [partner, outsider, other_steward], "post", url, _definition(name="Détourné"))
    indicator.refresh_from_db()
    assert indicator.versions.count() == 1 and indicator.current.name != "Détourné"

    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_form_is_filled_from_the_current_version_and_says_a_change_makes_version_2(client, steward, indicator):
    client.force_login(steward)

    response = client.get(_url("update", indicator.code))

    page = _page(response)
    form = response.context["form"]
    assert form["name"].value() == "Part des usagers qui recommanderaient le service"
    assert form["unit"].value() == "percent" and form["family"].value() == "prem"
    assert "Modifier une version adoptée ou appuyée crée la version 2, qui devra être appuyée à nouveau." in page
    assert "La version 1 reste en vigueur d’ici là." in page
    assert 'name="change_note"' in page and "<legend>Ce qui a changé</legend>" in page


def test_editing_an_adopted_indicator_makes_version_2_back_in_co_construction(client, steward, indicator):
    first = indicator.current
    client.force_login(steward)
    data = _definition(
        family="prem",
        name="Part des personnes qui recommanderaient le service",
        definition=first.definition,
        rationale=first.rationale,
        numerator=first.numerator,
        denominator=first.denominator,
        frequency=first.frequency,
        data_source=first.data_source,
        change_note="« Usagers » remplacé par « personnes », à la demande du comité.",
    )

    response = client.post(_url("update", indicator.code), data)

    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    assert _messages(response) == [
        "Vos modifications créent la version 2, maintenant en coconstruction : elle devra être appuyée à nouveau "
        "par au moins une personne partenaire en santé et une personne professionnelle avant d’être adoptée. "
        "D’ici là, la version 1 reste en vigueur."
    ]
    indicator.refresh_from_db()
    first.refresh_from_db()
    assert indicator.status == Indicator.Status.CO_CONSTRUCTION
    assert indicator.current.number == 2 and indicator.in_force == first
    assert indicator.current.name == "Part des personnes qui recommanderaient le service"
    assert indicator.current.change_note.startswith("« Usagers » remplacé")
    assert first.name == "Part des usagers qui recommanderaient le service" and first.is_adopted
    assert indicator.family == "prem"


def test_editing_a_draft_nobody_endorsed_changes_it_in_place(client, steward, proposed):
    client.force_login(steward)
    page = _page(client.get(_url("update", proposed.code)))
    assert "Personne n’a encore appuyé cette version" in page

    response = client.post(_url("update", proposed.code), _definition(limitations="Peu d’initiatives en région."))

    assert _messages(response) == ["Vos modifications sont enregistrées."]
    proposed.refresh_from_db()
    assert proposed.versions.count() == 1
    assert proposed.current.limitations == "Peu d’initiatives en région."


def test_an_endorsed_draft_is_kept_and_the_change_makes_version_2(client, steward, proposed):
    IndicatorVersion.objects.filter(pk=proposed.current_id).update(name="Part des initiatives avec des partenaires")
    Indicator.objects.filter(pk=proposed.pk).update(status=Indicator.Status.CO_CONSTRUCTION)
    ContributionFactory(indicator=proposed, role="partner")
    client.force_login(steward)

    page = _page(client.get(_url("update", proposed.code)))
    assert "crée la version 2" in page

    response = client.post(_url("update", proposed.code), _definition(name="Nouveau nom"))

    assert _messages(response)[0].startswith("Vos modifications créent la version 2")
    proposed.refresh_from_db()
    assert proposed.versions.count() == 2 and proposed.in_force is None
    assert proposed.versions.get(number=1).name == "Part des initiatives avec des partenaires"
    assert Contribution.objects.get().version.number == 1  # the endorsement stays with the wording it endorsed


def test_a_retired_indicator_can_no_longer_be_changed(client, steward, indicator):
    client.force_login(steward)
    client.post(_url("retire", indicator.code))

    response = client.post(_url("update", indicator.code), _definition(name="Trop tard"))

    assert response.status_code == 200
    assert "Un indicateur retiré ne peut plus être modifié." in _page(response)
    indicator.refresh_from_db()
    assert indicator.versions.count() == 1 and indicator.current.name != "Trop tard"


# --- Opening, adopting, retiring -------------------------------------------------------------------


@pytest.mark.parametrize("action", ["open", "adopt", "retire"])
def test_lifecycle_actions_are_post_only_and_for_stewards(
    client, action, proposed, steward, partner, outsider, other_steward
):
    url = _url(action, proposed.code)
    assert client.get(url).status_code == 405
    client.force_login(steward)
    assert client.get(url).status_code == 405
    client.logout()

    _refused(client, [partner, outsider, other_steward], "post", url)

    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.PROPOSED


def test_a_steward_opens_adopts_and_retires_an_indicator(client, steward, proposed):
    client.force_login(steward)

    response = client.post(_url("open", proposed.code))
    assert response.status_code == 302 and response["Location"] == proposed.get_absolute_url()
    assert _messages(response)[0].startswith("L’indicateur est ouvert à la coconstruction")
    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.CO_CONSTRUCTION

    ContributionFactory(indicator=proposed, role="partner")
    ContributionFactory(indicator=proposed, role="professional")
    response = client.post(_url("adopt", proposed.code))
    assert _messages(response)[-1] == "La version 1 est adoptée : elle est en vigueur et ses valeurs sont publiques."
    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.ADOPTED and proposed.in_force == proposed.current

    response = client.post(_url("retire", proposed.code))
    assert _messages(response)[-1].startswith("L’indicateur est retiré.")
    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.RETIRED


def test_adopting_without_both_endorsements_is_refused_and_changes_nothing(client, steward, proposed):
    Indicator.objects.filter(pk=proposed.pk).update(status=Indicator.Status.CO_CONSTRUCTION)
    ContributionFactory(indicator=proposed, role="partner")
    client.force_login(steward)

    response = client.post(_url("adopt", proposed.code))

    assert response.status_code == 302 and response["Location"] == proposed.get_absolute_url()
    [message] = _messages(response)
    assert message.startswith("Cette version ne peut pas encore être adoptée")
    assert message.endswith("Il manque : l’appui d’une personne professionnelle.")
    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.CO_CONSTRUCTION and proposed.in_force is None
    assert not proposed.current.is_adopted


def test_a_refused_lifecycle_action_is_told(client, steward, indicator):
    client.force_login(steward)

    assert _messages(client.post(_url("open", indicator.code))) == [
        "Seul un indicateur proposé peut être ouvert à la coconstruction."
    ]
    assert _messages(client.post(_url("adopt", indicator.code)))[-1] == (
        "Seul un indicateur en coconstruction peut être adopté."
    )
    indicator.refresh_from_db()
    assert indicator.status == Indicator.Status.ADOPTED


def test_staff_act_on_any_indicator(client, staff, proposed):
    client.force_login(staff)

    client.post(_url("open", proposed.code))

    proposed.refresh_from_db()
    assert proposed.status == Indicator.Status.CO_CONSTRUCTION


# --- Targets ---------------------------------------------------------------------------------------


def _target(territory, /, **values) -> dict:
    data = {
        "level": "regional",
        "territory": territory.pk,
        "period": "2027",
        "value": "80",
        "rationale": "Rejoindre la moyenne des régions comparables.",
    }
    data.update(values)
    return data


def test_only_the_indicators_stewards_read_and_set_its_targets(
    client, indicator, montreal, partner, outsider, other_steward, staff
):
    target = TargetFactory(indicator=indicator)
    people = [partner, outsider, other_steward]
    _refused(client, people, "get", _url("targets", indicator.code))
    _refused(client, people, "post", _url("targets", indicator.code), _target(montreal, period="2028"))
    _refused(client, people, "get", _url("target-update", indicator.code, target.pk))
    _refused(client, people, "post", _url("target-update", indicator.code, target.pk), _target(montreal, value="1"))
    _refused(client, people, "post", _url("target-delete", indicator.code, target.pk))
    assert list(Target.objects.values_list("value", "period_start")) == [
        (Decimal("80.0000"), datetime.date(2027, 1, 1))
    ]

    client.force_login(staff)
    assert client.get(_url("targets", indicator.code)).status_code == 200


def test_a_steward_reads_the_targets_table_and_adds_one(client, steward, indicator, montreal, quebec):
    TargetFactory(indicator=indicator, territory=montreal, value=Decimal("80.5"))
    client.force_login(steward)

    response = client.get(_url("targets", indicator.code))

    page = _page(response)
    assert '<th scope="row">2027</th>' in page
    assert "06 Montréal" in page and "80,5" in page and "Régional" in page
    assert "Dans l’unité de l’indicateur : pourcentage." in page
    # Québec first, then the RSS in code order, then the local territories.
    territories = list(response.context["form"].fields["territory"].queryset)
    assert territories[0] == quebec and [territory.code for territory in territories[1:19]] == [
        f"{code:02d}" for code in range(1, 19)
    ]

    response = client.post(
        _url("targets", indicator.code), _target(quebec, level="provincial", period="2027-T1", value="75,5")
    )

    assert response.status_code == 302 and response["Location"] == _url("targets", indicator.code)
    assert _messages(response) == ["La cible est ajoutée."]
    target = Target.objects.get(territory=quebec)
    assert (target.level, target.granularity, target.period_start, target.period_end, target.value) == (
        "provincial",
        "quarter",
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 31),
        Decimal("75.5"),
    )
    assert target.created_by == steward


def test_a_local_territory_can_have_a_target(client, steward, indicator, montreal):
    local = TerritoryFactory(name_fr="Plateau-Mont-Royal", parent=montreal)
    client.force_login(steward)

    client.post(_url("targets", indicator.code), _target(local, level="local"))

    assert Target.objects.get().territory == local


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"value": "140"}, "value", "Un pourcentage doit être entre 0 et 100."),
        ({"value": "-3"}, "value", "Un pourcentage doit être entre 0 et 100."),
        ({"value": "N/A"}, "value", "Saisissez un nombre."),
        ({"period": "2027-T5"}, "period", "« 2027-T5 » n’est pas une période"),
        ({"period": "2027-02-30"}, "period", "« 2027-02-30 » n’est pas une période"),
        ({"period": "30/02/2027"}, "period", "n’est pas une période"),
        ({"level": "mondial"}, "level", "Sélectionnez un choix valide."),
        ({"territory": "999999"}, "territory", "Sélectionnez un choix valide."),
        ({"rationale": ""}, "rationale", "Ce champ est obligatoire."),
    ],
)
def test_a_bad_target_is_explained_and_nothing_is_written(client, steward, indicator, montreal, values, field, message):
    client.force_login(steward)

    response = client.post(_url("targets", indicator.code), _target(montreal, **values))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert escape(message) in _page(response) or message in _page(response)
    assert not Target.objects.exists()


def test_a_count_target_cannot_be_negative(client, steward, count_indicator, montreal):
    client.force_login(steward)

    response = client.post(_url("targets", count_indicator.code), _target(montreal, value="-1"))

    assert "Une valeur de cet indicateur ne peut pas être négative." in _page(response)
    assert not Target.objects.exists()


def test_the_same_target_twice_is_refused(client, steward, indicator, montreal):
    TargetFactory(indicator=indicator, territory=montreal)
    client.force_login(steward)

    response = client.post(_url("targets", indicator.code), _target(montreal, value="90"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Target.objects.get().value == Decimal("80")


def test_a_steward_changes_a_target(client, steward, indicator, montreal):
    target = TargetFactory(indicator=indicator, territory=montreal, granularity="quarter")
    client.force_login(steward)

    form = client.get(_url("target-update", indicator.code, target.pk)).context["form"]
    assert form["period"].value() == "2027-T1" and form["value"].value() == "80"

    response = client.post(
        _url("target-update", indicator.code, target.pk), _target(montreal, value="85", period="2028")
    )

    assert response.status_code == 302 and _messages(response) == ["La cible est modifiée."]
    target.refresh_from_db()
    assert target.value == Decimal("85") and target.period_start == datetime.date(2028, 1, 1)
    assert target.granularity == "year"


def test_a_bad_change_to_a_target_writes_nothing(client, steward, indicator, montreal):
    target = TargetFactory(indicator=indicator, territory=montreal)
    client.force_login(steward)

    for values in ({"value": "140"}, {"period": "2027-T5"}, {"period": "2027-13"}):
        response = client.post(_url("target-update", indicator.code, target.pk), _target(montreal, **values))
        assert response.status_code == 200 and response.context["form"].errors

    target.refresh_from_db()
    assert (target.value, target.period_start) == (Decimal("80"), datetime.date(2027, 1, 1))


def test_a_steward_deletes_a_target(client, steward, indicator):
    target = TargetFactory(indicator=indicator)
    client.force_login(steward)

    assert client.get(_url("target-delete", indicator.code, target.pk)).status_code == 405
    assert Target.objects.exists()
    response = client.post(_url("target-delete", indicator.code, target.pk))

    assert response.status_code == 302 and _messages(response) == ["La cible est supprimée."]
    assert not Target.objects.exists()


def test_another_indicators_target_is_404(client, steward, indicator, proposed):
    elsewhere = TargetFactory()  # on an indicator Mathieu does not steward
    mine_elsewhere = TargetFactory(indicator=proposed)  # on another of his indicators
    client.force_login(steward)

    for target in (elsewhere, mine_elsewhere):
        assert client.get(_url("target-update", indicator.code, target.pk)).status_code == 404
        assert client.post(_url("target-delete", indicator.code, target.pk)).status_code == 404
    assert Target.objects.count() == 2


def test_a_retired_indicator_takes_no_target(client, steward, indicator, montreal):
    client.force_login(steward)
    client.post(_url("retire", indicator.code))

    page = _page(client.get(_url("targets", indicator.code)))
    assert "Cet indicateur est retiré : il ne reçoit plus de cibles." in page
    response = client.post(_url("targets", indicator.code), _target(montreal))
    assert "Un indicateur retiré ne reçoit plus de cibles." in _page(response)
    assert not Target.objects.exists()


@pytest.mark.parametrize("rows", [1, 25])
def test_the_targets_page_runs_the_same_queries_for_1_or_25_targets(
    client, steward, indicator, django_assert_num_queries, rows
):
    territories = list(Territory.objects.regions())
    for index in range(rows):
        TargetFactory(
            indicator=indicator, territory=territories[index % 18], period_start=datetime.date(2027 + index // 18, 1, 1)
        )
    client.force_login(steward)

    # session, user; the indicator she stewards (with its versions and organization); its targets
    # (with their territories); the form's territories; the menu's notifications.
    with django_assert_num_queries(6):
        response = client.get(_url("targets", indicator.code))

    assert response.status_code == 200
    assert len(response.context["targets"]) == rows
