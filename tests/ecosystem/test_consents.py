"""Consent per purpose: given to a version of its text, withdrawable, kept as a history."""

import pytest

from ecosystem import consents, selectors
from ecosystem.consents import ConsentText
from ecosystem.models import AuditEvent, Consent, Purpose
from ecosystem.services import consent_give, consent_withdraw

pytestmark = pytest.mark.django_db


def test_nobody_consents_to_anything_by_default(partner):
    assert selectors.consents_in_force(user=partner) == set()
    assert all(not state.given for state in selectors.consent_overview(user=partner))


def test_each_purpose_is_given_separately(partner):
    consent_give(user=partner, purpose=Purpose.CONTACT)

    assert selectors.consents_in_force(user=partner) == {Purpose.CONTACT}
    assert selectors.consent_in_force(user=partner, purpose=Purpose.CONTACT)
    assert not selectors.consent_in_force(user=partner, purpose=Purpose.DIRECTORY)


def test_giving_twice_keeps_one_consent(partner):
    first = consent_give(user=partner, purpose=Purpose.DIGESTS)
    assert consent_give(user=partner, purpose=Purpose.DIGESTS) == first
    assert Consent.objects.filter(user=partner).count() == 1


def test_withdrawing_keeps_the_history_and_can_be_given_again(partner):
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    assert consent_withdraw(user=partner, purpose=Purpose.DIRECTORY) is True
    assert consent_withdraw(user=partner, purpose=Purpose.DIRECTORY) is False  # nothing open any more
    consent_give(user=partner, purpose=Purpose.DIRECTORY)

    history = list(selectors.consent_history(user=partner).values_list("withdrawn_at", flat=True))
    assert len(history) == 2 and history.count(None) == 1
    actions = list(AuditEvent.objects.filter(subject_id=partner.pk).values_list("action", flat=True))
    assert sorted(actions) == ["consent_given", "consent_given", "consent_withdrawn"]


def test_an_unknown_purpose_is_refused(partner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        consent_give(user=partner, purpose="marketing")
    assert not Consent.objects.exists()


def test_a_new_version_of_the_text_asks_again(partner, monkeypatch):
    consent_give(user=partner, purpose=Purpose.DIRECTORY)
    old = consents.CONSENT_TEXTS[Purpose.DIRECTORY]
    monkeypatch.setitem(
        consents.CONSENT_TEXTS,
        Purpose.DIRECTORY,
        ConsentText(version=old.version + 1, title=old.title, text=old.text, withdrawal=old.withdrawal),
    )

    assert not selectors.consent_in_force(user=partner, purpose=Purpose.DIRECTORY)
    state = next(state for state in selectors.consent_overview(user=partner) if state.purpose == Purpose.DIRECTORY)
    assert state.outdated and not state.given

    renewed = consent_give(user=partner, purpose=Purpose.DIRECTORY)
    assert renewed.version == old.version + 1
    assert selectors.consent_in_force(user=partner, purpose=Purpose.DIRECTORY)
    assert Consent.objects.filter(user=partner, purpose=Purpose.DIRECTORY).count() == 2
