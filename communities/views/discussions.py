"""A space's discussions: threads, their messages, replies, corrections with their history, and
moderation by the co-facilitators. Each view resolves the space and the thread or message
through a selector (404 for what the person may not see), calls one service, and redirects."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import paginate
from ecosystem.text import render_markdown, sanitize_html

from .. import selectors, services
from ..forms import PostForm, PostHideForm, ThreadForm
from ..models import Post, Thread

POSTS_PER_PAGE = 50
HISTORY_PAGE_SIZE = 50


def _post_url(thread: Thread, post: Post) -> str:
    """The address of a message in its thread: the page it is on, and its anchor."""
    position = thread.posts.filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lte=post.id))
    page = max(math.ceil(position.count() / POSTS_PER_PAGE), 1)
    query = f"?page={page}" if page > 1 else ""
    return f"{thread.get_absolute_url()}{query}#post-{post.pk}"


def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    page, page_range = paginate(request, selectors.thread_list(user=request.user, community=community))
    context = {
        "community": community,
        "page": page,
        "page_range": page_range,
        "can_take_part": community.is_active_member,
    }
    return render(request, "communities/thread_list.html", context)


@login_required
def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("communities:thread-create", slug=community.slug)
        else:
            messages.success(request, _("The discussion is started."))
            return redirect(thread)
    context = {"community": community, "form": form, "can_take_part": community.is_active_member}
    return render(request, "communities/thread_form.html", context)


def thread_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The thread's messages and, for its members, a reply form that posts to this same page."""
    community = selectors.community_get_readable(user=request.user, slug=slug)
    thread = selectors.thread_get(user=request.user, community=community, pk=pk)
    form = PostForm()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                post = services.post_create(thread=thread, by=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                add_service_errors(form, error)
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect(thread)
            else:
                messages.success(request, _("Your reply is posted."))
                return redirect(_post_url(thread, post))
    page, page_range = paginate(request, selectors.thread_posts(thread=thread), POSTS_PER_PAGE)
    posts = list(page.object_list)
    for post in posts:
        # Hidden messages show the co-facilitators' reason instead, to everyone.
        post.shown_body = "" if post.is_hidden else sanitize_html(post.body_html)
    context = {
        "community": community,
        "thread": thread,
        "posts": posts,
        "page": page,
        "page_range": page_range,
        "form": form,
        "can_take_part": community.is_active_member,
    }
    return render(request, "communities/thread_detail.html", context)


@login_required
def post_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    post = selectors.post_get(user=request.user, community=community, pk=pk)
    if post.author_id != request.user.pk:
        raise Http404
    # What was hidden stays hidden, from its author too (as on the history page): the
    # correction form does not hand the hidden text back, and the service refuses the change.
    initial = {} if post.is_hidden else {"body": post.body}
    form = PostForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post=post, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your message is corrected; the earlier text stays in its history."))
            return redirect(_post_url(post.thread, post))
    return render(request, "communities/post_form.html", {"community": community, "post": post, "form": form})


@login_required
def post_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A co-facilitator hides a message, saying why: the reason is shown in its place."""
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    post = selectors.post_get(user=request.user, community=community, pk=pk)
    form = PostHideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(post=post, by=request.user, reason=form.cleaned_data["hidden_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The message is hidden."))
            return redirect(_post_url(post.thread, post))
    context = {"community": community, "post": post, "body": render_markdown(post.body), "form": form}
    return render(request, "communities/post_hide.html", context)


@login_required
@require_POST
def post_unhide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    post = selectors.post_get(user=request.user, community=community, pk=pk)
    services.post_unhide(post=post, by=request.user)
    messages.success(request, _("The message is shown again."))
    return redirect(_post_url(post.thread, post))


def post_history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every version of a message, most recent first. A hidden message's history is for the
    co-facilitators only: what was hidden stays hidden."""
    community = selectors.community_get_readable(user=request.user, slug=slug)
    post = selectors.post_get(user=request.user, community=community, pk=pk)
    if post.is_hidden and not community.can_facilitate:
        raise Http404
    page, page_range = paginate(request, selectors.post_history(post=post), HISTORY_PAGE_SIZE)
    versions = [{"record": record, "body": render_markdown(record.body)} for record in page.object_list]
    context = {"community": community, "post": post, "versions": versions, "page": page, "page_range": page_range}
    return render(request, "communities/post_history.html", context)
