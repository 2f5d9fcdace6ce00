"""What the public dashboard reads: the stored synthesis snapshots of Québec and its 18 RSS for
one period (and theme), the wording of the indicators they cite, and, as lists, the period's
published learnings and decisions. Figures come from the snapshots only, never from the raw
tables; each function is one query (or none), whatever the number of territories or indicators."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem.models import Territory, Theme
from indicators import periods
from indicators.models import Granularity, Indicator, Stratum
from initiatives.models import Learning

from ..models import Decision, Synthesis
from ..synthesis import start_of_day

__all__ = [
    "DASHBOARD_DECISIONS",
    "DASHBOARD_LEARNINGS",
    "DashboardPeriod",
    "PeriodChoice",
    "dashboard_decisions",
    "dashboard_indicators",
    "dashboard_last_computed",
    "dashboard_learnings",
    "dashboard_period_choose",
    "dashboard_periods",
    "dashboard_snapshots",
    "dashboard_strata",
    "dashboard_territories",
    "dashboard_territory",
    "dashboard_theme_choose",
    "dashboard_themes",
    "period_learnings",
]

# How many of the period's learnings and decisions the page lists (then links to the full list).
DASHBOARD_LEARNINGS = 10
DASHBOARD_DECISIONS = 20


# --- Territories ---------------------------------------------------------------------------------


def dashboard_territories() -> list[Territory]:
    """Québec, then the 18 RSS in official code order (one query)."""
    return list(Territory.objects.filter(kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS]).in_code_order())


def dashboard_territory(*, territories: list[Territory], code: str | None, allow_province: bool = False) -> Territory:
    """Québec when ``code`` is None, else the RSS with that code (the province's own code too
    when ``allow_province``); anything else is not a dashboard page: 404."""
    for territory in territories:
        if code is None and territory.kind == Territory.Kind.PROVINCE:
            return territory
        wanted = territory.kind == Territory.Kind.RSS or allow_province
        if code is not None and territory.code == code and wanted:
            return territory
    raise Http404(_("There is no dashboard for this territory."))


# --- Periods and themes --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    """A period that has snapshots a person may read."""

    granularity: str
    start: datetime.date
    end: datetime.date
    provisional: bool

    @property
    def label(self) -> str:
        return periods.label(self.granularity, self.start)

    @property
    def is_quarter(self) -> bool:
        return self.granularity == Granularity.QUARTER


@dataclass(frozen=True)
class DashboardPeriod:
    """The period a page shows (None when there is none to show) and why the one asked for
    cannot be shown (an empty ``error`` when all is well)."""

    chosen: PeriodChoice | None
    error: str = ""
    asked: str = ""


def dashboard_periods(*, user, territory: Territory) -> list[PeriodChoice]:
    """The periods with an all-themes snapshot of ``territory`` that ``user`` may read: each
    year, then its quarters, latest first (one query)."""
    rows = (
        Synthesis.objects.visible_to(user)
        .filter(territory=territory, theme__isnull=True)
        .values_list("granularity", "period_start", "period_end", "provisional")
        .order_by()
    )
    choices = {PeriodChoice(*row) for row in rows}
    return sorted(choices, key=lambda choice: (-choice.start.year, choice.is_quarter, -choice.start.toordinal()))


def dashboard_period_choose(
    *, choices: list[PeriodChoice], asked: str | None, today: datetime.date | None = None
) -> DashboardPeriod:
    """The period of ``?period=`` among ``choices``; without one, the latest final quarter (else
    the latest final period, else the latest one). A period that is not one, is in the future or
    has no snapshot comes back with the reason, to be shown with the periods there are."""
    asked = (asked or "").strip()
    if not asked:
        for wanted in (
            lambda choice: choice.is_quarter and not choice.provisional,
            lambda choice: not choice.provisional,
            lambda choice: True,
        ):
            found = [choice for choice in choices if wanted(choice)]
            if found:
                return DashboardPeriod(max(found, key=lambda choice: (choice.end, choice.is_quarter)))
        return DashboardPeriod(None)
    shown = asked[:20]
    try:
        # Nothing longer is a period: the message quotes the beginning only.
        granularity, start, end = periods.parse(asked if len(asked) <= len(shown) else f"{shown}…")
    except periods.PeriodError as error:
        return DashboardPeriod(None, str(error), shown)
    if granularity not in (Granularity.YEAR, Granularity.QUARTER):
        return DashboardPeriod(
            None, _("The dashboard is calculated by year or by quarter, for example 2025 or 2025-Q3."), shown
        )
    today = today or timezone.localdate()
    label = periods.label(granularity, start)
    if start > today:
        return DashboardPeriod(
            None,
            _("The period %(period)s has not started yet: there are no figures for it.") % {"period": label},
            shown,
        )
    for choice in choices:
        if choice.granularity == granularity and choice.start == start:
            return DashboardPeriod(choice, "", shown)
    if end >= today:
        return DashboardPeriod(
            None,
            _("The period %(period)s is not over yet: its figures are published once it ends.") % {"period": label},
            shown,
        )
    return DashboardPeriod(
        None,
        _("No figures have been calculated for %(period)s.") % {"period": label},
        shown,
    )


def dashboard_themes() -> list[Theme]:
    """Every theme, for the selector (one query)."""
    return list(Theme.objects.order_by("slug"))


def dashboard_theme_choose(*, themes: list[Theme], asked: str | None) -> tuple[Theme | None, str]:
    """The theme of ``?theme=<slug>`` (None for all themes), or None with the reason it is ignored."""
    asked = (asked or "").strip()
    if not asked:
        return None, ""
    for theme in themes:
        if theme.slug == asked:
            return theme, ""
    return None, _("There is no theme “%(theme)s”: the figures are those of all themes.") % {"theme": asked[:80]}


# --- Snapshots -----------------------------------------------------------------------------------


def dashboard_snapshots(
    *, user, period: PeriodChoice, theme: Theme | None, territories: list[Territory]
) -> dict[int, Synthesis]:
    """The snapshots of ``territories`` for ``period`` and ``theme`` that ``user`` may read, by
    territory id (one query)."""
    snapshots = Synthesis.objects.visible_to(user).filter(
        territory_id__in=[territory.pk for territory in territories],
        granularity=period.granularity,
        period_start=period.start,
    )
    snapshots = snapshots.filter(theme=theme) if theme is not None else snapshots.filter(theme__isnull=True)
    return {snapshot.territory_id: snapshot for snapshot in snapshots.order_by()}


def dashboard_indicators(*, codes) -> dict[str, Indicator]:
    """The indicators the snapshots cite, with the wording their values follow (one query, none
    without codes)."""
    codes = sorted(set(codes))
    if not codes:
        return {}
    indicators = Indicator.objects.filter(code__in=codes).select_related("current", "in_force")
    return {indicator.code: indicator for indicator in indicators}


def dashboard_strata() -> dict[tuple[str, str], str]:
    """The name of each equity stratum by (dimension, code), in the active language (one query)."""
    return {(stratum.dimension, stratum.code): stratum.name for stratum in Stratum.objects.all()}


def dashboard_last_computed(*, user) -> datetime.datetime | None:
    """When the latest snapshot ``user`` may read was calculated (one query)."""
    return Synthesis.objects.visible_to(user).aggregate(latest=Max("computed_at"))["latest"]


# --- What was learned and what changed -----------------------------------------------------------


def period_learnings(*, territory: Territory, start: datetime.date, end: datetime.date) -> QuerySet[Learning]:
    """The learnings published from ``start`` to ``end`` that everyone may read, in ``territory``
    (anywhere for Québec as a whole, as its synthesis counts them)."""
    learnings = Learning.objects.visible_to(None).filter(
        published_at__gte=start_of_day(start), published_at__lt=start_of_day(end + datetime.timedelta(days=1))
    )
    if territory.kind != Territory.Kind.PROVINCE:
        learnings = learnings.in_territory(territory)
    return learnings


def dashboard_learnings(
    *, territory: Territory, period: PeriodChoice, theme: Theme | None, limit: int = DASHBOARD_LEARNINGS
) -> tuple[list[Learning], bool]:
    """The period's published learnings that everyone may read, in ``territory`` (anywhere for
    Québec as a whole, as the synthesis counts them), latest first: at most ``limit`` of them
    and whether there are more (one query)."""
    learnings = period_learnings(territory=territory, start=period.start, end=period.end)
    if theme is not None:
        learnings = learnings.filter(themes=theme)
    rows = list(learnings.select_related("initiative", "territory").order_by("-published_at", "-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


def dashboard_decisions(
    *, territory: Territory, period: PeriodChoice, theme: Theme | None, limit: int = DASHBOARD_DECISIONS
) -> tuple[list[Decision], bool]:
    """The decisions taken during the period in ``territory`` (for an RSS, in a territory within
    it; for a theme, informed by a learning of that theme), latest first: at most ``limit`` and
    whether there are more (one query)."""
    decisions = Decision.objects.taken_during(period.start, period.end).in_territory(territory)
    if theme is not None:
        decisions = decisions.filter(pk__in=Decision.objects.filter(learnings__themes=theme).values("pk"))
    rows = list(decisions.select_related("organization", "territory").order_by("-decided_on", "-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit
