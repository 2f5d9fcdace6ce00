import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from communities import demo
from communities.models import Community, Gathering, Harvest, Membership, Post, Registration, Resource, Thread
from communities.selectors import community_list, community_pending, thread_list
from ecosystem.models import Notification, User
from ecosystem.text import find_personal_information
from initiatives.models import Learning
from initiatives.selectors import learning_list
from tests.initiatives.test_demo import REAL_SURNAMES

EXPERIENCES = "Expériences"
PRACTICE = "Expérience et partenariat de soins et de services avec les usagers"
CENTRE_SUD = "Comité local de pilotage de la communauté soignante du Centre-Sud"
FORUM = "Forum provincial sur le partenariat en santé"
MAIN_SPACES = [EXPERIENCES, PRACTICE, CENTRE_SUD]
DEMO_MODELS = [Community, Membership, Gathering, Registration, Harvest, Thread, Post, Resource, Learning, Notification]


@pytest.fixture
def seeded(db):
    call_command("seed_demo", until="communities", verbosity=0)


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def person(email: str) -> User:
    return User.objects.get(email=email)


@pytest.mark.django_db
def test_seed_creates_the_two_provincial_communities_that_organized_the_forum(seeded):
    experiences = Community.objects.get(name=EXPERIENCES)
    practice = Community.objects.get(name=PRACTICE)

    assert (experiences.kind, experiences.scope, experiences.governance) == (
        "learning_community",
        "provincial",
        "self_managed",
    )
    assert (experiences.founded_year, experiences.membership_policy, experiences.visibility) == (
        2017,
        "on_request",
        "public",
    )
    assert list(experiences.host_organizations.values_list("slug", flat=True)) == ["unite-soutien-ssa"]
    assert (practice.kind, practice.scope, practice.governance, practice.founded_year) == (
        "practice",
        "provincial",
        "facilitated",
        2014,
    )
    assert "CHUM" in practice.host_organizations.get().name
    for community in (experiences, practice):
        assert list(community.territories.values_list("kind", flat=True)) == ["province"]
        assert "Prénoms" in community.charter_html


@pytest.mark.django_db
def test_seed_creates_the_local_steering_committee_of_the_centre_sud_caring_community(seeded):
    committee = Community.objects.get(name=CENTRE_SUD)

    assert (committee.kind, committee.scope, committee.membership_policy) == ("committee", "local", "invitation")
    assert set(committee.territories.values_list("code", flat=True)) == {"0611", "06CS"}
    assert {territory.parent.code for territory in committee.territories.all()} == {"06"}
    assert committee.host_organizations.filter(slug="cdc-centre-sud").exists()


@pytest.mark.django_db
def test_seed_creates_regional_concertation_tables_one_of_them_members_only_by_invitation(seeded):
    tables = Community.objects.filter(kind="concertation")

    assert tables.count() >= 3
    assert set(tables.values_list("scope", flat=True)) == {"regional"}
    assert {"01", "03", "15"} <= set(tables.values_list("territories__code", flat=True))
    closed = tables.filter(visibility="members")
    assert closed.count() == 1
    assert closed.get().membership_policy == "invitation"
    assert not Community.objects.readable_by(AnonymousUser()).filter(pk=closed.get().pk).exists()


@pytest.mark.django_db
def test_the_forum_of_10_april_2025_is_a_past_hybrid_gathering_with_attendance_and_notes(seeded):
    forum = Gathering.objects.select_related("community").get(title=FORUM)
    starts, ends = timezone.localtime(forum.starts_at), timezone.localtime(forum.ends_at)

    assert forum.community.name == PRACTICE
    assert (starts.date(), starts.time(), ends.time()) == (
        datetime.date(2025, 4, 10),
        datetime.time(8, 30),
        datetime.time(16, 30),
    )
    assert forum.format == "hybrid"
    assert "Montréal" in forum.place and "Québec" in forum.place
    assert forum.link.startswith("https://")
    assert forum.is_past
    assert "325" in forum.notes_html and "92" in forum.notes_html
    attendance = list(forum.registrations.values_list("attended", flat=True))
    assert len(attendance) >= 5
    assert None not in attendance and True in attendance and False in attendance
    active = set(forum.community.memberships.active().values_list("user_id", flat=True))
    assert set(forum.registrations.values_list("user_id", flat=True)) <= active


