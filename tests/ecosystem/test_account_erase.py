""" "Delete my account": the person's e-mail and name are in no table any more, what they
published stays credited to "former member", their sessions end, and only an anonymous line
of the audit trail says an account was deleted."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from communities.models import Membership, Post
from ecosystem.models import AuditEvent, Consent, DataExport, Notification, Purpose, User
from ecosystem.services import account_erase, audit_record, consent_give
from initiatives.models import Learning
from partnerships.models import Application, DiversityAnswers, Engagement, PartnerProfile
from tests.ecosystem.test_data_export import (
    build_export,
    person_with_everything,
    shared_places,
    someone_else_alongside,
)
from tests.factories import DEFAULT_PASSWORD, LearningFactory

pytestmark = pytest.mark.django_db

# ASCII only: JSON columns may store accents escaped, and the scan must not miss a row for that.
EMAIL = "zephyrine.effacee-7731@exemple.test"
NAME = "Zephyrine-Effacee-7731"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _scanned_columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every text, e-mail and JSON column of every table, simple_history's included."""
    columns = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                columns.append((model, field))
    return columns


def rows_mentioning(*needles: str) -> list[str]:
    found = []
    for model, field in _scanned_columns():
        column = Cast(field.name, models.TextField()) if isinstance(field, models.JSONField) else models.F(field.name)
        rows = model._base_manager.annotate(scanned=column)
        for needle in needles:
            count = rows.filter(scanned__icontains=needle).count()
            if count:
                found.append(f"{model._meta.label}.{field.name}: {count} × {needle}")
    return found


def _sessions_of(user_pk: int) -> list[Session]:
    return [session for session in Session.objects.all() if session.get_decoded().get("_auth_user_id") == str(user_pk)]


@pytest.fixture
def place(db):
    return shared_places()


@pytest.fixture
def person(place):
    return person_with_everything(place, email=EMAIL, display_name=NAME)


def test_the_scan_covers_every_app_and_the_history_tables():
    labels = {model._meta.label for model, _field in _scanned_columns()}

    assert {"ecosystem.User", "account.EmailAddress", "sessions.Session", "admin.LogEntry"} <= labels
    assert {
        "initiatives.HistoricalLearning",
        "initiatives.HistoricalInitiative",
        "communities.HistoricalPost",
    } <= labels
    assert {"partnerships.PartnerProfile", "partnerships.Application", "communities.Membership"} <= labels


def test_after_erasing_no_table_holds_the_email_or_the_name(
    person, place, client, partner, django_capture_on_commit_callbacks
):
    user = person.user
    draft = LearningFactory(initiative=place.initiative, author=user, status="draft", published_at=None)
    Token.objects.create(user=user)
    audit_record(actor=partner, subject=user, action=AuditEvent.Action.VIEWED, what="partner profile")
    export = build_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    assert rows_mentioning(EMAIL, NAME)  # the scan finds the person while the account exists

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=user)

    assert rows_mentioning(EMAIL, NAME) == []
    assert not default_storage.exists(export.file.name)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Learning.objects.filter(pk=draft.pk).exists()
    assert not Learning.history.filter(id=draft.pk).exists()


def test_personal_rows_go_and_shared_contributions_stay_without_the_person(person, place):
    user, pk = person.user, person.user.pk
    published = Learning.objects.get(author=user, status="published")
    post = Post.objects.get(author=user, body__startswith="Message-marqueur")

    account_erase(user=user)

    for model, lookup in (
        (EmailAddress, "user_id"),
        (Consent, "user_id"),
        (PartnerProfile, "user_id"),
        (DiversityAnswers, "user_id"),
        (Application, "applicant_id"),
        (Membership, "user_id"),
        (Notification, "recipient_id"),
        (DataExport, "user_id"),
        (Token, "user_id"),
    ):
        assert not model.objects.filter(**{lookup: pk}).exists(), model
    published.refresh_from_db()
    post.refresh_from_db()
    assert published.author_id is None and published.status == "published"
    assert post.author_id is None and post.body.startswith("Message-marqueur")
    engagement = Engagement.objects.get(initiative=place.initiative, outcome__startswith="Résultat-marqueur")
    assert engagement.partner_id is None
    assert not Learning.history.filter(author_id=pk).exists()
    assert not Post.history.filter(author_id=pk).exists()


def test_the_published_learning_and_the_post_say_former_member(person, client):
    published = Learning.objects.get(author=person.user, status="published")
    post = Post.objects.get(author=person.user, body__startswith="Message-marqueur")

    account_erase(user=person.user)

    learning_page = client.get(published.get_absolute_url()).content.decode()
    thread_page = client.get(post.thread.get_absolute_url()).content.decode()
    assert "ancien·ne membre" in learning_page
    assert "Ancien·ne membre" in thread_page
    assert NAME not in learning_page + thread_page


