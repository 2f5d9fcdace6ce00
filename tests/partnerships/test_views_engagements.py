"""Engagement pages: recording one on what one organizes, the partner confirming or declining it,
correcting it, the lists, and the "Health partners" block on an initiative's page and a space's
facilitation page. Anyone who is neither the partner nor an organizer gets 404."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ecosystem.models import Notification
from partnerships.models import Engagement
from tests.factories import EngagementFactory, InitiativeFactory, PartnerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_PARTNER = (
    "Aucune personne partenaire n’a cette adresse : demandez d’abord à la personne de créer son profil de partenaire."
)


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _url(name: str, *args) -> str:
    return reverse(f"partnerships:{name}", args=args)


def _create_url(**target) -> str:
    ((name, pk),) = target.items()
    return f"{_url('engagement-create')}?{name}={pk}"


def _data(partner_email: str = "amelie.partenaire@exemple.test", **overrides) -> dict:
    data = {
        "partner": partner_email,
        "level": "co_construction",
        "sphere": "care",
        "governance_level": "team",
        "from_start": "on",
        "started_on": "2025-01-15",
        "ended_on": "",
        "hours": "12.5",
        "compensation": "compensated",
        "outcome": "Le guide de sortie d’hôpital a été réécrit avec elle.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def proposed(partner, partner_profile, initiative, organizer):
    """Amélie's engagement on Karim's initiative, waiting for her answer."""
    return EngagementFactory(partner=partner, initiative=initiative, status="proposed", recorded_by=organizer)


# --- Recording -----------------------------------------------------------------------------------


def test_an_organizer_records_an_engagement_and_the_partner_confirms_it(
    client, organizer, partner, partner_profile, initiative
):
    client.force_login(organizer)

    response = client.post(_create_url(initiative=initiative.pk), _data())

    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == engagement.get_absolute_url()
    assert (engagement.partner, engagement.initiative, engagement.recorded_by) == (partner, initiative, organizer)
    assert (engagement.level, engagement.sphere, engagement.governance_level) == ("co_construction", "care", "team")
    assert engagement.from_start and engagement.compensation == "compensated"
    assert engagement.started_on == datetime.date(2025, 1, 15) and engagement.ended_on is None
    assert str(engagement.hours) == "12.5"
    assert engagement.status == Engagement.Status.PROPOSED
    notification = Notification.objects.get(recipient=partner)
    assert notification.kind == Notification.Kind.ENGAGEMENT_PROPOSED
    assert notification.url == engagement.get_absolute_url()

    client.force_login(partner)
    listing = _page(client.get(_url("engagement-list")))
    assert "Hôpital à domicile" in listing
    assert _url("engagement-confirm", engagement.pk) in listing
    detail = client.get(engagement.get_absolute_url())
    assert _url("engagement-confirm", engagement.pk) in _page(detail)
    assert _url("engagement-update", engagement.pk) not in _page(detail)

    response = client.post(_url("engagement-confirm", engagement.pk))

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CONFIRMED and engagement.confirmed_at is not None
    followed = client.get(response["Location"])
    assert "Merci : votre engagement est confirmé." in _messages(followed)
    assert _url("engagement-confirm", engagement.pk) not in _page(followed)


def test_the_partner_declines_an_engagement_and_it_stops_counting(client, partner, proposed):
    client.force_login(partner)

    response = client.post(_url("engagement-decline", proposed.pk))

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Engagement.Status.DECLINED
    assert not Engagement.objects.counted().filter(pk=proposed.pk).exists()


def test_the_form_explains_consultation_and_co_construction_in_plain_words(client, organizer, initiative):
    client.force_login(organizer)

    page = _page(client.get(_create_url(initiative=initiative.pk)))

    assert "Consulter, c’est demander l’avis d’une personne, puis décider sans elle." in page
    assert "la personne partenaire conçoit le projet et décide avec l’équipe, d’égal à égal." in page
    assert "<legend>Niveau" in page  # the levels are radio buttons grouped in a fieldset
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # started today unless told otherwise


def test_a_facilitator_records_an_engagement_on_their_space(client, facilitator, partner, partner_profile, space):
    client.force_login(facilitator)

    response = client.post(_create_url(community=space.pk), _data(level="consultation"))

    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.community == space and engagement.initiative is None and engagement.level == "consultation"


def test_a_body_organizer_records_an_engagement_on_their_committee(
    client, decision_maker, partner, partner_profile, committee
):
    client.force_login(decision_maker)

    response = client.post(_create_url(governance_body=committee.pk), _data(sphere="governance"))

    assert response.status_code == 302
    assert Engagement.objects.get().governance_body == committee


def test_an_outsider_cannot_record_on_an_initiative_they_do_not_organize(
    client, outsider, partner, partner_profile, initiative
):
    client.force_login(outsider)

    assert client.get(_create_url(initiative=initiative.pk)).status_code == 404
    response = client.post(_create_url(initiative=initiative.pk), _data())

    assert response.status_code == 404
    assert not Engagement.objects.exists()
    assert not Notification.objects.filter(recipient=partner).exists()


@pytest.mark.parametrize("query", ["?initiative=abc", "?initiative=999999", "?initiative=1&community=1"])
def test_a_bad_target_answers_404(client, organizer, initiative, query):
    client.force_login(organizer)

    assert client.get(_url("engagement-create") + query).status_code == 404


def test_without_a_target_the_page_lists_what_the_person_organizes(client, organizer, initiative):
    other = InitiativeFactory(title="Initiative d’une autre équipe")
    client.force_login(organizer)

    page = _page(client.get(_url("engagement-create")))

    assert f"?initiative={initiative.pk}" in page and "Hôpital à domicile" in page
    assert other.title not in page


def test_without_a_target_a_person_who_organizes_nothing_is_told_why(client, outsider):
    client.force_login(outsider)

    response = client.get(_url("engagement-create"))

    assert response.status_code == 200
    assert "Vous n’êtes encore responsable d’aucune initiative" in _page(response)


def test_the_pages_need_a_signed_in_person(client, initiative, proposed):
    for url in (_url("engagement-list"), _create_url(initiative=initiative.pk), proposed.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and "next=" in response["Location"]


def test_an_unknown_address_is_refused_without_saying_more(client, organizer, initiative):
    client.force_login(organizer)

    response = client.post(_create_url(initiative=initiative.pk), _data("personne@exemple.test"))

    assert response.status_code == 200
    assert response.context["form"].errors["partner"] == [NO_PARTNER]
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("case", ["no_profile", "inactive"])
def test_an_address_without_an_active_partner_gets_the_same_message(client, organizer, initiative, case):
    if case == "no_profile":
        UserFactory(email="sans.profil@exemple.test")
        email = "sans.profil@exemple.test"
    else:
        profile = PartnerProfileFactory(user=UserFactory(email="fermee@exemple.test", is_active=False))
        email = profile.user.email
    client.force_login(organizer)

    response = client.post(_create_url(initiative=initiative.pk), _data(email))

    assert response.context["form"].errors["partner"] == [NO_PARTNER]
    assert not Engagement.objects.exists()


def test_the_address_is_matched_whatever_its_case(client, organizer, partner, partner_profile, initiative):
    client.force_login(organizer)

    client.post(_create_url(initiative=initiative.pk), _data("Amelie.Partenaire@EXEMPLE.test"))

    assert Engagement.objects.get().partner == partner


def test_dates_in_the_wrong_order_are_refused(client, organizer, partner, partner_profile, initiative):
    client.force_login(organizer)

    response = client.post(_create_url(initiative=initiative.pk), _data(started_on="2025-03-01", ended_on="2025-02-01"))

    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == ["La date de fin ne peut pas précéder la date de début."]
    assert not Engagement.objects.exists()
    assert not Notification.objects.filter(recipient=partner).exists()


@pytest.mark.parametrize("field,value", [("level", "co_leader"), ("hours", "-3"), ("started_on", "hier")])
def test_bad_values_are_refused_on_the_form(client, organizer, partner_profile, initiative, field, value):
    client.force_login(organizer)

    response = client.post(_create_url(initiative=initiative.pk), _data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Engagement.objects.exists()


# --- Correcting ----------------------------------------------------------------------------------


def test_an_organizer_corrects_an_engagement_but_not_its_partner(client, organizer, partner, proposed):
    other = PartnerProfileFactory(user=UserFactory(email="autre@exemple.test")).user
    client.force_login(organizer)
    data = _data(other.email, level="consultation", ended_on="2025-06-30", outcome="Avis sur le dépliant.")
    data["started_on"] = "2025-01-01"

    response = client.post(_url("engagement-update", proposed.pk), data)

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.partner == partner
    assert (proposed.level, proposed.ended_on) == ("consultation", datetime.date(2025, 6, 30))
    assert proposed.outcome == "Avis sur le dépliant."


def test_the_edit_form_starts_from_the_engagement(client, organizer, proposed):
    client.force_login(organizer)

    response = client.get(_url("engagement-update", proposed.pk))

    form = response.context["form"]
    assert "partner" not in form.fields
    assert form.initial["level"] == proposed.level and form.initial["started_on"] == proposed.started_on
    assert "Amélie" in _page(response)


def test_the_edit_form_refuses_dates_in_the_wrong_order(client, organizer, proposed):
    before = proposed.ended_on
    client.force_login(organizer)

    response = client.post(
        _url("engagement-update", proposed.pk), _data(started_on="2025-03-01", ended_on="2025-02-01")
    )

    assert response.status_code == 200 and "ended_on" in response.context["form"].errors
    proposed.refresh_from_db()
    assert proposed.ended_on == before


@pytest.mark.parametrize("who", ["partner", "outsider"])
def test_the_partner_and_others_cannot_edit(client, request, proposed, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url("engagement-update", proposed.pk)).status_code == 404
    response = client.post(_url("engagement-update", proposed.pk), _data(level="co_leadership"))

    assert response.status_code == 404
    proposed.refresh_from_db()
    assert proposed.level == "co_construction"


# --- Reading, confirming, declining --------------------------------------------------------------


def test_an_organizer_reads_the_engagement_with_the_partner_by_display_name(client, organizer, partner, proposed):
    client.force_login(organizer)

    page = _page(client.get(proposed.get_absolute_url()))

    assert "Amélie" in page and partner.email not in page
    assert _url("partner-detail", partner.pk) in page
    assert _url("engagement-update", proposed.pk) in page
    assert _url("engagement-confirm", proposed.pk) not in page


def test_an_organizer_cannot_answer_for_the_partner(client, organizer, proposed):
    client.force_login(organizer)

    assert client.post(_url("engagement-confirm", proposed.pk)).status_code == 404
    assert client.post(_url("engagement-decline", proposed.pk)).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Engagement.Status.PROPOSED


def test_others_get_404_on_the_engagement(client, outsider, proposed):
    client.force_login(outsider)

    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert client.post(_url("engagement-confirm", proposed.pk)).status_code == 404
    assert client.post(_url("engagement-decline", proposed.pk)).status_code == 404
    proposed.refresh_from_db()
    assert proposed.status == Engagement.Status.PROPOSED


def test_confirming_needs_a_post(client, partner, proposed):
    client.force_login(partner)

    assert client.get(_url("engagement-confirm", proposed.pk)).status_code == 405
    proposed.refresh_from_db()
    assert proposed.status == Engagement.Status.PROPOSED


def test_an_engagement_of_a_deleted_account_still_shows(client, organizer, initiative):
    engagement = EngagementFactory(partner=None, initiative=initiative)
    client.force_login(organizer)

    response = client.get(engagement.get_absolute_url())

    assert response.status_code == 200
    assert "Une personne qui n’est plus inscrite" in _page(response)


# --- The list --------------------------------------------------------------------------------------


def test_the_list_shows_mine_then_what_i_organize(client, organizer, partner, partner_profile, initiative):
    own = EngagementFactory(partner=organizer, initiative=InitiativeFactory(title="Table de quartier"))
    on_mine = EngagementFactory(partner=partner, initiative=initiative)
    elsewhere = EngagementFactory(initiative=InitiativeFactory(title="Projet d’ailleurs"))
    client.force_login(organizer)

    response = client.get(_url("engagement-list"))

    page = _page(response)
    assert [engagement.pk for engagement in response.context["answered"]] == [own.pk]
    assert [engagement.pk for engagement in response.context["page"].object_list] == [on_mine.pk]
    assert "Table de quartier" in page and "Amélie" in page
    assert _url("engagement-update", on_mine.pk) in page
    assert elsewhere.initiative.title not in page
    assert _url("engagement-create") in page  # Karim organizes: he may record one


def test_a_partner_who_organizes_nothing_sees_only_their_engagements(client, partner, proposed):
    client.force_login(partner)

    response = client.get(_url("engagement-list"))

    page = _page(response)
    assert response.context["to_answer"] == [proposed]
    assert "Engagements sur ce dont je suis responsable" not in page
    assert f'href="{_url("engagement-create")}"' not in page


def test_the_list_works_in_english(english_client, partner, proposed):
    english_client.force_login(partner)
    with translation.override("en"):
        url = _url("engagement-list")

    response = english_client.get(url)

    assert url.startswith("/en/")
    assert response.status_code == 200
    assert "My engagements" in _page(response) and "Confirm" in _page(response)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_runs_the_same_queries_for_1_or_30_rows(
    client, organizer, initiative, space, django_assert_num_queries, rows
):
    other = InitiativeFactory(team=[organizer])
    for _ in range(rows):
        EngagementFactory(partner=organizer, initiative=InitiativeFactory(), status="proposed")
        EngagementFactory(partner=organizer, initiative=InitiativeFactory())
        EngagementFactory(initiative=initiative)
        EngagementFactory(initiative=other)
    client.force_login(organizer)

    # session, user, the menu's unread notifications, my engagements (with partner and target),
    # the count and the page of engagements on what I organize, then whether I organize an
    # initiative (the first answer suffices).
    with django_assert_num_queries(7):
        response = client.get(_url("engagement-list"))

    assert response.status_code == 200
    assert len(response.context["to_answer"]) == rows


# --- The block on an initiative's page and a space's facilitation page ----------------------------


def test_the_initiative_page_shows_the_partners_block_to_the_team(client, organizer, partner, initiative, proposed):
    client.force_login(organizer)

    page = _page(client.get(initiative.get_absolute_url()))

    assert "Partenaires en santé" in page and "Amélie" in page
    assert f"{_url('engagement-create')}?initiative={initiative.pk}" in page
    assert f"{_url('call-create')}?initiative={initiative.pk}" in page
    assert proposed.get_absolute_url() in page
    assert partner.email not in page


@pytest.mark.parametrize("who", [None, "outsider", "partner"])
def test_others_see_no_partner_on_the_initiative_page(client, request, initiative, proposed, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.get(initiative.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert "Amélie" not in page
    assert _url("engagement-create") not in page and proposed.get_absolute_url() not in page


def test_the_initiative_page_links_to_the_lead_organization_partnership_page(client, initiative, hospital):
    page = _page(client.get(initiative.get_absolute_url()))

    assert _url("organization-partnership", hospital.slug) in page


def _queries_of(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def test_the_partners_block_adds_one_query_whatever_the_number_of_engagements(client, organizer, initiative):
    # The initiative page's own queries differ between SQLite and PostgreSQL (the search for
    # similar learnings): compare the page with itself, with 1 and with 20 engagements.
    EngagementFactory(initiative=initiative)
    client.force_login(organizer)
    with_one = _queries_of(client, initiative.get_absolute_url())
    for _ in range(19):
        EngagementFactory(initiative=initiative)

    with_twenty = _queries_of(client, initiative.get_absolute_url())

    assert len(with_twenty) == len(with_one)
    # the engagements on the initiative, with their partners, in one query
    assert len([sql for sql in with_twenty if '"partnerships_engagement"' in sql]) == 1
    assert _page(client.get(initiative.get_absolute_url())).count('<th scope="row"><a href="/engagements/') == 20


def test_the_facilitation_page_shows_the_partners_block(client, facilitator, space):
    engagement = EngagementFactory(
        partner=PartnerProfileFactory(user=UserFactory(display_name="Bertrand")).user, initiative=None, community=space
    )
    client.force_login(facilitator)

    page = _page(client.get(reverse("communities:manage", args=[space.slug])))

    assert "Bertrand" in page and engagement.get_absolute_url() in page
    assert f"{_url('engagement-create')}?community={space.pk}" in page
    assert f"{_url('call-create')}?community={space.pk}" in page
