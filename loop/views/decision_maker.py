"""The decision-maker view: targets against results by governance level and territory, equity
gaps, the signals under review and the drafts of syntheses, read from the latest snapshots.

Signed-in decision-makers and staff only; anyone else gets a 404 (a visitor, the sign-in page).
Drafts (periods still running) are shown as such, with the date they were calculated."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ecosystem.models import Territory

from .. import selectors
from ..models import Synthesis
from .decisions import dashboard_url


@login_required
def decision_maker(request: HttpRequest) -> HttpResponse:
    if not selectors.can_read_decision_maker_view(request.user):
        raise Http404
    view = selectors.decision_maker_view(user=request.user)
    return render(request, "loop/decision_maker.html", {"view": view, "drafts": _drafts_by_period(view.drafts)})


@dataclass
class DraftPeriod:
    """The drafts of one running period: when they were calculated, and a link per territory."""

    period: str
    computed_at: datetime.datetime
    territories: list[tuple[Territory, str]] = field(default_factory=list)


def _drafts_by_period(drafts: list[Synthesis]) -> list[DraftPeriod]:
    periods: dict[str, DraftPeriod] = {}
    for synthesis in drafts:
        label = synthesis.period_label
        group = periods.setdefault(label, DraftPeriod(label, synthesis.computed_at))
        group.computed_at = max(group.computed_at, synthesis.computed_at)
        group.territories.append((synthesis.territory, dashboard_url(synthesis.territory, label)))
    return list(periods.values())
