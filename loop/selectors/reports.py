"""Selectors: the reflective report (a territory and a period: its synthesis, the learnings
published and the decisions taken there) and the staff's synthesis runs.

The report is public: what it quotes is what a visitor may read (published learnings of public
initiatives, triaged signals, final snapshots); staff and decision-makers may also read the
draft snapshot of a period still running, marked as such. Counts already suppressed in the
snapshot (``null``) read "< 5"."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ecosystem.figures import count_text, suppressed_text
from ecosystem.models import Territory, is_signed_in
from indicators import periods
from indicators.models import Dimension, GovernanceLevel, Granularity, Indicator, Stratum
from indicators.templatetags.indicators import format_value
from initiatives.models import Learning, LearningKind, Phase
from partnerships.models import Level, Sphere

from ..models import Decision, Signal, SignalKind, SignalStatus, Synthesis, SynthesisRun
from ..synthesis import SynthesisPeriod, year_periods
from .dashboard import period_learnings

__all__ = [
    "REPORT_LEARNINGS_LIMIT",
    "Report",
    "report_get",
    "report_period",
    "synthesis_run_get",
    "synthesis_run_list",
]

# A report quotes at most this many learnings in full (a year of Québec can hold thousands);
# it says how many more there are and where to read them.
REPORT_LEARNINGS_LIMIT = 100

# --- The territory and the period --------------------------------------------------------------


def report_period(text: str, *, today: datetime.date | None = None) -> SynthesisPeriod:
    """The quarter or year ``text`` names ("2025", "2025-T3"); a translated ValidationError for
    anything else, and for a period that has not started."""
    try:
        granularity, start, end = periods.parse(text[:40])
    except periods.PeriodError as error:
        raise ValidationError(str(error), code="invalid") from error
    if granularity not in (Granularity.YEAR, Granularity.QUARTER):
        raise ValidationError(
            _("A reflective report covers a quarter or a year: write 2025 or 2025-T3."), code="granularity"
        )
    if start > (today or timezone.localdate()):
        raise ValidationError(_("This period has not started yet: there is no report for it."), code="future")
    return SynthesisPeriod(granularity, start, end)


# --- The figures of the synthesis, shaped for the page -------------------------------------------


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int | None

    @property
    def text(self) -> str:
        return count_text(self.count)


@dataclass(frozen=True)
class CountTable:
    """A table of counts and its total (``null`` counts are suppressed)."""

    caption: str
    heading: str
    rows: list[CountRow]
    total: int | None

    @property
    def total_text(self) -> str:
        return count_text(self.total)


def _table(section: dict, group: str, choices, *, caption: str, heading: str) -> CountTable:
    counts = section.get(group) or {}
    rows = [CountRow(str(label), counts.get(value, 0)) for value, label in choices.choices]
    return CountTable(caption, heading, rows, section.get("total", 0))


@dataclass(frozen=True)
class EquityRow:
    dimension: str
    lowest: str
    highest: str
    gap: str
    ratio: str


@dataclass
class IndicatorRow:
    code: str
    name: str
    url: str
    source: str
    latest: str
    latest_period: str
    previous: str
    previous_period: str
    target: str
    target_period: str
    target_level: str
    equity: list[EquityRow] = field(default_factory=list)


@dataclass
class ReportFigures:
    initiatives: CountTable
    learnings: CountTable
    recurring: list[tuple[str, list[CountRow]]]
    gatherings: CountRow
    members: CountRow
    engagements_by_level: CountTable
    engagements_by_sphere: CountTable
    co_construction: CountRow
    from_start: CountRow
    co_construction_share: str
    signals_by_kind: CountTable
    signals_by_status: CountTable
    decisions: CountRow
    informed: CountRow
    median_days: str
    indicators: list[IndicatorRow]


def _number(value, decimals: int) -> str:
    try:
        return number_format(Decimal(str(value)), decimals, force_grouping=True)
    except (InvalidOperation, TypeError, ValueError):
        return "–"


def _share(part, whole) -> str:
    """A percentage shown only when both counts are (never worked out from a hidden one)."""
    if part is None or whole is None:
        return suppressed_text()
    if not whole:
        return "–"
    return _("%(percent)s%%") % {"percent": number_format(round(100 * part / whole, 1), 1)}


def _indicator_rows(documents: list[dict]) -> list[IndicatorRow]:
    codes = [document.get("code") for document in documents if document.get("code")]
    if not codes:
        return []
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=codes).select_related("current", "in_force")
    }
    strata = {}
    if any(document.get("equity") for document in documents):
        strata = {(stratum.dimension, stratum.code): stratum.name for stratum in Stratum.objects.all()}
    dimensions = dict(Dimension.choices)
    levels = dict(GovernanceLevel.choices)
    rows = []
    for document in documents:
        indicator = indicators.get(document.get("code"))
        if indicator is None:  # deleted since the snapshot was taken
            continue
        version = indicator.values_version
        unit = version.unit if version else ""
        latest = document.get("latest") or {}
        previous = document.get("previous") or {}
        target = document.get("target") or {}
        equity = []
        for gap in document.get("equity") or []:
            dimension = gap.get("dimension", "")
            low, high = gap.get("min") or {}, gap.get("max") or {}
            equity.append(
                EquityRow(
                    dimension=str(dimensions.get(dimension, dimension)),
                    lowest=_("%(stratum)s: %(value)s")
                    % {
                        "stratum": strata.get((dimension, low.get("stratum")), low.get("stratum", "")),
                        "value": format_value(low.get("value"), unit),
                    },
                    highest=_("%(stratum)s: %(value)s")
                    % {
                        "stratum": strata.get((dimension, high.get("stratum")), high.get("stratum", "")),
                        "value": format_value(high.get("value"), unit),
                    },
                    gap=format_value(gap.get("gap"), unit),
                    ratio=_number(gap["ratio"], 2) if gap.get("ratio") is not None else "–",
                )
            )
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                url=indicator.get_absolute_url(),
                source=version.data_source if version else "",
                latest=format_value(latest.get("value"), unit),
                latest_period=_period_text(latest),
                previous=format_value(previous.get("value"), unit) if previous else "–",
                previous_period=_period_text(previous),
                target=format_value(target.get("value"), unit) if target else "–",
                target_period=str(target.get("period", "")),
                target_level=str(levels.get(target.get("level"), "")) if target else "",
                equity=equity,
            )
        )
    return rows


def _period_text(point: dict) -> str:
    """A stored period written in the reader's language (snapshots store the start and granularity)."""
    try:
        return periods.label(point["granularity"], datetime.date.fromisoformat(point["start"]))
    except (KeyError, TypeError, ValueError):
        return str(point.get("period", "")) if point else ""