@pytest.mark.django_db
def test_the_forum_harvest_is_published_and_linked_to_pilot_projects(seeded):
    forum = Gathering.objects.get(title=FORUM)
    harvested = Learning.objects.filter(harvest__gathering=forum)

    assert 3 <= harvested.count() <= 4
    assert set(harvested.values_list("status", flat=True)) == {"published"}
    assert harvested.filter(initiative__isnull=False).count() >= 2
    assert harvested.filter(initiative__isnull=True).exists()
    public = learning_list(user=AnonymousUser()).filter(harvest__gathering=forum)
    assert public.count() == harvested.count()
    co_facilitators = set(forum.community.memberships.active().co_facilitators().values_list("user_id", flat=True))
    assert set(Harvest.objects.filter(gathering=forum).values_list("harvested_by", flat=True)) <= co_facilitators


@pytest.mark.django_db
def test_every_space_keeps_a_co_facilitator_and_the_demo_cast_has_its_roles(seeded):
    josee, amelie, karim = person("josee@exemple.test"), person("amelie@exemple.test"), person("karim@exemple.test")

    for community in Community.objects.all():
        assert community.memberships.active().co_facilitators().exists(), community.name
    assert Community.objects.facilitated_by(josee).filter(name=PRACTICE).exists()
    assert Membership.objects.active().filter(user=amelie, role="member").count() >= 2
    practice = Community.objects.get(name=PRACTICE)
    assert [membership.user for membership in community_pending(community=practice)] == [karim]
    assert Notification.objects.filter(recipient=josee, kind="join_request", actor=karim).exists()
    invitation = Membership.objects.get(user=amelie, status="pending")
    assert invitation.is_invitation
    assert Notification.objects.filter(recipient=amelie, kind="invitation").exists()


@pytest.mark.django_db
def test_founding_members_joined_in_the_year_their_space_was_founded(seeded):
    for name in MAIN_SPACES:
        community = Community.objects.get(name=name)
        first = community.memberships.active().order_by("joined_at").first()

        assert first.joined_at.year == community.founded_year, name
        assert first.is_co_facilitator


@pytest.mark.django_db
def test_each_main_space_has_an_upcoming_gathering_with_registrations(seeded):
    for name in MAIN_SPACES:
        upcoming = Gathering.objects.filter(community__name=name).upcoming()

        assert upcoming.exists(), name
        assert Registration.objects.filter(gathering__in=upcoming).exists(), name
    assert Notification.objects.filter(kind="new_gathering").exists()


@pytest.mark.django_db
def test_threads_have_replies_one_post_hidden_with_a_reason_and_one_edited(seeded):
    practice = Community.objects.get(name=PRACTICE)
    threads = thread_list(user=AnonymousUser(), community=practice)

    assert threads.count() >= 2
    for thread in threads:
        assert thread.post_count >= 3
        dates = list(thread.posts.order_by("id").values_list("created_at", flat=True))
        assert dates == sorted(dates) and len(set(dates)) == len(dates)  # a conversation over hours
        assert (thread.created_at, thread.last_activity_at) == (dates[0], dates[-1])
        assert thread.last_activity_at < timezone.now() - datetime.timedelta(days=1)
    hidden = Post.objects.get(hidden_at__isnull=False)
    assert hidden.thread.community == practice
    assert hidden.hidden_reason
    assert hidden.hidden_by.email == "josee@exemple.test"
    edited = Post.objects.get(edited_at__isnull=False)
    assert edited.history.count() == 2
    assert Notification.objects.filter(kind="thread_reply").exists()
    assert Resource.objects.filter(community=practice, kind="report").exists()


@pytest.mark.django_db
def test_seed_twice_creates_nothing_new(seeded):
    before = rows()

    counts = demo.seed(demo_password=None)

    assert set(counts.values()) == {0}
    assert rows() == before


