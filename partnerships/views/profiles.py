"""A person's own partner profile and diversity answers, the directory of the partners who chose
to be listed, and one partner's page.

A profile is private by default: only its owner, the organizers of what its owner takes part in
and, with the person's consent, signed-in readers of the directory see it; anyone else gets 404.
Diversity answers and the e-mail address never appear on a page someone else sees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.models import Purpose
from ecosystem.pages import list_page, paginate
from ecosystem.selectors import consent_in_force, consent_overview

from .. import selectors, services
from ..forms.profiles import DirectoryFilterForm, DiversityForm, PartnerProfileForm
from ..models import DiversityAnswers, PartnerProfile, holds_any


def _diversity_summary(answers: DiversityAnswers | None) -> list[tuple[str, str]]:
    """(question, answer) for each question the person answered, in the form's order."""
    if answers is None:
        return []
    return [
        (label, getattr(answers, f"get_{name}_display")())
        for name, _choices, label in DiversityAnswers.QUESTIONS
        if getattr(answers, name)
    ]


# --- One's own profile ----------------------------------------------------------------------------


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = selectors.partner_profile_of(user=user)
    context = {"profile": own}
    if own is not None:
        consents = consent_overview(user=user)
        in_force = {state.purpose for state in consents if state.given}
        context.update(
            consents=consents,
            shares_experience=Purpose.LIVED_EXPERIENCE in in_force,
            diversity_consent=Purpose.DIVERSITY in in_force,
            diversity_answers=_diversity_summary(selectors.diversity_answers_of(user=user)),
        )
    return render(request, "partnerships/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = selectors.partner_profile_of(user=user)
    lived_experience = consent_in_force(user=user, purpose=Purpose.LIVED_EXPERIENCE)
    form = PartnerProfileForm(request.POST or None, profile=own, lived_experience=lived_experience)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_profile_save(user=user, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if own is None:
                messages.success(
                    request,
                    _(
                        "Your partner profile is created. It stays private: take a moment to review your "
                        "consents below, they decide who else may see it."
                    ),
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("partnerships:profile")
    return render(request, "partnerships/profile_form.html", {"form": form, "profile": own})


@login_required
@require_http_methods(["GET", "POST"])
def diversity(request: HttpRequest) -> HttpResponse:
    """The optional diversity questions, only while the diversity consent is in force. The
    person may delete their answers at any time, consent or not."""
    user = request.user
    consented = consent_in_force(user=user, purpose=Purpose.DIVERSITY)
    answers = selectors.diversity_answers_of(user=user)
    if request.method == "POST" and "erase" in request.POST:
        services.diversity_answers_erase(user=user)
        messages.success(request, _("Your diversity answers are deleted."))
        return redirect("partnerships:diversity")
    if request.method == "POST" and not consented:
        messages.error(request, _("Give your consent to the diversity questions before answering them."))
        return redirect("partnerships:diversity")
    form = DiversityForm(request.POST or None, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            services.diversity_answers_save(user=user, by=user, answers=form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("partnerships:diversity")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answers are saved. Only you can see them."))
            return redirect("partnerships:profile")
    context = {"form": form, "consented": consented, "has_answers": answers is not None}
    return render(request, "partnerships/diversity_form.html", context)


# --- Other partners ---------------------------------------------------------------------------------


def _filter_directory(form: DirectoryFilterForm, queryset: QuerySet[PartnerProfile]) -> QuerySet[PartnerProfile]:
    """The directory narrowed by the filters; empty when they cannot be applied (the form says why)."""
    if not form.is_bound:
        return queryset
    if not form.is_valid():
        return queryset.none()
    region, partner_type, language = (form.cleaned_data[name] for name in ("region", "partner_type", "language"))
    if region:
        queryset = queryset.filter(region=region)
    if partner_type:
        queryset = queryset.filter(holds_any("partner_types", [partner_type]))
    if language:
        queryset = queryset.filter(holds_any("languages", [language]))
    return queryset


@login_required
@require_GET
@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    results = _filter_directory(form, selectors.partner_directory(user=request.user))
    page, page_range = paginate(request, results)
    # The shape the shared filter includes expect (form, errors).
    context = {"filter": {"form": form, "errors": form.errors}, "page": page, "page_range": page_range}
    return list_page(request, "partnerships/directory.html", context)


@login_required
@require_GET
def partner_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    partner = selectors.partner_profile_get(viewer=request.user, user_id=user_id)
    return render(request, "partnerships/partner_detail.html", {"partner": partner})
