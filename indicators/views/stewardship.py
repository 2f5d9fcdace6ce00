"""The stewards' pages: proposing an indicator, changing its definition, opening it to
co-construction, adopting and retiring it, and its targets per governance level.

Only stewards and staff propose indicators; only an indicator's stewards (and staff) change,
open, adopt or retire it and set its targets: anyone else gets a 404. Each view calls one
service; a refused action is told in a message, invalid data on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors

from .. import selectors, services
from ..forms.indicators import IndicatorCreateForm, IndicatorForm
from ..forms.targets import TargetForm
from ..models import Indicator, Target

# --- Proposing and changing an indicator ----------------------------------------------------------


@login_required
def indicator_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_propose_indicator(user=request.user):
        raise Http404
    form = IndicatorCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The indicator is proposed, and you are one of its stewards. Open it to co-construction "
                    "when its wording is ready to be discussed with partners and professionals."
                ),
            )
            return redirect(indicator)
    return render(request, "indicators/indicator_form.html", {"form": form})


def _is_frozen(indicator: Indicator) -> bool:
    """Whether a change to the definition will make a new version (see services.indicator_update)."""
    return indicator.current.is_adopted or indicator.current.contributions.endorsements().exists()


@login_required
def indicator_update(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get_for_steward(user=request.user, code=code)
    before = indicator.current
    form = IndicatorForm(request.POST if request.method == "POST" else None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.indicator_update(indicator=indicator, by=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            if version.pk != before.pk:
                message = _(
                    "Your changes make version %(number)s, now in co-construction: it must be endorsed again "
                    "by at least one health partner and one professional before it is adopted."
                ) % {"number": version.number}
                if indicator.in_force_id:
                    message += " " + _("Until then, version %(number)s stays in force.") % {
                        "number": indicator.in_force.number
                    }
                messages.success(request, message)
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(indicator)
    context = {
        "form": form,
        "indicator": indicator,
        "frozen": _is_frozen(indicator),
        "next_number": before.number + 1,
    }
    return render(request, "indicators/indicator_form.html", context)


# --- Opening, adopting, retiring ------------------------------------------------------------------


def _act(request: HttpRequest, code: str, service, success: str) -> HttpResponse:
    """Call ``service`` on an indicator the person stewards and tell the outcome on its sheet."""
    indicator = selectors.indicator_get_for_steward(user=request.user, code=code)
    try:
        indicator = service(indicator=indicator, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success % {"number": indicator.current.number})
    return redirect(indicator.get_absolute_url())


@require_POST
@login_required
def indicator_open(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        services.indicator_open,
        _(
            "The indicator is open to co-construction: partners and professionals can now comment on, "
            "propose changes to and endorse version %(number)s."
        ),
    )


@require_POST
@login_required
def indicator_adopt(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        services.indicator_adopt,
        _("Version %(number)s is adopted: it is in force and its values are public."),
    )


@require_POST
@login_required
def indicator_retire(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        services.indicator_retire,
        _("The indicator is retired. Its definition, its co-construction record and its values stay readable."),
    )


# --- Targets --------------------------------------------------------------------------------------


def _save_target(request: HttpRequest, indicator: Indicator, form: TargetForm, target: Target | None = None) -> bool:
    """Save the target the form describes; False (with the reasons on the form) if refused."""
    if not form.is_valid():
        return False
    try:
        services.target_save(indicator=indicator, by=request.user, target=target, **form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    except ApplicationError as error:
        form.add_error(None, error.message)
        return False
    return True


@login_required
def target_list(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get_for_steward(user=request.user, code=code)
    form = TargetForm(request.POST if request.method == "POST" else None, indicator=indicator)
    if request.method == "POST" and _save_target(request, indicator, form):
        messages.success(request, _("The target is added."))
        return redirect("indicators:targets", code=indicator.code)
    context = {"indicator": indicator, "targets": selectors.indicator_targets(indicator=indicator), "form": form}
    return render(request, "indicators/target_list.html", context)


def _target(request: HttpRequest, code: str, pk: int) -> tuple[Indicator, Target]:
    indicator = selectors.indicator_get_for_steward(user=request.user, code=code)
    return indicator, get_object_or_404(selectors.indicator_targets(indicator=indicator), pk=pk)


@login_required
def target_update(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator, target = _target(request, code, pk)
    form = TargetForm(request.POST if request.method == "POST" else None, indicator=indicator, target=target)
    if request.method == "POST" and _save_target(request, indicator, form, target):
        messages.success(request, _("The target is changed."))
        return redirect("indicators:targets", code=indicator.code)
    return render(request, "indicators/target_form.html", {"indicator": indicator, "target": target, "form": form})


@require_POST
@login_required
def target_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    indicator, target = _target(request, code, pk)
    try:
        services.target_delete(target=target, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The target is deleted."))
    return redirect("indicators:targets", code=indicator.code)
