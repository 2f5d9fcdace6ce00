"""The decision log: a public list and sheet of each decision with what informed it, and the
decision-makers' pages to record, change and delete one.

Anyone reads the log; a decision's sources are shown as far as the reader may read them. Only
decision-makers record a decision (anyone else gets a 404, a visitor the sign-in page); only its
author or staff change or delete it (404 for anyone else). Each write calls one service; what
the service refuses is shown on the form and nothing is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.models import Territory
from ecosystem.pages import filtered, list_page, paginate

from .. import selectors, services
from ..forms.decisions import TERRITORY_PARAMETER, DecisionFilter, DecisionForm, SourcesTerritoryForm
from ..models import Decision, Synthesis, can_record_decisions


def dashboard_url(territory: Territory, period: str = "") -> str:
    """The dashboard page of ``territory`` (Québec's or an RSS's), at ``period`` when given."""
    if territory.kind == Territory.Kind.PROVINCE:
        url = reverse("loop:dashboard")
    else:
        url = reverse("loop:dashboard-region", args=[territory.code])
    return f"{url}?{urlencode({'period': period})}" if period else url


def synthesis_links(syntheses: list[Synthesis]) -> list[tuple[Synthesis, str]]:
    return [(synthesis, dashboard_url(synthesis.territory, synthesis.period_label)) for synthesis in syntheses]


# --- The log ----------------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def decision_list(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(DecisionFilter, request, selectors.decision_log())
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    if not (request.htmx and not request.htmx.history_restore_request):
        context["can_record"] = can_record_decisions(request.user)
    return list_page(request, "loop/decisions/decision_list.html", context)


def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(pk=pk)
    sources = selectors.decision_sources(decision=decision, user=request.user)
    context = {
        "decision": decision,
        "sources": sources,
        "syntheses": synthesis_links(sources.syntheses),
        "can_change": services.can_change_decision(request.user, decision),
    }
    return render(request, "loop/decisions/decision_detail.html", context)


# --- Recording, changing, deleting ------------------------------------------------------------------


def _form(request: HttpRequest, decision: Decision | None = None) -> tuple[DecisionForm, SourcesTerritoryForm]:
    sources = SourcesTerritoryForm(request.GET if TERRITORY_PARAMETER in request.GET else None)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        decision=decision,
        sources_territory=sources.territory if sources.is_bound else None,
    )
    return form, sources


def _save(request: HttpRequest, form: DecisionForm, service, **arguments) -> Decision | None:
    """Call ``service`` with the form's data; None (with the reasons on the form) if refused."""
    if not form.is_valid():
        return None
    try:
        return service(by=request.user, **arguments, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
    except ApplicationError as error:
        form.add_error(None, error.message)
    return None


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    if not can_record_decisions(request.user):
        raise Http404
    form, sources = _form(request)
    if request.method == "POST":
        decision = _save(request, form, services.decision_create)
        if decision is not None:
            messages.success(request, _("The decision is recorded in the log."))
            return redirect("loop:decision-detail", pk=decision.pk)
    context = {"form": form, "sources_form": sources, "territory_parameter": TERRITORY_PARAMETER}
    return render(request, "loop/decisions/decision_form.html", context)


def decision_update(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_change(user=request.user, pk=pk)
    form, sources = _form(request, decision)
    if request.method == "POST":
        saved = _save(request, form, services.decision_update, decision=decision)
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("loop:decision-detail", pk=saved.pk)
    context = {
        "form": form,
        "sources_form": sources,
        "territory_parameter": TERRITORY_PARAMETER,
        "decision": decision,
    }
    return render(request, "loop/decisions/decision_form.html", context)


def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_change(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.decision_delete(decision=decision, by=request.user)
        except ApplicationError:
            raise Http404 from None
        messages.success(request, _("The decision is deleted from the log."))
        return redirect("loop:decision-list")
    return render(request, "loop/decisions/decision_confirm_delete.html", {"decision": decision})
