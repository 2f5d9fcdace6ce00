"""A person registers, becomes a health partner, gives two consents and applies to a call; the
organizer accepts; the engagement appears for both; the person withdraws a consent in two
clicks from their profile and downloads their data.

Elements are found by id, role, URL or stable attribute; URLs come from ``reverse`` in French.
axe-core checks every page the journey visits.
"""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from ecosystem.models import Consent, Purpose, Territory, User
from partnerships.models import Application, Engagement, PartnerProfile
from tests.e2e.test_community_journey import sign_out
from tests.e2e.test_initiative_journey import french_url, sign_in
from tests.factories import CallFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.e2e

LEA_EMAIL = "lea.partenaire@exemple.test"
LEA_PASSWORD = "une-phrase-de-passe-solide-2026"


@pytest.fixture
def call(transactional_db):
    """Karim's team runs "Hôpital à domicile" and looks for caregivers in Montréal."""
    karim = UserFactory(email="karim.e2e@exemple.test", display_name="Karim")
    initiative = InitiativeFactory(title="Hôpital à domicile", team=[karim])
    return CallFactory(
        initiative=initiative,
        created_by=karim,
        title="Proches aidants pour l’hôpital à domicile",
        partner_types=["proche_aidant"],
        territories=[Territory.objects.get(kind=Territory.Kind.RSS, code="06")],
    )


def main_button(page: Page, name: str):
    return page.locator("main").get_by_role("button", name=re.compile(name))


