"""The cast of personas every test can call on, and shared fixtures.

Each persona is a person with a verified e-mail address. Later issues give them their
roles (an organizer's initiatives, a facilitator's community...); the cast stays the same.
"""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def partner(db):
    """Amélie, a health partner: a caregiver with lived experience."""
    return UserFactory(email="amelie.partenaire@exemple.test", display_name="Amélie")


@pytest.fixture
def organizer(db):
    """Karim, a community organizer who logs initiatives and their learnings."""
    return UserFactory(email="karim.organisateur@exemple.test", display_name="Karim")


@pytest.fixture
def facilitator(db):
    """Josée, who co-facilitates a co-learning space."""
    return UserFactory(email="josee.animatrice@exemple.test", display_name="Josée")


@pytest.fixture
def steward(db):
    """Mathieu, an indicator steward who imports measurements."""
    return UserFactory(email="mathieu.intendant@exemple.test", display_name="Mathieu")


@pytest.fixture
def decision_maker(db):
    """Nathalie, a decision-maker at a CISSS who records decisions."""
    return UserFactory(email="nathalie.decideuse@exemple.test", display_name="Nathalie")


@pytest.fixture
def outsider(db):
    """Paul, signed in but part of nothing."""
    return UserFactory(email="paul.externe@exemple.test", display_name="Paul")


@pytest.fixture
def staff(db):
    """Sophie, platform staff with access to the administration site."""
    return UserFactory(email="sophie.personnel@exemple.test", display_name="Sophie", is_staff=True, is_superuser=True)


@pytest.fixture
def english_client(client):
    """A client whose browser prefers English (French stays the default at unprefixed URLs)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French: a request to /en/… leaves English active in the thread,
    which would otherwise make the next test's reverse() answer English paths."""
    from django.utils import translation

    with translation.override("fr-ca"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
