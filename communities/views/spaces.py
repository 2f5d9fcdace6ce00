"""The pages of the spaces themselves: the directory, a space's page, creating and changing a
space, joining and leaving, the member list, the co-facilitators' page and e-mail preferences.

Each view resolves the space through a selector (404 for what the person may not see or
facilitate), calls one service and redirects; a refused action is told in a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.models import Purpose
from ecosystem.pages import filtered, list_page, paginate
from ecosystem.selectors import consent_in_force
from ecosystem.text import sanitize_html

from .. import selectors, services
from ..filters import CommunityFilter
from ..forms import CommunityForm, DigestForm, InviteForm, JoinForm, RoleForm
from ..models import Community, Membership

RECENT = selectors.RECENT_ON_COMMUNITY_PAGE
MEMBERS_PAGE_SIZE = 50


def _refused(request: HttpRequest, error: ApplicationError | ValidationError) -> None:
    """Tell the person why their action was refused."""
    for message in [error.message] if isinstance(error, ApplicationError) else error.messages:
        messages.error(request, message)


# --- The directory and a space's page -----------------------------------------------------------


@vary_on_headers("HX-Request")
def community_list(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(CommunityFilter, request, selectors.community_list(user=request.user))
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    return list_page(request, "communities/community_list.html", context)


def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(user=request.user, slug=slug)
    context = {
        "community": community,
        "charter": sanitize_html(community.charter_html),
        "join_form": JoinForm(),
        "can_see_members": _can_see_members(request, community),
    }
    if community.can_read:
        user = request.user
        context.update(
            gatherings=selectors.gathering_list(user=user, community=community).upcoming()[:RECENT],
            learnings=selectors.community_learnings(user=user, community=community)[:RECENT],
            threads=selectors.thread_list(user=user, community=community)[:RECENT],
            resources=selectors.resource_list(user=user, community=community)[:RECENT],
        )
    if community.can_facilitate:
        context["pending_count"] = (
            selectors.community_pending(community=community).filter(invited_by__isnull=True).count()
        )
    return render(request, "communities/community_detail.html", context)


@login_required
def community_create(request: HttpRequest) -> HttpResponse:
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The space is created. You are its first co-facilitator."))
            return redirect(community)
    return render(request, "communities/community_form.html", {"form": form})


@login_required
def community_update(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    form = CommunityForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_update(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(community)
    return render(request, "communities/community_form.html", {"form": form, "community": community})


# --- Joining and leaving ------------------------------------------------------------------------


@login_required
@require_POST
def community_join(request: HttpRequest, slug: str) -> HttpResponse:
    """Join an open space, ask to join one on request, or accept an invitation."""
    community = selectors.community_get(user=request.user, slug=slug)
    form = JoinForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, f"{form['message'].label}{_(':')} {error}")
        return redirect(community)
    try:
        membership = services.membership_join(
            community=community, by=request.user, message=form.cleaned_data["message"]
        )
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
    else:
        if membership.is_active:
            messages.success(request, _("You are now a member of %(name)s. Welcome!") % {"name": community.name})
        else:
            messages.success(
                request,
                _(
                    "Your request was sent to the co-facilitators of %(name)s. You will be notified here "
                    "when they accept it."
                )
                % {"name": community.name},
            )
    return redirect(community)


@login_required
@require_POST
def community_leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(user=request.user, slug=slug)
    try:
        services.membership_leave(community=community, by=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You have left %(name)s.") % {"name": community.name})
    return redirect(community)


@login_required
@require_POST
def pending_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Withdraw one's own request, or decline an invitation."""
    community = selectors.community_get(user=request.user, slug=slug)
    membership = community.membership
    if membership is None or not membership.is_pending:
        messages.error(request, _("Nothing is waiting for you in this space."))
        return redirect(community)
    was_invitation = membership.is_invitation
    try:
        services.membership_decline(membership=membership, by=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        if was_invitation:
            messages.success(request, _("You declined the invitation to %(name)s.") % {"name": community.name})
        else:
            messages.success(request, _("Your request to join %(name)s is withdrawn.") % {"name": community.name})
    return redirect(community)


def _active_membership(request: HttpRequest, slug: str) -> tuple[Community, Membership]:
    """The space and the person's active membership in it, or 404."""
    community = selectors.community_get(user=request.user, slug=slug)
    if not community.is_active_member:
        raise Http404
    return community, community.membership


@login_required
@require_http_methods(["GET", "POST"])
def membership_preferences(request: HttpRequest, slug: str) -> HttpResponse:
    community, membership = _active_membership(request, slug)
    # Bound on every POST: an unticked box sends nothing, and that means "no digest".
    form = DigestForm(
        request.POST if request.method == "POST" else None, initial={"weekly_digest": membership.weekly_digest}
    )
    if request.method == "POST" and form.is_valid():
        weekly_digest = form.cleaned_data["weekly_digest"]
        try:
            services.membership_set_digest(membership=membership, by=request.user, weekly_digest=weekly_digest)
        except ApplicationError as error:
            _refused(request, error)
        else:
            if weekly_digest:
                messages.success(request, _("You will receive the weekly digest of this space by e-mail."))
            else:
                messages.success(request, _("You will no longer receive the weekly digest of this space."))
            return redirect("communities:preferences", slug=community.slug)
    context = {
        "community": community,
        "form": form,
        # Digests are sent only with the "e-mail digests" consent in force, whatever is ticked here.
        "digest_consent": consent_in_force(user=request.user, purpose=Purpose.DIGESTS),
    }
    return render(request, "communities/preferences.html", context)


def _can_see_members(request: HttpRequest, community: Community) -> bool:
    """Who is in a space is for its active members (and staff), even in a public space."""
    return community.is_active_member or (request.user.is_active and request.user.is_staff)


def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(user=request.user, slug=slug)
    if not _can_see_members(request, community):
        raise Http404
    page, page_range = paginate(request, selectors.community_members(community=community), MEMBERS_PAGE_SIZE)
    context = {"community": community, "page": page, "page_range": page_range}
    return render(request, "communities/member_list.html", context)


# --- Facilitation -------------------------------------------------------------------------------


def _manage_page(request: HttpRequest, community: Community, *, invite_form: InviteForm | None = None):
    pending = list(selectors.community_pending(community=community))
    page, page_range = paginate(request, selectors.community_members(community=community), MEMBERS_PAGE_SIZE)
    context = {
        "community": community,
        "requests": [membership for membership in pending if not membership.is_invitation],
        "invitations": [membership for membership in pending if membership.is_invitation],
        "page": page,
        "page_range": page_range,
        "invite_form": invite_form or InviteForm(),
        "role_choices": Membership.Role.choices,
        "activity": selectors.community_activity(community=community),
    }
    return render(request, "communities/community_manage.html", context)


@login_required
def community_manage(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    return _manage_page(request, community)


@login_required
@require_POST
def member_invite(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["email"]
        try:
            membership = services.membership_invite(community=community, by=request.user, user=person)
        except (ApplicationError, ValidationError) as error:
            form.add_error("email", error.message if isinstance(error, ApplicationError) else error)
        else:
            if membership.is_active:  # their request was waiting: inviting them approved it
                messages.success(
                    request, _("%(name)s had asked to join: they are now a member.") % {"name": person.display_name}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s is invited: they will find the invitation in their notifications.")
                    % {"name": person.display_name},
                )
            return redirect("communities:manage", slug=community.slug)
    return _manage_page(request, community, invite_form=form)


def _after_change_to(request: HttpRequest, community: Community, membership: Membership) -> HttpResponse:
    """Back to the co-facilitators' page, or to the space's page when the person changed their
    own place and may no longer facilitate."""
    if membership.user_id == request.user.pk:
        return redirect(community)
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_POST
def membership_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    membership = get_object_or_404(selectors.community_pending(community=community), pk=pk)
    try:
        services.membership_approve(membership=membership, by=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": membership.user.display_name})
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_POST
def membership_decline(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Turn down a request, or withdraw an invitation."""
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    membership = get_object_or_404(selectors.community_pending(community=community), pk=pk)
    name = membership.user.display_name
    was_invitation = membership.is_invitation
    try:
        services.membership_decline(membership=membership, by=request.user)
    except ApplicationError as error:
        _refused(request, error)
    else:
        if was_invitation:
            messages.success(request, _("The invitation to %(name)s is withdrawn.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s is declined.") % {"name": name})
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    membership = get_object_or_404(selectors.community_members(community=community), pk=pk)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ApplicationError as error:
        _refused(request, error)
        return redirect("communities:manage", slug=community.slug)
    messages.success(
        request, _("%(name)s is no longer a member of the space.") % {"name": membership.user.display_name}
    )
    return _after_change_to(request, community, membership)


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    membership = get_object_or_404(selectors.community_members(community=community), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("communities:manage", slug=community.slug)
    try:
        membership = services.membership_set_role(membership=membership, by=request.user, **form.cleaned_data)
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
        return redirect("communities:manage", slug=community.slug)
    messages.success(
        request,
        _("The role of %(name)s is now: %(role)s.")
        % {"name": membership.user.display_name, "role": membership.get_role_display()},
    )
    return _after_change_to(request, community, membership)


# --- Unsubscribing from the digest --------------------------------------------------------------


# Mail programs unsubscribe with a POST of "List-Unsubscribe=One-Click" (RFC 8058), from no
# session and with no CSRF token. The signed token in the address is the authorization, and all
# the POST can do is stop one space's digest: there is nothing for a forged request to gain.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm and changes nothing (mail scanners follow links); POST stops the digest."""
    try:
        if request.method == "POST":
            membership = services.membership_unsubscribe(token=token)
        else:
            membership = services.membership_from_unsubscribe_token(token)
    except ApplicationError as error:
        return render(request, "communities/unsubscribe.html", {"error": error.message}, status=400)
    context = {"membership": membership, "community": membership.community, "done": request.method == "POST"}
    return render(request, "communities/unsubscribe.html", context)