def test_a_person_becomes_a_partner_applies_is_accepted_and_keeps_control_of_their_data(
    live_server, page: Page, browser: Browser, call, assert_accessible, screenshot
):
    base = live_server.url
    logout = f'header form[action="{french_url("account_logout")}"]'

    # --- Léa registers (14 or older), confirms her address and signs in ---------------------
    page.goto(f"{base}{french_url('account_signup')}")
    page.locator("#id_email").fill(LEA_EMAIL)
    page.locator("#id_display_name").fill("Léa")
    page.locator('input[name="age"][value="14_or_older"]').check()
    page.locator("#id_password1").fill(LEA_PASSWORD)
    page.locator("#id_password2").fill(LEA_PASSWORD)
    page.locator("main form").locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}{french_url('account_email_verification_sent')}")
    (link,) = set(re.findall(r"https?://\S+/confirm-email/[^\s/]+/", mail.outbox[-1].body))
    page.goto(link)
    page.locator("main form").locator("button[type=submit]").click()
    page.locator("#id_login").fill(LEA_EMAIL)
    page.locator("#id_password").fill(LEA_PASSWORD)
    page.locator("main form").locator("button[type=submit]").click()
    expect(page.locator(logout)).to_have_count(1)
    lea = User.objects.get(email=LEA_EMAIL)

    # --- Her partner profile, private by default --------------------------------------------
    page.locator(f'header nav a[href="{french_url("partnerships:profile")}"]').click()
    expect(page).to_have_url(f"{base}{french_url('partnerships:profile')}")
    assert_accessible(page)
    page.locator(f'main a[href="{french_url("partnerships:profile-edit")}"]').first.click()
    page.locator('input[name="partner_types"][value="proche_aidant"]').check()
    page.locator("#id_region").select_option(label="06 – Montréal")
    page.locator('input[name="languages"][value="fr"]').check()
    page.locator("#id_bio").fill("Proche aidante de ma mère depuis cinq ans.")
    assert_accessible(page)
    page.locator("main form.form button[type=submit]").click()
    expect(page).to_have_url(f"{base}{french_url('partnerships:profile')}")
    profile = PartnerProfile.objects.get(user=lea)
    assert profile.partner_types == ["proche_aidant"] and profile.region.code == "06"
    assert not Consent.objects.filter(user=lea).exists()  # nothing given by default

    # --- Two consents, each presented apart and unticked -------------------------------------
    page.locator(f'main a[href="{french_url("consents")}"]').first.click()
    boxes = page.locator('main input[type="checkbox"][name="purposes"]')
    expect(boxes).to_have_count(len(Purpose.values))
    for index in range(boxes.count()):
        expect(boxes.nth(index)).not_to_be_checked()
    assert_accessible(page)
    page.locator(f"#consent-{Purpose.CONTACT}").check()
    page.locator(f"#consent-{Purpose.DIVERSITY}").check()
    main_button(page, "Enregistrer mes choix").click()
    expect(page.locator(f"#consent-{Purpose.CONTACT}")).to_have_count(0)  # given: a withdraw button instead
    assert set(Consent.objects.in_force().filter(user=lea).values_list("purpose", flat=True)) == {
        Purpose.CONTACT,
        Purpose.DIVERSITY,
    }
    screenshot(page, "consents.png")

    # --- The call that fits her, and her application -----------------------------------------
    page.locator(f'header nav a[href="{french_url("partnerships:call-list")}"]').click()
    for_you = page.locator('section[aria-labelledby="for-you-title"]')
    expect(for_you).to_contain_text(call.title)
    assert_accessible(page)
    for_you.locator(f'a[href="{french_url("partnerships:call-detail", call.pk)}"]').first.click()
    page.locator("#id_message").fill("Je vis l’hôpital à domicile avec ma mère; j’aimerais aider à l’améliorer.")
    assert_accessible(page)
    main_button(page, "Envoyer ma candidature").click()
    expect(main_button(page, "Retirer ma candidature")).to_be_visible()
    application = Application.objects.get(call=call, applicant=lea)
    assert application.status == Application.Status.PENDING

    # --- Karim, in his own browser, accepts her --------------------------------------------
    karim_context = browser.new_context(locale="fr-CA", timezone_id="America/Toronto")
    karim_page = karim_context.new_page()
    sign_in(karim_page, base, "karim.e2e@exemple.test")
    karim_page.goto(f"{base}{french_url('partnerships:call-applications', call.pk)}")
    expect(karim_page.locator("main")).to_contain_text("Léa")
    expect(karim_page.locator("main")).not_to_contain_text(LEA_EMAIL)
    assert_accessible(karim_page)
    screenshot(karim_page, "call-applications.png")
    karim_page.locator("main").get_by_role("button", name=re.compile("^Accepter")).click()
    engagement = Engagement.objects.get(partner=lea)
    assert (engagement.initiative, engagement.level, engagement.status) == (
        call.initiative,
        "co_construction",
        "confirmed",
    )
    karim_page.goto(f"{base}{french_url('partnerships:engagement-list')}")
    expect(karim_page.locator('section[aria-labelledby="organized-title"]')).to_contain_text("Léa")
    assert_accessible(karim_page)
    karim_context.close()

    # --- The engagement appears for Léa too --------------------------------------------------
    page.goto(f"{base}{french_url('partnerships:engagement-list')}")
    mine = page.locator('section[aria-labelledby="mine-title"]')
    expect(mine).to_contain_text("Hôpital à domicile")
    assert_accessible(page)
    screenshot(page, "engagements.png")

    # --- Withdrawing a consent: two clicks from her profile -----------------------------------
    page.goto(f"{base}{french_url('partnerships:profile')}")
    page.locator(f'main a[href="{french_url("consents")}"]').first.click()  # 1
    withdraw = page.locator(f'main form:has(input[name="purpose"][value="{Purpose.DIVERSITY}"]) button')
    withdraw.click()  # 2
    expect(page.locator(f"#consent-{Purpose.DIVERSITY}")).not_to_be_checked()
    consent = Consent.objects.get(user=lea, purpose=Purpose.DIVERSITY)
    assert consent.withdrawn_at is not None
    assert Consent.objects.in_force().filter(user=lea, purpose=Purpose.CONTACT).exists()
    assert_accessible(page)

    # --- Downloading her data --------------------------------------------------------------
    page.locator(f'header nav a[href="{french_url("my-data")}"]').click()
    expect(page).to_have_url(f"{base}{french_url('my-data')}")
    assert_accessible(page)
    main_button(page, "Préparer mes données").click()
    if page.locator("#id_password").count():  # allauth asks for the password again if it is time
        page.locator("#id_password").fill(LEA_PASSWORD)
        page.locator("main form").locator("button[type=submit]").click()
    download_link = page.locator('main a[href*="/telecharger/"]')
    expect(download_link).to_have_count(1)
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["account"][0]["email"] == LEA_EMAIL
    assert data["sections"]["partner_profile"][0]["bio"] == "Proche aidante de ma mère depuis cinq ans."
    assert [row["status"] for row in data["sections"]["applications"]] == ["accepted"]
    assert "karim.e2e@exemple.test" not in json.dumps(data)
    assert_accessible(page)
    screenshot(page, "my-data.png")

    sign_out(page)
