"""The synthesis job against hand-computed fixtures: what it counts, what it hides, how it swaps
its snapshots. Year 2025, computed on 2026-01-15 (every quarter is over)."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecosystem.models import Theme
from indicators.models import Stratum
from initiatives.models import PhaseChange
from loop import synthesis
from loop.models import Synthesis, SynthesisRun
from tests.factories import (
    CommunityFactory,
    DecisionFactory,
    EngagementFactory,
    GatheringFactory,
    IndicatorFactory,
    InitiativeFactory,
    LearningFactory,
    MeasurementFactory,
    MembershipFactory,
    SignalFactory,
    TargetFactory,
    UserFactory,
)
from tests.loop.conftest import synthesize

TODAY = datetime.date(2026, 1, 15)
pytestmark = pytest.mark.django_db


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=12))


def initiative(territory, *, phases, themes=()):
    """An initiative whose phase changed on each (date, phase) of ``phases``."""
    item = InitiativeFactory(territories=[territory], themes=list(themes), phase=phases[-1][1])
    for day, phase in phases:
        PhaseChange.objects.create(initiative=item, phase=phase, changed_on=datetime.date.fromisoformat(day))
    return item


def learnings(territory, count, *, day, kind="obstacle", title="Le transport manque le soir", themes=()):
    host = InitiativeFactory(territories=[territory])
    return [
        LearningFactory(initiative=host, kind=kind, title=f"{title} ({n})", published_at=at(day), themes=list(themes))
        for n in range(count)
    ]


def snapshot(territory, period="2025", theme=None) -> dict:
    from indicators import periods

    granularity, start, _ = periods.parse(period)
    return Synthesis.objects.get(territory=territory, granularity=granularity, period_start=start, theme=theme).figures


def test_counts_per_territory_period_and_theme(montreal, capitale, quebec, theme):
    for n in range(6):
        initiative(montreal, phases=[("2025-02-01", "experimentation")], themes=[theme] if n < 5 else [])
    learnings(montreal, 5, day="2025-05-10", themes=[theme])
    learnings(montreal, 1, day="2025-05-11")

    run = synthesize(2025, today=TODAY)

    assert run.status == SynthesisRun.Status.DONE
    # 19 territories × (year + 4 quarters) × (all themes + each theme)
    assert run.synthesis_count == Synthesis.objects.count() == 19 * 5 * (1 + Theme.objects.count())
    year = snapshot(montreal)
    assert year["initiatives"]["total"] == 6
    assert year["initiatives"]["by_phase"] == {
        "idea": 0,
        "startup": 0,
        "experimentation": 6,
        "evaluation": 0,
        "scaling": 0,
        "completed": 0,
    }
    assert year["learnings"]["total"] == 6
    assert year["learnings"]["by_kind"]["obstacle"] == 6
    assert snapshot(montreal, "2025-T2")["learnings"]["total"] == 6
    assert snapshot(montreal, "2025-T1")["learnings"]["total"] == 0
    assert snapshot(montreal, "2025-T1")["initiatives"]["total"] == 6  # a stock: standing at the end of March
    assert year["recurring"]["obstacle"] == [
        {"word": "manque", "count": 6},
        {"word": "soir", "count": 6},
        {
            "word": "transport",
            "count": 6,
        },
    ]
    assert snapshot(quebec)["learnings"]["total"] == 6
    assert snapshot(capitale)["learnings"]["total"] == 0
    themed = snapshot(montreal, theme=theme)
    assert themed["initiatives"]["total"] == 5
    assert themed["learnings"]["total"] == 5
    assert [item["count"] for item in themed["recurring"]["obstacle"]] == [5, 5, 5]
    assert not Synthesis.objects.filter(provisional=True).exists()


def test_an_initiative_counts_in_the_phase_it_stood_in_at_the_end_of_each_quarter(montreal):
    for _ in range(5):
        initiative(montreal, phases=[("2025-01-10", "idea"), ("2025-05-01", "experimentation")])

    synthesize(2025, today=TODAY)

    assert snapshot(montreal, "2025-T1")["initiatives"]["by_phase"]["idea"] == 5
    assert snapshot(montreal, "2025-T2")["initiatives"]["by_phase"]["idea"] == 0
    assert snapshot(montreal, "2025-T2")["initiatives"]["by_phase"]["experimentation"] == 5


def test_of_two_changes_on_the_same_day_the_one_recorded_last_stands(montreal):
    for _ in range(5):
        initiative(montreal, phases=[("2025-02-03", "idea"), ("2025-02-03", "startup")])

    synthesize(2025, today=TODAY)

    phases = snapshot(montreal, "2025-T1")["initiatives"]["by_phase"]
    assert (phases["idea"], phases["startup"]) == (0, 5)


def test_worked_example_a_small_kind_hides_the_next_smallest_too(montreal, quebec):
    learnings(montreal, 5, day="2025-05-10", kind="obstacle")
    learnings(montreal, 2, day="2025-05-10", kind="adaptation")

    synthesize(2025, today=TODAY)

    for territory in (montreal, quebec):
        figures = snapshot(territory, "2025-T2")["learnings"]
        assert figures["total"] == 7
        assert figures["by_kind"]["adaptation"] is None  # 2: under the threshold
        assert figures["by_kind"]["obstacle"] is None  # would give 7 − 5 = 2 back
        assert figures["by_kind"]["open_question"] == 0


def test_a_small_quarter_hides_another_quarter_of_its_year(montreal):
    learnings(montreal, 6, day="2025-02-10")
    learnings(montreal, 3, day="2025-05-10")

    synthesize(2025, today=TODAY)

    assert snapshot(montreal, "2025")["learnings"]["total"] == 9
    assert snapshot(montreal, "2025-T2")["learnings"]["total"] is None
    assert snapshot(montreal, "2025-T1")["learnings"]["total"] is None  # 9 − 6 would give 3 back
    assert snapshot(montreal, "2025-T3")["learnings"]["total"] == 0


def test_a_small_region_hides_another_region_not_quebec(montreal, capitale, quebec):
    learnings(montreal, 6, day="2025-05-10")
    learnings(capitale, 3, day="2025-05-10")

    synthesize(2025, today=TODAY)

    assert snapshot(capitale, "2025-T2")["learnings"]["total"] is None
    assert snapshot(montreal, "2025-T2")["learnings"]["total"] is None
    assert snapshot(quebec, "2025-T2")["learnings"]["total"] == 9


def test_signals_and_decisions_are_counted_in_their_period(montreal, quebec):
    for _ in range(5):
        signal = SignalFactory(territory=montreal, kind="need", status="in_review")
        Signal = type(signal)
        Signal.objects.filter(pk=signal.pk).update(created_at=at("2025-08-01"))
    published = learnings(montreal, 5, day="2025-01-15")
    for day in ("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05"):
        DecisionFactory(territory=montreal, decided_on=datetime.date.fromisoformat(day), learnings=published[:1])

    synthesize(2025, today=TODAY)

    year = snapshot(montreal)
    assert year["signals"]["total"] == 5
    assert year["signals"]["by_kind"]["need"] == 5
    assert year["signals"]["by_status"]["in_review"] == 5
    assert snapshot(montreal, "2025-T3")["signals"]["total"] == 5
    assert year["loop"] == {"decisions": 5, "informed": 5, "median_days": 47}
    assert snapshot(quebec)["loop"]["decisions"] == 5


def test_the_median_delay_needs_enough_decisions(montreal):
    published = learnings(montreal, 5, day="2025-01-15")
    DecisionFactory(territory=montreal, decided_on=datetime.date(2025, 3, 1), learnings=published[:1])

    synthesize(2025, today=TODAY)

    assert snapshot(montreal)["loop"]["median_days"] is None


def test_communities_and_partnership_count_people_and_initiatives_once(montreal, quebec, theme):
    spaces = [CommunityFactory(territories=[montreal], themes=[theme]) for _ in range(2)]
    for _ in range(5):  # five people, each a member of both spaces
        person = UserFactory()
        for space in spaces:
            MembershipFactory(community=space, user=person, joined_at=at("2025-02-01"))
    for space in spaces:
        for day in ("2025-04-03", "2025-04-10", "2025-04-17"):
            GatheringFactory(community=space, starts_at=at(day), ends_at=at(day) + datetime.timedelta(hours=1))
    for _ in range(5):  # five initiatives, each with two co-construction engagements
        host = initiative(montreal, phases=[("2025-01-05", "experimentation")], themes=[theme])
        EngagementFactory(initiative=host, sphere="care", started_on="2025-01-10", from_start=True)
        EngagementFactory(initiative=host, sphere="governance", started_on="2025-04-01")
        EngagementFactory(initiative=host, level="collaboration", status="declined", started_on="2025-03-01")

    synthesize(2025, today=TODAY)

    for territory in (montreal, quebec):
        for place in (snapshot(territory), snapshot(territory, "2025-T2"), snapshot(territory, theme=theme)):
            assert place["communities"] == {"gatherings": 6, "members": 5}
            assert place["partnership"]["co_construction"] == 5
            assert place["partnership"]["from_start"] == 5
            engagements = place["partnership"]["engagements"]
            assert engagements["total"] == 10  # the declined ones do not count
            assert engagements["by_level"]["co_construction"] == 10
            assert engagements["by_sphere"] == {
                **dict.fromkeys(engagements["by_sphere"], 0),
                "care": 5,
                "governance": 5,
            }
        assert snapshot(territory, "2025-T1")["partnership"]["engagements"]["by_sphere"]["governance"] == 0
        assert snapshot(territory, "2025-T1")["communities"] == {"gatherings": 0, "members": 5}


def test_initiatives_with_partners_are_among_those_standing_at_the_end_of_the_period(montreal):
    for _ in range(5):  # partners engaged before the initiative's first recorded phase
        host = initiative(montreal, phases=[("2025-07-01", "idea")])
        EngagementFactory(initiative=host, started_on="2025-01-10", from_start=True)

    synthesize(2025, today=TODAY)

    before, after = snapshot(montreal, "2025-T2"), snapshot(montreal, "2025-T3")
    assert before["initiatives"]["total"] == 0
    assert before["partnership"]["engagements"]["total"] == 5
    assert before["partnership"]["co_construction"] == before["partnership"]["from_start"] == 0
    assert after["initiatives"]["total"] == after["partnership"]["co_construction"] == 5


@pytest.fixture
def prem(montreal, capitale):
    """PREM-RECO (a percentage): Montréal 70 in T3 and 72.5 in T4; women 75, men 68 in T4; a
    suppressed value in the Capitale; a regional target of 80 for 2025."""
    indicator = IndicatorFactory(adopted=True, code="PREM-RECO")
    women = Stratum.objects.get(dimension="sex", code="femmes")
    men = Stratum.objects.get(dimension="sex", code="hommes")
    for start, end, value in (("2025-07-01", "2025-09-30", 70), ("2025-10-01", "2025-12-31", 72.5)):
        MeasurementFactory(indicator=indicator, period_start=start, period_end=end, value=value)
    for stratum, value in ((women, 75), (men, 68)):
        MeasurementFactory(
            indicator=indicator, stratum=stratum, period_start="2025-10-01", period_end="2025-12-31", value=value
        )
    MeasurementFactory(
        indicator=indicator,
        territory=capitale,
        period_start="2025-10-01",
        period_end="2025-12-31",
        value=50,
        suppressed=True,
    )
    TargetFactory(
        indicator=indicator,
        territory=montreal,
        level="regional",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=80,
    )
    return indicator


def test_indicator_latest_previous_target_and_equity_gap(prem, montreal, capitale):
    synthesize(2025, today=TODAY)

    [figure] = snapshot(montreal)["indicators"]
    assert figure["code"] == "PREM-RECO"
    assert figure["latest"]["period"] == "2025-T4"
    assert Decimal(figure["latest"]["value"]) == Decimal("72.5")
    assert figure["previous"]["period"] == "2025-T3"
    assert Decimal(figure["previous"]["value"]) == 70
    assert figure["target"] == {"value": "80", "level": "regional", "period": "2025"}
    [sex] = figure["equity"]
    assert sex["dimension"] == "sex"
    assert sex["min"] == {"stratum": "hommes", "value": "68"}
    assert sex["max"] == {"stratum": "femmes", "value": "75"}
    assert Decimal(sex["gap"]) == 7
    assert Decimal(sex["ratio"]) == Decimal("1.10")
    quarter = snapshot(montreal, "2025-T3")["indicators"][0]
    assert quarter["latest"]["period"] == "2025-T3"
    assert quarter["previous"] is None
    assert snapshot(capitale)["indicators"] == []  # its only value is suppressed


def test_the_equity_gap_compares_the_strata_of_the_latest_period_only(prem, montreal):
    women = Stratum.objects.get(dimension="sex", code="femmes")
    men = Stratum.objects.get(dimension="sex", code="hommes")
    young = Stratum.objects.get(dimension="age", code="18-34")
    indicator = prem
    # December alone, for women: a month, not the quarter the total's latest value covers
    MeasurementFactory(
        indicator=indicator,
        stratum=women,
        granularity="month",
        period_start="2025-12-01",
        period_end="2025-12-31",
        value=90,
    )
    # an age group measured in the third quarter only, with men
    for stratum, value in ((young, 50), (men, 40)):
        MeasurementFactory(
            indicator=indicator, stratum=stratum, period_start="2025-07-01", period_end="2025-09-30", value=value
        )

    synthesize(2025, today=TODAY)

    [figure] = snapshot(montreal)["indicators"]
    [sex] = figure["equity"]  # no age group has a value in 2025-T4
    assert (sex["min"], sex["max"]) == ({"stratum": "hommes", "value": "68"}, {"stratum": "femmes", "value": "75"})
    [earlier] = snapshot(montreal, "2025-T3")["indicators"]
    assert [(gap["dimension"], gap["gap"]) for gap in earlier["equity"]] == []  # one stratum of each in T3


def test_an_indicator_appears_under_its_themes_only(prem, montreal, theme):
    synthesize(2025, today=TODAY)
    assert snapshot(montreal, theme=theme)["indicators"] == []

    prem.themes.add(theme)
    synthesize(2025, today=TODAY)
    assert [figure["code"] for figure in snapshot(montreal, theme=theme)["indicators"]] == ["PREM-RECO"]


def test_the_running_period_is_a_draft(montreal):
    run = synthesize(2025, today=datetime.date(2025, 8, 15))

    quarters = Synthesis.objects.filter(territory=montreal, theme=None).order_by("period_start", "-granularity")
    assert [(row.period_label, row.provisional) for row in quarters] == [
        ("2025", True),
        ("2025-T1", False),
        ("2025-T2", False),
        ("2025-T3", True),
    ]
    assert run.synthesis_count == 19 * 4 * (1 + Theme.objects.count())


def test_running_the_same_year_again_changes_nothing_and_keeps_decisions_links(montreal):
    learnings(montreal, 6, day="2025-05-10")
    synthesize(2025, today=TODAY)
    before = {row.pk: row.figures for row in Synthesis.objects.all()}
    cited = Synthesis.objects.get(territory=montreal, granularity="year", theme=None)
    decision = DecisionFactory(territory=montreal)
    decision.syntheses.add(cited)

    synthesize(2025, today=TODAY)

    assert {row.pk: row.figures for row in Synthesis.objects.all()} == before
    assert list(decision.syntheses.all()) == [cited]


def test_a_failed_run_leaves_the_previous_snapshots(montreal, monkeypatch):
    learnings(montreal, 6, day="2025-05-10")
    first = synthesize(2025, today=TODAY)
    before = {row.pk: (row.figures, row.computed_at, row.run_id) for row in Synthesis.objects.all()}
    learnings(montreal, 6, day="2025-05-11")
    real_bulk_create = Synthesis.objects.bulk_create

    def fail_after_updating(*args, **kwargs):
        raise RuntimeError("the database went away")

    # The failure comes after the existing snapshots were updated in the transaction.
    monkeypatch.setattr(Synthesis.objects, "bulk_create", fail_after_updating)
    second = synthesize(2025, today=TODAY)

    assert second.status == SynthesisRun.Status.FAILED
    assert second.failure
    after = {row.pk: (row.figures, row.computed_at, row.run_id) for row in Synthesis.objects.all()}
    assert after == before
    assert all(run_id == first.pk for _, _, run_id in after.values())
    monkeypatch.setattr(Synthesis.objects, "bulk_create", real_bulk_create)
    assert synthesize(2025, today=TODAY).status == SynthesisRun.Status.DONE
    assert snapshot(montreal)["learnings"]["total"] == 12


def test_the_work_is_aggregate_sql_the_number_of_queries_does_not_grow_with_the_rows(montreal, capitale, theme):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            synthesis.compute_year(2025, today=TODAY)
        return len(captured)

    initiative(montreal, phases=[("2025-02-01", "idea")], themes=[theme])
    learnings(montreal, 1, day="2025-05-10", themes=[theme])
    few = queries()
    for _ in range(10):
        initiative(capitale, phases=[("2025-02-01", "idea"), ("2025-06-01", "evaluation")], themes=[theme])
    learnings(capitale, 20, day="2025-08-10", themes=[theme])
    learnings(montreal, 20, day="2025-11-10", kind="success_condition")

    assert queries() == few


# --- Suppression as properties over whole runs ------------------------------------------------------


def _published_counts(documents) -> list[int | None]:
    """Every count of the stored documents (not the indicator values or the median)."""
    found = []
    for figures in documents:
        for section in ("initiatives", "learnings", "signals"):
            found.append(figures[section]["total"])
            for group, items in figures[section].items():
                if group != "total":
                    found.extend(items.values())
        engagements = figures["partnership"]["engagements"]
        found.append(engagements["total"])
        found.extend(engagements["by_level"].values())
        found.extend(engagements["by_sphere"].values())
        found.extend([figures["partnership"]["co_construction"], figures["partnership"]["from_start"]])
        found.extend(figures["communities"].values())
        found.extend([figures["loop"]["decisions"], figures["loop"]["informed"]])
        found.extend(item["count"] for kind in figures["recurring"].values() for item in kind)
    return found


def _relations_hold(montreal_like_territories, quebec) -> list[str]:
    """Relations with exactly one hidden cell, over the stored snapshots of 2025 (all themes)."""
    rows = {
        (row.territory_id, row.period_label): row.figures
        for row in Synthesis.objects.filter(theme=None).select_related("territory")
    }
    broken = []
    quarters = [label for _, label in rows if "-T" in label]
    quarters = sorted(set(quarters))
    regions = [territory.pk for territory in montreal_like_territories]
    for (territory, label), figures in rows.items():
        for section, group in (("learnings", "by_kind"), ("initiatives", "by_phase"), ("signals", "by_kind")):
            cells = [*figures[section][group].values(), figures[section]["total"]]
            if sum(cell is None for cell in cells) == 1:
                broken.append(f"{territory} {label} {section}.{group}")
    for label in {label for _, label in rows}:
        for section in ("learnings", "initiatives", "signals"):
            cells = [rows[(region, label)][section]["total"] for region in regions] + [
                rows[(quebec.pk, label)][section]["total"]
            ]
            if sum(cell is None for cell in cells) == 1:
                broken.append(f"regions {label} {section}")
    for territory in {territory for territory, _ in rows}:
        cells = [rows[(territory, label)]["learnings"]["total"] for label in quarters] + [
            rows[(territory, "2025")]["learnings"]["total"]
        ]
        if sum(cell is None for cell in cells) == 1:
            broken.append(f"{territory} quarters")
    return broken


@pytest.mark.parametrize("seed", range(6))
def test_no_published_count_between_1_and_4_and_no_relation_with_one_hidden_cell(seed, quebec):
    from ecosystem.models import Territory

    rng = random.Random(seed)
    regions = list(Territory.objects.regions())
    kinds = ["obstacle", "success_condition", "adaptation", "open_question"]
    for region in rng.sample(regions, 4):
        for _ in range(rng.randint(1, 4)):
            initiative(region, phases=[(f"2025-0{rng.randint(1, 9)}-01", rng.choice(["idea", "startup"]))])
        for month in rng.sample(range(1, 13), 3):
            learnings(region, rng.randint(1, 7), day=f"2025-{month:02d}-10", kind=rng.choice(kinds))

    synthesize(2025, today=TODAY)

    counts = _published_counts(Synthesis.objects.values_list("figures", flat=True))
    assert counts and not [count for count in counts if count is not None and 0 < count < 5]
    assert _relations_hold(regions, quebec) == []
