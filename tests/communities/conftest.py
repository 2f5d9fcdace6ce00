"""Spaces for the cast. In "Partenaires en santé de Montréal" (public, on request) Josée
(facilitator) co-facilitates, Amélie (partner) is a member and Karim (organizer) waits for
approval; Paul (outsider) belongs to nothing. "Cercle des proches aidants" is members-only."""

import pytest

from ecosystem.models import Territory, Theme
from tests.factories import CommunityFactory, GatheringFactory, MembershipFactory, ThreadFactory


@pytest.fixture
def montreal(db):
    return Territory.objects.get(code="06")


@pytest.fixture
def isolation(db):
    return Theme.objects.get(slug="isolement-social")


@pytest.fixture
def community(facilitator, partner, organizer, montreal, isolation):
    community = CommunityFactory(
        name="Partenaires en santé de Montréal", territories=[montreal], themes=[isolation], created_by=facilitator
    )
    MembershipFactory(community=community, user=facilitator, role="co_facilitator")
    MembershipFactory(community=community, user=partner)
    MembershipFactory(community=community, user=organizer, status="pending", message="J'aimerais participer.")
    return community


@pytest.fixture
def private_community(facilitator, partner, montreal):
    community = CommunityFactory(
        name="Cercle des proches aidants", visibility="members", membership_policy="invitation", territories=[montreal]
    )
    MembershipFactory(community=community, user=facilitator, role="co_facilitator")
    MembershipFactory(community=community, user=partner)
    return community


@pytest.fixture
def open_community(facilitator, montreal):
    community = CommunityFactory(name="Laboratoire vivant ouvert", membership_policy="open", territories=[montreal])
    MembershipFactory(community=community, user=facilitator, role="co_facilitator")
    return community


@pytest.fixture
def gathering(community, facilitator):
    return GatheringFactory(community=community, title="Forum du printemps", created_by=facilitator)


@pytest.fixture
def past_gathering(community, facilitator):
    from django.utils import timezone

    starts = timezone.now() - timezone.timedelta(days=3)
    return GatheringFactory(
        community=community,
        title="Atelier de l'hiver",
        starts_at=starts,
        ends_at=starts + timezone.timedelta(hours=2),
        created_by=facilitator,
    )


@pytest.fixture
def thread(community, partner):
    return ThreadFactory(community=community, title="Comment accueillir les nouveaux membres ?", author=partner)


@pytest.fixture
def private_thread(private_community, partner):
    return ThreadFactory(community=private_community, title="Fatigue de compassion", author=partner)
