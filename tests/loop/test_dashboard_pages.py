"""The public dashboard: Québec's page and one page per RSS, read from synthesis snapshots only,
with suppressed counts written "< 5", territories in official code order, a CSV of exactly what
each figure shows, and a clear message (never a 500) for a period or theme that cannot be shown."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Territory
from indicators import periods
from loop.models import Synthesis
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    InitiativeFactory,
    LearningFactory,
    MeasurementFactory,
    TargetFactory,
)
from tests.loop.conftest import synthesize

COMPUTED = timezone.make_aware(datetime.datetime(2025, 10, 2, 3, 0))
TODAY = datetime.date(2025, 10, 15)  # 2025-T3 is over, 2025-T4 and the year are drafts
NUMBER_CELL = re.compile(r'<td class="number">([^<]*)</td>')
SMALL = {"1", "2", "3", "4"}


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _page(response) -> str:
    return response.content.decode()


def _url(code: str | None = None, **query) -> str:
    url = reverse("loop:dashboard") if code is None else reverse("loop:dashboard-region", kwargs={"code": code})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def document(*, indicators=(), learnings_total=12) -> dict:
    """A snapshot's figures as ``loop/synthesis.py`` stores them, with suppressed counts (null)."""
    return {
        "initiatives": {
            "total": 24,
            "by_phase": {
                "idea": 5,
                "startup": None,
                "experimentation": 12,
                "evaluation": None,
                "scaling": 0,
                "completed": 0,
            },
        },
        "learnings": {
            "total": learnings_total,
            "by_kind": {
                "success_condition": 6,
                "obstacle": 6,
                "adaptation": 0,
                "unexpected_effect": 0,
                "open_question": 0,
            },
        },
        "recurring": {"obstacle": [{"word": "transport", "count": 7}], "success_condition": []},
        "communities": {"gatherings": 9, "members": None},
        "partnership": {
            "engagements": {
                "total": 15,
                "by_level": {
                    "information": 0,
                    "consultation": 5,
                    "collaboration": None,
                    "co_construction": 6,
                    "co_leadership": None,
                },
                "by_sphere": {"governance": 15, "care": 0, "communities": 0, "research": 0, "teaching": 0},
            },
            "co_construction": 10,
            "from_start": None,
        },
        "signals": {
            "total": 8,
            "by_kind": {"need": 8, "issue": 0, "practice": 0, "collaboration": 0},
            "by_status": {"new": None, "in_review": None, "handled": 0, "linked": 0},
        },
        "loop": {"decisions": 6, "informed": 5, "median_days": 41.5},
        "indicators": list(indicators),
    }


def indicator_figure(code, value, *, period="2025-T3", previous=None, target=None, equity=()) -> dict:
    granularity, start, _end = periods.parse(period)
    figure = {
        "code": code,
        "latest": {"period": period, "granularity": granularity, "start": start.isoformat(), "value": value},
        "previous": None,
        "target": target,
        "equity": list(equity),
    }
    if previous is not None:
        granularity, start, _end = periods.parse(previous[0])
        figure["previous"] = {
            "period": previous[0],
            "granularity": granularity,
            "start": start.isoformat(),
            "value": previous[1],
        }
    return figure


def snapshot(territory, period="2025-T3", *, figures=None, provisional=False, theme=None) -> Synthesis:
    granularity, start, end = periods.parse(period)
    return Synthesis.objects.create(
        territory=territory,
        granularity=granularity,
        period_start=start,
        period_end=end,
        theme=theme,
        computed_at=COMPUTED,
        provisional=provisional,
        figures=figures if figures is not None else document(),
    )


@pytest.fixture
def everywhere(db):
    """Québec and the 18 RSS, in official code order."""
    return [Territory.objects.province(), *Territory.objects.regions()]


# --- Without snapshots ------------------------------------------------------------------------------


def test_the_page_says_the_figures_are_not_calculated_yet(client, db):
    for url in (_url(), _url("06")):
        response = client.get(url)

        page = _page(response)
        assert response.status_code == 200
        assert "pas encore été calculés" in page
        assert "<table" not in page


