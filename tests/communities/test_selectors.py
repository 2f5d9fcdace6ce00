"""The reads of the co-learning spaces: what each person may read, and what each list carries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from communities import selectors
from communities.filters import CommunityFilter
from communities.models import Community
from tests.factories import (
    CommunityFactory,
    GatheringFactory,
    LearningFactory,
    PostFactory,
    ResourceFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaces(community, private_community):
    """One public and one members-only space, each with a gathering, a thread and a resource."""
    for space in (community, private_community):
        GatheringFactory(community=space)
        ThreadFactory(community=space)
        ResourceFactory(community=space)
    return community, private_community


def test_the_directory_lists_every_space_with_its_number_of_active_members(spaces, outsider):
    rows = {community.slug: community.member_count for community in selectors.community_list(user=outsider)}

    # The pending request (Karim's) is not counted.
    assert rows == {"partenaires-en-sante-de-montreal": 2, "cercle-des-proches-aidants": 2}


def test_the_directory_says_which_spaces_are_mine_and_which_wait(spaces, partner, organizer):
    mine = {
        community.slug: (community.is_mine, community.is_pending_mine)
        for community in selectors.community_list(user=organizer)
    }

    assert mine["partenaires-en-sante-de-montreal"] == (False, True)
    assert mine["cercle-des-proches-aidants"] == (False, False)


@pytest.mark.parametrize(
    "persona, readable",
    [
        ("visitor", {"partenaires-en-sante-de-montreal"}),
        ("outsider", {"partenaires-en-sante-de-montreal"}),
        ("organizer", {"partenaires-en-sante-de-montreal"}),  # pending in the public one
        ("partner", {"partenaires-en-sante-de-montreal", "cercle-des-proches-aidants"}),
        ("facilitator", {"partenaires-en-sante-de-montreal", "cercle-des-proches-aidants"}),
        ("staff", {"partenaires-en-sante-de-montreal", "cercle-des-proches-aidants"}),
    ],
)
def test_what_is_said_inside_is_read_by_the_public_or_by_active_members(spaces, request, persona, readable):
    user = AnonymousUser() if persona == "visitor" else request.getfixturevalue(persona)

    assert {community.slug for community in Community.objects.readable_by(user)} == readable
    assert {gathering.community.slug for gathering in selectors.gathering_list(user=user)} == readable
    assert {resource.community.slug for resource in selectors.resource_list(user=user)} == readable
    for space in spaces:
        get = selectors.community_get(user=user, slug=space.slug)
        assert get.can_read is (space.slug in readable)
        if space.slug not in readable:
            with pytest.raises(Http404):
                selectors.community_get_readable(user=user, slug=space.slug)
            assert not selectors.thread_list(user=user, community=space).exists()


def test_a_member_who_left_reads_no_longer(private_community, partner):
    from communities.services import membership_leave

    membership_leave(community=private_community, by=partner)

    assert not Community.objects.readable_by(partner).filter(pk=private_community.pk).exists()


def test_facilitation_pages_are_for_co_facilitators_and_staff(community, facilitator, partner, staff):
    assert selectors.community_get_for_facilitation(user=facilitator, slug=community.slug).can_facilitate
    assert selectors.community_get_for_facilitation(user=staff, slug=community.slug).can_facilitate
    with pytest.raises(Http404):
        selectors.community_get_for_facilitation(user=partner, slug=community.slug)


def test_pending_requests_come_before_invitations(community, facilitator, outsider):
    from communities.services import membership_invite

    membership_invite(community=community, by=facilitator, user=outsider)

    assert [membership.user for membership in selectors.community_pending(community=community)] == [
        community.memberships.get(status="pending", invited_by__isnull=True).user,
        outsider,
    ]


def test_members_are_listed_co_facilitators_first_without_the_pending_ones(community, facilitator, partner):
    assert [membership.user for membership in selectors.community_members(community=community)] == [
        facilitator,
        partner,
    ]


def test_a_thread_counts_its_messages(thread, facilitator):
    PostFactory(thread=thread, author=facilitator)

    (row,) = selectors.thread_list(user=facilitator, community=thread.community)

    assert row.post_count == 2


def test_harvested_learnings_show_drafts_only_to_their_author(past_gathering, facilitator, partner):
    from communities.models import Harvest

    published = LearningFactory(initiative=None, title="Publié", author=facilitator)
    draft = LearningFactory(initiative=None, title="Brouillon", author=facilitator, status="draft", published_at=None)
    for learning in (published, draft):
        Harvest.objects.create(gathering=past_gathering, learning=learning, harvested_by=facilitator)

    assert set(selectors.gathering_learnings(user=facilitator, gathering=past_gathering)) == {published, draft}
    assert list(selectors.gathering_learnings(user=partner, gathering=past_gathering)) == [published]
    assert list(selectors.community_learnings(user=AnonymousUser(), community=past_gathering.community)) == [published]


def test_the_activity_of_a_space_counts_the_last_thirty_days(community, gathering, thread):
    activity = selectors.community_activity(community=community)

    assert activity["pending"] == 1
    assert activity["gatherings"] == 1
    assert activity["threads"] == 1
    assert activity["posts"] == 1
    assert activity["new_members"] == 2


def test_the_directory_filters_by_search_territory_theme_and_kind(db, isolation):
    from ecosystem.models import Territory

    quebec = Territory.objects.get(code="03")
    CommunityFactory(name="Table des aînés de Québec", kind="concertation", territories=[quebec])
    CommunityFactory(name="Cercle d'écoute", kind="learning_circle", themes=[isolation], purpose="Briser l'isolement")
    queryset = selectors.community_list(user=AnonymousUser())

    def names(**params):
        return sorted(community.name for community in CommunityFilter(params, queryset=queryset).qs)

    assert names(q="aines quebec") == ["Table des aînés de Québec"]
    assert names(territory="03") == ["Table des aînés de Québec"]
    assert names(theme="isolement-social") == ["Cercle d'écoute"]
    assert names(kind="learning_circle") == ["Cercle d'écoute"]
    assert names(q="ecoute") == ["Cercle d'écoute"]
