"""A partner joins a co-learning space, takes part in a gathering and a discussion; the
co-facilitator approves her and harvests a learning from the gathering, then publishes it.

Elements are found by id, role, URL or stable attribute; URLs come from ``reverse`` in French.
axe-core checks every page the journey visits.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from communities.models import Community, Membership, Post, Registration
from initiatives.models import Learning
from tests.e2e.test_initiative_journey import french_url, sign_in, submit_main_form
from tests.factories import CommunityFactory, GatheringFactory, MembershipFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def space(transactional_db):
    """Josée co-facilitates a public space on request, whose forum started half an hour ago."""
    josee = UserFactory(email="josee.e2e@exemple.test", display_name="Josée")
    community = CommunityFactory(name="Partenaires du Centre-Sud", membership_policy="on_request")
    MembershipFactory(community=community, user=josee, role="co_facilitator")
    starts = timezone.now() - datetime.timedelta(minutes=30)
    gathering = GatheringFactory(
        community=community,
        title="Forum du partenariat",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        format="hybrid",
        place="Centre Saint-Pierre",
    )
    thread = ThreadFactory(community=community, title="Bienvenue aux nouvelles personnes", author=josee)
    return {"community": community, "gathering": gathering, "thread": thread, "josee": josee}


@pytest.fixture
def amelie(transactional_db):
    return UserFactory(email="amelie.e2e@exemple.test", display_name="Amélie")


def sign_out(page: Page) -> None:
    logout = f'header form[action="{french_url("account_logout")}"]'
    page.locator(f"{logout} button").click()
    expect(page.locator(logout)).to_have_count(0)


def test_a_partner_joins_takes_part_and_a_learning_is_harvested(
    live_server, page: Page, space, amelie, assert_accessible, screenshot
):
    base = live_server.url
    community: Community = space["community"]
    gathering = space["gathering"]
    thread = space["thread"]
    space_url = french_url("communities:detail", community.slug)

    # --- Amélie finds the space in the directory and asks to join -------------------------------
    sign_in(page, base, amelie.email)
    page.locator(f'header nav a[href="{french_url("communities:list")}"]').click()
    expect(page).to_have_url(f"{base}{french_url('communities:list')}")
    assert_accessible(page)
    page.locator(f'#results a[href="{space_url}"]').click()
    expect(page.locator("main h1")).to_have_text(community.name)
    # Before joining she reads the public discussion but cannot reply.
    expect(page.locator("main")).to_contain_text(thread.title)
    assert_accessible(page)
    page.locator("#id_message").fill("Je suis proche aidante et j'aimerais partager mon expérience.")
    page.locator(f'main form[action="{french_url("communities:join", community.slug)}"] button').click()
    expect(
        page.locator(f'main form[action="{french_url("communities:pending-cancel", community.slug)}"]')
    ).to_be_visible()
    assert Membership.objects.get(community=community, user=amelie).status == "pending"
    assert_accessible(page)
    sign_out(page)

    # --- Josée is notified and approves the request --------------------------------------------
    sign_in(page, base, space["josee"].email)
    notifications = page.locator(f'header nav a[href="{french_url("notifications")}"]')
    expect(notifications).to_contain_text("(1")
    notifications.click()
    expect(page).to_have_url(f"{base}{french_url('notifications')}")
    assert_accessible(page)
    page.locator("main a", has_text="Amélie demande à se joindre").click()
    expect(page).to_have_url(f"{base}{french_url('communities:manage', community.slug)}")
    expect(page.locator("main")).to_contain_text("Je suis proche aidante")
    assert_accessible(page)
    screenshot(page, "community-facilitation.png")
    page.locator("main button", has_text="Approuver").click()
    assert Membership.objects.get(community=community, user=amelie).status == "active"
    sign_out(page)

    # --- Amélie registers for the forum and replies in the thread --------------------------------
    sign_in(page, base, amelie.email)
    page.goto(f"{base}{french_url('notifications')}")
    expect(page.locator("main")).to_contain_text("Votre demande pour vous joindre à Partenaires du Centre-Sud")
    page.goto(f"{base}{french_url('communities:gathering-detail', community.slug, gathering.pk)}")
    expect(page.locator(f'main a[href="{gathering.link}"]')).to_be_visible()  # members see the link
    page.locator("main button[name=action][value=register]").click()
    expect(page.locator("main button[name=action][value=cancel]")).to_be_visible()
    assert Registration.objects.filter(gathering=gathering, user=amelie).exists()
    assert_accessible(page)

    page.goto(f"{base}{french_url('communities:thread-detail', community.slug, thread.pk)}")
    page.locator("#id_body").fill("Merci pour l'accueil ! Je viendrai au **forum**.")
    submit_main_form(page)
    expect(page.locator("main strong", has_text="forum")).to_be_visible()
    assert Post.objects.filter(thread=thread, author=amelie).exists()
    assert_accessible(page)
    screenshot(page, "community-thread.png")
    sign_out(page)

    # --- Josée harvests a learning from the forum and publishes it --------------------------------
    sign_in(page, base, space["josee"].email)
    page.goto(f"{base}{french_url('communities:gathering-detail', community.slug, gathering.pk)}")
    page.locator(f'main a[href="{french_url("communities:gathering-harvest", community.slug, gathering.pk)}"]').click()
    expect(page).to_have_url(f"{base}{french_url('communities:gathering-harvest', community.slug, gathering.pk)}")
    assert_accessible(page)
    page.locator("#id_title").fill("Les prénoms libèrent la parole")
    page.locator("#id_statement").fill("Quand chacun se présente par son prénom, les partenaires prennent la parole.")
    page.locator("#id_kind").select_option("success_condition")
    page.locator("#id_knowledge_type").select_option("experiential")
    submit_main_form(page)

    learning = Learning.objects.get()
    assert learning.status == "draft"
    assert learning.harvest.gathering == gathering
    expect(page).to_have_url(f"{base}{french_url('initiatives:learning-detail', learning.pk)}")
    assert_accessible(page)
    page.locator(f'main form[action="{french_url("initiatives:learning-publish", learning.pk)}"] button').click()
    learning.refresh_from_db()
    assert learning.status == "published"

    # The harvest shows on the gathering's page for everyone, a visitor included.
    sign_out(page)
    page.goto(f"{base}{french_url('communities:gathering-detail', community.slug, gathering.pk)}")
    expect(page.locator(f'main a[href="{learning.get_absolute_url()}"]')).to_be_visible()
    expect(page.locator(f'main a[href="{gathering.link}"]')).to_have_count(0)  # not the link
    assert_accessible(page)
    screenshot(page, "community-gathering.png")