@pytest.mark.django_db
def test_demo_spaces_name_no_real_person_and_harvested_learnings_hold_no_personal_information(seeded):
    texts = [*Community.objects.values_list("name", "purpose", "charter")]
    texts += Gathering.objects.values_list("title", "place", "agenda", "notes")
    texts += Post.objects.values_list("body", "hidden_reason")
    texts += Resource.objects.values_list("title", "description")
    text = "\n".join(value for row in texts for value in row)

    for surname in REAL_SURNAMES:
        assert not re.search(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE), surname
    members = User.objects.filter(memberships__isnull=False).distinct()
    assert all(user.email.endswith("@exemple.test") for user in members)
    for learning in Learning.objects.filter(harvest__isnull=False):
        assert learning.is_published
        for field in ("title", "statement", "transfer_conditions"):
            assert find_personal_information(getattr(learning, field)) == [], (learning.title, field)


# --- seed_scale ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_scale_adds_spaces_memberships_threads_and_posts_in_proportion(seeded):
    before = rows()

    counts = demo.seed_scale(count=100)

    after = rows()
    assert after["Community"] - before["Community"] == counts["communities"] == 10
    assert 80 <= counts["memberships"] <= 140  # about ten per space, and a share of the busy space
    assert counts["threads"] == after["Thread"] - before["Thread"]
    assert 100 <= counts["threads"] <= 105
    assert 700 <= after["Post"] - before["Post"] == counts["posts"] <= 1300
    assert counts["gatherings"] == 30
    assert after["Learning"] == before["Learning"]  # the learning feed keeps its own volume
    assert after["Notification"] == before["Notification"]


@pytest.mark.django_db
def test_scaled_spaces_are_valid_and_run_by_co_facilitators(seeded):
    demo.seed_scale(count=50)
    generated = Community.objects.order_by("-pk")[:5]

    for community in generated:
        community.full_clean()
        assert community.territories.exists()
        assert community.themes.exists()
        assert community.memberships.active().co_facilitators().exists()
        for membership in community.memberships.all():
            membership.full_clean()
        for gathering in community.gatherings.all():
            gathering.full_clean()
            active = set(community.memberships.active().values_list("user_id", flat=True))
            assert set(gathering.registrations.values_list("user_id", flat=True)) <= active
            assert gathering.is_past or not gathering.registrations.filter(attended__isnull=False).exists()
        for thread in community.threads.all():
            posts = list(thread.posts.order_by("created_at", "id"))
            assert posts[0].author_id == thread.author_id
            assert (thread.created_at, thread.last_activity_at) == (posts[0].created_at, posts[-1].created_at)
            for post in posts:
                post.full_clean()
                assert post.body_html
                assert community.memberships.active().filter(user_id=post.author_id).exists()


@pytest.mark.django_db
def test_scaled_spaces_are_reachable_by_the_demo_people(seeded):
    karim = person("karim@exemple.test")
    mine = set(Community.objects.filter(memberships__user=karim, memberships__status="active"))

    demo.seed_scale(count=300)

    generated_mine = set(Community.objects.filter(memberships__user=karim, memberships__status="active")) - mine
    assert generated_mine
    directory = community_list(user=karim).filter(pk__in=[community.pk for community in generated_mine])
    assert all(community.is_mine for community in directory)
    generated = Community.objects.order_by("-pk")[:30]
    public = [community.pk for community in generated if community.visibility == "public"]
    members_only = [community.pk for community in generated if community.visibility == "members"]
    readable = set(Community.objects.readable_by(AnonymousUser()).values_list("pk", flat=True))
    assert public and set(public) <= readable
    assert not set(members_only) & readable


@pytest.mark.django_db
def test_scale_makes_experiences_a_busy_space_with_one_long_thread(seeded):
    experiences = Community.objects.get(name=EXPERIENCES)
    members_before = experiences.memberships.active().count()

    demo.seed_scale(count=400)

    assert experiences.memberships.active().count() >= members_before + 10
    long_thread = experiences.threads.get(title=demo.BUSY_THREAD)
    assert long_thread.posts.count() == 400 // 20
    assert experiences.threads.count() >= 2 + 1 + 4


@pytest.mark.django_db
def test_scale_gives_new_slugs_to_repeated_names(seeded):
    demo.seed_scale(count=200)
    demo.seed_scale(count=200)

    slugs = list(Community.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert not set(slugs) & Community.RESERVED_SLUGS


@pytest.mark.django_db
def test_a_dry_run_with_scale_writes_no_space():
    call_command("seed_demo", until="communities", dry_run=True, scale=20, verbosity=0)

    assert not Community.objects.exists()
    assert not Post.objects.exists()
