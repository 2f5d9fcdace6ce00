"""The learning loop's demo: watch signals across the regions, triaged by a co-facilitator, the
decisions that learnings, signals and indicators informed, and the syntheses of every year."""

from importlib import import_module

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from communities.models import Community
from ecosystem.models import User
from loop import demo
from loop.filters import latest_final_quarter
from loop.models import Decision, Signal, SignalStatus, Synthesis, SynthesisRun, can_record_decisions, can_triage

LOOP_MODELS = [Signal, Decision, Synthesis, SynthesisRun]


@pytest.fixture
def seeded(db):
    """The whole demo; what the learning loop's part created."""
    for app_name in settings.PLATFORM_APPS:
        counts = import_module(f"{app_name}.demo").seed(demo_password=None)
        if app_name == "loop":
            return counts
    raise AssertionError("the loop has no demo")


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in LOOP_MODELS}


def test_signals_are_posted_across_the_regions_and_triaged_by_a_co_facilitator(seeded):
    signals = Signal.objects.select_related("territory", "submitted_by", "triaged_by")
    josee = User.objects.get(email=demo.JOSEE)

    assert 20 <= signals.count() <= 30
    assert set(signals.values_list("kind", flat=True)) == {"need", "issue", "practice", "collaboration"}
    statuses = dict(signals.values_list("status").annotate(count=Count("pk")))
    assert set(statuses) == set(SignalStatus.values)
    assert all(count >= 3 for count in statuses.values()), statuses
    assert Community.objects.facilitated_by(josee).exists() and can_triage(josee)
    for signal in signals:
        signal.full_clean()
        assert signal.submitted_by.email.endswith("@exemple.test")
        assert signal.themes.exists()
        assert signal.created_at < timezone.now()
        if signal.status == SignalStatus.NEW:
            assert signal.triaged_by is None
        else:
            assert signal.triaged_by == josee and signal.triaged_at > signal.created_at
    linked = signals.filter(status=SignalStatus.LINKED)
    assert linked.filter(initiative__isnull=False).exists() and linked.filter(community__isnull=False).exists()
    assert len({signal.territory.code for signal in signals}) >= 8
    assert {signal.created_at.year for signal in signals} == {2024, 2025, 2026}


def test_decisions_are_recorded_by_decision_makers_with_what_informed_them(seeded):
    nathalie = User.objects.get(email="nathalie@exemple.test")
    decisions = Decision.objects.select_related("recorded_by").prefetch_related("learnings", "signals")

    assert can_record_decisions(nathalie) and nathalie.groups.filter(name="decision-makers").exists()
    assert 6 <= decisions.count() <= 10
    assert {decision.recorded_by.email for decision in decisions} == {"nathalie@exemple.test", "admin@exemple.test"}
    assert {decision.decided_on.year for decision in decisions} == {2024, 2025, 2026}
    assert {decision.kind for decision in decisions} == {"decision", "adaptation"}
    for decision in decisions:
        decision.full_clean()
        assert decision.learnings.exists() and decision.signals.exists(), decision
        for learning in decision.learnings.all():
            assert learning.status == "published"
            assert learning.published_at.date() < decision.decided_on  # the loop's delay is positive
        assert all(signal.status != SignalStatus.NEW for signal in decision.signals.all())
    assert Decision.objects.filter(indicators__isnull=False).distinct().count() >= 6
    assert Decision.objects.filter(syntheses__isnull=False).distinct().count() >= 3


def test_syntheses_cover_every_year_with_data_and_the_latest_final_quarter(seeded):
    this_year = timezone.localdate().year
    years = set(Synthesis.objects.values_list("period_start__year", flat=True))
    latest = latest_final_quarter()

    assert years == set(range(min(years), this_year + 1))
    assert min(years) <= 2022  # the measurements start in 2022
    assert SynthesisRun.objects.filter(trigger="demo", status="done").exists()
    assert latest is not None and latest.year in (this_year, this_year - 1)
    snapshots = Synthesis.objects.final().filter(granularity="quarter", period_start=latest, theme__isnull=True)
    assert snapshots.count() == 19  # Québec and the 18 regions
    quebec = snapshots.get(territory__code="QC")
    assert quebec.figures["indicators"] or quebec.period_start.year > 2025
    year = Synthesis.objects.get(territory__code="QC", granularity="year", period_start__year=2025, theme=None)
    assert year.figures["loop"]["decisions"] is None or year.figures["loop"]["decisions"] >= 1
    assert year.figures["indicators"]


def test_the_seed_reports_what_it_created(seeded):
    # How long it takes is a figure for the demo's output and the benchmark, not a test.
    assert seeded["signals"] == len(demo.SIGNALS) and seeded["decisions"] == len(demo.DECISIONS)
    assert seeded["syntheses"] > 0


def test_seed_demo_command_reports_the_loop(db, capsys):
    call_command("seed_demo", verbosity=1)

    assert "loop — created signals: 25, decisions: 8" in capsys.readouterr().out


def test_seed_twice_creates_nothing_new(seeded):
    before = rows()

    counts = demo.seed()

    assert counts == {"signals": 0, "decisions": 0, "decision-makers": 0, "syntheses": 0}  # nothing recomputed
    assert rows() == before
