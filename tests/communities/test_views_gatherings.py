"""A space's gatherings: the list, each gathering's page, scheduling, registration, attendance
and the harvest of learnings. Who may open which page is in the permission matrix."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Gathering, Harvest, Registration
from ecosystem.models import Notification
from initiatives.models import Learning
from tests.factories import GatheringFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

QUEBEC = zoneinfo.ZoneInfo("America/Toronto")


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _at(days: int, hour: int = 9) -> datetime.datetime:
    """A moment ``days`` from now at ``hour`` o'clock, Québec time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=QUEBEC)


def _gathering_data(**overrides) -> dict:
    data = {
        "title": "Forum des partenaires",
        "starts_at": "2030-04-10T09:00",
        "ends_at": "2030-04-10T16:30",
        "format": "hybrid",
        "place": "Centre communautaire Hochelaga, salle 2",
        "link": "https://visio.exemple.test/forum",
        "agenda": "1. Accueil\n2. **Ateliers**",
        "notes": "",
    }
    data.update(overrides)
    return data


def _learning_data(**overrides) -> dict:
    data = {
        "title": "Commencer par un tour de prénoms",
        "statement": "Quand chacun se présente par son prénom, les partenaires prennent la parole plus tôt.",
        "kind": "success_condition",
        "knowledge_type": "experiential",
        "transfer_conditions": "Un petit groupe, moins de vingt personnes.",
        "themes": [],
        "territory": "",
        "licence": "CC-BY-NC-4.0",
        "initiative": "",
    }
    data.update(overrides)
    return data


def _url(name: str, gathering: Gathering) -> str:
    return reverse(f"communities:{name}", kwargs={"slug": gathering.community.slug, "pk": gathering.pk})


# --- List --------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_gatherings_soonest_first_then_past_ones_latest_first(client, community):
    later = GatheringFactory(community=community, title="Rencontre de juin", starts_at=_at(20))
    sooner = GatheringFactory(community=community, title="Rencontre de mai", starts_at=_at(3))
    older = GatheringFactory(community=community, title="Rencontre de janvier", starts_at=_at(-60))
    recent = GatheringFactory(community=community, title="Rencontre de mars", starts_at=_at(-5))

    response = client.get(reverse("communities:gatherings", kwargs={"slug": community.slug}))

    page = _page(response)
    assert response.status_code == 200
    positions = [page.index(gathering.title) for gathering in (sooner, later, recent, older)]
    assert positions == sorted(positions)
    assert page.index("À venir") < positions[0] < positions[1] < page.index("Rencontres passées") < positions[2]


def test_each_gathering_shows_its_format_local_french_date_place_and_number_registered(
    client, community, partner, facilitator
):
    gathering = GatheringFactory(
        community=community,
        title="Forum hybride",
        starts_at=datetime.datetime(2030, 4, 10, 13, 0, tzinfo=datetime.UTC),  # 9 h in Montréal (EDT)
        ends_at=datetime.datetime(2030, 4, 10, 20, 30, tzinfo=datetime.UTC),
        format="hybrid",
        place="Maison de la culture Maisonneuve",
    )
    Registration.objects.create(gathering=gathering, user=partner)
    Registration.objects.create(gathering=gathering, user=facilitator)

    page = _page(client.get(reverse("communities:gatherings", kwargs={"slug": community.slug})))

    assert "10 avril 2030, 09\xa0h\xa000" in page
    assert "16\xa0h\xa030" in page
    assert 'datetime="2030-04-10T09:00:00-04:00"' in page
    assert "Hybride" in page
    assert "Maison de la culture Maisonneuve" in page
    assert "2 personnes" in page
    assert f'href="{gathering.get_absolute_url()}"' in page


def test_past_gatherings_are_paginated(client, community):
    for days in range(1, 26):
        GatheringFactory(community=community, title=f"Rencontre passée n° {days}", starts_at=_at(-days))

    page = _page(client.get(reverse("communities:gatherings", kwargs={"slug": community.slug}) + "?page=2"))

    assert "Page 2 sur 2" in page
    assert "Rencontre passée n° 21<" in page  # the 21st most recent opens the second page
    assert "Rencontre passée n° 1<" not in page