def report_figures(figures: dict) -> ReportFigures:
    """The snapshot's document (see ``loop/synthesis.py``) as the report's tables."""
    initiatives = figures.get("initiatives") or {}
    learnings = figures.get("learnings") or {}
    recurring = figures.get("recurring") or {}
    communities = figures.get("communities") or {}
    partnership = figures.get("partnership") or {}
    engagements = partnership.get("engagements") or {}
    signals = figures.get("signals") or {}
    loop = figures.get("loop") or {}
    kinds = dict(LearningKind.choices)
    median = loop.get("median_days")
    return ReportFigures(
        initiatives=_table(initiatives, "by_phase", Phase, caption=_("Initiatives by phase"), heading=_("Phase")),
        learnings=_table(
            learnings, "by_kind", LearningKind, caption=_("Learnings published by kind"), heading=_("Kind of learning")
        ),
        recurring=[
            (
                str(kinds[kind]),
                [CountRow(item.get("word", ""), item.get("count")) for item in recurring.get(kind) or []],
            )
            for kind in (LearningKind.OBSTACLE, LearningKind.SUCCESS_CONDITION)
        ],
        gatherings=CountRow(_("Gatherings held"), communities.get("gatherings", 0)),
        members=CountRow(_("Active members of co-learning spaces"), communities.get("members", 0)),
        engagements_by_level=_table(
            engagements, "by_level", Level, caption=_("Partner engagements by level"), heading=_("Level")
        ),
        engagements_by_sphere=_table(
            engagements, "by_sphere", Sphere, caption=_("Partner engagements by sphere"), heading=_("Sphere")
        ),
        co_construction=CountRow(
            _("Initiatives with a partner engaged at co-construction or higher"), partnership.get("co_construction", 0)
        ),
        from_start=CountRow(_("Initiatives with a partner engaged from the start"), partnership.get("from_start", 0)),
        co_construction_share=_share(partnership.get("co_construction", 0), initiatives.get("total", 0)),
        signals_by_kind=_table(
            signals, "by_kind", SignalKind, caption=_("Watch signals by kind"), heading=_("Kind of signal")
        ),
        signals_by_status=_table(
            signals, "by_status", SignalStatus, caption=_("Watch signals by status"), heading=_("Status")
        ),
        decisions=CountRow(_("Decisions recorded"), loop.get("decisions", 0)),
        informed=CountRow(_("Decisions informed by field learnings"), loop.get("informed", 0)),
        median_days=(
            _("%(days)s days") % {"days": _number(median, 1)}
            if median is not None
            else _("Not shown: fewer than %(threshold)s learnings cited by a decision")
            % {"threshold": settings.SMALL_COUNT_THRESHOLD}
        ),
        indicators=_indicator_rows(figures.get("indicators") or []),
    )


