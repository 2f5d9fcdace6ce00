"""The calls for partners: the public board (with the calls that fit a partner first), a call's
page with the application form, opening and changing a call, and the organizers' page of
applications, team coverage ("who is missing?") and suggested partners.

Each view resolves the call through a selector (404 for what the person may not read or
organize), calls one service and redirects; a refused action is told in a message."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import filtered, list_page, paginate
from ecosystem.services import audit_views

from .. import selectors, services
from ..filters import CallFilter
from ..forms.calls import ApplyForm, CallForm


def _refused(request: HttpRequest, error: ApplicationError | ValidationError) -> None:
    """Tell the person why their action was refused."""
    for message in [error.message] if isinstance(error, ApplicationError) else error.messages:
        messages.error(request, message)


# --- The board -----------------------------------------------------------------------------------


def _for_you(user) -> dict:
    """The "Calls for you" section for a partner who agreed to be contacted, or what they lack."""
    if not user.is_authenticated:
        return {}
    for_you = selectors.calls_for_partner(user=user)
    return {
        "has_profile": for_you.has_profile,
        "contact_consent": for_you.contact_consent,
        "calls_for_you": for_you.calls,
    }


@vary_on_headers("HX-Request")
def call_list(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_list(user=request.user)
    filterset, results = filtered(CallFilter, request, calls)
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    if not (request.htmx and not request.htmx.history_restore_request):
        context.update(_for_you(request.user))
    return list_page(request, "partnerships/call_list.html", context)


@login_required
def calls_organized(request: HttpRequest) -> HttpResponse:
    page, page_range = paginate(request, selectors.calls_organized_by(user=request.user))
    return render(request, "partnerships/calls_organized.html", {"page": page, "page_range": page_range})


# --- Opening and changing a call -------------------------------------------------------------------


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    target = selectors.organized_target_from(user=request.user, params=request.GET)
    if target is None:
        targets = selectors.organized_targets(user=request.user)
        choices = {field: list(queryset) for field, queryset in targets.items()}
        context = {"choices": choices, "organizes_something": any(choices.values())}
        return render(request, "partnerships/call_form.html", context)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(by=request.user, target=target, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call is open. Partners who fit it will see it first on the board."))
            return redirect(call)
    return render(request, "partnerships/call_form.html", {"form": form, "target": target})


@login_required
def call_update(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_organizer(user=request.user, pk=pk)
    form = CallForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_update(call=call, by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(call)
    return render(request, "partnerships/call_form.html", {"form": form, "call": call, "target": call.target})


@login_required
@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_organizer(user=request.user, pk=pk)
    try:
        services.call_close(call=call, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request, _("The call is closed: nobody can apply any more. You can still answer the applications.")
    )
    return redirect(call)


# --- A call's page and applying ------------------------------------------------------------------


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    context = {"call": call, "is_organizer": False, "application": None, "has_profile": False}
    user = request.user
    if user.is_authenticated:
        context.update(
            is_organizer=selectors.organizes(user=user, target=call.target),
            application=selectors.application_of(call=call, user=user),
            has_profile=selectors.partner_profile_of(user=user) is not None,
        )
        if call.is_open and context["has_profile"] and context["application"] is None:
            context["apply_form"] = ApplyForm()
    return render(request, "partnerships/call_detail.html", context)


@login_required
@require_POST
def call_apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("message", []):
            messages.error(request, f"{form['message'].label}{_(':')} {error}")
        return redirect(call)
    try:
        services.application_create(call=call, applicant=request.user, message=form.cleaned_data["message"])
    except PermissionDenied:
        raise Http404 from None
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("Your application is sent. The organizers will answer you here, in your notifications.")
        )
    return redirect(call)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    call = selectors.call_get(user=request.user, pk=pk)
    application = selectors.application_of(call=call, user=request.user)
    if application is None or application.pk != application_pk:
        raise Http404
    try:
        services.application_withdraw(application=application, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect(call)


# --- The organizers' page ------------------------------------------------------------------------


@login_required
def call_applications(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_organizer(user=request.user, pk=pk)
    page, page_range = paginate(request, selectors.call_applications(call=call))
    applicants = selectors.call_applicants(call=call, applications=page.object_list)
    suggestions = selectors.call_suggestions(call=call) if call.is_open else []
    coverage = selectors.team_coverage(target=call.target, sought_types=call.partner_types)
    # Each profile the page shows is personal information read by the organizer: one event each.
    audit_views(
        actor=request.user,
        subjects=[
            (applicant.application.applicant_id, "partner profile (call applications)") for applicant in applicants
        ]
        + [(suggestion.profile.user_id, "partner profile (call suggestions)") for suggestion in suggestions],
    )
    context = {
        "call": call,
        "page": page,
        "page_range": page_range,
        "applicants": applicants,
        "suggestions": suggestions,
        "coverage": coverage,
    }
    return render(request, "partnerships/call_applications.html", context)


def _application_for_organizer(request: HttpRequest, pk: int, application_pk: int):
    call = selectors.call_get_for_organizer(user=request.user, pk=pk)
    application = selectors.application_get_for_organizer(user=request.user, call=call, pk=application_pk)
    return call, application


@login_required
@require_POST
def application_accept(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    call, application = _application_for_organizer(request, pk, application_pk)
    try:
        engagement = services.application_accept(application=application, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except (ApplicationError, ValidationError) as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("%(name)s is accepted and notified. Their engagement is recorded.")
                % {"name": application.applicant.display_name},
                engagement.get_absolute_url(),
                _("See the engagement"),
            ),
        )
    return redirect("partnerships:call-applications", pk=call.pk)


@login_required
@require_POST
def application_decline(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    call, application = _application_for_organizer(request, pk, application_pk)
    try:
        services.application_decline(application=application, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("The application of %(name)s is not retained; they are notified.")
            % {"name": application.applicant.display_name},
        )
    return redirect("partnerships:call-applications", pk=call.pk)


@login_required
@require_POST
def call_invite(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    call = selectors.call_get_for_organizer(user=request.user, pk=pk)
    partner = get_object_or_404(get_user_model(), pk=user_id, is_active=True, partner_profile__isnull=False)
    try:
        services.call_invite(call=call, by=request.user, partner=partner)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is invited to apply: they will see the call in their notifications.")
            % {"name": partner.display_name},
        )
    return redirect("partnerships:call-applications", pk=call.pk)