def test_the_schedule_button_is_for_co_facilitators_only(client, community, facilitator, partner):
    url = reverse("communities:gatherings", kwargs={"slug": community.slug})
    create_url = reverse("communities:gathering-create", kwargs={"slug": community.slug})

    client.force_login(partner)
    assert create_url not in _page(client.get(url))
    client.force_login(facilitator)
    assert create_url in _page(client.get(url))


def test_the_list_reads_in_english_under_en(client, gathering):
    with translation.override("en"):
        url = reverse("communities:gatherings", kwargs={"slug": gathering.community.slug})

    response = client.get(url)

    page = _page(response)
    assert url.startswith("/en/")
    assert response.status_code == 200
    assert "Gatherings of Partenaires en santé de Montréal" in page
    assert "Upcoming" in page
    assert "Virtual" in page
    assert "0 people" in page


def test_a_members_only_space_s_gatherings_answer_404_to_someone_outside(client, private_community, outsider):
    gathering = GatheringFactory(community=private_community)
    client.force_login(outsider)

    assert client.get(reverse("communities:gatherings", kwargs={"slug": private_community.slug})).status_code == 404
    assert client.get(gathering.get_absolute_url()).status_code == 404


# --- Scheduling --------------------------------------------------------------------------------


def test_a_co_facilitator_schedules_a_gathering_in_the_site_s_time_zone(client, community, facilitator, partner):
    client.force_login(facilitator)
    url = reverse("communities:gathering-create", kwargs={"slug": community.slug})

    form_page = _page(client.get(url))
    response = client.post(url, _gathering_data())

    gathering = Gathering.objects.get(title="Forum des partenaires")
    assert 'type="datetime-local"' in form_page
    assert response.status_code == 302
    assert response["Location"] == gathering.get_absolute_url()
    assert gathering.starts_at == datetime.datetime(2030, 4, 10, 9, 0, tzinfo=QUEBEC)
    assert gathering.ends_at == datetime.datetime(2030, 4, 10, 16, 30, tzinfo=QUEBEC)
    assert gathering.community == community
    assert "<strong>Ateliers</strong>" in gathering.agenda_html
    assert Notification.objects.filter(recipient=partner, kind=Notification.Kind.NEW_GATHERING).exists()


def test_a_gathering_that_ends_before_it_starts_is_refused_on_its_end_field(client, community, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("communities:gathering-create", kwargs={"slug": community.slug}),
        _gathering_data(starts_at="2030-04-10T16:00", ends_at="2030-04-10T09:00"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == ["Une rencontre doit se terminer après son début."]
    assert "Une rencontre doit se terminer après son début." in _page(response)
    assert not Gathering.objects.exists()


def test_a_gathering_with_a_script_in_its_agenda_is_refused(client, community, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("communities:gathering-create", kwargs={"slug": community.slug}),
        _gathering_data(agenda="<script>alert(1)</script>"),
    )

    assert response.status_code == 200
    assert "ne peut pas contenir de scripts" in str(response.context["form"].errors["agenda"])
    assert not Gathering.objects.exists()


def test_a_member_cannot_open_the_scheduling_form(client, community, partner):
    client.force_login(partner)
    url = reverse("communities:gathering-create", kwargs={"slug": community.slug})

    assert client.get(url).status_code == 404
    assert client.post(url, _gathering_data()).status_code == 404
    assert not Gathering.objects.exists()


def test_a_co_facilitator_changes_a_gathering_from_a_form_filled_with_its_local_times(client, gathering, facilitator):
    Gathering.objects.filter(pk=gathering.pk).update(
        starts_at=datetime.datetime(2030, 4, 10, 9, 0, tzinfo=QUEBEC),
        ends_at=datetime.datetime(2030, 4, 10, 11, 0, tzinfo=QUEBEC),
    )
    client.force_login(facilitator)
    url = _url("gathering-update", gathering)

    form_page = _page(client.get(url))
    response = client.post(url, _gathering_data(title="Forum du printemps (déplacé)", format="virtual", place=""))

    gathering.refresh_from_db()
    assert 'value="2030-04-10T09:00"' in form_page
    assert 'value="2030-04-10T11:00"' in form_page
    assert response.status_code == 302
    assert gathering.title == "Forum du printemps (déplacé)"
    assert gathering.ends_at == datetime.datetime(2030, 4, 10, 16, 30, tzinfo=QUEBEC)


def test_a_change_that_makes_a_gathering_end_before_it_starts_changes_nothing(client, gathering, facilitator):
    client.force_login(facilitator)

    response = client.post(
        _url("gathering-update", gathering), _gathering_data(starts_at="2030-04-10T16:00", ends_at="2030-04-10T15:00")
    )

    assert response.status_code == 200
    assert "Une rencontre doit se terminer après son début." in _page(response)
    assert Gathering.objects.get(pk=gathering.pk).title == "Forum du printemps"


# --- The gathering's page ----------------------------------------------------------------------


def test_the_page_shows_the_agenda_and_notes_sanitized(client, gathering, facilitator):
    client.force_login(facilitator)
    client.post(
        _url("gathering-update", gathering),
        _gathering_data(agenda="## Ouverture\n\n[lien](https://exemple.test)", notes="*Merci* à toutes et à tous."),
    )
    client.logout()

    page = _page(client.get(gathering.get_absolute_url()))

    assert "<h2>Ouverture</h2>" in page
    assert 'href="https://exemple.test"' in page
    assert 'rel="noopener noreferrer nofollow"' in page
    assert "<em>Merci</em> à toutes et à tous." in page


@pytest.mark.parametrize(
    ("viewer", "sees_link"),
    [("visitor", False), ("outsider", False), ("organizer", False), ("partner", True), ("staff", True)],
)
def test_the_video_link_is_shown_to_active_members_and_staff_only(client, gathering, request, viewer, sees_link):
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))

    page = _page(client.get(gathering.get_absolute_url()))

    assert ("https://visio.exemple.test/rencontre" in page) is sees_link
    assert ("Communiqué aux membres de l’espace." in page) is not sees_link


