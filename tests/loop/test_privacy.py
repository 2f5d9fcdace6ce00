"""A person's rights over what they gave to the learning loop: the watch signals they posted and
the decisions they recorded are in "download my data"; deleting their account leaves the signals
and decisions in place, without their name, and no loop table names them."""

import json

import pytest
from django.utils import timezone

from ecosystem.consents import CONSENT_TEXTS
from ecosystem.models import User
from ecosystem.services import account_erase, consent_give, consent_withdraw
from loop import privacy, services
from loop.models import Decision, Signal, SynthesisRun
from tests.conftest import decision_makers_group
from tests.ecosystem.test_account_erase import rows_mentioning
from tests.ecosystem.test_data_export import build_export, read_archive
from tests.factories import IndicatorFactory, LearningFactory, OrganizationFactory, SignalFactory, UserFactory

pytestmark = pytest.mark.django_db

# ASCII only, as in the account erasure tests: JSON columns may store accents escaped.
EMAIL = "zephyrin.veilleur-5519@exemple.test"
NAME = "Zephyrin-Veilleur-5519"


@pytest.fixture
def person(montreal, theme):
    """A decision-maker who posted two signals (one triaged by him with a note naming him) and
    recorded a decision, and asked for a synthesis run."""
    user = UserFactory(email=EMAIL, display_name=NAME, is_staff=True)
    user.groups.add(decision_makers_group())
    user = User.objects.get(pk=user.pk)
    first = services.signal_create(
        by=user,
        kind="need",
        title="Signal-marqueur A",
        description="Description-marqueur A.",
        territory=montreal,
        themes=[theme],
    )
    services.signal_create(
        by=user, kind="issue", title="Signal-marqueur B", description="Description-marqueur B.", territory=montreal
    )
    first = services.signal_triage(signal=first, by=user, status="handled", note=f"Vu avec {NAME} au comité.")
    decision = services.decision_create(
        by=user,
        title="Decision-marqueur",
        description="Description de la décision.",
        level="regional",
        decided_on=timezone.localdate(),
        organization=OrganizationFactory(),
        territory=montreal,
        learnings=[LearningFactory()],
        signals=[first],
        indicators=[IndicatorFactory(code="PREM-RECO")],
    )
    SynthesisRun.objects.create(years=[2025], trigger="manual", requested_by=user)
    return {"user": user, "signal": first, "decision": decision}


@pytest.fixture
def someone_else(partner):
    """Amélie's signal, under review: not the person's."""
    return SignalFactory(submitted_by=partner, title="Signal-marqueur C", status="in_review")


def test_the_export_holds_the_persons_signals_and_decisions(person, someone_else):
    sections = privacy.export(person["user"])

    signals = sections["watch_signals"]
    assert [(row["title"], row["kind"], row["status"]) for row in signals] == [
        ("Signal-marqueur A", "need", "handled"),
        ("Signal-marqueur B", "issue", "new"),
    ]
    assert signals[0]["territory"] == "06" and signals[0]["themes"] == "transport"
    assert signals[0]["triage_note"].startswith("Vu avec") and signals[0]["created_at"]
    [decision] = sections["decisions_recorded"]
    assert decision["title"] == "Decision-marqueur" and decision["indicators"] == "PREM-RECO"
    assert decision["signals"] == str(person["signal"].pk) and decision["level"] == "regional"
    assert "Signal-marqueur C" not in json.dumps(sections, default=str)


def test_download_my_data_has_the_loop_sections(person, someone_else, partner, django_capture_on_commit_callbacks):
    export = build_export(person["user"], django_capture_on_commit_callbacks)

    files = read_archive(export.file.read())
    document = json.loads(files["data.json"])
    assert len(document["sections"]["watch_signals"]) == 2
    assert "Signal-marqueur A" in files["watch_signals.csv"]
    assert "Decision-marqueur" in files["decisions_recorded.csv"]
    assert "Signal-marqueur C" not in files["data.json"]
    theirs = privacy.export(partner)
    assert [row["title"] for row in theirs["watch_signals"]] == ["Signal-marqueur C"]
    assert theirs["decisions_recorded"] == []


def test_withdrawing_a_consent_changes_nothing_in_the_loop(person, partner):
    before = [list(model.objects.values_list()) for model in (Signal, Decision)]
    for purpose in CONSENT_TEXTS:
        consent_give(user=partner, purpose=purpose)
        consent_withdraw(user=partner, purpose=purpose)
        privacy.consent_withdrawn(person["user"], purpose)

    assert [list(model.objects.values_list()) for model in (Signal, Decision)] == before


def test_after_erasing_signals_and_decisions_stay_without_the_persons_name(person, someone_else, partner):
    user = person["user"]
    pk = user.pk
    in_loop = {row.split(":")[0] for row in rows_mentioning(EMAIL, NAME) if row.startswith("loop.")}
    assert in_loop == {"loop.Signal.triage_note"}

    account_erase(user=user)

    assert not User.objects.filter(pk=pk).exists()
    signals = Signal.objects.filter(title__startswith="Signal-marqueur").exclude(pk=someone_else.pk)
    assert signals.count() == 2
    assert all(signal.submitted_by_id is None and signal.triaged_by_id is None for signal in signals)
    assert signals.get(pk=person["signal"].pk).status == "handled"  # still on the board
    assert signals.get(pk=person["signal"].pk).triage_note == ""
    decision = Decision.objects.get(pk=person["decision"].pk)
    assert decision.recorded_by_id is None and decision.signals.count() == 1 and decision.learnings.count() == 1
    assert SynthesisRun.objects.get().requested_by_id is None
    assert rows_mentioning(EMAIL, NAME) == []
    someone_else.refresh_from_db()
    assert someone_else.submitted_by == partner


def test_erase_alone_clears_every_link_to_the_person(person):
    user = person["user"]

    privacy.erase(user)

    assert not Signal.objects.filter(submitted_by=user).exists()
    assert not Signal.objects.filter(triaged_by=user).exists()
    assert not Decision.objects.filter(recorded_by=user).exists()
    assert not SynthesisRun.objects.filter(requested_by=user).exists()