def test_a_period_asked_for_without_any_snapshot_is_a_message_not_a_500(client, db):
    response = client.get(_url(period="2025-T3"))

    assert response.status_code == 404
    page = _page(response)
    assert "Aucun chiffre n’a été calculé pour 2025-T3." in page
    assert "Aucun chiffre n’a encore été calculé." in page


# --- Territories ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["99", "00", "QC", "abc", "6", "%C3%A9"])
def test_a_code_that_is_not_an_rss_answers_404(client, db, code):
    assert client.get(f"{reverse('loop:dashboard')}{code}/").status_code == 404


def test_a_local_territory_has_no_dashboard(client, montreal):
    Territory.objects.create(kind=Territory.Kind.RLS, code="0611", name_fr="RLS", name_en="RLS", parent=montreal)

    assert client.get(_url("0611")).status_code == 404


def test_the_territory_navigation_lists_quebec_and_the_18_rss_in_code_order(client, everywhere):
    snapshot(everywhere[0])

    response = client.get(_url())

    labels = [link["label"] for link in response.context["territory_links"]]
    assert labels == ["Ensemble du Québec", *[f"{region.code} {region.name}" for region in everywhere[1:]]]
    assert all("period=2025-T3" in link["url"] for link in response.context["territory_links"])
    page = _page(response)
    positions = [page.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)


# --- Figures from snapshots -------------------------------------------------------------------------


def test_the_quebec_page_shows_the_latest_final_quarter_with_its_date_and_source(client, everywhere):
    quebec = everywhere[0]
    snapshot(quebec, "2025-T2", figures=document(learnings_total=99))
    snapshot(quebec, "2025-T3")
    snapshot(quebec, "2025-T4", provisional=True, figures=document(learnings_total=77))

    response = client.get(_url())

    page = _page(response)
    assert response.status_code == 200
    assert response.context["page"].period.chosen.label == "2025-T3"
    assert "Chiffres de 2025-T3" in page
    assert "calculé le" in page and "2 octobre 2025" in page
    assert page.count("<dt>Calculé le</dt>") >= 7  # on every figure
    assert page.count("<dd>Plateforme Écosystème apprenant</dd>") == 7
    assert ">12</td>" in page and ">99</td>" not in page and ">77</td>" not in page


def test_field_figures_write_suppressed_counts_as_less_than_5(client, everywhere):
    snapshot(everywhere[0])

    page = _page(client.get(_url()))

    cells = NUMBER_CELL.findall(page)
    assert "&lt; 5" in cells
    assert not SMALL & set(cells)
    # the share of initiatives at co-construction or higher: 10 of 24
    assert "41,7 % (10 sur 24)" in page
    assert "41,5 jours" in page


def test_a_share_is_hidden_when_one_of_its_counts_is(client, everywhere):
    figures = document()
    figures["initiatives"]["total"] = None
    snapshot(everywhere[0], figures=figures)

    response = client.get(_url())

    partnership = next(block for block in response.context["field_figures"] if block.name == "partnership")
    share = partnership.tables[2].rows[2][1]
    assert share.text == "< 5" and share.plain == "< 5"


def test_the_median_without_enough_links_says_so(client, everywhere):
    figures = document()
    figures["loop"]["median_days"] = None
    snapshot(everywhere[0], figures=figures)

    page = _page(client.get(_url()))

    assert "Pas assez de données (moins de 5 liens)" in page


