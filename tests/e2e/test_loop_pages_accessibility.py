"""axe-core on the learning loop's other pages: the watch board and its forms, the decision log,
the reflective report and the staff's synthesis page (the journeys cover the dashboard's)."""

import pytest
from playwright.sync_api import Page, expect

from ecosystem.models import Territory
from tests.e2e.test_initiative_journey import french_url, sign_in
from tests.factories import DecisionFactory, SignalFactory, UserFactory
from tests.loop.conftest import synthesize

pytestmark = pytest.mark.e2e

YEAR = 2025


@pytest.fixture
def loop_data(transactional_db):
    montreal = Territory.objects.get(kind=Territory.Kind.RSS, code="06")
    for kind in ("need", "issue", "practice"):
        SignalFactory(territory=montreal, kind=kind, status="in_review")
    DecisionFactory(territory=montreal)
    synthesize(YEAR)
    return montreal


def test_the_loop_pages_pass_axe(live_server, page: Page, loop_data, assert_accessible):
    base = live_server.url
    for path in (
        french_url("loop:signal-board"),
        french_url("loop:decision-list"),
        french_url("loop:report", "06", str(YEAR)),
        french_url("loop:report", "QC", f"{YEAR}-T4"),
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert_accessible(page)

    staff = UserFactory(email="sophie.e2e@exemple.test", display_name="Sophie", is_staff=True)
    sign_in(page, base, staff.email)
    for path in (
        french_url("loop:signal-create"),
        french_url("loop:signal-triage-list"),
        french_url("loop:synthesis-runs"),
    ):
        page.goto(f"{base}{path}")
        expect(page.locator("main h1")).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}{french_url('loop:signal-create')}")
    page.locator("main form button[type=submit]").last.click()  # nothing filled in: the errors
    expect(page.locator("main .errorlist, main [role=alert]").first).to_be_visible()
    assert_accessible(page)
