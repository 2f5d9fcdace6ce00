"""The co-construction page: the current wording and what changed, what adoption still needs, the
contributions by version (names only when credited), the form to comment, propose and endorse,
withdrawing an endorsement, and the stewards' answers to proposals. Mathieu (steward) stewards
PREM-RECO (adopted) and PART-DEMARRAGE (proposed); Amélie (partner) has a partner profile."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from indicators import services
from indicators.models import Contribution, Indicator, IndicatorVersion
from tests.factories import ContributionFactory, IndicatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _url(name: str, *args) -> str:
    return reverse(f"indicators:{name}", args=args)


@pytest.fixture
def discussed(steward):
    """BIEN-ETRE, in co-construction: the well-being of front-line care workers."""
    return IndicatorFactory(
        code="BIEN-ETRE",
        status=Indicator.Status.CO_CONSTRUCTION,
        family="workforce",
        stewards=[steward],
        version__name="Bien-être des intervenant·es de première ligne",
        version__unit="score",
    )


@pytest.fixture
def other_steward(db):
    """Lucie stewards another indicator, not these."""
    lucie = UserFactory(email="lucie.intendante@exemple.test", display_name="Lucie")
    IndicatorFactory(code="AUTRE", stewards=[lucie])
    return lucie


def _comment(**values) -> dict:
    data = {"kind": "comment", "role": "professional", "role_detail": "", "field": "", "text": "Bonne idée."}
    data.update(values)
    return data


# --- Reading the page ----------------------------------------------------------------------------


def test_a_visitor_reads_the_wording_and_is_asked_to_sign_in(client, indicator):
    response = client.get(_url("coconstruction", indicator.code))

    page = _page(response)
    assert response.status_code == 200
    assert "Coconstruction de « Part des usagers qui recommanderaient le service »" in page
    assert "Sur 100 personnes qui ont reçu le service" in page  # the definition
    assert "C’est la première version de la définition." in page
    assert "Connectez-vous pour contribuer" in page
    assert response.context["form"] is None
    assert _url("contribute", indicator.code) not in page
    assert "Adopter cette version" not in page and _url("update", indicator.code) not in page


def test_an_unknown_indicator_is_404(client, outsider):
    assert client.get(_url("coconstruction", "INCONNU")).status_code == 404
    client.force_login(outsider)
    assert client.post(_url("contribute", "INCONNU"), _comment()).status_code == 404


def test_the_page_says_what_adoption_still_needs(client, discussed):
    ContributionFactory(indicator=discussed, role="professional")

    page = _page(client.get(_url("coconstruction", discussed.code)))

    assert "Il manque l’appui d’au moins une personne partenaire en santé." in page
    assert "Il manque l’appui d’au moins une personne professionnelle." not in page
    assert "0 partenaire," in page and "1 professionnel·le" in page

    ContributionFactory(indicator=discussed, role="partner")
    page = _page(client.get(_url("coconstruction", discussed.code)))
    assert "Il manque l’appui" not in page
    assert "La version 1 a les appuis nécessaires à son adoption" in page


def test_the_page_lists_what_changed_from_the_previous_version(client, indicator, steward):
    services.indicator_update(
        indicator=indicator,
        by=steward,
        change_note="Précisé avec le comité des usagers.",
        definition="Sur 100 personnes servies, combien recommanderaient le service à un proche.",
        unit="score",
    )

    response = client.get(_url("coconstruction", indicator.code))

    page = _page(response)
    assert [change.label for change in response.context["changes"]] == [
        "Définition en langage clair",
        "Unité",
    ]
    assert "Ce qui a changé depuis la version 1" in page
    assert "Précisé avec le comité des usagers." in page
    assert "Sur 100 personnes qui ont reçu le service" in page  # before
    assert "Sur 100 personnes servies" in page  # after
    assert "Pourcentage" in page and "Score" in page
    # Both versions have their part of the thread, the current one first.
    assert [thread.version.number for thread in response.context["threads"]] == [2, 1]


def test_names_show_only_for_contributions_credited_by_their_author(client, discussed):
    credited = UserFactory(display_name="Rosalie Crédité")
    anonymous = UserFactory(display_name="Gaston Discret")
    ContributionFactory(
        indicator=discussed, contributor=credited, kind="comment", text="Ajouter les proches.", credited=True
    )
    ContributionFactory(
        indicator=discussed,
        contributor=anonymous,
        role="partner",
        role_detail="proche aidant",
        kind="comment",
        text="Le mot « usager » me gêne.",
    )

    page = _page(client.get(_url("coconstruction", discussed.code)))

    assert "Rosalie Crédité, professionnel·le" in page
    assert "Gaston" not in page and "Discret" not in page
    assert "Une personne partenaire en santé</strong> — proche aidant" in page
    assert escape("Le mot « usager » me gêne.") in page


def test_a_signed_in_person_sees_the_form_with_the_role_they_likely_have(
    client, partner, partner_profile, organizer, discussed, indicator
):
    client.force_login(partner)
    form = client.get(_url("coconstruction", discussed.code)).context["form"]
    assert form["role"].value() == "partner"
    assert [value for value, _label in form.fields["kind"].choices] == ["comment", "proposal", "endorsement"]
    assert "checked" not in str(form["credited"])  # unticked by default

    client.force_login(organizer)
    response = client.get(_url("coconstruction", discussed.code))
    page = _page(response)
    assert response.context["form"]["role"].value() == "professional"
    assert "Afficher mon nom sur la fiche de l’indicateur" in page
    assert "Sinon, la fiche indique seulement" in page
    assert "<legend>Votre contribution</legend>" in page and "<legend>Qui vous êtes</legend>" in page
    # An endorsement is given while an indicator is in co-construction only.
    form = client.get(_url("coconstruction", indicator.code)).context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["comment", "proposal"]


# --- Contributing --------------------------------------------------------------------------------


def test_a_partner_comments_and_is_thanked(client, partner, partner_profile, discussed):
    client.force_login(partner)

    response = client.post(
        _url("contribute", discussed.code), _comment(role="partner", text="Et les proches aidants?", credited="on")
    )

    assert response.status_code == 302
    assert response["Location"] == _url("coconstruction", discussed.code)
    assert _messages(response) == ["Merci : votre commentaire est enregistré."]
    contribution = Contribution.objects.get()
    assert (contribution.contributor, contribution.role, contribution.kind) == (partner, "partner", "comment")
    assert contribution.credited and contribution.version == discussed.current
    assert "Amélie, partenaire en santé" in _page(client.get(_url("coconstruction", discussed.code)))


def test_a_proposal_names_the_part_of_the_definition(client, organizer, discussed):
    client.force_login(organizer)

    response = client.post(
        _url("contribute", discussed.code),
        _comment(kind="proposal", field="exclusions", text="Exclure les stagiaires."),
    )

    assert response.status_code == 302
    proposal = Contribution.objects.get()
    assert (proposal.kind, proposal.field, proposal.proposal_status) == ("proposal", "exclusions", "open")
    page = _page(client.get(_url("coconstruction", discussed.code)))
    assert "Au sujet de : Exclusions." in page
    assert "En attente de la réponse des responsables" in page
    assert "Accepter" not in page  # only stewards answer


def test_the_partner_role_is_refused_without_a_partner_profile(client, outsider, discussed):
    client.force_login(outsider)

    response = client.post(_url("contribute", discussed.code), _comment(role="partner"))

    page = _page(response)
    assert response.status_code == 200
    assert "Créez d’abord votre profil de partenaire pour contribuer à titre de partenaire en santé." in page
    assert response.context["form"].errors["role"]
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_comment(text="   "), "text", "Écrivez votre commentaire."),
        (_comment(kind="proposal", text="Autre chose"), "field", "Choisissez la partie de la définition"),
        (_comment(kind="proposal", field="exclusions", text=""), "text", "Écrivez la formulation que vous proposez."),
        (_comment(kind="proposal", field="couleur", text="Bleu"), "field", "Sélectionnez un choix valide."),
        (_comment(kind="remerciement"), "kind", "Sélectionnez un choix valide."),
        (_comment(role="astronaute"), "role", "Sélectionnez un choix valide."),
    ],
)
def test_a_bad_contribution_shows_the_form_again_and_writes_nothing(client, organizer, discussed, data, field, message):
    client.force_login(organizer)

    response = client.post(_url("contribute", discussed.code), data)

    assert response.status_code == 200
    assert message in _page(response)
    assert field in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_an_endorsement_is_refused_outside_co_construction(client, organizer, indicator):
    client.force_login(organizer)

    response = client.post(_url("contribute", indicator.code), _comment(kind="endorsement"))

    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_endorsing_twice_is_refused_with_a_message(client, organizer, discussed):
    client.force_login(organizer)
    client.post(_url("contribute", discussed.code), _comment(kind="endorsement", text=""))

    response = client.post(_url("contribute", discussed.code), _comment(kind="endorsement", text=""))

    assert response.status_code == 200
    assert "Vous appuyez déjà cette version." in _page(response)
    assert Contribution.objects.filter(kind="endorsement").count() == 1


def test_a_retired_indicator_takes_no_contribution(client, organizer, discussed, steward):
    services.indicator_retire(indicator=discussed, by=steward)
    client.force_login(organizer)

    page = _page(client.get(_url("coconstruction", discussed.code)))
    assert "Cet indicateur est retiré : il ne reçoit plus de contributions." in page
    response = client.post(_url("contribute", discussed.code), _comment())
    assert "Un indicateur retiré ne reçoit plus de contributions." in _page(response)
    assert not Contribution.objects.exists()


def test_a_visitor_cannot_contribute_and_get_is_not_allowed(client, organizer, discussed):
    response = client.post(_url("contribute", discussed.code), _comment())
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not Contribution.objects.exists()

    client.force_login(organizer)
    assert client.get(_url("contribute", discussed.code)).status_code == 405


# --- Withdrawing an endorsement ------------------------------------------------------------------


def test_a_person_withdraws_their_endorsement(client, partner, partner_profile, discussed):
    client.force_login(partner)
    client.post(_url("contribute", discussed.code), _comment(kind="endorsement", role="partner", text=""))
    page = _page(client.get(_url("coconstruction", discussed.code)))
    assert "Vous avez appuyé la version 1" in page and "Retirer mon appui" in page

    assert client.get(_url("endorsement-withdraw", discussed.code)).status_code == 405
    response = client.post(_url("endorsement-withdraw", discussed.code))

    assert response.status_code == 302
    assert _messages(response) == ["Votre appui à la version 1 est retiré."]
    endorsement = Contribution.objects.get()
    assert endorsement.withdrawn_at is not None
    page = _page(client.get(_url("coconstruction", discussed.code)))
    assert "Retirer mon appui" not in page and "Appui retiré" in page
    assert "Il manque l’appui d’au moins une personne partenaire en santé." in page


def test_withdrawing_without_an_endorsement_is_404(client, organizer, discussed):
    ContributionFactory(indicator=discussed)  # someone else's
    client.force_login(organizer)

    assert client.post(_url("endorsement-withdraw", discussed.code)).status_code == 404
    assert Contribution.objects.get().withdrawn_at is None


def test_an_endorsement_of_an_adopted_version_stays(client, organizer, indicator):
    endorsement = ContributionFactory(indicator=indicator, contributor=organizer)
    client.force_login(organizer)

    page = _page(client.get(_url("coconstruction", indicator.code)))
    assert "Cette version est adoptée : votre appui reste au dossier." in page
    assert "Retirer mon appui" not in page
    response = client.post(_url("endorsement-withdraw", indicator.code))
    assert _messages(response) == ["L’appui d’une version adoptée reste au dossier."]
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is None


# --- Stewards: adopting and answering proposals ----------------------------------------------------


def test_stewards_see_the_adopt_button_and_the_answers_to_open_proposals(client, steward, staff, discussed):
    proposal = ContributionFactory(indicator=discussed, kind="proposal", field="name", text="Bien-être au travail")
    ContributionFactory(
        indicator=discussed,
        kind="proposal",
        field="name",
        text="Déjà refusée",
        proposal_status=Contribution.ProposalStatus.DECLINED,
    )

    for person in (steward, staff):
        client.force_login(person)
        page = _page(client.get(_url("coconstruction", discussed.code)))
        assert "Adopter cette version" in page
        assert page.count(_url("proposal-accept", discussed.code, proposal.pk)) == 1
        assert page.count('action="/indicateurs/BIEN-ETRE/propositions/') == 2  # accept and decline, once
        assert "Refusée" in page


def test_adoption_through_the_page_needs_a_partner_and_a_professional(client, steward, discussed):
    ContributionFactory(indicator=discussed, role="professional")
    client.force_login(steward)

    response = client.post(_url("adopt", discussed.code))

    assert response.status_code == 302 and response["Location"] == discussed.get_absolute_url()
    [message] = _messages(response)
    assert message.startswith("Cette version ne peut pas encore être adoptée : il lui faut l’appui")
    assert message.endswith("Il manque : l’appui d’une personne partenaire en santé.")
    discussed.refresh_from_db()
    assert discussed.status == Indicator.Status.CO_CONSTRUCTION and discussed.in_force is None

    ContributionFactory(indicator=discussed, role="partner")
    response = client.post(_url("adopt", discussed.code))

    assert _messages(response)[-1:] == ["La version 1 est adoptée : elle est en vigueur et ses valeurs sont publiques."]
    discussed.refresh_from_db()
    assert discussed.status == Indicator.Status.ADOPTED and discussed.in_force == discussed.current


def test_accepting_a_proposal_on_an_adopted_version_makes_version_2(client, steward, indicator):
    proposal = ContributionFactory(
        indicator=indicator, kind="proposal", field="name", text="Part des personnes qui recommanderaient le service"
    )
    first = indicator.current
    client.force_login(steward)

    response = client.post(_url("proposal-accept", indicator.code, proposal.pk))

    assert response.status_code == 302 and response["Location"] == _url("coconstruction", indicator.code)
    assert _messages(response) == [
        "La modification est acceptée. La version 1 était appuyée ou adoptée : la modification crée donc la "
        "version 2, qui devra être appuyée à nouveau."
    ]
    indicator.refresh_from_db()
    first.refresh_from_db()
    assert indicator.current.number == 2
    assert indicator.current.name == "Part des personnes qui recommanderaient le service"
    assert first.name == "Part des usagers qui recommanderaient le service"  # v1 stays as adopted
    assert indicator.status == Indicator.Status.CO_CONSTRUCTION and indicator.in_force == first
    proposal.refresh_from_db()
    assert proposal.proposal_status == Contribution.ProposalStatus.ACCEPTED


def test_accepting_a_proposal_on_a_draft_changes_it_in_place(client, steward, proposed):
    proposal = ContributionFactory(indicator=proposed, kind="proposal", field="limitations", text="Peu de données.")
    client.force_login(steward)

    response = client.post(_url("proposal-accept", proposed.code, proposal.pk))

    assert _messages(response) == ["La modification est acceptée et appliquée à la version 1."]
    proposed.refresh_from_db()
    assert proposed.versions.count() == 1 and proposed.current.limitations == "Peu de données."


def test_a_proposal_that_does_not_fit_the_definition_stays_open(client, steward, proposed):
    proposal = ContributionFactory(indicator=proposed, kind="proposal", field="unit", text="Des pommes")
    client.force_login(steward)

    response = client.post(_url("proposal-accept", proposed.code, proposal.pk))

    messages = _messages(response)
    assert messages[0] == "Cette proposition ne peut pas être appliquée telle qu’elle est écrite :"
    assert len(messages) == 2
    proposal.refresh_from_db()
    assert proposal.proposal_status == "open"
    assert IndicatorVersion.objects.get(indicator=proposed).unit == "percent"


def test_declining_a_proposal_keeps_the_wording(client, steward, indicator):
    proposal = ContributionFactory(indicator=indicator, kind="proposal", field="name", text="Autre nom")
    client.force_login(steward)

    response = client.post(_url("proposal-decline", indicator.code, proposal.pk))

    assert _messages(response) == ["La modification proposée est refusée ; elle reste dans les échanges."]
    proposal.refresh_from_db()
    indicator.refresh_from_db()
    assert proposal.proposal_status == Contribution.ProposalStatus.DECLINED
    assert indicator.versions.count() == 1 and indicator.current.name != "Autre nom"

    response = client.post(_url("proposal-accept", indicator.code, proposal.pk))
    assert _messages(response)[-1] == "Cette proposition a déjà reçu une réponse."
    proposal.refresh_from_db()
    assert proposal.proposal_status == Contribution.ProposalStatus.DECLINED


@pytest.mark.parametrize("action", ["proposal-accept", "proposal-decline"])
def test_only_stewards_answer_proposals(client, action, indicator, partner, outsider, other_steward, staff):
    proposal = ContributionFactory(indicator=indicator, kind="proposal", field="name", text="Autre nom")
    url = _url(action, indicator.code, proposal.pk)

    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for person in (partner, outsider, other_steward):
        client.force_login(person)
        assert client.post(url).status_code == 404, person
    proposal.refresh_from_db()
    assert proposal.proposal_status == "open"
    indicator.refresh_from_db()
    assert indicator.versions.count() == 1

    client.force_login(staff)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    proposal.refresh_from_db()
    assert proposal.proposal_status != "open"


def test_a_contribution_that_is_not_a_proposal_cannot_be_accepted(client, steward, indicator):
    endorsement = ContributionFactory(indicator=indicator)
    other = ContributionFactory(kind="proposal", field="name", text="Autre nom")  # on another indicator
    client.force_login(steward)

    assert client.post(_url("proposal-accept", indicator.code, endorsement.pk)).status_code == 404
    assert client.post(_url("proposal-accept", indicator.code, other.pk)).status_code == 404


# --- Queries and languages -------------------------------------------------------------------------


def _contributions(indicator, count: int) -> None:
    for index in range(count):
        ContributionFactory(
            indicator=indicator,
            kind=("comment", "proposal", "endorsement")[index % 3],
            field="name" if index % 3 == 1 else "",
            text=f"Contribution {index}",
            role=("partner", "professional")[index % 2],
            credited=index % 2 == 0,
        )


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_runs_the_same_queries_for_1_or_30_contributions(
    client, steward, discussed, django_assert_num_queries, rows
):
    _contributions(discussed, rows)
    services.indicator_update(indicator=discussed, by=steward, name="Bien-être des équipes")  # version 2
    _contributions(discussed, rows)
    client.force_login(steward)

    # session, user; the indicator (with its versions current and in force, its organization), its
    # themes; its contributions (with contributors and versions), its versions; whether the person
    # stewards it; whether she has a partner profile; her endorsement; the menu's notifications.
    with django_assert_num_queries(10):
        response = client.get(_url("coconstruction", discussed.code))

    assert response.status_code == 200
    assert sum(len(thread.entries) for thread in response.context["threads"]) == 2 * rows


@pytest.mark.parametrize("rows", [1, 30])
def test_the_page_runs_the_same_queries_for_a_visitor(client, discussed, django_assert_num_queries, rows):
    _contributions(discussed, rows)

    # the indicator (with its versions and organization), its themes; its contributions (with
    # contributors and versions), its versions.
    with django_assert_num_queries(4):
        response = client.get(_url("coconstruction", discussed.code))

    assert response.status_code == 200


def test_the_page_is_in_english_under_en(client, discussed):
    ContributionFactory(indicator=discussed, role="professional")
    with translation.override("en"):
        url = _url("coconstruction", discussed.code)

    page = _page(client.get(url))

    assert url.startswith("/en/")
    assert "Co-construction of “Bien-être des intervenant·es de première ligne”" in page
    assert "The endorsement of at least one health partner is missing." in page
    assert "Sign in to contribute" in page