def test_an_indicator_tile_gives_value_trend_target_and_equity_gap(client, everywhere):
    indicator = IndicatorFactory(adopted=True, code="PREM-RECO", version__name="Recommandation du service")
    figure = indicator_figure(
        "PREM-RECO",
        "71.3",
        previous=("2025-T2", "68"),
        target={"value": "80", "level": "regional", "period": "2027"},
        equity=[
            {
                "dimension": "sex",
                "min": {"stratum": "women", "value": "65"},
                "max": {"stratum": "men", "value": "77.3"},
                "gap": "12.3",
                "ratio": "1.19",
            },
            {
                "dimension": "age",
                "min": {"stratum": "65-74", "value": "70"},
                "max": {"stratum": "75-plus", "value": "72"},
                "gap": "2",
                "ratio": "1.03",
            },
        ],
    )
    snapshot(everywhere[0], figures=document(indicators=[indicator_figure("PREM-RECO", "70")]))
    snapshot(everywhere[6], figures=document(indicators=[figure]))

    response = client.get(_url("06"))

    page = _page(response)
    (tile,) = response.context["tiles"]
    assert tile.url == indicator.get_absolute_url()
    assert "Recommandation du service" in page
    assert tile.value == "71,3 %" and tile.period == "2025-T3"
    assert tile.trend == "En hausse depuis 68,0 % en 2025-T2 : une amélioration."
    assert tile.target.startswith("80,0 %") and "2027" in tile.target
    assert "12,3" in tile.equity and "sexe" in tile.equity
    assert tile.province == "70,0 %"
    assert "Sondage sur l" in tile.source


def test_a_lower_is_better_indicator_going_up_is_a_deterioration(client, everywhere):
    IndicatorFactory(adopted=True, code="ATTENTE", version__direction="lower", version__unit="days")
    figure = indicator_figure("ATTENTE", "30", previous=("2025-T2", "20"))
    snapshot(everywhere[0], figures=document(indicators=[figure]))

    (tile,) = client.get(_url()).context["tiles"]

    assert tile.value == "30,0 jours"
    assert tile.trend == "En hausse depuis 20,0 jours en 2025-T2 : une détérioration."


def test_the_quebec_page_charts_each_indicator_by_region_in_code_order(client, everywhere):
    IndicatorFactory(adopted=True, code="PREM-RECO")
    values = {"QC": "71.3", "03": "78.4", "09": "61.2", "06": "70", "17": "65"}
    for territory in everywhere:
        figures = [indicator_figure("PREM-RECO", values[territory.code])] if territory.code in values else []
        snapshot(territory, figures=document(indicators=figures))

    response = client.get(_url())

    page = _page(response)
    (block,) = response.context["indicator_figures"]
    assert block.summary == "En 2025-T3, la valeur va de 61,2 % (RSS 09) à 78,4 % (RSS 03) ; Québec : 71,3 %."
    assert block.summary in page
    assert '<figure class="chart" id="chart-PREM-RECO">' in page
    labels = [row[0].text for row in block.tables[0].rows]
    assert labels == ["Ensemble du Québec", *[region.coded_name for region in everywhere[1:]]]
    chart_labels = [row.label for row in block.chart["rows"]]
    assert chart_labels == [region.coded_name for region in everywhere[1:]]
    assert block.tables[0].rows[1][1].text == "Aucune valeur"


def test_an_rss_page_has_tiles_but_no_regional_charts(client, everywhere):
    IndicatorFactory(adopted=True, code="PREM-RECO")
    snapshot(everywhere[0], figures=document(indicators=[indicator_figure("PREM-RECO", "70")]))
    snapshot(everywhere[6], figures=document(indicators=[indicator_figure("PREM-RECO", "71.3")]))

    response = client.get(_url("06"))

    assert len(response.context["tiles"]) == 1
    assert response.context["indicator_figures"] == []
    assert (
        client.get(reverse("loop:figure-csv", kwargs={"code": "06", "figure": "indicator-PREM-RECO"})).status_code
        == 404
    )


# --- Periods and themes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("abc", "n’est pas une période"),
        ("2025-13", "n’est pas une période"),
        ("2025-03", "par année ou par trimestre"),
        ("2099-T1", "n’a pas encore commencé"),
        ("2099", "n’a pas encore commencé"),
        ("2019", "Aucun chiffre n’a été calculé pour 2019."),
        ("x" * 500, "n’est pas une période"),
    ],
)
def test_a_period_that_cannot_be_shown_gives_a_message_and_the_periods_there_are(client, everywhere, asked, message):
    snapshot(everywhere[6], "2025-T2")
    snapshot(everywhere[6], "2025-T3")

    response = client.get(_url("06", period=asked))

    page = _page(response)
    assert response.status_code == 404
    assert message in page
    assert 'role="alert"' in page
    assert "?period=2025-T3" in page and "?period=2025-T2" in page
    assert "<table" not in page


