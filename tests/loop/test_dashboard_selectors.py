"""The dashboard's reads: territories in official code order, the periods a person may see, the
choice of a period and a theme (with the reason when it cannot be shown), the snapshots of a
period, and the period's learnings and decisions in a territory."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from ecosystem.models import Territory
from indicators import periods
from loop import selectors
from loop.models import Synthesis
from loop.selectors import PeriodChoice
from tests.factories import DecisionFactory, InitiativeFactory, LearningFactory, ThemeFactory

COMPUTED = timezone.make_aware(datetime.datetime(2025, 10, 2, 3, 0))


def _snapshot(territory, period, *, provisional=False, theme=None, computed_at=COMPUTED) -> Synthesis:
    granularity, start, end = periods.parse(period)
    return Synthesis.objects.create(
        territory=territory,
        granularity=granularity,
        period_start=start,
        period_end=end,
        theme=theme,
        computed_at=computed_at,
        provisional=provisional,
        figures={},
    )


def _choice(period: str, provisional: bool = False) -> PeriodChoice:
    granularity, start, end = periods.parse(period)
    return PeriodChoice(granularity, start, end, provisional)


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _period(label: str) -> PeriodChoice:
    return _choice(label)


# --- Territories ---------------------------------------------------------------------------------


def test_the_territories_are_quebec_then_the_18_rss_in_code_order(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        territories = selectors.dashboard_territories()

    assert territories[0].kind == Territory.Kind.PROVINCE
    assert [territory.code for territory in territories[1:]] == [f"{number:02d}" for number in range(1, 19)]


def test_a_dashboard_territory_is_quebec_or_an_rss(db, montreal):
    territories = selectors.dashboard_territories()
    Territory.objects.create(kind=Territory.Kind.RLS, code="0611", name_fr="RLS", name_en="RLS", parent=montreal)

    assert selectors.dashboard_territory(territories=territories, code=None).kind == Territory.Kind.PROVINCE
    assert selectors.dashboard_territory(territories=territories, code="06") == montreal
    assert selectors.dashboard_territory(territories=territories, code="QC", allow_province=True).code == "QC"
    for code in ("QC", "99", "0611", "", "6"):
        with pytest.raises(Http404):
            selectors.dashboard_territory(territories=territories, code=code)


# --- Periods -------------------------------------------------------------------------------------


def test_periods_are_listed_year_first_then_its_quarters_latest_first(db, montreal):
    for period in ("2024", "2024-T4", "2025-T1", "2025-T2", "2025"):
        _snapshot(montreal, period)

    choices = selectors.dashboard_periods(user=None, territory=montreal)

    assert [choice.label for choice in choices] == ["2025", "2025-T2", "2025-T1", "2024", "2024-T4"]


def test_drafts_are_listed_for_decision_makers_and_staff_only(
    db, montreal, outsider, partner, decision_maker, staff, theme, capitale
):
    _snapshot(montreal, "2025-T3")
    _snapshot(montreal, "2025-T4", provisional=True)
    _snapshot(montreal, "2025-T2", theme=theme)  # a theme's snapshot alone is not a period of the page
    _snapshot(capitale, "2025-T1")  # another territory's

    for user in (None, outsider, partner):
        assert [choice.label for choice in selectors.dashboard_periods(user=user, territory=montreal)] == ["2025-T3"]
    for user in (decision_maker, staff):
        labels = [choice.label for choice in selectors.dashboard_periods(user=user, territory=montreal)]
        assert labels == ["2025-T4", "2025-T3"]


def test_without_a_period_the_latest_final_quarter_is_chosen():
    choices = [_choice("2025", True), _choice("2025-T4", True), _choice("2025-T3"), _choice("2025-T2"), _choice("2024")]

    chosen = selectors.dashboard_period_choose(choices=choices, asked=None)

    assert chosen.chosen.label == "2025-T3" and chosen.error == ""


def test_without_a_final_quarter_the_latest_final_period_then_any_is_chosen():
    assert selectors.dashboard_period_choose(choices=[_choice("2025-T1", True), _choice("2024")], asked="").chosen == (
        _choice("2024")
    )
    assert selectors.dashboard_period_choose(choices=[_choice("2025-T1", True)], asked=" ").chosen == _choice(
        "2025-T1", True
    )
    nothing = selectors.dashboard_period_choose(choices=[], asked=None)
    assert nothing.chosen is None and nothing.error == ""


@pytest.mark.parametrize("asked", ["2025-T2", "2025-Q2", "2025-q2", " 2025-T2 ", "2025T2"])
def test_a_period_is_found_by_its_label_in_either_language(asked):
    chosen = selectors.dashboard_period_choose(choices=[_choice("2025-T3"), _choice("2025-T2")], asked=asked)

    assert chosen.chosen == _choice("2025-T2") and chosen.error == ""


@pytest.mark.parametrize(
    ("asked", "error"),
    [
        ("n'importe", "n’est pas une période"),
        ("2025-T5", "n’est pas une période"),
        ("2025-02-30", "n’est pas une période"),
        ("2025-07", "par année ou par trimestre"),
        ("2025-S05", "par année ou par trimestre"),
        ("2025-T4", "La période 2025-T4 n’a pas encore commencé"),
        ("2030", "n’a pas encore commencé"),
        ("2025", "La période 2025 n’est pas terminée : ses chiffres sont publiés une fois qu’elle a pris fin."),
        ("2025-T3", "La période 2025-T3 n’est pas terminée"),
        ("2024-T1", "Aucun chiffre n’a été calculé pour 2024-T1."),
        ("2024-Q1", "Aucun chiffre n’a été calculé pour 2024-T1."),
    ],
)
def test_a_period_that_cannot_be_shown_comes_back_with_its_reason(asked, error):
    chosen = selectors.dashboard_period_choose(
        choices=[_choice("2025-T2")], asked=asked, today=datetime.date(2025, 9, 15)
    )

    assert chosen.chosen is None
    assert error in chosen.error
    assert chosen.asked == asked.strip()[:20]


def test_a_very_long_period_is_cut_in_the_message():
    chosen = selectors.dashboard_period_choose(choices=[], asked="9" * 1000)

    assert chosen.chosen is None and len(chosen.asked) == 20
    assert "n’est pas une période" in chosen.error and len(chosen.error) < 200


# --- Themes --------------------------------------------------------------------------------------


def test_a_theme_is_chosen_by_its_identifier(db, theme):
    themes = selectors.dashboard_themes()

    assert selectors.dashboard_theme_choose(themes=themes, asked="transport") == (theme, "")
    assert selectors.dashboard_theme_choose(themes=themes, asked="") == (None, "")
    ignored, message = selectors.dashboard_theme_choose(themes=themes, asked="inconnu")
    assert ignored is None and "« inconnu »" in message


# --- Snapshots -----------------------------------------------------------------------------------


def test_the_snapshots_of_a_period_and_theme_by_territory(
    db, montreal, capitale, quebec, theme, django_assert_num_queries
):
    all_themes = _snapshot(montreal, "2025-T3")
    themed = _snapshot(montreal, "2025-T3", theme=theme)
    _snapshot(montreal, "2025-T2")
    province = _snapshot(quebec, "2025-T3")
    _snapshot(capitale, "2025-T3")

    with django_assert_num_queries(1):
        found = selectors.dashboard_snapshots(
            user=None, period=_period("2025-T3"), theme=None, territories=[quebec, montreal]
        )
    by_theme = selectors.dashboard_snapshots(user=None, period=_period("2025-T3"), theme=theme, territories=[montreal])

    assert found == {montreal.pk: all_themes, quebec.pk: province}
    assert by_theme == {montreal.pk: themed}


def test_a_visitor_never_gets_a_draft_snapshot(db, montreal, decision_maker):
    draft = _snapshot(montreal, "2025-T4", provisional=True)

    assert selectors.dashboard_snapshots(user=None, period=_period("2025-T4"), theme=None, territories=[montreal]) == {}
    assert selectors.dashboard_snapshots(
        user=decision_maker, period=_period("2025-T4"), theme=None, territories=[montreal]
    ) == {montreal.pk: draft}


def test_indicators_are_read_only_when_cited(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.dashboard_indicators(codes=[]) == {}


def test_the_latest_calculation_a_person_may_read(db, montreal, decision_maker):
    later = COMPUTED + datetime.timedelta(days=3)
    _snapshot(montreal, "2025-T3")
    _snapshot(montreal, "2025-T4", provisional=True, computed_at=later)

    assert selectors.dashboard_last_computed(user=None) == COMPUTED
    assert selectors.dashboard_last_computed(user=decision_maker) == later


# --- Learnings and decisions -------------------------------------------------------------------------


def test_the_period_s_learnings_are_those_published_within_it(db, montreal):
    period = _period("2025-T3")
    first = LearningFactory(title="Premier jour", published_at=_at(datetime.date(2025, 7, 1), 0))
    last = LearningFactory(title="Dernier jour", published_at=_at(datetime.date(2025, 9, 30), 23))
    LearningFactory(title="Trop tôt", published_at=_at(datetime.date(2025, 6, 30), 23))
    LearningFactory(title="Trop tard", published_at=_at(datetime.date(2025, 10, 1), 0))
    LearningFactory(title="Brouillon", status="draft", published_at=None)
    LearningFactory(
        title="Équipe", initiative=InitiativeFactory(visibility="team"), published_at=_at(datetime.date(2025, 8, 1))
    )

    learnings, more = selectors.dashboard_learnings(territory=montreal, period=period, theme=None)

    assert learnings == [last, first] and not more


def test_learnings_of_a_local_territory_count_in_its_rss_and_everything_in_quebec(db, montreal, capitale, quebec):
    local = Territory.objects.create(
        kind=Territory.Kind.RLS, code="0611", name_fr="RLS", name_en="RLS", parent=montreal
    )
    day = _at(datetime.date(2025, 8, 1))
    in_local = LearningFactory(initiative=InitiativeFactory(territories=[local]), published_at=day)
    in_capitale = LearningFactory(initiative=InitiativeFactory(territories=[capitale]), published_at=day)
    nowhere = LearningFactory(initiative=None, territory=None, published_at=day)
    period = _period("2025-T3")

    assert selectors.dashboard_learnings(territory=montreal, period=period, theme=None)[0] == [in_local]
    assert selectors.dashboard_learnings(territory=capitale, period=period, theme=None)[0] == [in_capitale]
    assert set(selectors.dashboard_learnings(territory=quebec, period=period, theme=None)[0]) == {
        in_local,
        in_capitale,
        nowhere,
    }


def test_learnings_are_limited_with_a_flag_for_more(db, montreal, theme, django_assert_num_queries):
    other = ThemeFactory(slug="autre")
    for day in range(1, 13):
        LearningFactory(published_at=_at(datetime.date(2025, 8, day)), themes=[theme, other])
    LearningFactory(published_at=_at(datetime.date(2025, 8, 20)), themes=[other])
    period = _period("2025-T3")

    with django_assert_num_queries(1):
        learnings, more = selectors.dashboard_learnings(territory=montreal, period=period, theme=theme)
        titles = [(learning.title, learning.initiative.title, learning.territory.name) for learning in learnings]

    assert len(titles) == 10 and more
    few, more = selectors.dashboard_learnings(territory=montreal, period=period, theme=other, limit=20)
    assert len(few) == 13 and not more


def test_the_period_s_decisions_in_a_territory(db, montreal, capitale, quebec, theme, django_assert_num_queries):
    local = Territory.objects.create(
        kind=Territory.Kind.RLS, code="0611", name_fr="RLS", name_en="RLS", parent=montreal
    )
    themed = LearningFactory(themes=[theme])
    in_montreal = DecisionFactory(decided_on=datetime.date(2025, 9, 30), learnings=[themed])
    in_local = DecisionFactory(decided_on=datetime.date(2025, 7, 1), territory=local)
    in_capitale = DecisionFactory(decided_on=datetime.date(2025, 8, 1), territory=capitale)
    provincial = DecisionFactory(decided_on=datetime.date(2025, 8, 1), territory=quebec, level="provincial")
    DecisionFactory(decided_on=datetime.date(2025, 10, 1))
    DecisionFactory(decided_on=datetime.date(2025, 6, 30))
    period = _period("2025-T3")

    with django_assert_num_queries(1):
        decisions, more = selectors.dashboard_decisions(territory=montreal, period=period, theme=None)
        names = [(decision.organization.name, decision.territory.name) for decision in decisions]

    assert decisions == [in_montreal, in_local] and not more and len(names) == 2
    assert selectors.dashboard_decisions(territory=capitale, period=period, theme=None)[0] == [in_capitale]
    assert set(selectors.dashboard_decisions(territory=quebec, period=period, theme=None)[0]) == {
        in_montreal,
        in_local,
        in_capitale,
        provincial,
    }
    assert selectors.dashboard_decisions(territory=quebec, period=period, theme=theme)[0] == [in_montreal]
    _few, more = selectors.dashboard_decisions(territory=quebec, period=period, theme=None, limit=3)
    assert more
