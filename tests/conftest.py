"""The cast of personas every test can call on, and shared fixtures.

Each persona is a person with a verified e-mail address. Later issues give them their
roles (an organizer's initiatives, a facilitator's community...); the cast stays the same.
"""

import json
import os
import re

import pytest
from django.db import connection

from ecosystem.celery import app as celery_app
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
    """Nathalie, a decision-maker at a CISSS who records decisions (in the "decision-makers"
    group that staff manage in the administration)."""
    user = UserFactory(email="nathalie.decideuse@exemple.test", display_name="Nathalie")
    user.groups.add(decision_makers_group())
    return user


def decision_makers_group():
    """The group a data migration creates (recreated after a transactional test's flush)."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name="decision-makers").first()
    if group is None:
        import_module("loop.migrations.0002_decision_makers").create(apps, None)
        group = Group.objects.get(name="decision-makers")
    return group


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


@pytest.fixture(scope="session", autouse=True)
def _uploads_in_a_temporary_folder(tmp_path_factory):
    """Files the tests upload (resources, imports, the demo's) never land in the project's media/.
    Tests that look at what is stored give themselves a folder of their own."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(autouse=True)
def _api_responses_keep_personal_data_private(monkeypatch):
    """Every API response of the suite is scanned (issue #5): it holds no account's e-mail address
    but the requester's own (none for a visitor), and outside ``/api/v1/me/`` no diversity answer
    and no lived experience in words. Without database queries, so that query counts stay true:
    the accounts' addresses are noted as the test saves them.

    An address that belongs to no account is text someone wrote (a learning quoted back to its
    team so they remove it before publishing, for example), not a person's account data."""
    from allauth.account.models import EmailAddress
    from django.db.models.signals import post_save
    from django.test.client import Client

    from ecosystem.models import User
    from partnerships.models import DiversityAnswers

    accounts: set[str] = set()

    def note(sender, instance, **kwargs):
        if instance.email:
            accounts.add(instance.email.lower())

    for model in (User, EmailAddress):
        post_save.connect(note, sender=model, weak=False, dispatch_uid=f"api-scan-{model.__name__}")
    private_keys = {field for field, _choices, _label in DiversityAnswers.QUESTIONS} | {"experience_words"}
    send = Client.request

    def request(self, **environ):
        response = send(self, **environ)
        path = environ.get("PATH_INFO", "")
        if path.startswith("/api/") and not getattr(response, "streaming", False):
            leak = _personal_data_leak(response, path, accounts, private_keys)
            if leak:
                pytest.fail(f"{environ.get('REQUEST_METHOD', 'GET')} {path}: {leak}", pytrace=False)
        return response

    monkeypatch.setattr(Client, "request", request)
    yield
    for model in (User, EmailAddress):
        post_save.disconnect(sender=model, dispatch_uid=f"api-scan-{model.__name__}")


def _requester_email(response) -> str | None:
    """The requester's e-mail address, if the view loaded who asked (it is never loaded here)."""
    from django.utils.functional import SimpleLazyObject, empty

    user = getattr(getattr(response, "wsgi_request", None), "user", None)
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    return user.email.lower() if user is not None and user.is_authenticated else None


def _personal_data_leak(response, path: str, accounts: set[str], private_keys: set[str]) -> str | None:
    body = response.content.decode(errors="replace")
    own = _requester_email(response)
    found = {email.lower() for email in EMAIL_ADDRESS.findall(body)}
    others = sorted((found & accounts) - {own})
    if others:
        return f"the answer holds the e-mail address of {', '.join(others)}; the requester is {own or 'a visitor'}"
    if not body or not path.startswith("/api/v1/") or path.startswith("/api/v1/me/"):
        return None
    if "json" not in response.get("Content-Type", ""):
        return None
    private = sorted(_keys(json.loads(body)) & private_keys)
    if private:
        return f"the answer holds {', '.join(private)}: diversity answers and lived experience stay out of the API"
    return None


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(item) for item in value))
    return set()


# --- Real services (the tests marked `worker`) ---------------------------------------------------


@pytest.fixture
def real_services(settings):
    """Tasks go to Redis, for a real worker; skipped without PostgreSQL and Redis."""
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        if os.environ.get("SERVICES_REQUIRED") == "1":
            pytest.fail("SERVICES_REQUIRED=1 but REDIS_URL or PostgreSQL is missing: the killed-worker test must run")
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    celery_app.control.purge()
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = saved
    celery_app.control.purge()


@pytest.fixture
def reference_data(transactional_db):
    """The regions and strata of the data migrations: an earlier transactional test may have
    flushed them (the migrations' functions are idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("ecosystem.migrations.0002_regions_sociosanitaires").create_regions(apps, None)
    import_module("indicators.migrations.0002_strata").create(apps, None)