def test_a_member_registers_then_cancels(client, gathering, partner):
    client.force_login(partner)
    url = _url("gathering-registration", gathering)

    before = _page(client.get(gathering.get_absolute_url()))
    registered = client.post(url, {"action": "register"}, follow=True)
    assert Registration.objects.filter(gathering=gathering, user=partner).exists()
    cancelled = client.post(url, {"action": "cancel"}, follow=True)

    assert "Vous n’êtes pas encore inscrit·e." in before
    assert 'value="register"' in before
    assert "Vous êtes inscrit·e à cette rencontre." in _messages(registered)
    assert "1 personne" in _page(registered)
    assert 'value="cancel"' in _page(registered)
    assert "Votre inscription est annulée." in _messages(cancelled)
    assert not Registration.objects.filter(gathering=gathering).exists()


@pytest.mark.parametrize(
    ("viewer", "message"),
    [
        ("organizer", "Votre adhésion attend encore d’être approuvée : vous ne pouvez pas encore participer."),
        ("outsider", "Seuls les membres de l’espace peuvent faire cela. Joignez-vous d’abord à l’espace."),
    ],
)
def test_a_pending_member_or_an_outsider_cannot_register(client, gathering, request, viewer, message):
    client.force_login(request.getfixturevalue(viewer))

    page = _page(client.get(gathering.get_absolute_url()))
    response = client.post(_url("gathering-registration", gathering), {"action": "register"}, follow=True)

    assert 'value="register"' not in page
    assert response.status_code == 200
    assert _messages(response) == [message]
    assert not Registration.objects.exists()


def test_registering_twice_or_after_the_gathering_is_refused(client, gathering, past_gathering, partner):
    Registration.objects.create(gathering=gathering, user=partner)
    client.force_login(partner)

    twice = client.post(_url("gathering-registration", gathering), {"action": "register"}, follow=True)
    late = client.post(_url("gathering-registration", past_gathering), {"action": "register"}, follow=True)

    assert _messages(twice) == ["Vous êtes déjà inscrit·e à cette rencontre."]
    assert _messages(late) == ["Cette rencontre est terminée : les inscriptions sont fermées."]
    assert Registration.objects.count() == 1


def test_registration_is_an_action_for_signed_in_people_by_post(client, gathering, partner):
    url = _url("gathering-registration", gathering)

    anonymous = client.post(url, {"action": "register"})
    client.force_login(partner)
    by_get = client.get(url)

    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"] or "connexion" in anonymous["Location"]
    assert by_get.status_code == 405
    assert not Registration.objects.exists()


