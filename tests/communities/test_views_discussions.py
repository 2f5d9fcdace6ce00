"""A space's discussions: the thread list, starting a thread, reading and replying, correcting a
message with its history, and moderation. Who may open which page is in the permission matrix."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Post, Thread
from ecosystem.models import Notification
from tests.factories import PostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

HIDDEN_NOTICE = "Message masqué par l’animation : "


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _post_url(name: str, post: Post) -> str:
    return reverse(f"communities:{name}", kwargs={"slug": post.thread.community.slug, "pk": post.pk})


def _opening(thread: Thread) -> Post:
    return thread.posts.get()


# --- Thread list -------------------------------------------------------------------------------


def test_the_list_shows_threads_by_most_recent_activity_with_author_messages_and_last_activity(
    client, community, partner, facilitator
):
    now = timezone.now()
    quiet = ThreadFactory(community=community, title="Un sujet tranquille", author=facilitator)
    Thread.objects.filter(pk=quiet.pk).update(last_activity_at=now - datetime.timedelta(days=10))
    lively = ThreadFactory(community=community, title="Un sujet animé", author=partner)
    PostFactory.create_batch(2, thread=lively, author=facilitator)
    Thread.objects.filter(pk=lively.pk).update(
        last_activity_at=datetime.datetime(2030, 4, 10, 13, 5, tzinfo=datetime.UTC)
    )

    response = client.get(reverse("communities:threads", kwargs={"slug": community.slug}))

    page = _page(response)
    assert response.status_code == 200
    assert page.index("Un sujet animé") < page.index("Un sujet tranquille")
    assert "2 discussions" in page
    assert "Amélie" in page
    assert "Josée" in page
    assert "<dd>3</dd>" in page  # the opening message and two replies
    assert "10 avril 2030, 09\xa0h\xa005" in page
    assert partner.email not in page


def test_the_list_is_paginated(client, community, partner):
    for index in range(21):
        ThreadFactory(community=community, title=f"Sujet n° {index}", author=partner)

    page = _page(client.get(reverse("communities:threads", kwargs={"slug": community.slug}) + "?page=2"))

    assert "Page 2 sur 2" in page
    assert page.count('class="card"') == 1


@pytest.mark.parametrize(
    ("viewer", "offered"), [("visitor", False), ("outsider", False), ("organizer", False), ("partner", True)]
)
def test_new_discussion_is_offered_to_active_members_only(client, community, request, viewer, offered):
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))

    page = _page(client.get(reverse("communities:threads", kwargs={"slug": community.slug})))

    assert ("Nouvelle discussion" in page) is offered


def test_the_thread_list_reads_in_english_under_en(client, thread):
    with translation.override("en"):
        url = reverse("communities:threads", kwargs={"slug": thread.community.slug})

    page = _page(client.get(url))

    assert "Discussions of Partenaires en santé de Montréal" in page
    assert "Started by" in page
    assert "1 discussion" in page


def test_a_members_only_space_s_discussions_answer_404_to_someone_outside(client, private_thread, outsider):
    client.force_login(outsider)

    slug = private_thread.community.slug
    assert client.get(reverse("communities:threads", kwargs={"slug": slug})).status_code == 404
    assert client.get(private_thread.get_absolute_url()).status_code == 404


# --- Starting a thread -------------------------------------------------------------------------


def test_a_member_starts_a_thread_with_its_first_message(client, community, partner):
    client.force_login(partner)

    response = client.post(
        reverse("communities:thread-create", kwargs={"slug": community.slug}),
        {"title": "Nos bons coups de l’hiver", "body": "Qu’est-ce qui a **marché** pour vous ?"},
    )

    thread = Thread.objects.get(title="Nos bons coups de l’hiver")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.author == partner
    assert thread.community == community
    assert "<strong>marché</strong>" in _opening(thread).body_html


def test_a_pending_member_is_told_why_and_cannot_start_a_thread(client, community, organizer):
    client.force_login(organizer)
    url = reverse("communities:thread-create", kwargs={"slug": community.slug})

    form_page = _page(client.get(url))
    response = client.post(url, {"title": "Je me présente", "body": "Bonjour à toutes et à tous."}, follow=True)

    assert "Vous pourrez participer dès qu’une personne qui co-anime l’espace aura approuvé" in form_page
    assert 'name="body"' not in form_page
    assert _messages(response) == [
        "Votre adhésion attend encore d’être approuvée : vous ne pouvez pas encore participer."
    ]
    assert not Thread.objects.exists()
    assert not Post.objects.exists()


def test_a_thread_with_a_script_is_refused_and_nothing_is_saved(client, community, partner):
    client.force_login(partner)

    response = client.post(
        reverse("communities:thread-create", kwargs={"slug": community.slug}),
        {"title": "Essai", "body": "Bonjour <script>alert('x')</script>"},
    )

    assert response.status_code == 200
    assert "Ce texte ne peut pas contenir de scripts" in str(response.context["form"].errors["body"])
    assert not Thread.objects.exists()
    assert not Post.objects.exists()


def test_an_empty_thread_is_refused_with_french_messages(client, community, partner):
    client.force_login(partner)

    response = client.post(reverse("communities:thread-create", kwargs={"slug": community.slug}), {})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _page(response)
    assert not Thread.objects.exists()


# --- Reading and replying ----------------------------------------------------------------------


def test_the_thread_shows_its_messages_with_author_and_date(client, thread, facilitator):
    reply = PostFactory(thread=thread, author=facilitator, body="Avec un **café** d’accueil.")
    Post.objects.filter(pk=reply.pk).update(created_at=datetime.datetime(2030, 4, 10, 13, 0, tzinfo=datetime.UTC))

    response = client.get(thread.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Comment accueillir les nouveaux membres ?</h1>" in page
    assert "Qu&#x27;en pensez-vous ?" in page or "Qu'en pensez-vous ?" in page
    assert "<strong>café</strong>" in page
    assert "Amélie" in page
    assert "Josée" in page
    assert "10 avril 2030, 09\xa0h\xa000" in page
    assert f'id="post-{reply.pk}"' in page


def test_a_thread_shows_fifty_messages_a_page(client, thread, facilitator):
    PostFactory.create_batch(50, thread=thread, author=facilitator)  # 51 with the opening message

    first = client.get(thread.get_absolute_url())
    second = client.get(thread.get_absolute_url() + "?page=2")

    assert len(first.context["posts"]) == 50
    assert len(second.context["posts"]) == 1
    assert "Page 1 sur 2" in _page(first)


def test_a_member_replies_at_the_bottom_and_the_thread_s_author_is_told(client, thread, facilitator, partner):
    client.force_login(facilitator)

    form_page = _page(client.get(thread.get_absolute_url()))
    response = client.post(thread.get_absolute_url(), {"body": "Un mot de bienvenue personnalisé."})

    reply = thread.posts.get(author=facilitator)
    thread.refresh_from_db()
    assert f'action="{thread.get_absolute_url()}"' in form_page
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{reply.pk}"
    assert thread.last_activity_at == reply.created_at
    assert Notification.objects.filter(recipient=partner, kind=Notification.Kind.THREAD_REPLY).exists()


def test_a_reply_on_a_later_page_sends_back_to_that_page(client, thread, facilitator):
    PostFactory.create_batch(50, thread=thread, author=facilitator)
    client.force_login(facilitator)

    response = client.post(thread.get_absolute_url(), {"body": "La cinquante-deuxième."})

    reply = thread.posts.latest("created_at", "id")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{reply.pk}"


def test_a_reply_with_a_script_is_refused_in_french_and_nothing_is_saved(client, thread, partner):
    client.force_login(partner)

    response = client.post(thread.get_absolute_url(), {"body": "[clic](javascript:alert(1))"})

    assert response.status_code == 200
    assert "Ce texte ne peut pas contenir de scripts ni de liens javascript:" in _page(response)
    assert thread.posts.count() == 1


@pytest.mark.parametrize(
    ("viewer", "message"),
    [
        ("organizer", "Votre adhésion attend encore d’être approuvée : vous ne pouvez pas encore participer."),
        ("outsider", "Seuls les membres de l’espace peuvent faire cela. Joignez-vous d’abord à l’espace."),
    ],
)
def test_a_pending_member_or_an_outsider_cannot_reply(client, thread, request, viewer, message):
    client.force_login(request.getfixturevalue(viewer))

    page = _page(client.get(thread.get_absolute_url()))
    response = client.post(thread.get_absolute_url(), {"body": "Je voudrais répondre."}, follow=True)

    assert 'name="body"' not in page
    assert response.status_code == 200
    assert _messages(response) == [message]
    assert thread.posts.count() == 1


def test_a_visitor_who_replies_is_sent_to_sign_in_and_nothing_is_saved(client, thread):
    response = client.post(thread.get_absolute_url(), {"body": "Anonyme."})

    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert thread.posts.count() == 1


# --- Correcting, with history ------------------------------------------------------------------


def test_its_author_corrects_a_message_and_readers_find_the_earlier_text_in_its_history(client, thread, partner):
    post = _opening(thread)
    client.force_login(partner)

    form_page = _page(client.get(_post_url("post-update", post)))
    response = client.post(_post_url("post-update", post), {"body": "Qu’en pensez-vous, **vraiment** ?"})
    client.logout()
    thread_page = _page(client.get(thread.get_absolute_url()))
    history = client.get(_post_url("post-history", post))

    post.refresh_from_db()
    assert "Qu&#x27;en pensez-vous ?" in form_page
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    assert post.edited_at is not None
    assert "<strong>vraiment</strong>" in thread_page
    assert f'href="{_post_url("post-history", post)}">modifié' in thread_page
    assert history.status_code == 200
    versions = [version["body"] for version in history.context["versions"]]
    assert len(versions) == 2
    assert "<strong>vraiment</strong>" in versions[0]  # most recent first
    assert "pensez-vous ?" in versions[1]
    assert "écrit par" in _page(history)


def test_someone_else_cannot_correct_a_message(client, thread, facilitator):
    post = _opening(thread)
    client.force_login(facilitator)

    assert client.get(_post_url("post-update", post)).status_code == 404
    assert client.post(_post_url("post-update", post), {"body": "Réécrit."}).status_code == 404
    post.refresh_from_db()
    assert post.body == "Qu'en pensez-vous ?"
    assert post.edited_at is None


def test_a_correction_with_a_script_changes_nothing(client, thread, partner):
    post = _opening(thread)
    client.force_login(partner)

    response = client.post(_post_url("post-update", post), {"body": "<script>alert(1)</script>"})

    post.refresh_from_db()
    assert response.status_code == 200
    assert "Ce texte ne peut pas contenir de scripts" in _page(response)
    assert post.body == "Qu'en pensez-vous ?"
    assert post.history.count() == 1


# --- Moderation --------------------------------------------------------------------------------


def test_a_co_facilitator_hides_a_message_with_a_reason_shown_to_everyone_instead_of_it(
    client, thread, facilitator, partner
):
    post = PostFactory(thread=thread, author=partner, body="Un propos déplacé.")
    client.force_login(facilitator)

    form_page = _page(client.get(_post_url("post-hide", post)))
    response = client.post(_post_url("post-hide", post), {"hidden_reason": "Propos contraires à la charte"})
    facilitator_page = _page(client.get(thread.get_absolute_url()))
    client.logout()
    visitor_page = _page(client.get(thread.get_absolute_url()))

    post.refresh_from_db()
    assert "Un propos déplacé." in form_page
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{post.pk}"
    assert post.is_hidden
    assert post.hidden_by == facilitator
    for page in (facilitator_page, visitor_page):
        assert f"{HIDDEN_NOTICE}Propos contraires à la charte" in page
        assert "Un propos déplacé." not in page
    assert _post_url("post-unhide", post) in facilitator_page
    assert _post_url("post-unhide", post) not in visitor_page


def test_hiding_a_message_needs_a_reason(client, thread, facilitator):
    post = _opening(thread)
    client.force_login(facilitator)

    response = client.post(_post_url("post-hide", post), {"hidden_reason": "   "})

    post.refresh_from_db()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in _page(response)
    assert not post.is_hidden


def test_a_member_cannot_hide_or_unhide_a_message(client, thread, partner):
    post = _opening(thread)
    client.force_login(partner)

    assert client.post(_post_url("post-hide", post), {"hidden_reason": "Je n’aime pas"}).status_code == 404
    assert client.post(_post_url("post-unhide", post)).status_code == 404
    post.refresh_from_db()
    assert not post.is_hidden


def test_a_co_facilitator_shows_a_hidden_message_again(client, thread, facilitator):
    post = _opening(thread)
    client.force_login(facilitator)
    client.post(_post_url("post-hide", post), {"hidden_reason": "À vérifier"})

    response = client.post(_post_url("post-unhide", post), follow=True)

    post.refresh_from_db()
    assert not post.is_hidden
    assert post.hidden_reason == ""
    assert "Le message est réaffiché." in _messages(response)
    assert HIDDEN_NOTICE not in _page(response)


def test_unhiding_is_an_action_by_post(client, thread, facilitator):
    client.force_login(facilitator)

    assert client.get(_post_url("post-unhide", _opening(thread))).status_code == 405


def test_the_history_of_a_hidden_message_is_for_co_facilitators_only(client, thread, facilitator, partner):
    post = _opening(thread)
    client.force_login(facilitator)
    client.post(_post_url("post-hide", post), {"hidden_reason": "À vérifier"})

    facilitator_history = client.get(_post_url("post-history", post))
    client.force_login(partner)
    author_history = client.get(_post_url("post-history", post))
    author_correction = client.post(_post_url("post-update", post), {"body": "Je reformule."})

    post.refresh_from_db()
    assert facilitator_history.status_code == 200
    assert f"{HIDDEN_NOTICE}À vérifier" in _page(facilitator_history)
    assert author_history.status_code == 404
    assert "Un message masqué ne peut pas être modifié." in _page(author_correction)
    assert post.body == "Qu'en pensez-vous ?"


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_a_thread_page_runs_the_same_queries_for_1_or_50_messages(
    client, community, partner, django_assert_num_queries, rows
):
    thread = ThreadFactory(community=community, author=partner)
    authors = [UserFactory() for _ in range(3)]
    for index in range(rows - 1):
        PostFactory(thread=thread, author=authors[index % 3])
    client.force_login(partner)

    # session, user, the space (with its member count and whether it may be read), its
    # territories, themes and host organizations, the person's membership; the thread with its
    # author, the count of its messages and their page (with authors and who hid them); the
    # header's unread notifications.
    with django_assert_num_queries(11):
        response = client.get(thread.get_absolute_url())

    assert len(response.context["posts"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_the_thread_list_runs_the_same_queries_for_1_or_50_threads(
    client, community, partner, django_assert_num_queries, rows
):
    for _ in range(rows):
        ThreadFactory(community=community, author=UserFactory())
    client.force_login(partner)

    # session, user, the space (4 with its prefetches), the person's membership; the count of
    # threads and their page (with authors and numbers of messages); the header's notifications.
    with django_assert_num_queries(10):
        response = client.get(reverse("communities:threads", kwargs={"slug": community.slug}))

    assert len(response.context["page"].object_list) == min(rows, 20)
