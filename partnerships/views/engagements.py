"""Engagements: a person's own (to confirm or decline) and those on what they organize, recording
one on an initiative, a space or a governance body, reading and correcting it.

Each view resolves the engagement through a selector that answers 404 for anyone who is neither
its partner nor one of its organizers, calls one service and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem.forms import add_service_errors
from ecosystem.pages import paginate

from .. import selectors, services
from ..forms.engagements import LEVEL_DESCRIPTIONS, EngagementForm, EngagementRecordForm
from ..models import Engagement

# --- Lists ---------------------------------------------------------------------------------------


@login_required
def engagement_list(request: HttpRequest) -> HttpResponse:
    """The person's own engagements (those to confirm first), then the ones on what they
    organize, by initiative, space or body, a page at a time."""
    user = request.user
    mine = list(selectors.engagements_of_partner(user=user))
    organized = (
        selectors.engagement_list(user=user)
        .exclude(partner=user)
        .order_by(
            "initiative__title",
            "initiative_id",
            "community__name",
            "community_id",
            "governance_body__name",
            "governance_body_id",
            "-started_on",
            "-pk",
        )
    )
    page, page_range = paginate(request, organized)
    targets = selectors.organized_targets(user=user)
    context = {
        "to_answer": [engagement for engagement in mine if engagement.status == Engagement.Status.PROPOSED],
        "answered": [engagement for engagement in mine if engagement.status != Engagement.Status.PROPOSED],
        "page": page,
        "page_range": page_range,
        "organizes": any(queryset.exists() for queryset in targets.values()),
    }
    return render(request, "partnerships/engagement_list.html", context)


# --- Recording and correcting ---------------------------------------------------------------------


@login_required
def engagement_create(request: HttpRequest) -> HttpResponse:
    target = selectors.organized_target_from(user=request.user, params=request.GET)
    if target is None:
        # No target named: list what the person organizes, to choose from.
        targets = selectors.organized_targets(user=request.user)
        context = {name: list(queryset) for name, queryset in targets.items()}
        return render(request, "partnerships/engagement_form.html", {"choose": True, **context})
    form = EngagementRecordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_record(by=request.user, target=target, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("The engagement of %(name)s is recorded. They are told and will confirm it.")
                % {"name": engagement.partner.display_name},
            )
            return redirect(engagement)
    return render(request, "partnerships/engagement_form.html", {"form": form, "target": target})


@login_required
def engagement_update(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_get_for_organizer(user=request.user, pk=pk)
    form = EngagementForm(request.POST if request.method == "POST" else None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_update(engagement=engagement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(engagement)
    context = {"form": form, "engagement": engagement, "target": engagement.target}
    return render(request, "partnerships/engagement_form.html", context)


# --- Reading, confirming, declining --------------------------------------------------------------


@login_required
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = selectors.engagement_get(user=request.user, pk=pk)
    is_partner = engagement.partner_id == request.user.pk
    is_organizer = selectors.organizes(user=request.user, target=engagement.target)
    context = {
        "engagement": engagement,
        "level_description": LEVEL_DESCRIPTIONS.get(engagement.level, ""),
        "is_partner": is_partner,
        "is_organizer": is_organizer,
        "can_answer": is_partner and engagement.status == Engagement.Status.PROPOSED,
    }
    return render(request, "partnerships/engagement_detail.html", context)


def _own_engagement(request: HttpRequest, pk: int) -> Engagement:
    """The engagement if the person is its partner, else 404."""
    return get_object_or_404(selectors.engagements_of_partner(user=request.user), pk=pk)


@login_required
@require_POST
def engagement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _own_engagement(request, pk)
    services.engagement_confirm(engagement=engagement, by=request.user)
    messages.success(request, _("Thank you: your engagement is confirmed."))
    return redirect(engagement)


@login_required
@require_POST
def engagement_decline(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _own_engagement(request, pk)
    services.engagement_decline(engagement=engagement, by=request.user)
    messages.success(
        request, _("The engagement is declined: it no longer counts. The organizers can correct it with you.")
    )
    return redirect(engagement)
