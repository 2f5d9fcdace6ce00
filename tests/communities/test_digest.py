"""The weekly digest: off by default, sent by Celery beat to those who asked for a space's digest
and consent to e-mail digests, once a week, in their language, with a link that stops it
without signing in."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from communities import services, tasks
from communities.emails import digest_unsubscribe_token
from communities.models import Membership
from ecosystem.celery import app
from ecosystem.models import Purpose
from ecosystem.services import consent_give, consent_withdraw
from tests.factories import GatheringFactory, ResourceFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(community, partner):
    consent_give(user=partner, purpose=Purpose.DIGESTS)
    membership = Membership.objects.get(community=community, user=partner)
    services.membership_set_digest(membership=membership, by=partner, weekly_digest=True)
    return membership


@pytest.fixture
def week_of_activity(community, facilitator):
    GatheringFactory(community=community, title="Forum de juin", created_by=facilitator)
    ThreadFactory(community=community, title="Retour sur le forum", author=facilitator)
    ResourceFactory(community=community, title="Rapport du forum")


def test_beat_runs_the_digest_weekly():
    entry = app.conf.beat_schedule["weekly-digests"]

    assert entry["task"] == "communities.tasks.send_weekly_digests"
    assert entry["schedule"].day_of_week == {1}  # Monday


def test_nobody_gets_a_digest_they_did_not_ask_for(community, week_of_activity):
    assert tasks.send_weekly_digests.delay().get() == 0

    assert mail.outbox == []


def test_the_digest_lists_the_week_in_french_with_an_unsubscribe_link(subscribed, week_of_activity, partner):
    assert tasks.send_weekly_digests.delay().get() == 1

    (message,) = mail.outbox
    assert message.to == [partner.email]
    assert message.subject == "[Écosystème apprenant] Cette semaine dans votre espace de co-apprentissage"
    assert "Bonjour Amélie," in message.body
    for title in ("Forum de juin", "Retour sur le forum", "Rapport du forum"):
        assert title in message.body
    token = digest_unsubscribe_token(subscribed)
    assert f"/communautes/desabonnement/{token}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Forum de juin" in html


def test_the_digest_follows_the_person_s_language(subscribed, week_of_activity, partner):
    partner.preferred_language = "en"
    partner.save()

    services.digest_send(user_id=partner.pk)

    (message,) = mail.outbox
    assert "Hello Amélie," in message.body
    assert "/en/communities/unsubscribe/" in message.body


def test_a_digest_goes_out_at_most_once_a_week(subscribed, week_of_activity, partner):
    assert services.digest_send(user_id=partner.pk) is True
    assert services.digest_send(user_id=partner.pk) is False

    later = timezone.now() + datetime.timedelta(days=7)
    ThreadFactory(community=subscribed.community, title="Nouvelle semaine", created_at=later)
    assert services.digest_send(user_id=partner.pk, now=later + datetime.timedelta(minutes=1)) is True

    assert len(mail.outbox) == 2
    assert "Nouvelle semaine" in mail.outbox[1].body
    assert "Rapport du forum" not in mail.outbox[1].body


def test_a_quiet_week_sends_nothing(subscribed, partner):
    assert services.digest_send(user_id=partner.pk) is False

    assert mail.outbox == []


def test_hidden_content_of_a_members_only_space_reaches_only_its_members(private_community, partner, facilitator):
    membership = Membership.objects.get(community=private_community, user=partner)
    services.membership_set_digest(membership=membership, by=partner, weekly_digest=True)
    ThreadFactory(community=private_community, title="Fatigue de compassion", author=facilitator)
    services.membership_leave(community=private_community, by=partner)

    services.digest_send(user_id=partner.pk)

    assert mail.outbox == []


def test_a_deleted_account_is_skipped(subscribed, partner):
    user_id = partner.pk
    partner.delete()

    assert tasks.send_weekly_digest.delay(user_id).get() is False


def test_the_unsubscribe_link_stops_the_digest(subscribed, week_of_activity, partner):
    services.membership_unsubscribe(token=digest_unsubscribe_token(subscribed))

    assert services.digest_send(user_id=partner.pk) is False
    assert mail.outbox == []


def test_a_failed_send_marks_nothing_so_a_retry_sends_it(subscribed, week_of_activity, partner, monkeypatch):
    def broken(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("communities.emails.send_digest", broken)
    with pytest.raises(OSError):
        services.digest_send(user_id=partner.pk)
    subscribed.refresh_from_db()
    assert subscribed.digest_sent_at is None

    monkeypatch.undo()
    assert services.digest_send(user_id=partner.pk) is True


def test_no_digest_without_the_digests_consent(subscribed, week_of_activity, partner):
    consent_withdraw(user=partner, purpose=Purpose.DIGESTS)

    assert tasks.send_weekly_digests.delay().get() == 0
    assert services.digest_send(user_id=partner.pk) is False
    assert mail.outbox == []
