"""A space's gatherings: the list, each gathering's page with registration and attendance,
scheduling, and the harvest of learnings. Each view resolves the space and the gathering through
a selector (404 for what the person may not see), calls one service, and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import paginate
from ecosystem.text import sanitize_html

from .. import selectors, services
from ..forms import AttendanceForm, GatheringForm, HarvestForm
from ..models import Community, Gathering


def gathering_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    gatherings = selectors.gathering_list(user=request.user, community=community)
    page, page_range = paginate(request, gatherings.past())
    context = {"community": community, "upcoming": gatherings.upcoming(), "page": page, "page_range": page_range}
    return render(request, "communities/gathering_list.html", context)


@login_required
def gathering_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    form = GatheringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.gathering_create(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The gathering is scheduled; the space’s members are told."))
            return redirect(gathering)
    return render(request, "communities/gathering_form.html", {"community": community, "form": form})


@login_required
def gathering_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    gathering = selectors.gathering_get(user=request.user, community=community, pk=pk)
    form = GatheringForm(request.POST if request.method == "POST" else None, gathering=gathering)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = services.gathering_update(gathering=gathering, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(gathering)
    context = {"community": community, "gathering": gathering, "form": form}
    return render(request, "communities/gathering_form.html", context)


def _detail_context(request: HttpRequest, community: Community, gathering: Gathering, **forms) -> dict:
    is_member = community.is_active_member
    has_started = gathering.starts_at <= timezone.now()
    context = {
        "community": community,
        "gathering": gathering,
        "agenda": sanitize_html(gathering.agenda_html),
        "notes": sanitize_html(gathering.notes_html),
        "is_member": is_member,
        # The video call link is for the space's members, never the public.
        "shows_link": is_member or community.can_facilitate,
        "has_started": has_started,
        "learnings": selectors.gathering_learnings(user=request.user, gathering=gathering),
    }
    if community.can_facilitate:
        registrations = list(selectors.gathering_registrations(gathering=gathering))
        context["registrations"] = registrations
        if has_started:
            context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(registrations=registrations)
    return context


def gathering_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    gathering = selectors.gathering_get(user=request.user, community=community, pk=pk)
    return render(request, "communities/gathering_detail.html", _detail_context(request, community, gathering))


@login_required
@require_POST
def gathering_registration(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    gathering = selectors.gathering_get(user=request.user, community=community, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "register":
            services.registration_create(gathering=gathering, by=request.user)
            messages.success(request, _("You are registered for this gathering."))
        elif action == "cancel":
            services.registration_cancel(gathering=gathering, by=request.user)
            messages.success(request, _("Your registration is cancelled."))
        else:
            messages.error(request, _("Choose to register or to cancel your registration."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(gathering)


@login_required
@require_POST
def gathering_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    gathering = selectors.gathering_get(user=request.user, community=community, pk=pk)
    form = AttendanceForm(request.POST, registrations=selectors.gathering_registrations(gathering=gathering))
    if form.is_valid():
        try:
            present = services.attendance_record(
                gathering=gathering, by=request.user, attended_user_ids=form.cleaned_data["attended"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance is recorded: %(count)s person came.",
                    "Attendance is recorded: %(count)s people came.",
                    present,
                )
                % {"count": present},
            )
        return redirect(f"{gathering.get_absolute_url()}#attendance-title")
    context = _detail_context(request, community, gathering, attendance_form=form)
    return render(request, "communities/gathering_detail.html", context)


@login_required
def gathering_harvest(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_for_facilitation(user=request.user, slug=slug)
    gathering = selectors.gathering_get(user=request.user, community=community, pk=pk)
    form = HarvestForm(request.POST if request.method == "POST" else None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            learning = services.gathering_harvest(gathering=gathering, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The learning is saved as a draft. Read it again, then publish it."))
            return redirect(learning)
    context = {
        "community": community,
        "gathering": gathering,
        "form": form,
        "has_started": gathering.starts_at <= timezone.now(),
    }
    return render(request, "communities/gathering_harvest.html", context)