# --- The report ------------------------------------------------------------------------------------


@dataclass
class Report:
    territory: Territory
    period: SynthesisPeriod
    synthesis: Synthesis | None
    figures: ReportFigures | None
    learnings: list[Learning]
    more_learnings: int
    decisions: list[Decision]
    other_periods: list[SynthesisPeriod]
    period_over: bool

    @property
    def is_province(self) -> bool:
        return self.territory.kind == Territory.Kind.PROVINCE


def _learnings(territory: Territory, period: SynthesisPeriod) -> QuerySet[Learning]:
    return period_learnings(territory=territory, start=period.start, end=period.end)


def _decisions(territory: Territory, period: SynthesisPeriod) -> QuerySet[Decision]:
    return (
        Decision.objects.taken_during(period.start, period.end)
        .in_territory(territory)
        .select_related("organization", "territory")
        .prefetch_related(
            Prefetch("learnings", queryset=Learning.objects.visible_to(None).order_by("title", "pk")),
            Prefetch("signals", queryset=Signal.objects.visible_to(None).order_by("title", "pk")),
            Prefetch(
                "syntheses",
                queryset=Synthesis.objects.final().select_related("territory", "theme").order_by("-period_start"),
            ),
            Prefetch("indicators", queryset=Indicator.objects.select_related("current").order_by("code")),
        )
        .order_by("decided_on", "pk")
    )


def _other_periods(period: SynthesisPeriod, today: datetime.date) -> list[SynthesisPeriod]:
    """The year of ``period``, its quarters begun by ``today`` and the previous year."""
    year = period.start.year
    found = [SynthesisPeriod(*periods.bounds(Granularity.YEAR, year - 1)), *year_periods(year, today=today)]
    return [candidate for candidate in found if candidate != period]


def report_get(*, user, territory: Territory, period: SynthesisPeriod) -> Report:
    """Everything the report of ``territory`` for ``period`` shows. The snapshot is the final one
    (or, for staff and decision-makers, the draft of a period still running); ``None`` if none
    has been calculated yet."""
    synthesis = (
        Synthesis.objects.visible_to(user if is_signed_in(user) else None)
        .filter(territory=territory, theme__isnull=True, granularity=period.granularity, period_start=period.start)
        .first()
    )
    learnings_qs = (
        _learnings(territory, period)
        .select_related("territory", "initiative")
        .prefetch_related("themes")
        .order_by("published_at", "pk")
    )
    learnings = list(learnings_qs[: REPORT_LEARNINGS_LIMIT + 1])
    more = 0
    if len(learnings) > REPORT_LEARNINGS_LIMIT:
        learnings = learnings[:REPORT_LEARNINGS_LIMIT]
        more = _learnings(territory, period).count() - REPORT_LEARNINGS_LIMIT
    return Report(
        territory=territory,
        period=period,
        synthesis=synthesis,
        figures=report_figures(synthesis.figures or {}) if synthesis is not None else None,
        learnings=learnings,
        more_learnings=more,
        decisions=list(_decisions(territory, period)),
        other_periods=_other_periods(period, timezone.localdate()),
        period_over=period.is_over(timezone.localdate()),
    )


# --- The staff's synthesis runs ------------------------------------------------------------------


def _require_staff(user) -> None:
    if not (is_signed_in(user) and user.is_staff):
        raise Http404


def synthesis_run_list(*, user) -> QuerySet[SynthesisRun]:
    """Every synthesis run, the latest first (staff only: anyone else gets 404)."""
    _require_staff(user)
    return SynthesisRun.objects.select_related("requested_by").order_by("-created_at", "-pk")


def synthesis_run_get(*, user, pk: int) -> SynthesisRun:
    _require_staff(user)
    run = SynthesisRun.objects.select_related("requested_by").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
