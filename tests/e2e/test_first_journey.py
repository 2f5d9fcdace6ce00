"""A visitor's first journey: French home page, English and back, sign-up, confirmation, sign-in.

Elements are found by id, role, URL or stable attribute rather than by visible text, so that
rewording the interface does not break the journey; URLs are computed with ``reverse`` in
French so that translated URL segments keep working.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from ecosystem.models import Territory, User
from tests.factories import DEFAULT_PASSWORD, UserFactory

NEW_EMAIL = "camille.nouvelle@exemple.test"
NEW_PASSWORD = "une-phrase-de-passe-solide-2025"


def french_url(name: str, *args) -> str:
    with translation.override("fr-ca"):
        return reverse(name, args=args)


def submit_main_form(page: Page) -> None:
    page.locator("main form").locator("button[type=submit]").click()


def test_visitor_switches_language_signs_up_confirms_and_signs_in(
    live_server, page: Page, assert_accessible, screenshot
):
    """From the home page to a signed-in account, checking accessibility at each step."""
    base = live_server.url
    html = page.locator("html")
    signup_url = french_url("account_signup")
    login_url = french_url("account_login")
    logout_url = french_url("account_logout")
    logout_form = page.locator(f'header form[action="{logout_url}"]')

    # --- The home page, in French at the unprefixed URL ---------------------------------
    page.goto(f"{base}/")
    expect(html).to_have_attribute("lang", "fr-CA")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(".region-list li")).to_have_count(18)
    expect(logout_form).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "home.png")

    # --- To English with the header link, and back ---------------------------------------
    switch = page.locator("header a.language-switch")
    expect(switch).to_have_attribute("hreflang", "en")
    switch.click()
    expect(page).to_have_url(f"{base}/en/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".region-list li")).to_have_count(18)
    assert_accessible(page)

    switch = page.locator("header a.language-switch")
    expect(switch).to_have_attribute("hreflang", "fr-CA")
    switch.click()
    expect(page).to_have_url(f"{base}/")
    expect(html).to_have_attribute("lang", "fr-CA")

    # --- Sign-up, from the header -------------------------------------------------------
    page.locator(f'header nav a[href="{signup_url}"]').click()
    expect(page).to_have_url(f"{base}{signup_url}")
    expect(html).to_have_attribute("lang", "fr-CA")
    expect(page.locator(".error-summary")).to_have_count(0)
    assert_accessible(page)

    # A mistyped address and a too-short password: errors, and nothing created.
    page.locator("#id_email").fill("camille-sans-arobase")
    page.locator("#id_display_name").fill("Camille")
    page.locator("#id_password1").fill("court")
    page.locator("#id_password2").fill("court")
    submit_main_form(page)

    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.locator('a[href="#id_email"]')).to_have_count(1)
    expect(summary.locator('a[href="#id_password1"]')).to_have_count(1)
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password1")).to_have_attribute("aria-invalid", "true")
    # What the visitor typed is kept, except the passwords.
    expect(page.locator("#id_email")).to_have_value("camille-sans-arobase")
    expect(page.locator("#id_display_name")).to_have_value("Camille")
    expect(page.locator("#id_password1")).to_have_value("")
    # The summary links lead to the fields in error.
    summary.locator('a[href="#id_email"]').click()
    expect(page.locator("#id_email")).to_be_focused()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []
    assert_accessible(page)
    screenshot(page, "signup-errors.png")

    # Corrected: the account is created, unverified, and a confirmation e-mail is sent.
    page.locator("#id_email").fill(NEW_EMAIL)
    page.locator('input[name="age"][value="14_or_older"]').check()  # asked, never stored
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit_main_form(page)

    expect(page).to_have_url(f"{base}{french_url('account_email_verification_sent')}")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(logout_form).to_have_count(0)  # Mandatory verification: not signed in yet.
    assert_accessible(page)
    user = User.objects.get(email=NEW_EMAIL)
    assert user.display_name == "Camille"
    assert user.preferred_language == User.Language.FRENCH
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(user=user, email=NEW_EMAIL, verified=False).exists()

    # --- The confirmation e-mail and its link -------------------------------------------
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW_EMAIL]
    links = re.findall(r"https?://\S+/confirm-email/[^\s/]+/", message.body)
    assert len(set(links)) == 1, message.body
    confirmation_link = links[0]
    assert confirmation_link.startswith(f"{base}/"), confirmation_link

    page.goto(confirmation_link)
    expect(html).to_have_attribute("lang", "fr-CA")
    expect(page.locator(f'main a[href="mailto:{NEW_EMAIL}"]')).to_be_visible()
    assert_accessible(page)
    # Opening the link alone confirms nothing: the visitor has to press the button (POST).
    assert not EmailAddress.objects.get(email=NEW_EMAIL).verified
    submit_main_form(page)

    # Confirmed, not signed in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off): on to sign-in.
    expect(page).to_have_url(re.compile(rf"^{re.escape(base + login_url)}(\?.*)?$"))
    assert EmailAddress.objects.get(email=NEW_EMAIL).verified
    expect(logout_form).to_have_count(0)

    # --- Sign-in ------------------------------------------------------------------------
    expect(html).to_have_attribute("lang", "fr-CA")
    assert_accessible(page)
    page.locator("#id_login").fill(NEW_EMAIL)
    page.locator("#id_password").fill(NEW_PASSWORD)
    submit_main_form(page)

    expect(page).to_have_url(f"{base}/")
    expect(logout_form).to_have_count(1)
    expect(logout_form).to_have_attribute("method", "post")
    expect(logout_form.locator("button[type=submit]")).to_be_visible()
    expect(logout_form.locator("input[name=csrfmiddlewaretoken]")).to_have_count(1)
    expect(page.locator(f'header a[href="{signup_url}"]')).to_have_count(0)
    expect(page.locator(f'header a[href="{login_url}"]')).to_have_count(0)
    expect(page.locator("main .hero")).to_contain_text("Camille")
    assert_accessible(page)

    user.refresh_from_db()
    assert user.last_login is not None
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (NEW_EMAIL, True, True)
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1  # No second confirmation e-mail.


def test_unverified_address_cannot_sign_in(live_server, page: Page, assert_accessible):
    """Mandatory verification: right password, unverified address → not signed in."""
    user = UserFactory(email="paul.presse@exemple.test", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    page.goto(f"{live_server.url}{french_url('account_login')}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    submit_main_form(page)

    expect(page).to_have_url(f"{live_server.url}{french_url('account_email_verification_sent')}")
    expect(page.locator(f'header form[action="{french_url("account_logout")}"]')).to_have_count(0)
    assert_accessible(page)
    user.refresh_from_db()
    assert user.last_login is None
    assert [message.to for message in mail.outbox] == [[user.email]]


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_reference_data_survives_earlier_live_server_tests(live_server, page: Page, path):
    """The 18 regions, from the data migrations, are still there after the tests above."""
    assert Territory.objects.regions().count() == 18
    page.goto(f"{live_server.url}{path}")
    codes = page.locator(".region-list__code").all_inner_texts()
    assert codes == [f"{number:02d}" for number in range(1, 19)]
