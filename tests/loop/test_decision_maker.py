"""The decision-maker view, computed from syntheses made the way the Celery task makes them:
targets against results (direction-aware), the widest equity gaps, the signals under review and
the drafts of the periods still running; who may read it; and its queries, which do not grow with
the number of territories and indicators.

Year 2025, calculated on 2025-11-15: the year and its fourth quarter are drafts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ecosystem.models import Territory
from indicators.models import Stratum
from loop import selectors
from tests.factories import IndicatorFactory, MeasurementFactory, SignalFactory, TargetFactory
from tests.loop.conftest import synthesize

TODAY = datetime.date(2025, 11, 15)
pytestmark = pytest.mark.django_db


def _value(indicator, territory, value, *, stratum=None, quarter=3, **extra):
    start = datetime.date(2025, 3 * (quarter - 1) + 1, 1)
    end = {1: datetime.date(2025, 3, 31), 2: datetime.date(2025, 6, 30), 3: datetime.date(2025, 9, 30)}[quarter]
    fields = {"stratum": stratum} if stratum is not None else {}
    return MeasurementFactory(
        indicator=indicator, territory=territory, period_start=start, period_end=end, value=value, **fields, **extra
    )


def _target(indicator, territory, value, level="regional"):
    return TargetFactory(
        indicator=indicator,
        territory=territory,
        level=level,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        value=value,
    )


def _stratum(dimension, code):
    return Stratum.objects.get(dimension=dimension, code=code)


@pytest.fixture
def figures(montreal, capitale, quebec):
    """PREM-RECO (a percentage, higher is better): Québec 78 for a provincial target of 80,
    Montréal 82 and the Capitale 70 for regional targets of 80 and 75; in Montréal, women 85 and
    men 79, 0-17 70 and 18-34 90. ATTENTE (days, lower is better): Montréal 30 for a target of 35."""
    prem = IndicatorFactory(adopted=True, code="PREM-RECO")
    for territory, value in ((quebec, 78), (montreal, 82), (capitale, 70)):
        _value(prem, territory, value)
    for dimension, code, value in (
        ("sex", "femmes", 85),
        ("sex", "hommes", 79),
        ("age", "0-17", 70),
        ("age", "18-34", 90),
    ):
        _value(prem, montreal, value, stratum=_stratum(dimension, code))
    _target(prem, quebec, 80, level="provincial")
    _target(prem, montreal, 80)
    _target(prem, capitale, 75)
    wait = IndicatorFactory(adopted=True, code="ATTENTE", version__unit="days", version__direction="lower")
    _value(wait, montreal, 30)
    _target(wait, montreal, 35)
    synthesize(2025, today=TODAY)
    return prem, wait


# --- Who may read it --------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("loop:decision-maker"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["partner", "organizer", "facilitator", "outsider"])
def test_people_who_are_not_decision_makers_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("loop:decision-maker")).status_code == 404


@pytest.mark.parametrize("persona", ["decision_maker", "staff"])
def test_decision_makers_and_staff_read_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("loop:decision-maker"))

    assert response.status_code == 200
    assert "Aucune synthèse n’a encore été calculée" in response.content.decode()


# --- What it shows ----------------------------------------------------------------------------------


def test_targets_against_results_by_level_and_territory(figures, decision_maker, montreal, capitale, quebec):
    view = selectors.decision_maker_view(user=decision_maker)

    prem, wait = (block for block in sorted(view.targets, key=lambda block: block.indicator.code != "PREM-RECO"))
    assert prem.indicator.code == "PREM-RECO"
    rows = [(row.level, row.territory.code, row.value, row.target, row.gap, row.reached) for row in prem.rows]
    assert rows == [
        ("provincial", "QC", Decimal("78"), Decimal("80"), Decimal("-2"), False),
        ("regional", "03", Decimal("70"), Decimal("75"), Decimal("-5"), False),
        ("regional", "06", Decimal("82"), Decimal("80"), Decimal("2"), True),
    ]
    assert prem.rows[0].period == "2025-T3" and prem.rows[0].target_period == "2025"
    # Lower is better: 30 days for a target of 35 is reached.
    [row] = wait.rows
    assert (row.territory, row.value, row.target, row.gap, row.reached) == (
        montreal,
        Decimal("30"),
        Decimal("35"),
        Decimal("-5"),
        True,
    )


def test_an_indicator_read_in_context_is_neither_reached_nor_not(decision_maker, montreal):
    neither = IndicatorFactory(adopted=True, code="CONTEXTE", version__direction="neither")
    _value(neither, montreal, 50)
    _target(neither, montreal, 40)
    synthesize(2025, today=TODAY)

    [block] = selectors.decision_maker_view(user=decision_maker).targets

    assert [row.reached for row in block.rows] == [None]


def test_the_widest_equity_gap_per_indicator_and_territory(figures, decision_maker):
    view = selectors.decision_maker_view(user=decision_maker)

    [block] = view.equity
    [row] = block.rows
    assert block.indicator.code == "PREM-RECO"
    assert row.territory.code == "06"
    assert (row.dimension, row.low, row.high, row.gap) == ("age", Decimal("70"), Decimal("90"), Decimal("20"))
    assert (row.low_stratum, row.high_stratum) == ("0 à 17 ans", "18 à 34 ans")
    assert row.ratio == Decimal("1.29")


def test_the_signals_under_review_newest_first_with_counts(decision_maker, montreal):
    older = SignalFactory(title="Transport le soir", status="in_review", kind="need")
    newer = SignalFactory(title="Halte-garderie", status="in_review", kind="practice")
    SignalFactory(title="Pas encore trié", status="new")
    SignalFactory(title="Déjà traité", status="handled")
    type(older).objects.filter(pk=older.pk).update(created_at=newer.created_at - datetime.timedelta(days=2))

    view = selectors.decision_maker_view(user=decision_maker)

    assert view.open_signals == [newer, older]
    assert view.open_signal_count == 2
    assert view.open_signals_by_kind == [("Besoin", 1), ("Pratique innovante", 1)]


def test_the_drafts_are_the_periods_still_running(figures, client, decision_maker):
    client.force_login(decision_maker)

    response = client.get(reverse("loop:decision-maker"))

    drafts = response.context["drafts"]
    assert [group.period for group in drafts] == ["2025-T4", "2025"]
    assert len(drafts[0].territories) == 19
    page = response.content.decode()
    assert f'href="{reverse("loop:dashboard-region", args=["06"])}?period=2025-T4"' in page
    assert f'href="{reverse("loop:dashboard")}?period=2025"' in page
    assert "brouillon" in page


def test_the_page_shows_the_figures(figures, client, decision_maker):
    SignalFactory(title="Transport le soir", status="in_review")
    client.force_login(decision_maker)

    page = client.get(reverse("loop:decision-maker")).content.decode()

    assert "Cibles et résultats" in page
    assert "82,0" in page and "pas encore" in page and "atteinte" in page
    assert "Écarts d’équité" in page and "0 à 17 ans" in page
    assert "Transport le soir" in page


def test_without_drafts_a_final_year_is_read(decision_maker, montreal):
    prem = IndicatorFactory(adopted=True, code="PREM-RECO")
    _value(prem, montreal, 82)
    _target(prem, montreal, 80)
    synthesize(2025, today=datetime.date(2026, 2, 1))

    view = selectors.decision_maker_view(user=decision_maker)

    assert view.drafts == []
    assert [snapshot.provisional for snapshot in view.snapshots] == [False]
    assert [row.value for row in view.targets[0].rows] == [Decimal("82")]


# --- Queries ----------------------------------------------------------------------------------------


def _many(quebec, count: int):
    territories = [*Territory.objects.regions()[:count], quebec]
    for n in range(count):
        indicator = IndicatorFactory(adopted=True, code=f"IND-{n}")
        for territory in territories:
            _value(indicator, territory, 60 + n)
            _value(indicator, territory, 50 + n, stratum=_stratum("sex", "femmes"))
            _value(indicator, territory, 70 + n, stratum=_stratum("sex", "hommes"))
            _target(indicator, territory, 65, level="provincial" if territory == quebec else "regional")
    for _ in range(count):
        SignalFactory(status="in_review")


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_runs_the_same_queries_for_1_or_many_indicators_and_territories(
    client, decision_maker, quebec, django_assert_num_queries, count
):
    _many(quebec, count)
    synthesize(2025, today=TODAY)
    client.force_login(decision_maker)
    view = selectors.decision_maker_view(user=decision_maker)
    assert len(view.targets) == count and len(view.targets[0].rows) == count + 1

    # session, user, the person's permissions (their own and their groups'), the latest snapshots
    # (with territories), their indicators (with wording), the strata, whether the person triages
    # signals (what they may read), the signals under review, their counts by kind, the drafts
    # (with territories), the menu's unread notifications.
    with django_assert_num_queries(12):
        response = client.get(reverse("loop:decision-maker"))

    assert response.status_code == 200