def test_co_facilitators_see_who_registered_by_display_name(client, gathering, facilitator, partner):
    Registration.objects.create(gathering=gathering, user=partner)

    client.force_login(partner)
    member_page = _page(client.get(gathering.get_absolute_url()))
    client.force_login(facilitator)
    page = _page(client.get(gathering.get_absolute_url()))

    assert "Inscriptions et présences" not in member_page
    assert "Inscriptions et présences" in page
    assert "Amélie" in page
    assert partner.email not in page
    assert "Les présences se prennent une fois la rencontre commencée." in page
    assert _url("gathering-attendance", gathering) not in page


def test_a_co_facilitator_takes_attendance_once_the_gathering_has_started(
    client, past_gathering, facilitator, partner, organizer
):
    came = Registration.objects.create(gathering=past_gathering, user=partner)
    missed = Registration.objects.create(gathering=past_gathering, user=facilitator)
    client.force_login(facilitator)

    page = _page(client.get(past_gathering.get_absolute_url()))
    response = client.post(
        _url("gathering-attendance", past_gathering), {"attendance-attended": [partner.pk]}, follow=True
    )

    came.refresh_from_db()
    missed.refresh_from_db()
    assert 'type="checkbox" name="attendance-attended"' in page
    assert "Les présences sont enregistrées : 1 personne est venue." in _messages(response)
    assert came.attended is True
    assert missed.attended is False


def test_attendance_before_the_gathering_starts_is_refused(client, gathering, facilitator, partner):
    registration = Registration.objects.create(gathering=gathering, user=partner)
    client.force_login(facilitator)

    response = client.post(_url("gathering-attendance", gathering), {"attendance-attended": [partner.pk]}, follow=True)

    registration.refresh_from_db()
    assert _messages(response) == ["Les présences se prennent une fois la rencontre commencée."]
    assert registration.attended is None


def test_attendance_of_someone_not_registered_is_refused(client, past_gathering, facilitator, partner, outsider):
    registration = Registration.objects.create(gathering=past_gathering, user=partner)
    client.force_login(facilitator)

    response = client.post(_url("gathering-attendance", past_gathering), {"attendance-attended": [outsider.pk]})

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in _page(response)
    assert registration.attended is None


def test_a_member_cannot_take_attendance(client, past_gathering, partner):
    registration = Registration.objects.create(gathering=past_gathering, user=partner)
    client.force_login(partner)

    response = client.post(_url("gathering-attendance", past_gathering), {"attendance-attended": [partner.pk]})

    registration.refresh_from_db()
    assert response.status_code == 404
    assert registration.attended is None


# --- Harvest -----------------------------------------------------------------------------------


def test_the_harvest_link_is_for_co_facilitators_once_the_gathering_has_started(
    client, gathering, past_gathering, facilitator, partner
):
    client.force_login(facilitator)
    upcoming_page = _page(client.get(gathering.get_absolute_url()))
    past_page = _page(client.get(past_gathering.get_absolute_url()))
    client.force_login(partner)
    member_page = _page(client.get(past_gathering.get_absolute_url()))

    assert "Récolter un apprentissage" not in upcoming_page
    assert f'href="{_url("gathering-harvest", past_gathering)}"' in past_page
    assert "Récolter un apprentissage" not in member_page


def test_the_harvest_form_says_a_published_learning_becomes_public(client, past_gathering, facilitator, montreal):
    client.force_login(facilitator)

    response = client.get(_url("gathering-harvest", past_gathering))

    page = _page(response)
    assert response.status_code == 200
    assert "devient public comme tout apprentissage" in page
    assert '<label for="id_statement">' in page
    assert response.context["form"]["territory"].value() == montreal.pk  # the space's territory by default