def test_the_current_year_is_not_shown_to_visitors_before_it_ends(client, everywhere, decision_maker):
    year = timezone.localdate().year
    snapshot(everywhere[6], "2025-T3")
    snapshot(everywhere[6], f"{year}", provisional=True)

    response = client.get(_url("06", period=year))
    client.force_login(decision_maker)
    draft = client.get(_url("06", period=year))

    assert response.status_code == 404
    assert f"La période {year} n’est pas terminée" in _page(response)
    assert draft.status_code == 200 and draft.context["snapshot"].provisional


def test_a_period_can_be_chosen_by_its_label(client, everywhere):
    snapshot(everywhere[6], "2025-T2", figures=document(learnings_total=99))
    snapshot(everywhere[6], "2025-T3")

    for asked in ("2025-T2", "2025-Q2", "2025-t2"):
        response = client.get(_url("06", period=asked))
        assert response.status_code == 200
        assert ">99</td>" in _page(response)


def test_an_unknown_theme_is_ignored_with_a_message(client, everywhere):
    snapshot(everywhere[0])

    response = client.get(_url(theme="nothing-here"))

    assert response.status_code == 200
    assert "Il n’y a pas de thème « nothing-here »" in _page(response)
    assert response.context["page"].theme is None


def test_a_theme_shows_that_theme_s_snapshot(client, everywhere, theme):
    snapshot(everywhere[0], figures=document(learnings_total=99))
    snapshot(everywhere[0], theme=theme, figures=document(learnings_total=12))

    response = client.get(_url(theme="transport"))

    page = _page(response)
    assert ">12</td>" in page and ">99</td>" not in page
    assert "thème : Transport" in page


def test_the_form_works_without_javascript(client, everywhere, theme):
    snapshot(everywhere[0])

    page = _page(client.get(_url()))

    assert '<form method="get" action="/tableau-de-bord/"' in page
    assert '<label for="dashboard-period">' in page and 'name="period"' in page
    assert '<label for="dashboard-theme">' in page and 'name="theme"' in page
    assert "<script" not in page.split("</head>")[1]
    assert "style=" not in page


# --- Drafts -------------------------------------------------------------------------------------


def test_provisional_snapshots_are_invisible_to_visitors(client, everywhere, outsider):
    snapshot(everywhere[0], "2025-T4", provisional=True)

    response = client.get(_url())
    assert response.status_code == 200
    assert "pas encore été calculés" in _page(response)
    assert client.get(_url(period="2025-T4")).status_code == 404

    client.force_login(outsider)
    assert client.get(_url(period="2025-T4")).status_code == 404


def test_decision_makers_see_drafts_marked_as_such(client, everywhere, decision_maker):
    snapshot(everywhere[0], "2025-T3")
    snapshot(everywhere[0], "2025-T4", provisional=True)
    client.force_login(decision_maker)

    default = client.get(_url())
    draft = client.get(_url(period="2025-T4"))

    assert default.context["page"].period.chosen.label == "2025-T3"  # the latest final quarter
    assert draft.status_code == 200
    assert "Brouillon : la période n’est pas terminée" in _page(draft)


# --- What was learned and what changed ----------------------------------------------------------------


