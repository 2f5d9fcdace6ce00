"""Selectors: the decision log and the decision-maker view.

Decisions are public; what informed them is shown as far as the reader may read it (a learning
of a team-only initiative stays hidden, a signal only once triaged). The decision-maker view
reads the latest synthesis snapshots (drafts of running periods included), never raw tables,
with a fixed number of queries whatever the number of territories and indicators."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404

from ecosystem.models import Territory, is_signed_in
from indicators.models import Dimension, Direction, GovernanceLevel, Granularity, Indicator, Stratum
from initiatives.models import Learning

from ..models import Decision, Signal, SignalStatus, Synthesis, can_record_decisions
from ..services import can_change_decision

__all__ = [
    "DecisionMakerView",
    "DecisionSources",
    "EquityRow",
    "IndicatorTargets",
    "TargetRow",
    "can_read_decision_maker_view",
    "decision_get",
    "decision_get_for_change",
    "decision_log",
    "decision_maker_view",
    "decision_sources",
    "decision_territories",
    "indicators_to_cite",
    "learnings_to_cite",
    "signals_to_cite",
    "syntheses_to_cite",
]

# How many recent items the decision form offers to tick (those already ticked are added).
CITABLE_CHOICES = 50
OPEN_SIGNALS_SHOWN = 20

# --- The decision log ----------------------------------------------------------------------------


def decision_log() -> QuerySet[Decision]:
    """Every decision, newest first, with what its list shows."""
    return Decision.objects.select_related("organization", "territory").order_by("-decided_on", "-pk")


def decision_get(*, pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("organization", "territory", "recorded_by"), pk=pk)


def decision_get_for_change(*, user, pk: int) -> Decision:
    """A decision ``user`` may change (its author, or staff, among decision-makers); 404 otherwise."""
    decision = decision_get(pk=pk)
    if not can_change_decision(user, decision):
        raise Http404
    return decision


def decision_territories() -> QuerySet[Territory]:
    """Québec and its 18 RSS, in official code order: what decisions are filtered by."""
    return Territory.objects.filter(kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS]).in_code_order()


@dataclass(frozen=True)
class DecisionSources:
    learnings: list[Learning]
    signals: list[Signal]
    syntheses: list[Synthesis]
    indicators: list[Indicator]

    @property
    def any(self) -> bool:
        return bool(self.learnings or self.signals or self.syntheses or self.indicators)


def decision_sources(*, decision: Decision, user) -> DecisionSources:
    """What informed ``decision``, as far as ``user`` may read it: learnings they may read,
    triaged signals, the syntheses they may read and the indicators (one query each)."""
    return DecisionSources(
        learnings=list(
            Learning.objects.visible_to(user)
            .published()
            .filter(informed_decisions=decision)
            .select_related("territory")
            .order_by("-published_at", "-pk")
        ),
        signals=list(Signal.objects.visible_to(user).reviewed().filter(decisions=decision).select_related("territory")),
        syntheses=list(
            Synthesis.objects.visible_to(user)
            .filter(decisions=decision)
            .select_related("territory", "theme")
            .order_by("-period_start", "granularity", "territory__code")
        ),
        indicators=list(decision.indicators.select_related("current").order_by("code")),
    )


# --- What the decision form offers to cite -------------------------------------------------------


def _with_chosen(listed: QuerySet, every: QuerySet, chosen: list[int]) -> list:
    """The recent items ``listed`` plus those already ``chosen`` (readable in ``every``)."""
    items = list(listed[:CITABLE_CHOICES])
    missing = set(chosen) - {item.pk for item in items}
    if missing:
        items.extend(every.filter(pk__in=missing))
    return items


def learnings_to_cite(*, user, territory: Territory | None = None, chosen: list[int] = ()) -> list[Learning]:
    """The most recently published learnings ``user`` may read (in ``territory`` when given)."""
    every = Learning.objects.visible_to(user).published().select_related("territory")
    listed = every.order_by("-published_at", "-pk")
    if territory is not None and territory.kind != Territory.Kind.PROVINCE:
        listed = listed.in_territory(territory)
    return _with_chosen(listed, every, list(chosen))


def signals_to_cite(*, user, territory: Territory | None = None, chosen: list[int] = ()) -> list[Signal]:
    """The most recent triaged signals (in ``territory`` when given)."""
    every = Signal.objects.visible_to(user).reviewed().select_related("territory")
    listed = every.order_by("-created_at", "-pk")
    if territory is not None and territory.kind != Territory.Kind.PROVINCE:
        listed = listed.filter(territory__in=Territory.objects.within(territory))
    return _with_chosen(listed, every, list(chosen))


def syntheses_to_cite(*, territory: Territory | None = None, chosen: list[int] = ()) -> list[Synthesis]:
    """The latest final syntheses of all themes (Québec and ``territory`` when given)."""
    every = Synthesis.objects.final().select_related("territory", "theme")
    listed = every.filter(theme__isnull=True).order_by("-period_start", "granularity", "territory__code")
    if territory is not None and territory.kind != Territory.Kind.PROVINCE:
        listed = listed.filter(Q(territory=territory) | Q(territory__kind=Territory.Kind.PROVINCE))
    return _with_chosen(listed, every, list(chosen))


def indicators_to_cite() -> QuerySet[Indicator]:
    return Indicator.objects.filter(status=Indicator.Status.ADOPTED).select_related("current").order_by("code")


# --- The decision-maker view ---------------------------------------------------------------------


def can_read_decision_maker_view(user) -> bool:
    return is_signed_in(user) and (user.is_staff or can_record_decisions(user))


def _decimal(text) -> Decimal | None:
    if text is None:
        return None
    try:
        number = Decimal(str(text))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@dataclass(frozen=True)
class TargetRow:
    """One territory's latest value of an indicator against the target of its level."""

    level: str
    territory: Territory
    value: Decimal | None
    period: str
    target: Decimal
    target_period: str
    direction: str

    @property
    def level_label(self) -> str:
        return GovernanceLevel(self.level).label if self.level in GovernanceLevel.values else self.level

    @property
    def gap(self) -> Decimal | None:
        """Value minus target: how far the latest value is from the target (negative below it)."""
        return None if self.value is None else self.value - self.target

    @property
    def reached(self) -> bool | None:
        """Whether the target is reached, in the indicator's direction; None when the direction
        says to read the value in context, or when there is no value."""
        if self.value is None:
            return None
        if self.direction == Direction.HIGHER:
            return self.value >= self.target
        if self.direction == Direction.LOWER:
            return self.value <= self.target
        return None