def test_a_harvested_learning_is_a_draft_linked_to_the_gathering_then_published_by_its_author(
    client, past_gathering, facilitator, partner, isolation
):
    client.force_login(facilitator)

    response = client.post(_url("gathering-harvest", past_gathering), _learning_data(themes=[isolation.pk]))

    learning = Learning.objects.get(title="Commencer par un tour de prénoms")
    assert response.status_code == 302
    assert response["Location"] == learning.get_absolute_url()
    assert learning.status == Learning.Status.DRAFT
    assert learning.author == facilitator
    assert learning.initiative is None
    assert learning.territory.code == "06"
    assert list(learning.themes.all()) == [isolation]
    assert Harvest.objects.get(learning=learning).gathering == past_gathering

    author_page = _page(client.get(past_gathering.get_absolute_url()))
    client.force_login(partner)
    member_page_before = _page(client.get(past_gathering.get_absolute_url()))

    client.force_login(facilitator)
    published = client.post(reverse("initiatives:learning-publish", kwargs={"pk": learning.pk}), follow=True)
    client.logout()
    public_page = _page(client.get(past_gathering.get_absolute_url()))

    learning.refresh_from_db()
    assert "Commencer par un tour de prénoms" in author_page
    assert "Brouillon" in author_page
    assert "Commencer par un tour de prénoms" not in member_page_before
    assert "L’apprentissage est publié." in _messages(published)
    assert learning.status == Learning.Status.PUBLISHED
    assert "Commencer par un tour de prénoms" in public_page
    assert "Brouillon" not in public_page


def test_a_harvested_learning_with_personal_information_stays_a_draft(client, past_gathering, facilitator):
    client.force_login(facilitator)
    client.post(
        _url("gathering-harvest", past_gathering),
        _learning_data(statement="Écrire à lucie.tremblay@exemple.test pour la suite."),
    )
    learning = Learning.objects.get()

    response = client.post(reverse("initiatives:learning-publish", kwargs={"pk": learning.pk}), follow=True)

    learning.refresh_from_db()
    assert "L’apprentissage n’a pas été publié." in _messages(response)
    assert learning.status == Learning.Status.DRAFT


def test_a_learning_can_be_filed_with_one_of_the_harvester_s_initiatives_only(
    client, past_gathering, facilitator, organizer
):
    hers = InitiativeFactory(title="Jardins partagés", team=[facilitator])
    not_hers = InitiativeFactory(title="Cuisines collectives", team=[organizer])
    client.force_login(facilitator)

    page = _page(client.get(_url("gathering-harvest", past_gathering)))
    refused = client.post(_url("gathering-harvest", past_gathering), _learning_data(initiative=not_hers.pk))
    assert not Learning.objects.exists()
    accepted = client.post(_url("gathering-harvest", past_gathering), _learning_data(initiative=hers.pk))

    assert "Jardins partagés" in page
    assert "Cuisines collectives" not in page
    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in _page(refused)
    assert accepted.status_code == 302
    learning = Learning.objects.get()
    assert learning.initiative == hers
    assert learning.harvest.gathering == past_gathering


def test_an_incomplete_harvest_saves_nothing(client, past_gathering, facilitator):
    client.force_login(facilitator)

    response = client.post(_url("gathering-harvest", past_gathering), _learning_data(statement="", kind=""))

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"statement", "kind"}
    assert not Learning.objects.exists()
    assert not Harvest.objects.exists()


def test_nothing_is_harvested_from_a_gathering_that_has_not_started(client, gathering, facilitator):
    client.force_login(facilitator)
    url = _url("gathering-harvest", gathering)

    page = _page(client.get(url))
    response = client.post(url, _learning_data())

    assert "Les apprentissages se récoltent une fois la rencontre tenue." in page
    assert response.status_code == 200
    assert "Les apprentissages se récoltent une fois la rencontre tenue." in _page(response)
    assert not Learning.objects.exists()


def test_a_member_cannot_harvest(client, past_gathering, partner):
    client.force_login(partner)
    url = _url("gathering-harvest", past_gathering)

    assert client.get(url).status_code == 404
    assert client.post(url, _learning_data()).status_code == 404
    assert not Learning.objects.exists()


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_gathering_list_runs_the_same_queries_for_1_or_50_rows(
    client, community, partner, django_assert_num_queries, rows
):
    for index in range(rows):
        # From yesterday back (never today: 9:00 today is upcoming or past depending on the hour
        # the test runs, and the count of past gatherings is one query more).
        GatheringFactory(community=community, starts_at=_at(index - rows // 2 - 1))
    client.force_login(partner)
    url = reverse("communities:gatherings", kwargs={"slug": community.slug})

    # session, user, the space (with its member count and whether it may be read), its
    # territories, themes and host organizations, the person's membership; the upcoming
    # gatherings, the count of past ones and their page (each with its registrations counted);
    # the header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["upcoming"]) + response.context["page"].paginator.count == rows
