"""The pages of the calls for partners: the board (with "Calls for you"), a call's page and
applying, opening and changing a call, and the organizers' page of applications, team coverage
and suggested partners. Karim organizes "Hôpital à domicile" and its call; Amélie is a partner."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from ecosystem.models import AuditEvent, Notification, Purpose, Territory
from partnerships.models import Application, Call, Engagement
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    DiversityAnswersFactory,
    EngagementFactory,
    InitiativeFactory,
    PartnerProfileFactory,
    TerritoryFactory,
    UserFactory,
)

from .conftest import give

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


def _en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"partnerships:{name}", args=args)


def _call_data(territories=(), /, **overrides) -> dict:
    data = {
        "title": "Comité de patients pour la téléréadaptation",
        "description": "Trois rencontres en soirée pour revoir les outils avec l’équipe.",
        "partner_types": ["patient", "proche_aidant"],
        "themes": [],
        "territories": [territory.pk for territory in territories],
        "languages": ["fr"],
        "sphere": "care",
        "level": "collaboration",
        "governance_level": "establishment",
        "compensation": "compensated",
        "places": "3",
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


def _contactable(**values):
    profile = PartnerProfileFactory(**values)
    give(profile.user, Purpose.CONTACT)
    return profile


# --- The board -----------------------------------------------------------------------------------


def test_the_board_shows_open_calls_to_visitors_with_their_facts(client, call):
    CallFactory(title="Appel déjà fermé", status=Call.Status.CLOSED)
    CallFactory(title="Appel échu", deadline=timezone.localdate() - datetime.timedelta(days=1))

    response = client.get(_url("call-list"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Appels à partenaires</h1>" in page
    assert f'href="{call.get_absolute_url()}"' in page
    assert "Hôpital à domicile" in page  # what the call is for
    assert "Coconstruction" in page and "Soins et services" in page
    assert "<dt>Places</dt><dd>2</dd>" in page
    assert f'<time datetime="{call.deadline:%Y-%m-%d}">' in page
    assert "Proche aidant·e" in page
    assert "1 appel ouvert" in page
    assert "Appel déjà fermé" not in page and "Appel échu" not in page
    assert "Appels pour vous" not in page and "Lancer un appel" not in page


def test_the_board_hides_calls_on_team_only_initiatives_from_outsiders(client, organizer, outsider):
    hidden = InitiativeFactory(title="Projet interne", visibility="team", team=[organizer])
    CallFactory(initiative=hidden, title="Appel de l’équipe seulement")

    assert "Appel de l’équipe seulement" not in _page(client.get(_url("call-list")))
    client.force_login(outsider)
    assert "Appel de l’équipe seulement" not in _page(client.get(_url("call-list")))
    client.force_login(organizer)
    assert "Appel de l’équipe seulement" in _page(client.get(_url("call-list")))


def test_the_board_filters_by_type_sphere_level_words_territory_and_theme(client, call, capitale, isolation):
    other = CallFactory(
        title="Jeunes pour la recherche en santé mentale",
        description="Un groupe de jeunes conseille l’équipe de recherche.",
        partner_types=["jeune", "patient"],
        sphere="research",
        level="collaboration",
    )
    other.territories.set([capitale])
    other.themes.set([isolation])

    for query, expected in [
        ("partner_type=jeune", other),
        ("partner_type=proche_aidant", call),
        ("sphere=research", other),
        ("level=co_construction", call),
        ("q=recherche+jeunes", other),
        ("q=soirée", call),
        (f"territory={capitale.code}", other),
        (f"theme={isolation.slug}", other),
    ]:
        page = _page(client.get(f"{_url('call-list')}?{query}"))
        unexpected = call if expected == other else other
        assert escape(expected.title) in page, query
        assert escape(unexpected.title) not in page, query

    # An RSS holds its local territories: a call in Limoilou is found under Capitale-Nationale.
    limoilou = TerritoryFactory(name_fr="Limoilou", parent=capitale)
    local = CallFactory(title="Table de quartier de Limoilou", territories=[limoilou])
    page = _page(client.get(f"{_url('call-list')}?territory={capitale.code}"))
    assert escape(local.title) in page and escape(call.title) not in page


def test_a_bad_filter_is_explained_not_a_500(client, call):
    for query in ("territory=99", "partner_type=astronaute", "theme=inconnu"):
        response = client.get(f"{_url('call-list')}?{query}")

        page = _page(response)
        assert response.status_code == 200, query
        assert "Ces filtres n’ont pas pu être appliqués" in page, query
        assert escape(call.title) not in page, query


def test_an_htmx_request_to_the_board_gets_only_the_results(client, call):
    response = client.get(f"{_url('call-list')}?q=soirée", HTTP_HX_REQUEST="true")

    page = _page(response)
    assert page.lstrip().startswith('<div id="results"')
    assert escape(call.title) in page
    assert "<html" not in page and "Appels pour vous" not in page
    assert "HX-Request" in response["Vary"]


def test_calls_for_you_appear_only_with_the_contact_consent(client, call, partner, partner_profile):
    CallFactory(
        title="Appel pour les citoyens anglophones",
        partner_types=["citoyen"],
        languages=["en"],
        territories=[Territory.objects.get(code="03")],
    )
    client.force_login(partner)

    page = _page(client.get(_url("call-list")))
    assert "Appels pour vous" not in page
    assert f'href="{reverse("consents")}"' in page  # the hint says which consent is missing

    give(partner, Purpose.CONTACT)
    page = _page(client.get(_url("call-list")))
    for_you = page.split('id="for-you-title"')[1].split('id="all-calls-title"')[0]
    assert escape(call.title) in for_you
    assert "type de partenaire recherché" in for_you and "vit sur le territoire" in for_you
    assert "Appel pour les citoyens anglophones" not in for_you  # it does not fit her
    assert f'href="{reverse("consents")}"' not in page


def test_a_signed_in_person_without_a_profile_is_told_to_create_one(client, call, outsider):
    client.force_login(outsider)

    page = _page(client.get(_url("call-list")))

    assert f'href="{_url("profile")}"' in page
    assert "Appels pour vous" not in page


def test_the_board_says_when_nothing_fits(client, call, partner, partner_profile):
    give(partner, Purpose.CONTACT)
    call.partner_types = ["jeune"]
    call.languages = ["en"]
    call.save()
    call.territories.set([Territory.objects.get(code="03")])
    client.force_login(partner)

    page = _page(client.get(_url("call-list")))

    assert "Aucun appel ouvert ne correspond à votre profil de partenaire pour l’instant." in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_board_runs_the_same_queries_for_1_or_30_calls(
    client, partner, partner_profile, isolation, montreal, django_assert_num_queries, rows
):
    give(partner, Purpose.CONTACT, Purpose.LIVED_EXPERIENCE)
    for _ in range(rows):
        call = CallFactory()
        call.themes.set([isolation])
        call.territories.set([montreal])
        ApplicationFactory(call=call)
    client.force_login(partner)

    # session, user; count and page of calls (with their targets), their territories, their
    # themes; for "Calls for you": the partner's profile and its domains, her consents in force,
    # her applications, the open calls (with their targets), their territories, their themes;
    # the menu's unread notifications; the filter form's territories and themes.
    with django_assert_num_queries(16):
        response = client.get(_url("call-list"))

    assert response.status_code == 200
    assert len(response.context["calls_for_you"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_the_board_runs_the_same_queries_for_1_or_30_calls_for_a_visitor(client, django_assert_num_queries, rows):
    for _ in range(rows):
        CallFactory()

    # the filter form's territories and themes; count and page of calls (with their targets),
    # their territories, their themes.
    with django_assert_num_queries(6):
        response = client.get(_url("call-list"))

    assert response.status_code == 200


def test_the_board_is_in_english_under_en(client, call):
    response = client.get(_en("call-list"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Calls for partners</h1>" in page
    assert "Co-construction" in page and "Caregiver" in page
    assert "1 open call" in page


# --- A call's page and applying ------------------------------------------------------------------


def test_a_visitor_reads_a_call_and_is_asked_to_sign_in(client, call):
    response = client.get(call.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert f"<h1>{escape(call.title)}</h1>" in page
    assert "Ce que feront les partenaires" in page and "quatre rencontres de coconstruction" in page
    assert "Connectez-vous" in page and "postuler" in page
    assert 'name="message"' not in page
    assert "Modifier l’appel" not in page


def test_a_call_on_a_team_only_initiative_is_404_for_others(client, organizer, outsider):
    hidden = InitiativeFactory(visibility="team", team=[organizer])
    call = CallFactory(initiative=hidden)

    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(call.get_absolute_url()).status_code == 404
    assert client.post(_url("call-apply", call.pk), {"message": "Bonjour"}).status_code == 404
    client.force_login(organizer)
    assert client.get(call.get_absolute_url()).status_code == 200


def test_without_a_profile_the_call_page_links_to_creating_one(client, call, outsider):
    client.force_login(outsider)

    page = _page(client.get(call.get_absolute_url()))

    assert f'href="{_url("profile")}"' in page
    assert 'name="message"' not in page


def test_a_partner_applies_once(client, call, partner, partner_profile, organizer):
    client.force_login(partner)
    page = _page(client.get(call.get_absolute_url()))
    assert f'action="{_url("call-apply", call.pk)}"' in page

    response = client.post(_url("call-apply", call.pk), {"message": "Mon conjoint a été hospitalisé à domicile."})

    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    application = Application.objects.get(call=call, applicant=partner)
    assert application.status == Application.Status.PENDING
    assert Notification.objects.filter(recipient=organizer, kind="application_received").count() == 1

    response = client.post(_url("call-apply", call.pk), {"message": "Encore moi."}, follow=True)

    assert "Vous avez déjà postulé à cet appel." in _messages(response)
    assert Application.objects.filter(call=call, applicant=partner).count() == 1
    assert Application.objects.get(call=call, applicant=partner).message.startswith("Mon conjoint")
    page = _page(response)
    assert "Vous avez postulé le" in page and "En attente de réponse" in page
    assert f'action="{_url("application-withdraw", call.pk, application.pk)}"' in page
    assert 'name="message"' not in page


def test_applying_after_the_deadline_writes_nothing(client, call, partner, partner_profile):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(partner)

    response = client.post(_url("call-apply", call.pk), {"message": "Trop tard?"}, follow=True)

    assert response.status_code == 200
    assert "Cet appel est fermé : sa date limite est passée ou ses responsables l’ont fermé." in _messages(response)
    assert not Application.objects.exists()
    assert 'name="message"' not in _page(response)


def test_applying_without_a_profile_or_a_message_is_refused(client, call, partner, outsider):
    client.force_login(outsider)
    response = client.post(_url("call-apply", call.pk), {"message": "Bonjour"}, follow=True)
    assert "Créez votre profil de partenaire avant de postuler : les responsables le liront." in _messages(response)

    PartnerProfileFactory(user=partner)
    client.force_login(partner)
    response = client.post(_url("call-apply", call.pk), {"message": "  "}, follow=True)
    assert any(message.startswith("Message") for message in _messages(response))
    assert not Application.objects.exists()


def test_the_applicant_withdraws_and_others_cannot(client, call, partner, partner_profile, outsider):
    application = ApplicationFactory(call=call, applicant=partner)
    url = _url("application-withdraw", call.pk, application.pk)

    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING

    client.force_login(partner)
    response = client.post(url, follow=True)

    assert "Votre candidature est retirée." in _messages(response)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    response = client.post(url, follow=True)
    assert "Cette candidature a déjà reçu une réponse." in _messages(response)


# --- Opening and changing a call -----------------------------------------------------------------


def test_an_organizer_opens_a_call_on_their_initiative(client, organizer, initiative, capitale, isolation):
    client.force_login(organizer)
    page = _page(client.get(_url("call-create")))
    assert f'href="{_url("call-create")}?initiative={initiative.pk}"' in page

    url = f"{_url('call-create')}?initiative={initiative.pk}"
    page = _page(client.get(url))
    assert "Pour Hôpital à domicile." in page
    assert "<legend>Types de partenaire recherchés" in page  # a group of checkboxes has its legend

    response = client.post(url, _call_data([capitale], themes=[isolation.pk]))

    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.initiative == initiative and call.created_by == organizer
    assert call.partner_types == ["patient", "proche_aidant"]
    assert call.compensation == "compensated" and call.places == 3
    assert list(call.territories.all()) == [capitale] and list(call.themes.all()) == [isolation]


def test_opening_a_call_on_what_one_does_not_organize_is_404(client, outsider, initiative, space, committee):
    client.force_login(outsider)

    page = _page(client.get(_url("call-create")))
    assert "Vous n’en organisez aucun pour l’instant." in page

    for query in (
        f"initiative={initiative.pk}",
        f"community={space.pk}",
        f"governance_body={committee.pk}",
        "initiative=abc",
        "initiative=999999",
    ):
        assert client.get(f"{_url('call-create')}?{query}").status_code == 404, query
        assert client.post(f"{_url('call-create')}?{query}", _call_data()).status_code == 404, query
    assert not Call.objects.exists()


def test_a_co_facilitator_opens_a_call_on_their_space(client, facilitator, space):
    client.force_login(facilitator)

    response = client.post(f"{_url('call-create')}?community={space.pk}", _call_data())

    assert response.status_code == 302
    assert Call.objects.get().community == space


def test_bad_call_input_is_shown_on_the_form(client, organizer, initiative):
    client.force_login(organizer)
    url = f"{_url('call-create')}?initiative={initiative.pk}"

    response = client.post(url, _call_data(deadline=(timezone.localdate() - datetime.timedelta(days=1)).isoformat()))
    assert response.status_code == 200
    assert "La date limite ne peut pas être passée." in _page(response)

    response = client.post(url, _call_data(partner_types=["astronaute"], places="0", territories=["abc"]))
    page = _page(response)
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    summary = page.split('class="error-summary"')[1].split("</ul>")[0]
    assert "Types de partenaire recherchés : Sélectionnez un choix valide. astronaute n’en fait pas partie." in summary
    assert "Territoires :" in summary and "abc" in summary and "n’est pas une valeur correcte." in summary
    assert '<a href="#id_places">Places :' in summary
    assert not Call.objects.exists()


def test_the_organizer_changes_and_closes_the_call(client, organizer, call):
    client.force_login(organizer)
    page = _page(client.get(call.get_absolute_url()))
    assert f'href="{_url("call-update", call.pk)}"' in page
    assert f'href="{_url("call-applications", call.pk)}"' in page
    page = _page(client.get(_url("call-update", call.pk)))
    assert f'value="{escape(call.title)}"' in page

    response = client.post(_url("call-update", call.pk), _call_data(title="Nouveau titre", places="4"))

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Nouveau titre" and call.places == 4

    response = client.post(_url("call-close", call.pk), follow=True)

    call.refresh_from_db()
    assert call.status == Call.Status.CLOSED
    assert "Cet appel ne reçoit plus de candidatures." in _page(response)
    assert "Nouveau titre" not in _page(client.get(_url("call-list")))


def test_outsiders_get_404_on_every_organizer_page_and_nothing_changes(
    client, call, outsider, partner, partner_profile, organizer
):
    application = ApplicationFactory(call=call, applicant=partner)
    suggested = _contactable()
    client.force_login(outsider)

    for method, url in [
        ("get", _url("call-applications", call.pk)),
        ("get", _url("call-update", call.pk)),
        ("post", _url("call-update", call.pk)),
        ("post", _url("call-close", call.pk)),
        ("post", _url("application-accept", call.pk, application.pk)),
        ("post", _url("application-decline", call.pk, application.pk)),
        ("post", _url("call-invite", call.pk, suggested.user_id)),
    ]:
        data = _call_data(title="Piraté") if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, url

    call.refresh_from_db()
    application.refresh_from_db()
    assert call.title != "Piraté" and call.status == Call.Status.OPEN
    assert application.status == Application.Status.PENDING
    assert not Engagement.objects.exists()
    assert not Notification.objects.filter(kind="call_invitation").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEWED).exists()
    assert client.get(_url("calls-organized")).context["page"].paginator.count == 0


def test_my_calls_lists_them_with_counts(client, organizer, call):
    ApplicationFactory(call=call)
    ApplicationFactory(call=call, status=Application.Status.DECLINED)
    client.force_login(organizer)

    response = client.get(_url("calls-organized"))

    page = _page(response)
    assert response.status_code == 200
    assert f'href="{_url("call-applications", call.pk)}">2<' in page
    assert "<td>1</td>" in page  # one waiting for an answer
    assert client.get(_url("calls-organized")).context["page"].paginator.count == 1


# --- The organizers' page ------------------------------------------------------------------------


def test_the_organizer_sees_applicants_with_fit_and_the_views_are_audited(
    client, call, organizer, partner, partner_profile
):
    application = ApplicationFactory(call=call, applicant=partner, message="Je connais bien les soins à domicile.")
    suggested = _contactable(partner_types=["proche_aidant"])
    client.force_login(organizer)

    response = client.get(_url("call-applications", call.pk))

    page = _page(response)
    assert response.status_code == 200
    assert "Amélie" in page and "Je connais bien les soins à domicile." in page
    assert "type de partenaire recherché" in page
    assert f'action="{_url("application-accept", call.pk, application.pk)}"' in page
    assert f'action="{_url("call-invite", call.pk, suggested.user_id)}"' in page
    assert suggested.user.display_name in page
    events = AuditEvent.objects.filter(actor=organizer, action=AuditEvent.Action.VIEWED)
    assert sorted(events.values_list("subject_id", "what")) == sorted(
        [
            (partner.pk, "partner profile (call applications)"),
            (suggested.user_id, "partner profile (call suggestions)"),
        ]
    )


def test_accepting_creates_the_engagement_the_partner_then_sees(client, call, organizer, partner, partner_profile):
    application = ApplicationFactory(call=call, applicant=partner)
    client.force_login(organizer)

    response = client.post(_url("application-accept", call.pk, application.pk), follow=True)

    engagement = Engagement.objects.get(partner=partner)
    assert engagement.initiative == call.initiative and engagement.level == call.level
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED and application.engagement == engagement
    message = _messages(response)[0]
    assert "Son engagement est enregistré." in message
    assert f'href="{engagement.get_absolute_url()}"' in message
    assert f'href="{engagement.get_absolute_url()}"' in _page(response)  # also on the application

    response = client.post(_url("application-accept", call.pk, application.pk), follow=True)
    assert "Cette candidature a déjà reçu une réponse." in _messages(response)
    assert Engagement.objects.count() == 1

    client.force_login(partner)
    response = client.get(_url("engagement-detail", engagement.pk))
    assert response.status_code == 200
    assert "Hôpital à domicile" in _page(response)
    assert f'href="{engagement.get_absolute_url()}"' in _page(client.get(call.get_absolute_url()))


def test_declining_notifies_and_creates_nothing(client, call, organizer, partner, partner_profile):
    application = ApplicationFactory(call=call, applicant=partner)
    client.force_login(organizer)

    response = client.post(_url("application-decline", call.pk, application.pk), follow=True)

    assert "La candidature de Amélie n’est pas retenue ; la personne en est avisée." in _messages(response)
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert not Engagement.objects.exists()
    assert Notification.objects.filter(recipient=partner, kind="application_declined").exists()


def test_an_application_of_another_call_is_404(client, call, organizer, partner, partner_profile):
    other = ApplicationFactory(applicant=partner)  # on a call Karim does not organize

    client.force_login(organizer)

    assert client.post(_url("application-accept", call.pk, other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == Application.Status.PENDING


def test_the_overload_warning_appears_for_a_partner_with_three_active_engagements(
    client, call, organizer, partner, partner_profile
):
    ApplicationFactory(call=call, applicant=partner)
    busy = _contactable()
    for _ in range(3):
        EngagementFactory(partner=partner)
        EngagementFactory(partner=busy.user)
    EngagementFactory(partner=busy.user, ended_on=timezone.localdate() - datetime.timedelta(days=1))
    calm = _contactable()
    EngagementFactory(partner=calm.user)
    client.force_login(organizer)

    page = _page(client.get(_url("call-applications", call.pk)))

    warning = "porte 3 engagements actifs : veillez à ne pas surcharger cette personne."
    assert page.count(warning) == 2  # the applicant and the suggested partner, ended ones not counted
    assert "porte 1 engagement actif" not in page


def test_inviting_a_suggested_partner_notifies_them(client, call, organizer):
    suggested = _contactable()
    unwilling = PartnerProfileFactory()
    client.force_login(organizer)

    response = client.post(_url("call-invite", call.pk, suggested.user_id), follow=True)

    assert response.redirect_chain[-1][0] == _url("call-applications", call.pk)
    assert Notification.objects.filter(recipient=suggested.user, kind="call_invitation").count() == 1

    response = client.post(_url("call-invite", call.pk, unwilling.user_id), follow=True)

    assert "Cette personne n’a pas accepté d’être contactée pour des appels." in _messages(response)
    assert not Notification.objects.filter(recipient=unwilling.user).exists()
    assert client.post(_url("call-invite", call.pk, UserFactory().pk)).status_code == 404


def _team(initiative, count: int, **answers) -> list:
    """``count`` partners engaged on ``initiative``, each with diversity answers and the consent."""
    people = []
    for _ in range(count):
        profile = PartnerProfileFactory(partner_types=["patient"])
        EngagementFactory(partner=profile.user, initiative=initiative)
        give(profile.user, Purpose.DIVERSITY)
        DiversityAnswersFactory(user=profile.user, **answers)
        people.append(profile.user)
    return people


def test_the_diversity_block_is_hidden_under_five_respondents(client, call, organizer, initiative):
    _team(initiative, 4)
    client.force_login(organizer)

    page = _page(client.get(_url("call-applications", call.pk)))

    assert "Qui manque-t-il?" in page
    assert "Moins de 5 partenaires de cette équipe ont répondu aux questions sur la diversité" in page
    assert "Groupe d’âge" not in page and "Femme" not in page and "45 à 54 ans" not in page
    assert '<th scope="row">Patient·e</th><td>&lt; 5</td>' in page
    assert "Proche aidant·e." in page  # sought by the call and missing around the table


def test_small_diversity_groups_show_as_less_than_five(client, call, organizer, initiative):
    _team(initiative, 3, age_band="45_54")
    _team(initiative, 3, age_band="25_34")
    client.force_login(organizer)

    page = _page(client.get(_url("call-applications", call.pk)))

    assert "Moins de 5 partenaires" not in page
    assert "<caption>Groupe d’âge</caption>" in page
    assert '<th scope="row">45 à 54 ans</th><td>&lt; 5</td>' in page
    assert '<th scope="row">Femme</th><td>6</td>' in page
    assert '<th scope="row">Patient·e</th><td>6</td>' in page
    assert '<th scope="row">75 ans ou plus</th><td>0</td>' in page
    assert "<strong>Non représenté :</strong> 14 à 17 ans, 18 à 24 ans" in page


def test_no_page_shows_an_applicant_email_or_diversity_answers(client, call, organizer, partner, partner_profile):
    give(partner, Purpose.DIVERSITY, Purpose.CONTACT)
    DiversityAnswersFactory(user=partner, age_band="75_plus", gender="non_binary", income_band="low")
    ApplicationFactory(call=call, applicant=partner)
    client.force_login(organizer)

    pages = [
        _page(client.get(url))
        for url in (
            _url("call-list"),
            call.get_absolute_url(),
            _url("calls-organized"),
            _url("call-applications", call.pk),
        )
    ]

    for page in pages:
        assert partner.email not in page
        assert "75 ans ou plus" not in page and "Personne non binaire" not in page
        assert "Moins de 30 000" not in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_applications_page_runs_the_same_queries_for_1_or_20(
    client, call, organizer, isolation, initiative, django_assert_num_queries, rows
):
    call.themes.set([isolation])
    for _ in range(rows):
        applicant = PartnerProfileFactory()
        give(applicant.user, Purpose.LIVED_EXPERIENCE)
        applicant.experience_themes.set([isolation])
        ApplicationFactory(call=call, applicant=applicant.user)
        EngagementFactory(partner=applicant.user)
        suggested = _contactable()
        suggested.experience_themes.set([isolation])
        EngagementFactory(partner=suggested.user)
    _team(initiative, 5)
    client.force_login(organizer)

    # session, user; the call (with its target), its territories, its themes; the count and page
    # of applications (with applicants), their profiles, their domains, their loads; suggestions: the best profiles
    # (scored and ranked by the database), their domains; coverage: engaged partners, their
    # types, their diversity answers; the audit events (one insert); the menu's unread notifications.
    with django_assert_num_queries(17):
        response = client.get(_url("call-applications", call.pk))

    assert response.status_code == 200
    assert len(response.context["applicants"]) == len(response.context["suggestions"]) == rows
    assert AuditEvent.objects.filter(actor=organizer).count() == 2 * rows


def test_the_applications_page_is_in_english_under_en(client, call, organizer, partner, partner_profile):
    ApplicationFactory(call=call, applicant=partner)
    client.force_login(organizer)

    response = client.get(_en("call-applications", call.pk))

    page = _page(response)
    assert response.status_code == 200
    assert "Who is missing?" in page and "Suggested partners" in page
    assert "Amélie" in page


def test_the_call_pages_are_in_english_under_en(client, call, organizer):
    client.force_login(organizer)

    for url in (_en("call-detail", call.pk), _en("call-create"), _en("calls-organized"), _en("call-update", call.pk)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="en"' in _page(response), url
    assert "What the partners will do" in _page(client.get(_en("call-detail", call.pk)))


def test_a_busy_call_shows_its_applications_twenty_at_a_time_waiting_ones_first(client, call, organizer):
    answered = ApplicationFactory(call=call, status="declined")
    for _ in range(24):
        ApplicationFactory(call=call)
    client.force_login(organizer)

    first = client.get(_url("call-applications", call.pk))
    second = client.get(_url("call-applications", call.pk) + "?page=2")

    assert len(first.context["applicants"]) == 20 and len(second.context["applicants"]) == 5
    assert second.context["applicants"][-1].application == answered
    # Only the profiles shown are noted as viewed.
    assert AuditEvent.objects.filter(actor=organizer, what="partner profile (call applications)").count() == 25