def test_the_period_s_learnings_and_decisions_of_the_territory_are_listed(client, everywhere, capitale):
    for territory in everywhere:
        snapshot(territory)
    in_montreal = LearningFactory(title="Le transport adapté aide", published_at=_moment(datetime.date(2025, 8, 1)))
    LearningFactory(title="Trop ancien", published_at=_moment(datetime.date(2025, 3, 1)))
    LearningFactory(title="Brouillon caché", status="draft", published_at=None)
    LearningFactory(
        title="À Québec",
        initiative=InitiativeFactory(territories=[capitale]),
        published_at=_moment(datetime.date(2025, 9, 1)),
    )
    decision = DecisionFactory(title="Navette offerte", decided_on=datetime.date(2025, 9, 10))
    DecisionFactory(title="Décision ancienne", decided_on=datetime.date(2024, 9, 10))

    montreal_page = _page(client.get(_url("06")))
    capitale_page = _page(client.get(_url("03")))
    quebec_page = _page(client.get(_url()))

    assert "Le transport adapté aide" in montreal_page and in_montreal.get_absolute_url() in montreal_page
    assert "À Québec" not in montreal_page and "Trop ancien" not in montreal_page
    assert "Brouillon caché" not in montreal_page
    assert "À Québec" in capitale_page and "Le transport adapté aide" not in capitale_page
    assert "Le transport adapté aide" in quebec_page and "À Québec" in quebec_page
    detail = reverse("loop:decision-detail", kwargs={"pk": decision.pk})
    assert detail in montreal_page and detail in quebec_page and detail not in capitale_page
    assert "Décision ancienne" not in quebec_page


def test_learnings_of_a_team_only_initiative_are_not_listed(client, everywhere):
    snapshot(everywhere[6])
    LearningFactory(
        title="Réservé à l’équipe",
        initiative=InitiativeFactory(visibility="team"),
        published_at=_moment(datetime.date(2025, 8, 1)),
    )

    assert "Réservé à l’équipe" not in _page(client.get(_url("06")))


# --- From the synthesis itself ------------------------------------------------------------------------


@pytest.fixture
def computed(db, capitale, montreal, quebec, total):
    """2025 synthesized on 15 October: 3 learnings in Montréal and 6 in the Capitale-Nationale in
    the third quarter, and PREM-RECO measured in three territories."""
    indicator = IndicatorFactory(adopted=True, code="PREM-RECO")
    for code, value in (("09", "61.2"), ("03", "78.4"), ("QC", "71.3")):
        MeasurementFactory(
            indicator=indicator,
            territory=Territory.objects.get(code=code),
            value=Decimal(value),
            period_start=datetime.date(2025, 7, 1),
            period_end=datetime.date(2025, 9, 30),
        )
    TargetFactory(indicator=indicator, territory=capitale, level="regional", period_start=datetime.date(2025, 1, 1))
    LearningFactory.create_batch(3, published_at=_moment(datetime.date(2025, 8, 1)))
    LearningFactory.create_batch(
        6, initiative=InitiativeFactory(territories=[capitale]), published_at=_moment(datetime.date(2025, 8, 2))
    )
    synthesize(2025, today=TODAY)
    return indicator


def test_the_pages_show_what_the_synthesis_computed(client, computed):
    quebec = client.get(_url())
    montreal = client.get(_url("06"))

    quebec_page = _page(quebec)
    assert quebec.status_code == 200 and montreal.status_code == 200
    assert "En 2025-T3, la valeur va de 61,2 % (RSS 09) à 78,4 % (RSS 03) ; Québec : 71,3 %." in quebec_page
    learnings = next(block for block in montreal.context["field_figures"] if block.name == "learnings")
    assert learnings.tables[0].rows[-1][1].text == "< 5"  # Montréal's 3 learnings
    for response in (quebec, montreal):
        assert not SMALL & set(NUMBER_CELL.findall(_page(response)))


def test_no_csv_of_the_synthesis_gives_a_count_from_1_to_4(client, computed):
    for code in ("QC", "06", "03"):
        for figure in ("initiatives", "learnings", "recurring", "communities", "partnership", "signals", "loop"):
            response = client.get(reverse("loop:figure-csv", kwargs={"code": code, "figure": figure}))
            assert response.status_code == 200
            header, *rows = _csv(response)
            values = {row[header.index("Valeur")] for row in rows}
            assert not SMALL & values, (code, figure)


# --- CSV ------------------------------------------------------------------------------------------


