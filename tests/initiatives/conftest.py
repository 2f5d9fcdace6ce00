"""Initiatives for the cast: Karim (organizer) runs one of each visibility; Josée
(facilitator) runs her own elsewhere, so she is "another organizer" to Karim's."""

import pytest

from ecosystem.models import Territory, Theme
from tests.factories import InitiativeFactory, LearningFactory


@pytest.fixture
def montreal(db):
    return Territory.objects.get(code="06")


@pytest.fixture
def capitale_nationale(db):
    return Territory.objects.get(code="03")


@pytest.fixture
def isolation(db):
    return Theme.objects.get(slug="isolement-social")


@pytest.fixture
def public_initiative(organizer, montreal, isolation):
    return InitiativeFactory(
        title="Cuisines collectives du Centre-Sud",
        territories=[montreal],
        themes=[isolation],
        team=[organizer],
        created_by=organizer,
    )


@pytest.fixture
def members_initiative(organizer, montreal):
    return InitiativeFactory(
        title="Table des aînés", visibility="members", territories=[montreal], team=[organizer], created_by=organizer
    )


@pytest.fixture
def team_initiative(organizer, montreal):
    return InitiativeFactory(
        title="Projet confidentiel", visibility="team", territories=[montreal], team=[organizer], created_by=organizer
    )


@pytest.fixture
def other_organizer(facilitator, capitale_nationale, isolation):
    """Josée, who runs her own initiative in the Capitale-Nationale."""
    InitiativeFactory(
        title="Jardins partagés de Limoilou",
        territories=[capitale_nationale],
        themes=[isolation],
        team=[facilitator],
        created_by=facilitator,
    )
    return facilitator


@pytest.fixture
def published_learning(public_initiative, organizer, isolation):
    return LearningFactory(
        initiative=public_initiative,
        title="La confiance précède la participation",
        statement="Les aînés reviennent quand une personne les accueille par leur prénom.",
        author=organizer,
        themes=[isolation],
    )


@pytest.fixture
def draft_learning(public_initiative, organizer):
    return LearningFactory(
        initiative=public_initiative,
        title="Brouillon à relire",
        author=organizer,
        status="draft",
        published_at=None,
    )
