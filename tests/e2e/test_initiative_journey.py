"""An organizer logs an initiative and a learning, publishes it; a visitor finds it by searching.

Elements are found by id, role, URL or stable attribute; URLs come from ``reverse`` in French.
axe-core checks every page the journey visits.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from initiatives.models import Initiative, Learning
from tests.factories import DEFAULT_PASSWORD, UserFactory

STATEMENT = "Les élèves reviennent à la cuisine quand les aînés les appellent par leur prénom."


def french_url(name: str, *args) -> str:
    with translation.override("fr-ca"):
        return reverse(name, args=args)


def submit_main_form(page: Page, name: str | None = None) -> None:
    buttons = page.locator("main form.form button[type=submit]")
    (buttons.and_(page.locator(f"[name={name}]")) if name else buttons.first).click()


@pytest.fixture
def karim(transactional_db):
    return UserFactory(email="karim.e2e@exemple.test", display_name="Karim")


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}{french_url('account_login')}")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    submit_main_form(page)
    expect(page.locator(f'header form[action="{french_url("account_logout")}"]')).to_have_count(1)


def test_organizer_logs_an_initiative_and_a_learning_that_a_visitor_then_finds(
    live_server, page: Page, karim, assert_accessible, screenshot
):
    base = live_server.url

    # --- Karim signs in and opens the form from the initiatives list ---------------------------
    sign_in(page, base, karim.email)
    page.locator(f'header nav a[href="{french_url("initiatives:list")}"]').click()
    expect(page).to_have_url(f"{base}{french_url('initiatives:list')}")
    assert_accessible(page)
    page.locator(f'main a[href="{french_url("initiatives:create")}"]').first.click()
    expect(page).to_have_url(f"{base}{french_url('initiatives:create')}")
    assert_accessible(page)

    # A summary left empty and no territory: the error summary takes focus; nothing is saved.
    page.locator("#id_title").fill("Cuisines intergénérationnelles de l'école Saint-Pierre")
    page.locator("#id_kind").select_option("community")
    submit_main_form(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#id_summary"]')).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "initiative-form-errors.png")
    assert not Initiative.objects.exists()

    page.locator("#id_summary").fill("Des élèves et des aînés du quartier cuisinent ensemble chaque mardi midi.")
    page.locator("#id_description").fill("Nous cuisinons **ensemble** et partageons le repas.")
    page.get_by_label("06 – Montréal", exact=True).check()
    page.get_by_label("Isolement social", exact=True).check()
    submit_main_form(page)

    initiative = Initiative.objects.get()
    expect(page).to_have_url(f"{base}{french_url('initiatives:detail', initiative.slug)}")
    expect(page.locator("main h1")).to_have_text(initiative.title)
    expect(page.locator("main strong", has_text="ensemble")).to_be_visible()
    assert_accessible(page)

    # --- A learning, first with an e-mail address in it: saved as a draft, not published -------
    page.locator(f'main a[href="{french_url("initiatives:learning-create", initiative.slug)}"]').click()
    expect(page).to_have_url(f"{base}{french_url('initiatives:learning-create', initiative.slug)}")
    assert_accessible(page)
    page.locator("#id_title").fill("La confiance se construit autour du repas")
    page.locator("#id_statement").fill(f"{STATEMENT} Écrivez à karim@exemple.test pour en savoir plus.")
    page.locator("#id_kind").select_option("success_condition")
    page.locator("#id_knowledge_type").select_option("experiential")
    submit_main_form(page, name="publish")

    learning = Learning.objects.get()
    assert learning.status == "draft"
    expect(page.locator("main")).to_contain_text("karim@exemple.test")  # the passage to remove is shown
    assert_accessible(page)
    screenshot(page, "learning-refused.png")

    # Karim removes the address and publishes.
    page.goto(f"{base}{french_url('initiatives:learning-update', learning.pk)}")
    page.locator("#id_statement").fill(STATEMENT)
    submit_main_form(page, name="publish")
    expect(page).to_have_url(f"{base}{french_url('initiatives:learning-detail', learning.pk)}")
    learning.refresh_from_db()
    assert learning.status == "published"
    assert learning.territory.code == "06"
    assert_accessible(page)

    page.locator(f'header form[action="{french_url("account_logout")}"] button').click()
    expect(page.locator(f'header form[action="{french_url("account_logout")}"]')).to_have_count(0)

    # --- A visitor searches the learnings feed for a word of the text, without its accents ------
    page.goto(f"{base}{french_url('initiatives:learnings')}")
    assert_accessible(page)
    page.locator("#id_q").fill("eleves aines")
    page.locator("form.filters button[type=submit]").click()
    found = page.locator(f'#results a[href="{french_url("initiatives:learning-detail", learning.pk)}"]')
    expect(found).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=eleves(\+|%20)aines"))  # the search can be bookmarked
    assert_accessible(page)
    screenshot(page, "learnings-search.png")

    found.click()
    expect(page.locator("main h1")).to_have_text("La confiance se construit autour du repas")
    expect(page.locator("main")).to_contain_text(STATEMENT)
    assert_accessible(page)

    # The visitor also finds the initiative from the list, accents ignored.
    page.goto(f"{base}{french_url('initiatives:list')}?q=intergenerationnelles")
    expect(page.locator(f'#results a[href="{french_url("initiatives:detail", initiative.slug)}"]')).to_be_visible()
    assert_accessible(page)