def test_the_api_credits_a_former_member(person, client):
    published = Learning.objects.get(author=person.user, status="published")

    account_erase(user=person.user)

    data = client.get(f"/api/v1/learnings/{published.pk}/").json()
    assert data["author"] == "ancien·ne membre"


def test_the_sessions_of_the_person_end_and_others_stay(person, partner):
    user = person.user
    theirs, someone_else = Client(), Client()
    theirs.force_login(user)
    someone_else.force_login(partner)
    assert len(_sessions_of(user.pk)) == 1

    account_erase(user=user)

    assert _sessions_of(user.pk) == []
    assert len(_sessions_of(partner.pk)) == 1
    assert not theirs.get("/").context["user"].is_authenticated


def test_only_an_anonymous_erased_line_remains_of_the_audit_trail(person, partner):
    user, pk = person.user, person.user.pk
    audit_record(actor=partner, subject=user, action=AuditEvent.Action.VIEWED, what="partner profile")
    audit_record(actor=user, subject=partner, action=AuditEvent.Action.VIEWED, what="partner profile")

    account_erase(user=user)

    remaining = list(AuditEvent.objects.filter(subject_id=pk).values_list("action", "actor_id", "what"))
    assert remaining == [("erased", None, "account")]
    # What the person did to someone else stays in that person's trail, without the name.
    assert list(AuditEvent.objects.filter(subject_id=partner.pk).values_list("actor_id", flat=True)) == [None]


def test_nobody_else_loses_anything(person, place):
    other = someone_else_alongside(place)
    before = {
        "consents": Consent.objects.filter(user=other).count(),
        "posts": Post.objects.filter(author=other).count(),
        "learnings": Learning.objects.filter(author=other).count(),
        "engagements": Engagement.objects.filter(partner=other).count(),
        "applications": Application.objects.filter(applicant=other).count(),
        "memberships": Membership.objects.filter(user=other).count(),
    }

    account_erase(user=person.user)

    other.refresh_from_db()
    assert other.email == "berenice.zz-unique@exemple.test"
    assert before == {
        "consents": Consent.objects.filter(user=other).count(),
        "posts": Post.objects.filter(author=other).count(),
        "learnings": Learning.objects.filter(author=other).count(),
        "engagements": Engagement.objects.filter(partner=other).count(),
        "applications": Application.objects.filter(applicant=other).count(),
        "memberships": Membership.objects.filter(user=other).count(),
    }
    assert DiversityAnswers.objects.filter(user=other).exists()


# --- Through the page ----------------------------------------------------------------------------


def _reauthenticate(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_deleting_needs_the_password_again(client, partner):
    client.force_login(partner)

    response = client.post(reverse("account-delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=partner.pk).exists()


def test_deleting_needs_the_box_ticked(client, partner):
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    client.force_login(partner)
    _reauthenticate(client)

    response = client.post(reverse("account-delete"), {})

    assert response.status_code == 200
    assert "Cochez la case pour confirmer que vous voulez supprimer votre compte." in response.content.decode()
    assert User.objects.filter(pk=partner.pk).exists()
    assert Consent.objects.filter(user=partner).exists()


def test_a_person_deletes_their_account_and_is_signed_out(client, partner):
    pk = partner.pk
    client.force_login(partner)
    _reauthenticate(client)

    response = client.post(reverse("account-delete"), {"confirm": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Votre compte et vos renseignements personnels sont supprimés." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(pk=pk).exists()
    assert list(AuditEvent.objects.filter(subject_id=pk).values_list("action", flat=True)) == ["erased"]


def test_the_password_typed_again_resumes_the_deletion(client, partner):
    pk = partner.pk
    client.force_login(partner)
    client.post(reverse("account-delete"), {"confirm": "on"})  # suspended until the password is typed

    client.post(f"{reverse('account_reauthenticate')}?next={reverse('account-delete')}", {"password": DEFAULT_PASSWORD})

    assert not User.objects.filter(pk=pk).exists()


def test_a_wrong_password_deletes_nothing(client, partner):
    client.force_login(partner)
    client.post(reverse("account-delete"), {"confirm": "on"})

    response = client.post(
        f"{reverse('account_reauthenticate')}?next={reverse('account-delete')}", {"password": "pas-le-bon-42"}
    )

    assert response.status_code == 200
    assert User.objects.filter(pk=partner.pk).exists()