@dataclass
class IndicatorTargets:
    indicator: Indicator
    unit: str
    direction: str
    rows: list[TargetRow] = field(default_factory=list)


@dataclass(frozen=True)
class EquityRow:
    """The largest gap across the strata of one dimension, for an indicator in a territory."""

    territory: Territory
    period: str
    dimension: str
    low_stratum: str
    low: Decimal | None
    high_stratum: str
    high: Decimal | None
    gap: Decimal | None
    ratio: Decimal | None

    @property
    def dimension_label(self) -> str:
        return Dimension(self.dimension).label if self.dimension in Dimension.values else self.dimension


@dataclass
class IndicatorEquity:
    indicator: Indicator
    unit: str
    rows: list[EquityRow] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """A synthesis the view read: its period, whether it is a draft, when it was calculated."""

    period: str
    provisional: bool
    computed_at: object


@dataclass
class DecisionMakerView:
    snapshots: list[Snapshot]
    targets: list[IndicatorTargets]
    equity: list[IndicatorEquity]
    open_signals: list[Signal]
    open_signal_count: int
    open_signals_by_kind: list[tuple[str, int]]
    drafts: list[Synthesis]


_LEVEL_ORDER = {level: position for position, level in enumerate(GovernanceLevel.values)}


def _territory_order(territory: Territory) -> tuple[bool, str]:
    """Québec first, then the RSS in official code order (never ranked by a value)."""
    return territory.kind != Territory.Kind.PROVINCE, territory.code


def _stratum_name(strata: dict, gap: dict, end: str) -> str:
    code = (gap.get(end) or {}).get("stratum", "")
    return strata.get((gap.get("dimension"), code), code)


