"""The pages of the spaces themselves: the directory, a space's page, creating and changing a
space, joining and leaving, the member list, the co-facilitators' page, e-mail preferences and
the digest's unsubscribe link. Who may open which page is in the permission matrix."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from communities.emails import digest_unsubscribe_token
from communities.models import Community, Harvest, Membership
from ecosystem.models import Notification, Territory, Theme
from tests.factories import (
    CommunityFactory,
    GatheringFactory,
    InitiativeFactory,
    LearningFactory,
    MembershipFactory,
    OrganizationFactory,
    ResourceFactory,
    ThreadFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _url(name: str, *args) -> str:
    return reverse(f"communities:{name}", args=args)


def _en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"communities:{name}", args=args)


def _membership(community: Community, user) -> Membership | None:
    return Membership.objects.filter(community=community, user=user).first()


def _community_data(territories, /, **overrides) -> dict:
    data = {
        "name": "Table des aînés de Rosemont",
        "kind": "concertation",
        "purpose": "Réunir aînés, proches et intervenants pour améliorer la vie du quartier.",
        "charter": "- **Prénoms** seulement.\n- Voix égales.",
        "scope": "local",
        "governance": "co_facilitated",
        "founded_year": "2019",
        "territories": [territory.pk for territory in territories],
        "themes": [],
        "host_organizations": [],
        "membership_policy": "on_request",
        "visibility": "public",
    }
    data.update(overrides)
    return data


# --- The directory -----------------------------------------------------------------------------


def test_the_directory_lists_every_space_with_its_facts(client, community, private_community):
    response = client.get(_url("list"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Espaces de co-apprentissage</h1>" in page
    assert f'href="{community.get_absolute_url()}"' in page
    assert "Partenaires en santé de Montréal" in page
    assert "Cercle des proches aidants" in page  # members only, but listed with its purpose
    assert '<span class="badge badge--restricted">Membres seulement</span>' in page
    assert "Communauté de pratique" in page
    assert "Régionale" in page
    assert "Montréal" in page
    assert "Isolement social" in page
    assert "<dt>Membres</dt><dd>2</dd>" in page  # active members only: Karim waits
    assert "2 espaces" in page
    assert "Créer un espace" not in page  # a visitor is not signed in


def test_the_directory_tells_the_viewer_where_they_are_member_or_waiting(client, community, partner, organizer):
    client.force_login(partner)
    page = _page(client.get(_url("list")))
    assert '<span class="badge badge--member">Membre</span>' in page
    assert 'href="/communautes/nouvelle/"' in page  # "Create a space"

    client.force_login(organizer)
    page = _page(client.get(_url("list")))
    assert '<span class="badge badge--draft">En attente</span>' in page
    assert "badge--member" not in page


def test_the_directory_is_in_english_under_en(client, community):
    response = client.get(_en("list"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Co-learning spaces</h1>" in page
    assert "Community of practice" in page
    assert "1 space" in page


def test_the_directory_filters_by_territory_theme_kind_scope_and_words(client, community):
    food = Theme.objects.exclude(slug="isolement-social").first()
    other = CommunityFactory(
        name="Laboratoire alimentaire de Limoilou",
        kind="living_lab",
        scope="local",
        territories=[Territory.objects.get(code="03")],
        themes=[food],
    )
    expectations = {
        "territory=03": other,
        f"theme={food.slug}": other,
        "kind=living_lab": other,
        "scope=local": other,
        "q=limoilou": other,
        "territory=06&theme=isolement-social": community,
    }
    for query, expected in expectations.items():
        page = _page(client.get(f"{_url('list')}?{query}"))
        unexpected = community if expected == other else other
        assert expected.name in page, query
        assert unexpected.name not in page, query


def test_an_unknown_territory_in_the_directory_filters_is_explained(client, community):
    page = _page(client.get(f"{_url('list')}?territory=99"))

    assert "Ces filtres n’ont pas pu être appliqués" in page
    assert community.name not in page


def test_an_htmx_request_to_the_directory_gets_only_the_results(client, community):
    response = client.get(f"{_url('list')}?q=montreal", HTTP_HX_REQUEST="true")

    page = _page(response)
    assert page.lstrip().startswith('<section id="results"')
    assert community.name in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


# --- Creating and changing a space ----------------------------------------------------------------


def test_the_create_form_starts_from_the_default_charter(client, partner):
    client.force_login(partner)

    response = client.get(_url("create"))

    page = _page(response)
    assert response.status_code == 200
    assert "Nouvel espace de co-apprentissage" in page
    assert "Prénoms, pas de titres." in page  # models.DEFAULT_CHARTER


def test_a_visitor_is_sent_to_sign_in_before_creating_a_space(client):
    response = client.get(_url("create"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_creating_a_space_makes_its_creator_the_first_co_facilitator(client, partner, montreal, isolation):
    host = OrganizationFactory(name="CIUSSS de l’Est")
    client.force_login(partner)

    response = client.post(
        _url("create"), _community_data([montreal], themes=[isolation.pk], host_organizations=[host.pk]), follow=True
    )

    community = Community.objects.get(name="Table des aînés de Rosemont")
    assert response.redirect_chain[-1][0] == community.get_absolute_url()
    assert "L’espace est créé." in _page(response)
    assert list(community.territories.all()) == [montreal]
    assert list(community.themes.all()) == [isolation]
    assert list(community.host_organizations.all()) == [host]
    assert community.founded_year == 2019
    assert "<strong>Prénoms</strong>" in community.charter_html
    membership = _membership(community, partner)
    assert membership.is_co_facilitator


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"territories": []}, "Ce champ est obligatoire."),
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"charter": "Bienvenue <script>alert(1)</script>"}, "Ce texte ne peut pas contenir de scripts"),
        ({"charter": "[clic](javascript:alert(1))"}, "Ce texte ne peut pas contenir de scripts"),
        ({"founded_year": str(timezone.localdate().year + 1)}, "L’année de fondation ne peut pas être dans le futur."),
    ],
    ids=["no-territory", "empty-name", "script", "javascript-link", "future-year"],
)
def test_bad_input_on_the_create_form_is_explained_in_french_and_nothing_is_saved(
    client, partner, montreal, overrides, message
):
    client.force_login(partner)

    response = client.post(_url("create"), _community_data([montreal], **overrides))

    page = _page(response)
    assert response.status_code == 200
    assert "Veuillez corriger ce qui suit" in page
    assert message in page
    assert not Community.objects.exists()
    assert not Membership.objects.exists()


def test_a_co_facilitator_changes_the_space(client, facilitator, community, montreal):
    client.force_login(facilitator)
    page = _page(client.get(_url("update", community.slug)))
    assert "Partenaires en santé de Montréal" in page  # the form shows the space as it is

    response = client.post(
        _url("update", community.slug),
        _community_data([montreal], name="Partenaires de Montréal", membership_policy="open"),
        follow=True,
    )

    community.refresh_from_db()
    assert response.redirect_chain[-1][0] == community.get_absolute_url()
    assert community.name == "Partenaires de Montréal"
    assert community.membership_policy == "open"
    assert "Vos modifications sont enregistrées." in _page(response)


def test_script_in_the_charter_of_a_change_is_refused_and_nothing_changes(client, facilitator, community, montreal):
    client.force_login(facilitator)
    charter_before = community.charter

    response = client.post(
        _url("update", community.slug),
        _community_data([montreal], name="Nouveau nom", charter="<script>alert(1)</script>"),
    )

    community.refresh_from_db()
    assert response.status_code == 200
    assert "Ce texte ne peut pas contenir de scripts" in _page(response)
    assert community.name == "Partenaires en santé de Montréal"
    assert community.charter == charter_before


def test_only_co_facilitators_and_staff_open_the_change_form(client, partner, staff, community):
    client.force_login(partner)
    assert client.get(_url("update", community.slug)).status_code == 404

    client.force_login(staff)
    assert client.get(_en("update", community.slug)).status_code == 200


# --- A space's page ----------------------------------------------------------------------------


def test_a_visitor_reads_a_public_space_and_is_invited_to_sign_in(client, community, gathering, thread):
    ResourceFactory(community=community, title="Guide d’accueil des membres")

    response = client.get(community.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Partenaires en santé de Montréal</h1>" in page
    assert community.purpose in page
    assert "<strong>Prénoms, pas de titres.</strong>" in page  # the charter, rendered
    assert "<dt>Membres</dt><dd>2" in page
    assert "Forum du printemps" in page
    assert thread.title in page
    assert "Guide d’accueil des membres" in page
    assert "Se connecter pour se joindre" in page
    assert _url("members", community.slug) not in page  # the member list is for members


def test_a_members_only_space_shows_its_charter_but_not_what_is_shared(client, outsider, private_community):
    thread = ThreadFactory(community=private_community, title="Fatigue de compassion")
    GatheringFactory(community=private_community, title="Cercle de janvier")
    client.force_login(outsider)

    response = client.get(private_community.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert private_community.purpose in page
    assert "Prénoms, pas de titres." in page
    assert "<dt>Membres</dt><dd>2" in page
    assert "sont partagés avec ses membres seulement" in page
    assert thread.title not in page
    assert "Cercle de janvier" not in page
    assert "Cet espace accueille de nouveaux membres sur invitation" in page
    assert _url("join", private_community.slug) not in page


def test_a_pending_member_sees_neither_the_member_list_nor_private_content(client, organizer, private_community):
    MembershipFactory(community=private_community, user=organizer, status="pending")
    thread = ThreadFactory(community=private_community, title="Fatigue de compassion")
    client.force_login(organizer)

    page = _page(client.get(private_community.get_absolute_url()))

    assert thread.title not in page
    assert "attend une co-animatrice ou un co-animateur" in page
    assert _url("members", private_community.slug) not in page
    assert client.get(_url("members", private_community.slug)).status_code == 404


def test_a_co_facilitator_sees_links_to_edit_and_to_facilitate_with_the_waiting_requests(
    client, facilitator, community
):
    client.force_login(facilitator)

    page = _page(client.get(community.get_absolute_url()))

    assert f'href="{_url("update", community.slug)}"' in page
    assert f'href="{_url("manage", community.slug)}"' in page
    assert "Animation (1 demande en attente)" in page
    assert "Vous co-animez cet espace." in page


def test_a_member_sees_their_place_and_the_way_to_leave(client, partner, community):
    client.force_login(partner)

    page = _page(client.get(community.get_absolute_url()))

    assert "Vous êtes membre de cet espace." in page
    assert f'action="{_url("leave", community.slug)}"' in page
    assert f'href="{_url("preferences", community.slug)}"' in page
    assert f'href="{_url("members", community.slug)}"' in page
    assert _url("manage", community.slug) not in page


def test_the_space_page_lists_learnings_harvested_from_its_gatherings(client, partner, community, past_gathering):
    learning = LearningFactory(initiative=InitiativeFactory(), title="Accueillir par le prénom")
    Harvest.objects.create(gathering=past_gathering, learning=learning)
    client.force_login(partner)

    page = _page(client.get(community.get_absolute_url()))

    assert f'href="{learning.get_absolute_url()}"' in page
    assert "Accueillir par le prénom" in page


def test_the_space_page_is_in_english_under_en(client, partner, community):
    client.force_login(partner)

    response = client.get(_en("detail", community.slug))

    page = _page(response)
    assert response.status_code == 200
    assert "You are a member of this space." in page
    assert "Charter" in page


def test_the_create_form_and_the_preferences_are_in_english_under_en(client, partner, community):
    client.force_login(partner)

    create = _page(client.get(_en("create")))
    preferences = _page(client.get(_en("preferences", community.slug)))

    assert "New co-learning space" in create
    assert "Choose every territory the space covers." in create
    assert "My preferences in Partenaires en santé de Montréal" in preferences
    assert "Weekly e-mail digest" in preferences


def test_an_unknown_space_answers_404(client):
    assert client.get(_url("detail", "espace-inconnu")).status_code == 404


# --- Joining, asking, accepting, leaving -----------------------------------------------------------


def test_joining_an_open_space_makes_an_active_member(client, outsider, open_community):
    client.force_login(outsider)

    response = client.post(_url("join", open_community.slug), follow=True)

    membership = _membership(open_community, outsider)
    assert membership.is_active
    assert "Vous êtes maintenant membre de Laboratoire vivant ouvert." in _messages(response)[0]
    assert not Notification.objects.exists()  # nobody needs to approve


def test_asking_to_join_waits_for_a_co_facilitator_who_is_notified(client, outsider, facilitator, community):
    client.force_login(outsider)

    response = client.post(_url("join", community.slug), {"message": "Je suis proche aidant."}, follow=True)

    membership = _membership(community, outsider)
    assert membership.is_pending
    assert membership.message == "Je suis proche aidant."
    assert "Votre demande a été envoyée aux co-animateur·trices" in _messages(response)[0]
    notification = Notification.objects.get()
    assert notification.recipient == facilitator
    assert notification.kind == Notification.Kind.JOIN_REQUEST
    assert notification.url == _url("manage", community.slug)


def test_joining_twice_says_so_and_duplicates_nothing(client, partner, organizer, community):
    client.force_login(partner)
    response = client.post(_url("join", community.slug), follow=True)
    assert "Vous êtes déjà membre de cet espace." in _messages(response)
    assert Membership.objects.filter(community=community, user=partner).count() == 1

    client.force_login(organizer)  # already waiting
    response = client.post(_url("join", community.slug), {"message": "Encore moi"}, follow=True)
    assert "Votre demande d’adhésion attend déjà" in _messages(response)[0]
    assert Membership.objects.filter(community=community, user=organizer).get().message == "J'aimerais participer."
    assert not Notification.objects.exists()


def test_joining_a_space_by_invitation_without_one_is_refused(client, outsider, private_community):
    client.force_login(outsider)

    response = client.post(_url("join", private_community.slug), follow=True)

    assert "Cet espace accueille de nouveaux membres sur invitation" in _messages(response)[0]
    assert _membership(private_community, outsider) is None


def test_a_message_longer_than_allowed_is_refused(client, outsider, community):
    client.force_login(outsider)

    response = client.post(_url("join", community.slug), {"message": "x" * 1001}, follow=True)

    assert "1000" in _messages(response)[0]
    assert _membership(community, outsider) is None


def test_a_visitor_is_sent_to_sign_in_and_join_is_post_only(client, partner, open_community):
    response = client.post(_url("join", open_community.slug))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Membership.objects.filter(community=open_community).exclude(role="co_facilitator").exists()

    client.force_login(partner)
    assert client.get(_url("join", open_community.slug)).status_code == 405
    assert _membership(open_community, partner) is None


def test_a_person_withdraws_their_own_request(client, organizer, community):
    client.force_login(organizer)

    response = client.post(_url("pending-cancel", community.slug), follow=True)

    assert "Votre demande pour vous joindre à Partenaires en santé de Montréal est retirée." in _messages(response)
    assert _membership(community, organizer) is None


def test_withdrawing_when_nothing_waits_says_so_and_changes_nothing(client, partner, community):
    client.force_login(partner)

    response = client.post(_url("pending-cancel", community.slug), follow=True)

    assert "Rien ne vous attend dans cet espace." in _messages(response)
    assert _membership(community, partner).is_active


def test_a_member_leaves_the_space(client, partner, community):
    client.force_login(partner)

    response = client.post(_url("leave", community.slug), follow=True)

    membership = _membership(community, partner)
    assert membership.status == "left"
    assert membership.left_at is not None
    assert "Vous avez quitté Partenaires en santé de Montréal." in _messages(response)
    assert "Demander à se joindre" in _page(response)  # and may ask again


def test_the_last_co_facilitator_cannot_leave(client, facilitator, community):
    client.force_login(facilitator)

    response = client.post(_url("leave", community.slug), follow=True)

    assert "Un espace garde toujours au moins une personne qui le co-anime." in _messages(response)[0]
    assert _membership(community, facilitator).is_co_facilitator


# --- Invitations ---------------------------------------------------------------------------------


def test_an_invitee_is_notified_and_accepts_by_joining(client, facilitator, outsider, private_community):
    client.force_login(facilitator)
    response = client.post(_url("invite", private_community.slug), {"invite-email": outsider.email}, follow=True)
    assert "Paul est invité·e" in _messages(response)[0]
    membership = _membership(private_community, outsider)
    assert membership.is_invitation
    notification = Notification.objects.get(recipient=outsider)
    assert notification.kind == Notification.Kind.INVITATION

    client.force_login(outsider)
    page = _page(client.get(private_community.get_absolute_url()))
    assert "Vous êtes invité·e à vous joindre à cet espace." in page
    response = client.post(_url("join", private_community.slug), follow=True)

    membership.refresh_from_db()
    assert membership.is_active
    assert "Vous êtes maintenant membre de Cercle des proches aidants." in _messages(response)[0]


def test_an_invitee_declines_the_invitation(client, facilitator, outsider, private_community):
    MembershipFactory(community=private_community, user=outsider, status="pending", invited_by=facilitator)
    client.force_login(outsider)

    response = client.post(_url("pending-cancel", private_community.slug), follow=True)

    assert "Vous avez décliné l’invitation à Cercle des proches aidants." in _messages(response)
    assert _membership(private_community, outsider) is None


def test_inviting_an_unknown_address_is_explained_on_the_form(client, facilitator, private_community):
    client.force_login(facilitator)

    response = client.post(_url("invite", private_community.slug), {"invite-email": "inconnu@exemple.test"})

    page = _page(response)
    assert response.status_code == 200
    assert "Aucun compte n’utilise cette adresse courriel." in page
    assert private_community.memberships.count() == 2
    assert not Notification.objects.exists()


def test_inviting_someone_already_member_is_explained_on_the_form(client, facilitator, partner, private_community):
    client.force_login(facilitator)

    response = client.post(_url("invite", private_community.slug), {"invite-email": partner.email})

    assert "Amélie est déjà membre de cet espace." in _page(response)
    assert not Notification.objects.exists()


def test_inviting_someone_whose_request_waits_approves_it(client, facilitator, organizer, community):
    client.force_login(facilitator)

    response = client.post(_url("invite", community.slug), {"invite-email": organizer.email}, follow=True)

    assert _membership(community, organizer).is_active
    assert "Karim avait demandé à se joindre" in _messages(response)[0]


# --- Facilitation ----------------------------------------------------------------------------------


def test_the_facilitation_page_shows_requests_invitations_members_and_activity(
    client, facilitator, outsider, community, thread
):
    MembershipFactory(community=community, user=outsider, status="pending", invited_by=facilitator)
    client.force_login(facilitator)

    response = client.get(_url("manage", community.slug))

    page = _page(response)
    assert response.status_code == 200
    assert "Animation de Partenaires en santé de Montréal" in page
    assert "J&#x27;aimerais participer." in page  # Karim's message
    assert f'action="{_url("membership-approve", community.slug, _membership(community, _user("Karim")).pk)}"' in page
    assert "Paul" in page and "sans réponse pour l’instant" in page
    assert "Activité des 30 derniers jours" in page
    assert "<dt>Nouvelles discussions</dt><dd>1</dd>" in page
    assert "amelie.partenaire@exemple.test" not in page


def _user(display_name: str):
    from ecosystem.models import User

    return User.objects.get(display_name=display_name)


def test_the_facilitation_page_is_in_english_under_en(client, staff, community):
    client.force_login(staff)

    response = client.get(_en("manage", community.slug))

    assert response.status_code == 200
    assert "Requests to join" in _page(response)


def test_approving_a_request_makes_a_member_and_tells_them(client, facilitator, organizer, community):
    membership = _membership(community, organizer)
    client.force_login(facilitator)

    response = client.post(_url("membership-approve", community.slug, membership.pk), follow=True)

    membership.refresh_from_db()
    assert membership.is_active
    assert "Karim est maintenant membre." in _messages(response)
    notification = Notification.objects.get(recipient=organizer)
    assert notification.kind == Notification.Kind.JOIN_APPROVED
    assert notification.url == community.get_absolute_url()


def test_declining_a_request_removes_it(client, facilitator, organizer, community):
    membership = _membership(community, organizer)
    client.force_login(facilitator)

    response = client.post(_url("membership-decline", community.slug, membership.pk), follow=True)

    assert "La demande de Karim est refusée." in _messages(response)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_member_cannot_approve_a_request(client, partner, organizer, community):
    membership = _membership(community, organizer)
    client.force_login(partner)

    response = client.post(_url("membership-approve", community.slug, membership.pk))

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_pending


def test_a_request_of_another_space_cannot_be_approved_from_this_one(client, facilitator, organizer, open_community):
    other = CommunityFactory()
    request = MembershipFactory(community=other, user=organizer, status="pending")
    client.force_login(facilitator)

    response = client.post(_url("membership-approve", open_community.slug, request.pk))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.is_pending


def test_a_co_facilitator_removes_a_member(client, facilitator, partner, community):
    membership = _membership(community, partner)
    client.force_login(facilitator)

    response = client.post(_url("membership-remove", community.slug, membership.pk), follow=True)

    membership.refresh_from_db()
    assert membership.status == "left"
    assert "Amélie ne fait plus partie de l’espace." in _messages(response)


def test_a_co_facilitator_names_another_co_facilitator(client, facilitator, partner, community):
    membership = _membership(community, partner)
    client.force_login(facilitator)

    response = client.post(
        _url("membership-role", community.slug, membership.pk), {"role": "co_facilitator"}, follow=True
    )

    membership.refresh_from_db()
    assert membership.is_co_facilitator
    assert "Le rôle de Amélie est maintenant : Co-animateur·trice." in _messages(response)


def test_the_last_co_facilitator_cannot_be_removed_or_demoted(client, facilitator, community):
    membership = _membership(community, facilitator)
    client.force_login(facilitator)

    for response in (
        client.post(_url("membership-remove", community.slug, membership.pk), follow=True),
        client.post(_url("membership-role", community.slug, membership.pk), {"role": "member"}, follow=True),
    ):
        assert "Un espace garde toujours au moins une personne qui le co-anime." in _messages(response)[0]
        membership.refresh_from_db()
        assert membership.is_co_facilitator


def test_an_unknown_role_is_refused(client, facilitator, partner, community):
    membership = _membership(community, partner)
    client.force_login(facilitator)

    response = client.post(_url("membership-role", community.slug, membership.pk), {"role": "admin"}, follow=True)

    assert "Choisissez un rôle dans la liste." in _messages(response)
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_co_facilitator_who_steps_down_goes_back_to_the_space_page(client, facilitator, partner, community):
    Membership.objects.filter(community=community, user=partner).update(role="co_facilitator")
    membership = _membership(community, facilitator)
    client.force_login(facilitator)

    response = client.post(_url("membership-role", community.slug, membership.pk), {"role": "member"})

    assert response["Location"] == community.get_absolute_url()
    membership.refresh_from_db()
    assert membership.role == "member"


# --- The member list -----------------------------------------------------------------------------


def test_members_read_the_member_list_by_display_name_without_addresses(client, partner, community):
    client.force_login(partner)

    response = client.get(_url("members", community.slug))

    page = _page(response)
    assert response.status_code == 200
    assert "Josée" in page and "Amélie" in page
    assert "Co-animateur·trice" in page
    assert "Karim" not in page  # still waiting
    assert "@exemple.test" not in page


def test_the_member_list_is_404_for_non_members_even_in_a_public_space(client, outsider, community):
    assert client.get(_url("members", community.slug)).status_code == 404
    client.force_login(outsider)
    assert client.get(_url("members", community.slug)).status_code == 404


def test_staff_read_the_member_list_in_english(client, staff, private_community):
    client.force_login(staff)

    response = client.get(_en("members", private_community.slug))

    assert response.status_code == 200
    assert "Members of Cercle des proches aidants" in _page(response)


# --- E-mail preferences and the unsubscribe link ----------------------------------------------------


def test_a_member_turns_the_weekly_digest_on_and_off(client, partner, community):
    membership = _membership(community, partner)
    client.force_login(partner)
    assert "Résumé hebdomadaire par courriel" in _page(client.get(_url("preferences", community.slug)))

    response = client.post(_url("preferences", community.slug), {"weekly_digest": "on"}, follow=True)
    membership.refresh_from_db()
    assert membership.weekly_digest is True
    assert "Vous recevrez le résumé hebdomadaire de cet espace par courriel." in _messages(response)

    client.post(_url("preferences", community.slug), {})
    membership.refresh_from_db()
    assert membership.weekly_digest is False


def test_preferences_are_for_active_members_only(client, organizer, outsider, community):
    client.force_login(organizer)  # waiting
    assert client.get(_url("preferences", community.slug)).status_code == 404
    client.force_login(outsider)
    assert client.post(_url("preferences", community.slug), {"weekly_digest": "on"}).status_code == 404
    assert not Membership.objects.filter(weekly_digest=True).exists()


@pytest.fixture
def subscribed(community, partner) -> Membership:
    membership = _membership(community, partner)
    membership.weekly_digest = True
    membership.save()
    return membership


def test_opening_the_unsubscribe_link_changes_nothing(client, subscribed):
    response = client.get(_url("unsubscribe", digest_unsubscribe_token(subscribed)))

    page = _page(response)
    assert response.status_code == 200
    assert "Ne plus recevoir le résumé hebdomadaire de Partenaires en santé de Montréal par courriel ?" in page
    subscribed.refresh_from_db()
    assert subscribed.weekly_digest is True


def test_the_unsubscribe_page_is_in_english_under_en(client, subscribed):
    token = digest_unsubscribe_token(subscribed)

    assert "Stop the weekly e-mail digest of" in _page(client.get(_en("unsubscribe", token)))
    assert "This unsubscribe link is not valid." in _page(client.get(_en("unsubscribe", token + "x")))


def test_confirming_the_unsubscribe_link_stops_the_digest_without_signing_in(client, subscribed):
    response = client.post(_url("unsubscribe", digest_unsubscribe_token(subscribed)))

    assert response.status_code == 200
    assert "Vous ne recevrez plus le résumé hebdomadaire de Partenaires en santé de Montréal." in _page(response)
    subscribed.refresh_from_db()
    assert subscribed.weekly_digest is False


def test_one_click_unsubscribe_works_without_a_csrf_token_or_session(subscribed):
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(
        _en("unsubscribe", digest_unsubscribe_token(subscribed)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscribed.refresh_from_db()
    assert subscribed.weekly_digest is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_unsubscribe_link_answers_400_with_a_french_message(client, subscribed, method):
    token = digest_unsubscribe_token(subscribed)[:-3] + "abc"

    response = getattr(client, method)(_url("unsubscribe", token))

    assert response.status_code == 400
    assert "Ce lien de désabonnement n’est pas valide." in _page(response)
    subscribed.refresh_from_db()
    assert subscribed.weekly_digest is True


def test_an_unsubscribe_link_whose_membership_is_gone_answers_400(client, community, outsider):
    membership = MembershipFactory(community=community, user=outsider)
    token = digest_unsubscribe_token(membership)
    membership.delete()

    response = client.post(_url("unsubscribe", token))

    assert response.status_code == 400
    assert "Ce lien de désabonnement n’est pas valide." in _page(response)


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_directory_runs_the_same_queries_for_1_or_50_rows(
    client, partner, montreal, isolation, django_assert_num_queries, rows
):
    for _ in range(rows):
        community = CommunityFactory(territories=[montreal], themes=[isolation])
        MembershipFactory(community=community, user=partner)
        MembershipFactory(community=community)
    client.force_login(partner)

    # session, user, count, the menu's unread notifications, the filter form's territories and
    # themes, the page of spaces (with member count and the viewer's membership flags), their
    # territories, their themes.
    with django_assert_num_queries(9):
        response = client.get(_url("list"))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_space_page_runs_the_same_queries_for_1_or_50_rows(
    client, facilitator, community, past_gathering, isolation, django_assert_num_queries, rows
):
    initiative = InitiativeFactory()
    for _ in range(rows):
        GatheringFactory(community=community, created_by=facilitator)
        ThreadFactory(community=community)
        ResourceFactory(community=community).themes.set([isolation])
        learning = LearningFactory(initiative=initiative, themes=[isolation])
        Harvest.objects.create(gathering=past_gathering, learning=learning)
        community.host_organizations.add(OrganizationFactory())
        MembershipFactory(community=community, user=UserFactory())
    client.force_login(facilitator)

    # session, user, the space (with member count, the viewer's membership flags and whether
    # they may read), its territories, themes, host organizations, the viewer's membership, the
    # count of waiting requests, the menu's unread notifications, then the upcoming gatherings,
    # the learnings and their themes, the threads, the resources and their themes.
    with django_assert_num_queries(15):
        response = client.get(community.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["gatherings"]) == len(response.context["threads"]) == min(rows, 5)