def test_a_field_figure_s_csv_is_its_tables_rows(client, everywhere):
    snapshot(everywhere[6])
    page = client.get(_url("06"))
    block = next(block for block in page.context["field_figures"] if block.name == "partnership")

    response = client.get(reverse("loop:figure-csv", kwargs={"code": "06", "figure": "partnership"}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "06-2025-T3-partnership.csv" in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:6] == ["Code du territoire", "Territoire", "Période", "Tableau", "Ligne", "Valeur"]
    expected = [[table.caption, row[0].plain, row[1].plain] for table in block.tables for row in table.rows]
    assert [row[3:6] for row in rows] == expected
    assert all(row[:3] == ["06", "Montréal", "2025-T3"] for row in rows)
    assert ["Collaboration", "< 5"] in [row[4:6] for row in rows]
    assert all(row[7] == "2025-10-02" for row in rows)


def test_an_indicator_s_csv_is_its_table_in_code_order(client, everywhere):
    IndicatorFactory(adopted=True, code="PREM-RECO")
    for territory in everywhere:
        snapshot(territory, figures=document(indicators=[indicator_figure("PREM-RECO", "70.04")]))
    block = client.get(_url()).context["indicator_figures"][0]

    response = client.get(reverse("loop:figure-csv", kwargs={"code": "QC", "figure": "indicator-PREM-RECO"}))

    header, *rows = _csv(response)
    assert header[:4] == ["Territoire", "Valeur", "Période de la valeur", "Cible"]
    assert [row[:4] for row in rows] == [[cell.plain for cell in row] for row in block.tables[0].rows]
    assert [row[0] for row in rows] == ["Ensemble du Québec", *[t.coded_name for t in everywhere[1:]]]
    assert rows[0][1] == "70.0"


def test_a_csv_follows_the_period_and_theme_asked_for(client, everywhere, theme):
    snapshot(everywhere[6], "2025-T2", figures=document(learnings_total=99))
    snapshot(everywhere[6], "2025-T3", theme=theme, figures=document(learnings_total=42))
    snapshot(everywhere[6], "2025-T3")

    older = _csv(
        client.get(reverse("loop:figure-csv", kwargs={"code": "06", "figure": "learnings"}) + "?period=2025-T2")
    )
    themed = client.get(reverse("loop:figure-csv", kwargs={"code": "06", "figure": "learnings"}) + "?theme=transport")

    assert older[-1][5] == "99"
    assert "transport" in themed["Content-Disposition"]
    assert _csv(themed)[-1][5] == "42"


@pytest.mark.parametrize(
    ("code", "figure"),
    [("06", "nothing"), ("06", "indicator-NOPE"), ("99", "learnings"), ("0611", "learnings")],
)
def test_an_unknown_figure_or_territory_has_no_csv(client, everywhere, code, figure):
    snapshot(everywhere[6])

    assert client.get(reverse("loop:figure-csv", kwargs={"code": code, "figure": figure})).status_code == 404


def test_there_is_no_csv_without_a_snapshot_or_for_a_bad_period(client, everywhere):
    url = reverse("loop:figure-csv", kwargs={"code": "06", "figure": "learnings"})
    assert client.get(url).status_code == 404
    snapshot(everywhere[6])
    assert client.get(f"{url}?period=2099").status_code == 404
    assert client.get(f"{url}?period=n'importe").status_code == 404


def test_the_csv_links_on_the_page_keep_the_period_and_theme(client, everywhere, theme):
    snapshot(everywhere[6])
    snapshot(everywhere[6], theme=theme)

    page = _page(client.get(_url("06", theme="transport")))

    csv_url = reverse("loop:figure-csv", kwargs={"code": "06", "figure": "learnings"})
    assert f'href="{csv_url}?period=2025-T3&amp;theme=transport"' in page


# --- About, English, printing -----------------------------------------------------------------------


def test_the_about_page_explains_what_is_published_and_why(client, everywhere):
    snapshot(everywhere[0])

    response = client.get(reverse("loop:about"))

    page = _page(response)
    assert response.status_code == 200
    assert "&lt; 5" in page and "suppression complémentaire" in page
    assert "jamais classés" in page
    assert "/api/v1/syntheses/" in page
    assert "chaque nuit" in page and "2 octobre 2025" in page


def test_the_dashboard_is_in_english_under_en(client, everywhere):
    snapshot(everywhere[6])

    response = client.get("/en/dashboard/06/")

    page = _page(response)
    assert response.status_code == 200
    assert "Dashboard: 06 Montréal" in page and "Calculated on" in page


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [None, "06"])
@pytest.mark.parametrize("indicators", [1, 5])
def test_a_dashboard_page_runs_the_same_queries_whatever_it_shows(
    client, everywhere, theme, django_assert_num_queries, code, indicators
):
    codes = [f"IND-{number}" for number in range(indicators)]
    for indicator_code in codes:
        IndicatorFactory(adopted=True, code=indicator_code)
    equity = [
        {
            "dimension": "sex",
            "min": {"stratum": "women", "value": "65"},
            "max": {"stratum": "men", "value": "77"},
            "gap": "12",
            "ratio": "1.18",
        }
    ]
    for territory in everywhere:
        figures = [indicator_figure(c, "70", previous=("2025-T2", "60"), equity=equity) for c in codes]
        snapshot(territory, figures=document(indicators=figures))
    for _ in range(indicators):
        LearningFactory(published_at=_moment(datetime.date(2025, 8, 1)))
        DecisionFactory(decided_on=datetime.date(2025, 9, 1))

    # the territories (Québec and the RSS), the periods with snapshots, the themes, the period's
    # snapshots (Québec and the page's RSS, or all 19), the indicators they cite (with their
    # wording), the strata's names, the period's learnings (with initiative and territory), its
    # decisions (with organization and territory)
    with django_assert_num_queries(8):
        response = client.get(_url(code))

    assert response.status_code == 200
    assert len(response.context["tiles"]) == indicators
    assert len(response.context["learnings"]) == indicators