def _latest_syntheses(user) -> list[Synthesis]:
    """For Québec and each RSS, its latest snapshot of all themes: the one ending last, a year
    before its last quarter (one windowed query)."""
    ranked = (
        Synthesis.objects.visible_to(user)
        .filter(theme__isnull=True, territory__kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("territory_id")],
                order_by=[F("period_end").desc(), F("granularity").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .select_related("territory")
    )
    return sorted(ranked, key=lambda synthesis: _territory_order(synthesis.territory))


def _open_signals(user) -> tuple[list[Signal], int, list[tuple[str, int]]]:
    """The open signals under review that ``user`` may read, newest first, and their counts by kind."""
    under_review = Signal.objects.visible_to(user).filter(status=SignalStatus.IN_REVIEW)
    listed = list(under_review.select_related("territory").order_by("-created_at", "-pk")[:OPEN_SIGNALS_SHOWN])
    by_kind = dict(under_review.order_by().values_list("kind").annotate(n=Count("pk")))
    counts = [(str(Signal.Kind(kind).label), by_kind[kind]) for kind in Signal.Kind.values if by_kind.get(kind)]
    return listed, sum(by_kind.values()), counts


def decision_maker_view(*, user) -> DecisionMakerView:
    """Targets against results, equity gaps, open signals and drafts of syntheses, read from
    the latest snapshots of Québec and the 18 RSS (drafts included for decision-makers).

    Queries: the latest snapshots (with their territory), the indicators they name (with their
    wording), the strata, the drafts, the open signals and their counts."""
    latest = _latest_syntheses(user)
    codes = {item.get("code") for synthesis in latest for item in synthesis.figures.get("indicators") or []}
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=codes).select_related("current", "in_force")
    }
    # The strata's names in the reader's language.
    strata = {(stratum.dimension, stratum.code): stratum.name for stratum in Stratum.objects.all()} if codes else {}

    targets: dict[str, IndicatorTargets] = {}
    equity: dict[str, IndicatorEquity] = {}
    for synthesis in latest:
        for item in synthesis.figures.get("indicators") or []:
            indicator = indicators.get(item.get("code"))
            if indicator is None or indicator.values_version is None:
                continue
            version = indicator.values_version
            latest_point = item.get("latest") or {}
            target = item.get("target")
            if target and _decimal(target.get("value")) is not None:
                block = targets.setdefault(indicator.code, IndicatorTargets(indicator, version.unit, version.direction))
                block.rows.append(
                    TargetRow(
                        level=target.get("level", ""),
                        territory=synthesis.territory,
                        value=_decimal(latest_point.get("value")),
                        period=latest_point.get("period", ""),
                        target=_decimal(target["value"]),
                        target_period=target.get("period", ""),
                        direction=version.direction,
                    )
                )
            gaps = [gap for gap in item.get("equity") or [] if _decimal(gap.get("gap")) is not None]
            if gaps:
                widest = max(gaps, key=lambda gap: _decimal(gap["gap"]))
                block = equity.setdefault(indicator.code, IndicatorEquity(indicator, version.unit))
                block.rows.append(
                    EquityRow(
                        territory=synthesis.territory,
                        period=latest_point.get("period", ""),
                        dimension=widest.get("dimension", ""),
                        low_stratum=_stratum_name(strata, widest, "min"),
                        low=_decimal((widest.get("min") or {}).get("value")),
                        high_stratum=_stratum_name(strata, widest, "max"),
                        high=_decimal((widest.get("max") or {}).get("value")),
                        gap=_decimal(widest["gap"]),
                        ratio=_decimal(widest.get("ratio")),
                    )
                )
    for block in targets.values():
        # By governance level (provincial first), then territories in official code order.
        block.rows.sort(
            key=lambda row: (
                _LEVEL_ORDER.get(row.level, len(_LEVEL_ORDER)),
                _territory_order(row.territory),
            )
        )

    open_signals, open_count, by_kind = _open_signals(user)
    drafts = sorted(
        Synthesis.objects.visible_to(user)
        .filter(provisional=True, theme__isnull=True, territory__kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS])
        .select_related("territory"),
        key=lambda synthesis: (
            -synthesis.period_start.toordinal(),
            synthesis.granularity != Granularity.YEAR,
            _territory_order(synthesis.territory),
        ),
    )
    snapshots = sorted(
        {Snapshot(s.period_label, s.provisional, s.computed_at) for s in latest},
        key=lambda snapshot: (snapshot.period, str(snapshot.computed_at)),
    )
    return DecisionMakerView(
        snapshots=snapshots,
        targets=[targets[code] for code in sorted(targets)],
        equity=[equity[code] for code in sorted(equity)],
        open_signals=open_signals,
        open_signal_count=open_count,
        open_signals_by_kind=by_kind,
        drafts=drafts,
    )
