"""A decision-maker records a decision informed by a field learning and sees the loop close: the
decision on its page, "A contribué à une décision" on the learning, and the decision under "Ce
qui a changé" on the region's dashboard. axe-core checks every page the journey visits."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ecosystem.models import Territory
from loop.models import Decision
from tests.conftest import decision_makers_group
from tests.e2e.test_initiative_journey import french_url, sign_in, submit_main_form
from tests.factories import InitiativeFactory, LearningFactory, OrganizationFactory, UserFactory
from tests.loop.conftest import synthesize

pytestmark = pytest.mark.e2e


@pytest.fixture
def nathalie(transactional_db):
    user = UserFactory(email="nathalie.e2e@exemple.test", display_name="Nathalie")
    user.groups.add(decision_makers_group())
    return user


def test_a_decision_maker_records_a_decision_linked_to_a_learning_and_sees_it_on_the_dashboard(
    live_server, page: Page, nathalie, assert_accessible
):
    montreal = Territory.objects.get(kind=Territory.Kind.RSS, code="06")
    OrganizationFactory(name="CIUSSS du Centre-Sud-de-l'Île-de-Montréal")
    learning = LearningFactory(
        initiative=InitiativeFactory(territories=[montreal]),
        title="Le transport du soir ramène les familles",
        kind="success_condition",
        published_at=timezone.now() - datetime.timedelta(days=40),
    )
    today = timezone.localdate()
    synthesize(today.year)
    base = live_server.url

    sign_in(page, base, nathalie.email)
    page.goto(f"{base}{french_url('loop:decision-list')}")
    page.locator(f'main a[href="{french_url("loop:decision-create")}"]').first.click()
    expect(page).to_have_url(f"{base}{french_url('loop:decision-create')}")
    assert_accessible(page)

    page.locator("#id_title").fill("Navette du soir vers les rendez-vous")
    page.locator("#id_description").fill("La navette du soir est offerte aux familles de l'est de Montréal.")
    page.locator("input[name=kind][value=adaptation]").check()
    page.locator("#id_level").select_option("regional")
    page.locator("#id_decided_on").fill(today.isoformat())
    page.locator("#id_organization").select_option(label="CIUSSS du Centre-Sud-de-l'Île-de-Montréal")
    page.locator("#id_territory").select_option(str(montreal.pk))
    page.locator(f"input[name=learnings][value='{learning.pk}']").check()
    submit_main_form(page)

    decision = Decision.objects.get()
    expect(page).to_have_url(f"{base}{french_url('loop:decision-detail', decision.pk)}")
    expect(page.locator("main")).to_contain_text(learning.title)
    assert list(decision.learnings.all()) == [learning]
    assert_accessible(page)

    page.locator("main a", has_text=learning.title).click()
    expect(page.locator("main")).to_contain_text("A contribué à une décision")
    expect(page.locator("main a", has_text="Navette du soir vers les rendez-vous")).to_be_visible()
    assert_accessible(page)

    quarter = (today.month - 1) // 3 + 1
    page.goto(f"{base}{french_url('loop:dashboard-region', '06')}?period={today.year}-T{quarter}")
    changed = page.locator("section", has=page.locator("h2", has_text="Ce qui a changé"))
    expect(changed.locator("a", has_text="Navette du soir vers les rendez-vous")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}{french_url('loop:decision-maker')}")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)
