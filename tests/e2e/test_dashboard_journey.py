"""A visitor explores the public dashboard: the Québec page, then an RSS, reads a chart's data
table and downloads its CSV, then reads the page that explains what is published. axe-core
checks every dashboard page the journey visits."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ecosystem.models import Territory
from indicators.models import Stratum
from tests.e2e.test_initiative_journey import french_url
from tests.factories import IndicatorFactory, InitiativeFactory, LearningFactory, MeasurementFactory
from tests.loop.conftest import synthesize

pytestmark = pytest.mark.e2e

YEAR = 2025


@pytest.fixture
def field(transactional_db):
    """PREM-RECO in every region for the last two quarters of 2025, and five learnings published
    in Montréal that autumn; the syntheses of 2025 computed."""
    indicator = IndicatorFactory(
        code="PREM-RECO", adopted=True, version__name="Part des usagers qui recommanderaient le service"
    )
    total = Stratum.objects.get(dimension="total")
    regions = list(Territory.objects.regions())
    for index, territory in enumerate([Territory.objects.province(), *regions]):
        for start, end, shift in (("2025-07-01", "2025-09-30", 0), ("2025-10-01", "2025-12-31", 1.5)):
            MeasurementFactory(
                indicator=indicator,
                territory=territory,
                stratum=total,
                period_start=start,
                period_end=end,
                value=round(60 + index + shift, 1),
            )
    montreal = Territory.objects.get(kind=Territory.Kind.RSS, code="06")
    host = InitiativeFactory(territories=[montreal])
    published = timezone.make_aware(datetime.datetime(YEAR, 11, 5, 10))
    for n in range(5):
        LearningFactory(
            initiative=host, kind="obstacle", title=f"Le transport manque le soir {n}", published_at=published
        )
    synthesize(YEAR)
    return indicator


def test_a_visitor_explores_quebec_then_a_region_reads_a_table_and_downloads_its_csv(
    live_server, page: Page, field, assert_accessible, screenshot
):
    base = live_server.url
    page.goto(f"{base}/")
    page.locator(f'header nav a[href="{french_url("loop:dashboard")}"]').click()
    expect(page).to_have_url(f"{base}{french_url('loop:dashboard')}")
    expect(page.locator("main h1")).to_contain_text("Tableau de bord")
    expect(page.locator(".dashboard-tile__title", has_text="PREM-RECO")).to_be_visible()
    expect(page.locator(".dashboard-summary")).to_contain_text("2025-T4")
    assert_accessible(page)
    screenshot(page, "dashboard-quebec.png")

    # The regional chart: its summary, then its table, in official code order (never ranked).
    chart = page.locator("section.dashboard-figure", has=page.locator("svg")).first
    expect(chart.locator("figcaption")).to_contain_text("Québec")
    table = chart.locator("table").first
    row_headers = table.locator("tbody th").all_inner_texts()
    regions = [header for header in row_headers if header[:2].isdigit()]
    assert regions == sorted(regions) and len(regions) == 18
    montreal_row = table.locator("tbody tr", has=page.locator("th", has_text="06"))
    expect(montreal_row.locator("td").first).to_contain_text("67,5")  # 60 + 6 + 1.5, in Québec French

    # Its CSV: exactly the rows of the table.
    with page.expect_download() as download:
        chart.locator("a", has_text="Télécharger (CSV)").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";" if ";" in content.splitlines()[0] else ","))
    assert len(rows) - 1 == len(row_headers)
    assert [row[0] for row in rows[1:]] == row_headers

    # An RSS page, from the territories' list.
    page.locator(".dashboard-territories a", has_text="Montréal").click()
    expect(page).to_have_url(f"{base}{french_url('loop:dashboard-region', '06')}?period=2025-T4")
    expect(page.locator("main h1")).to_contain_text("Montréal")
    learned = page.locator("section", has=page.locator("h2", has_text="Ce que nous avons appris"))
    expect(learned.locator("li")).to_have_count(5)
    assert_accessible(page)
    screenshot(page, "dashboard-montreal.png")

    # What is published and why.
    page.locator("main a", has_text="Ce qui est publié").first.click()
    expect(page).to_have_url(f"{base}{french_url('loop:about')}")
    assert_accessible(page)

    # An unknown region is a 404 page, not an error.
    response = page.goto(f"{base}{french_url('loop:dashboard-region', '99')}")
    assert response.status == 404
