"""Partners for the cast. Karim (organizer) is on the team of "Hôpital à domicile" and opens a
call on it; Amélie (partner) has a partner profile (caregiver, Montréal, French) and, unless a
test gives some, no consent at all; Josée (facilitator) co-facilitates a space; Nathalie
(decision maker) organizes a users' committee; Paul (outsider) organizes nothing."""

import pytest

from ecosystem.models import Organization, Territory, Theme
from ecosystem.services import consent_give
from tests.factories import (
    CallFactory,
    CommunityFactory,
    GovernanceBodyFactory,
    InitiativeFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnerProfileFactory,
)


def give(user, *purposes):
    """Give ``user``'s consent to each purpose, as they would on the consents page."""
    for purpose in purposes:
        consent_give(user=user, purpose=purpose)


@pytest.fixture
def montreal(db):
    return Territory.objects.get(kind=Territory.Kind.RSS, code="06")


@pytest.fixture
def capitale(db):
    return Territory.objects.get(kind=Territory.Kind.RSS, code="03")


@pytest.fixture
def isolation(db):
    return Theme.objects.get(slug="isolement-social")


@pytest.fixture
def hospital(db):
    return OrganizationFactory(
        name="CIUSSS du Centre-Sud", slug="ciusss-centre-sud", kind=Organization.Kind.CISSS, sector="public"
    )


@pytest.fixture
def initiative(organizer, montreal, hospital):
    return InitiativeFactory(
        title="Hôpital à domicile", team=[organizer], territories=[montreal], lead_organization=hospital
    )


@pytest.fixture
def partner_profile(partner, montreal):
    return PartnerProfileFactory(user=partner, region=montreal)


@pytest.fixture
def call(initiative, organizer, montreal):
    return CallFactory(initiative=initiative, created_by=organizer, title="Partenaires pour l'hôpital à domicile")


@pytest.fixture
def space(facilitator, montreal):
    space = CommunityFactory(name="Cercle des proches aidants", territories=[montreal])
    MembershipFactory(community=space, user=facilitator, role="co_facilitator")
    return space


@pytest.fixture
def committee(decision_maker, hospital, montreal):
    return GovernanceBodyFactory(
        name="Comité des usagers du Centre-Sud", organization=hospital, territory=montreal, organizers=[decision_maker]
    )
