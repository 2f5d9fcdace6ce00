"""The strategic watch (veille stratégique): posting a signal, the public board, a signal's page
and triage.

Any signed-in person posts a signal; it stays out of public view until a co-facilitator or a
staff member triages it. The board (no login) lists reviewed signals with a table of counts by
RSS × kind and a tile-grid map of the 18 RSS, counts from 1 to 4 written "< 5" and regions in
official code order. Authors are named only to themselves and to those who triage. Triage pages
answer 404 to everyone else. Each write calls one service; invalid data is shown on the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.figures import suppressed_text
from ecosystem.forms import add_service_errors
from ecosystem.pages import list_page, paginate

from .. import selectors, services
from ..forms.signals import BoardSignalFilter, SignalFilter, SignalForm, SignalTriageForm
from ..templatetags.loop_maps import MapTile


def _filtered(filterset_class, request: HttpRequest, queryset):
    """The FilterSet bound to the query string; with an unknown value the form says so and the
    list is empty rather than silently unfiltered (as ``ecosystem.pages.filtered`` does)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    results = queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    return filterset, results


def _region_url(request: HttpRequest, code: str) -> str:
    """The board filtered on one RSS, keeping the other filters (and leaving the page number)."""
    query = {name: value for name, value in request.GET.items() if name not in ("region", "page") and value}
    query["region"] = code
    return f"{reverse('loop:signal-board')}?{urlencode(query)}"


@vary_on_headers("HX-Request")
def signal_board(request: HttpRequest) -> HttpResponse:
    filterset, results = _filtered(BoardSignalFilter, request, selectors.signal_board_list(user=request.user))
    counts = selectors.signal_counts_by_region(queryset=filterset.qs_in_every_region())
    region = filterset.form.cleaned_data.get("region") if filterset.is_bound and filterset.is_valid() else None
    tiles = [
        MapTile(
            code=row.territory.code,
            name=row.territory.name,
            figure=str(row.total),
            url=_region_url(request, row.territory.code),
            selected=region is not None and region.pk == row.territory.pk,
        )
        for row in counts.regions
    ]
    page, page_range = paginate(request, results)
    context = {
        "filter": filterset,
        "page": page,
        "page_range": page_range,
        "counts": counts,
        "tiles": tiles,
        "region": region,
        "suppressed": suppressed_text(),
    }
    if not (request.htmx and not request.htmx.history_restore_request):
        context["can_triage"] = selectors.signal_can_triage(user=request.user)
    return list_page(request, "loop/signals/signal_board.html", context)


@login_required
def signal_create(request: HttpRequest) -> HttpResponse:
    form = SignalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your signal is posted. It becomes public once a co-facilitator or a staff member "
                    "has reviewed it; until then, only you and they can read it."
                ),
            )
            return redirect("loop:signal-detail", pk=signal.pk)
    return render(request, "loop/signals/signal_form.html", {"form": form})


def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get(user=request.user, pk=pk)
    can_triage = selectors.signal_can_triage(user=request.user)
    context = {
        "signal": signal,
        "can_triage": can_triage,
        "shows_author": selectors.signal_shows_author(user=request.user, signal=signal),
        "initiative": selectors.signal_linked_initiative(user=request.user, signal=signal),
    }
    return render(request, "loop/signals/signal_detail.html", context)


@vary_on_headers("HX-Request")
@login_required
def signal_triage_list(request: HttpRequest) -> HttpResponse:
    filterset, results = _filtered(SignalFilter, request, selectors.signal_triage_queue(user=request.user))
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    return list_page(request, "loop/signals/signal_triage_list.html", context)


@login_required
def signal_triage(request: HttpRequest, pk: int) -> HttpResponse:
    signal = selectors.signal_get_for_triage(user=request.user, pk=pk)
    form = SignalTriageForm(
        request.POST if request.method == "POST" else None,
        signal=signal,
        initiatives=selectors.signal_initiative_choices(user=request.user),
        communities=selectors.signal_community_choices(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_triage(signal=signal, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The signal “%(title)s” is now: %(status)s.")
                % {"title": signal.title, "status": signal.get_status_display().lower()},
            )
            return redirect("loop:signal-triage-list")
    return render(request, "loop/signals/signal_triage.html", {"signal": signal, "form": form})