@pytest.mark.parametrize("regions", [1, 18])
def test_the_quebec_page_runs_the_same_queries_for_1_or_18_regions_with_values(
    client, everywhere, django_assert_num_queries, regions
):
    IndicatorFactory(adopted=True, code="PREM-RECO")
    for territory in everywhere[: regions + 1]:
        snapshot(territory, figures=document(indicators=[indicator_figure("PREM-RECO", "70")]))

    with django_assert_num_queries(8):
        response = client.get(_url())

    (block,) = response.context["indicator_figures"]
    assert sum(1 for row in block.chart["rows"] if row.value is not None) == regions


def test_a_signed_in_page_adds_only_the_session_and_the_menu(client, everywhere, outsider, django_assert_num_queries):
    snapshot(everywhere[0])
    client.force_login(outsider)

    # session, user; a visitor's queries without indicators (territories, periods, themes,
    # snapshots, learnings, decisions); whether the person may read drafts (own and group
    # permissions); the menu's unread notifications
    with django_assert_num_queries(11):
        assert client.get(_url()).status_code == 200


def test_the_about_page_runs_one_query(client, django_assert_num_queries, db):
    with django_assert_num_queries(1):
        assert client.get(reverse("loop:about")).status_code == 200


@pytest.mark.parametrize("indicators", [1, 5])
def test_a_csv_runs_the_same_queries_whatever_it_holds(client, everywhere, django_assert_num_queries, indicators):
    codes = [f"IND-{number}" for number in range(indicators)]
    for code in codes:
        IndicatorFactory(adopted=True, code=code)
    for territory in everywhere:
        snapshot(territory, figures=document(indicators=[indicator_figure(code, "70") for code in codes]))

    # the territories, the periods with snapshots, the themes, the period's 19 snapshots, the
    # indicators they cite, the strata's names
    with django_assert_num_queries(6):
        response = client.get(reverse("loop:figure-csv", kwargs={"code": "QC", "figure": "indicator-IND-0"}))
        rows = _csv(response)

    assert len(rows) == 1 + 19
