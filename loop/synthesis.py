"""The synthesis computation: what the field logged, rolled up per territory × period × theme.

A run computes whole years: each year with its quarters so far, for Québec and each RSS, for all
themes and for each theme. Every count comes from aggregate SQL (``GROUP BY`` over the period's
rows, four groupings per figure: RSS × theme, RSS, theme, all); Python only combines the
aggregated cells, removes the small ones (``loop.suppression``) and shapes the documents stored
in ``Synthesis.figures``:

    {
      "initiatives": {"total": 24, "by_phase": {"idea": 5, "startup": null, ...}},
      "learnings": {"total": 12, "by_kind": {"obstacle": 6, ...}},
      "recurring": {"obstacle": [{"word": "transport", "count": 7}, ...], "success_condition": [...]},
      "communities": {"gatherings": 9, "members": 41},
      "partnership": {"engagements": {"total": .., "by_level": {..}, "by_sphere": {..}},
                      "co_construction": 10, "from_start": 6},
      "signals": {"total": 8, "by_kind": {..}, "by_status": {..}},
      "loop": {"decisions": 6, "informed": 5, "median_days": 41.5},
      "indicators": [{"code": .., "latest": {..}, "previous": {..} | null, "target": {..} | null,
                      "equity": [{"dimension": .., "min": {..}, "max": {..}, "gap": .., "ratio": ..}]}]
    }

``null`` is a suppressed count. Initiatives, members, engagements and co-construction are
stocks (at the end of the period, or active during it); learnings, gatherings, signals and
decisions are flows (in the period), so a year's flow is the sum of its quarters and the two
are suppressed together.
"""

import datetime
import operator
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce

from django.conf import settings
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber, TruncQuarter
from django.utils import timezone

from communities.models import Gathering, Membership
from ecosystem.models import Territory, Theme
from indicators import periods
from indicators.models import Dimension, GovernanceLevel, Granularity, Indicator, Measurement, Stratum, Target
from initiatives.models import Learning, LearningKind, Phase, PhaseChange
from partnerships.models import Engagement, Level, Sphere

from .models import Decision, LearningWord, Signal, SignalKind, SignalStatus
from .suppression import Relation, suppress
from .words import RECURRING_KINDS

YEAR = 0  # the period index of the year; quarters are 1 to 4

# Tables of counts: (section, group) → the items of that group. Every table of a section adds
# up to the section's total.
TABLES: dict[tuple[str, str], list[str]] = {
    ("initiatives", "by_phase"): list(Phase.values),
    ("learnings", "by_kind"): list(LearningKind.values),
    ("partnership", "by_level"): list(Level.values),
    ("partnership", "by_sphere"): list(Sphere.values),
    ("signals", "by_kind"): list(SignalKind.values),
    ("signals", "by_status"): list(SignalStatus.values),
}
# The table whose items add up to each section's total.
PARTITIONS = {
    ("initiatives", "by_phase"),
    ("learnings", "by_kind"),
    ("partnership", "by_level"),
    ("signals", "by_kind"),
}
# Single counts, outside any table: (section, name).
SINGLES = [
    ("communities", "gatherings"),
    ("communities", "members"),
    ("partnership", "co_construction"),
    ("partnership", "from_start"),
    ("loop", "decisions"),
    ("loop", "informed"),
]
FLOWS = {"learnings", "signals", ("communities", "gatherings"), ("loop", "decisions"), ("loop", "informed")}
RECURRING_WORDS = 8
LOOKBACK = datetime.timedelta(days=366)


@dataclass(frozen=True)
class SynthesisPeriod:
    """A year or a quarter, as ``indicators.periods.bounds`` gives it."""

    granularity: str
    start: datetime.date
    end: datetime.date

    @property
    def index(self) -> int:
        """YEAR, or the quarter's number."""
        return YEAR if self.granularity == Granularity.YEAR else _quarter_index(self.start)

    @property
    def label(self) -> str:
        return periods.label(self.granularity, self.start)

    def is_over(self, today: datetime.date) -> bool:
        return self.end < today


def year_periods(year: int, *, today: datetime.date) -> list[SynthesisPeriod]:
    """The year and those of its quarters that have started by ``today``."""
    quarters = [SynthesisPeriod(*periods.bounds(Granularity.QUARTER, year, quarter)) for quarter in range(1, 5)]
    return [SynthesisPeriod(*periods.bounds(Granularity.YEAR, year))] + [
        quarter for quarter in quarters if quarter.start <= today
    ]


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight, Québec time, at the start of ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _rss(path: str) -> Case:
    """The RSS of the territory at ``path``: itself, its parent or its grandparent (None for
    Québec as a whole)."""
    return Case(
        When(**{f"{path}__kind": Territory.Kind.RSS}, then=F(path)),
        When(**{f"{path}__parent__kind": Territory.Kind.RSS}, then=F(f"{path}__parent")),
        When(**{f"{path}__parent__parent__kind": Territory.Kind.RSS}, then=F(f"{path}__parent__parent")),
        default=None,
    )


class Cells:
    """Counts keyed (territory id, period index, theme id or None, section, group, item)."""

    def __init__(self, province: int) -> None:
        self.province = province
        self.counts: dict[tuple, int] = {}

    def add(self, key: tuple, count: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + count

    def grouped(
        self,
        queryset: QuerySet,
        *,
        territory: str,
        theme: str | None,
        counted: str,
        path: tuple[str, str],
        item=None,
        period: int | Callable | None = None,
    ) -> None:
        """Add ``COUNT(DISTINCT counted)`` of ``queryset`` per RSS × theme, RSS, theme and in
        all, under ``path`` (and per ``item`` when given: a field or expression). ``period`` is
        a period index, or for flows (``quarter`` annotated) a function giving a truncated
        quarter's index: each row then counts in its quarter and in the year. Without ``theme``
        (what has no theme), the rows count under all themes only."""
        names = ["quarter"] if callable(period) else []
        fields = {"item": F(item)} if item is not None else {}
        for by_region in (True, False):
            for by_theme in (True, False) if theme else (False,):
                groups = dict(fields)
                if by_region:
                    groups["region"] = _rss(territory)
                if by_theme:
                    groups["theme"] = F(theme)
                if names or groups:
                    rows = queryset.values(*names, **groups).annotate(n=Count(counted, distinct=True)).order_by()
                else:  # one count over all the rows (values() without fields would group by row)
                    rows = [queryset.aggregate(n=Count(counted, distinct=True))]
                for row in rows:
                    region = row["region"] if by_region else self.province
                    theme_id = row["theme"] if by_theme else None
                    if region is None or (by_theme and theme_id is None):
                        continue
                    name = row["item"] if item is not None else ""
                    if callable(period):  # a flow: its quarter, and its year (the sum of the quarters)
                        self.add((region, period(row["quarter"]), theme_id, *path, name), row["n"])
                        self.add((region, YEAR, theme_id, *path, name), row["n"])
                    else:
                        self.add((region, period, theme_id, *path, name), row["n"])

    def add_totals(self) -> None:
        """Each section's total, as the sum of the table that partitions it (every initiative
        stands in one phase, every learning and signal has one kind, every engagement one level)."""
        for key, count in list(self.counts.items()):
            if key[3:5] in PARTITIONS:
                self.add((*key[:3], key[3], "total", ""), count)


def _quarter_index(moment) -> int:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return (moment.month - 1) // 3 + 1


def _count_flows(cells: Cells, year: int) -> None:
    since, until = start_of_day(datetime.date(year, 1, 1)), start_of_day(datetime.date(year + 1, 1, 1))
    learnings = (
        Learning.objects.visible_to(None)
        .filter(published_at__gte=since, published_at__lt=until)
        .annotate(quarter=TruncQuarter("published_at"))
    )
    cells.grouped(
        learnings,
        territory="territory",
        theme="themes",
        counted="pk",
        path=("learnings", "by_kind"),
        item="kind",
        period=_quarter_index,
    )
    gatherings = Gathering.objects.filter(starts_at__gte=since, starts_at__lt=until).annotate(
        quarter=TruncQuarter("starts_at")
    )
    cells.grouped(
        gatherings,
        territory="community__territories",
        theme="community__themes",
        counted="pk",
        path=("communities", "gatherings"),
        period=_quarter_index,
    )
    signals = Signal.objects.filter(created_at__gte=since, created_at__lt=until).annotate(
        quarter=TruncQuarter("created_at")
    )
    for item, path in (("kind", ("signals", "by_kind")), ("status", ("signals", "by_status"))):
        cells.grouped(
            signals, territory="territory", theme="themes", counted="pk", path=path, item=item, period=_quarter_index
        )
    decisions = Decision.objects.filter(decided_on__year=year).annotate(quarter=TruncQuarter("decided_on"))
    cells.grouped(
        decisions,
        territory="territory",
        theme="learnings__themes",
        counted="pk",
        path=("loop", "decisions"),
        period=_quarter_index,
    )
    cells.grouped(
        decisions.filter(learnings__isnull=False),
        territory="territory",
        theme="learnings__themes",
        counted="pk",
        path=("loop", "informed"),
        period=_quarter_index,
    )


def _count_stocks(cells: Cells, period: SynthesisPeriod, *, initiatives: bool = True) -> None:
    """What stands at the end of ``period`` (initiatives by phase) or was active during it."""
    if initiatives:
        # The change each initiative stands in: none of its changes by the period's end comes
        # after it (an anti-join, twice as fast here as ranking every change by a window).
        later = PhaseChange.objects.filter(initiative=OuterRef("initiative"), changed_on__lte=period.end).filter(
            Q(changed_on__gt=OuterRef("changed_on")) | Q(changed_on=OuterRef("changed_on"), pk__gt=OuterRef("pk"))
        )
        cells.grouped(
            PhaseChange.objects.filter(changed_on__lte=period.end).exclude(Exists(later)),
            territory="initiative__territories",
            theme="initiative__themes",
            counted="initiative_id",
            path=("initiatives", "by_phase"),
            item="phase",
            period=period.index,
        )
    members = Membership.objects.filter(
        joined_at__isnull=False, joined_at__lt=start_of_day(period.end) + datetime.timedelta(days=1)
    ).filter(Q(left_at__isnull=True) | Q(left_at__gte=start_of_day(period.start)))
    cells.grouped(
        members,
        territory="community__territories",
        theme="community__themes",
        counted="user_id",
        path=("communities", "members"),
        period=period.index,
    )
    engagements = Engagement.objects.counted().filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start), started_on__lte=period.end
    )
    for target in ("initiative", "community"):
        on_target = engagements.filter(**{f"{target}__isnull": False})
        for item, path in (("level", ("partnership", "by_level")), ("sphere", ("partnership", "by_sphere"))):
            cells.grouped(
                on_target,
                territory=f"{target}__territories",
                theme=f"{target}__themes",
                counted="pk",
                path=path,
                item=item,
                period=period.index,
            )
    on_bodies = engagements.filter(governance_body__isnull=False)
    for item, path in (("level", ("partnership", "by_level")), ("sphere", ("partnership", "by_sphere"))):
        # A governance body has one territory and no theme: it counts in "all themes" only.
        cells.grouped(
            on_bodies,
            territory="governance_body__territory",
            theme=None,
            counted="pk",
            path=path,
            item=item,
            period=period.index,
        )
    # Initiatives that stand at the period's end, as those counted by phase: a share of them.
    on_initiatives = engagements.filter(initiative__phase_changes__changed_on__lte=period.end)
    for name, subset in (
        ("co_construction", on_initiatives.filter(level__in=Level.at_least(Level.CO_CONSTRUCTION))),
        ("from_start", on_initiatives.filter(from_start=True)),
    ):
        cells.grouped(
            subset,
            territory="initiative__territories",
            theme="initiative__themes",
            counted="initiative_id",
            path=("partnership", name),
            period=period.index,
        )


def _recurring_words(year: int, province: int) -> dict[tuple, list[tuple[str, int]]]:
    """Per (territory, period index, theme, kind): the words shared by at least threshold of the
    period's published obstacles (or conditions of success), with how many share each. The words
    were split from the titles when the learnings were saved (``loop.words``); they are counted
    like every other figure (``Cells.grouped``)."""
    since, until = start_of_day(datetime.date(year, 1, 1)), start_of_day(datetime.date(year + 1, 1, 1))
    cells = Cells(province)
    for kind in RECURRING_KINDS:
        published = Learning.objects.visible_to(None).filter(published_at__gte=since, published_at__lt=until, kind=kind)
        cells.grouped(
            LearningWord.objects.filter(learning__in=published.values("pk")).annotate(
                quarter=TruncQuarter("learning__published_at")
            ),
            territory="learning__territory",
            theme="learning__themes",
            counted="learning_id",
            path=("recurring", kind),
            item="word",
            period=_quarter_index,
        )
    threshold = settings.SMALL_COUNT_THRESHOLD
    recurring: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for (territory, index, theme, _section, kind, word), count in cells.counts.items():
        if count >= threshold:
            recurring[(territory, index, theme, kind)].append((word, count))
    return recurring


def _median_days(year: int, province: int) -> dict[tuple, float | None]:
    """Per (territory, period index, theme): the median number of days from a learning's
    publication to a decision of the period that cites it, over at least threshold pairs."""
    links = (
        Decision.learnings.through.objects.filter(decision__decided_on__year=year)
        .annotate(region=_rss("decision__territory"))
        .values_list("decision__decided_on", "learning__published_at", "region", "learning_id")
    )
    themes: dict[int, set[int]] = defaultdict(set)
    for learning_id, theme_id in Learning.themes.through.objects.filter(
        learning__informed_decisions__decided_on__year=year
    ).values_list("learning_id", "theme_id"):
        themes[learning_id].add(theme_id)
    days: dict[tuple, list[int]] = defaultdict(list)
    for decided_on, published_at, region, learning_id in links:
        if published_at is None:
            continue
        delay = max((decided_on - timezone.localtime(published_at).date()).days, 0)
        quarter = (decided_on.month - 1) // 3 + 1
        for territory in {province, region} - {None}:
            for theme in (None, *themes.get(learning_id, ())):
                for index in (YEAR, quarter):
                    days[(territory, index, theme)].append(delay)
    threshold = settings.SMALL_COUNT_THRESHOLD
    return {key: statistics.median(values) if len(values) >= threshold else None for key, values in days.items()}


def _number(value: Decimal | None) -> str | None:
    """A decimal as plain text without trailing zeros ("60.1", "702822"), as the API gives values."""
    return None if value is None else format(value.normalize(), "f")


def _indicator_figures(period: SynthesisPeriod, territories: list[int]) -> dict[int, list[dict]]:
    """Per territory: for each indicator with public values, the latest value up to the end of
    ``period``, the previous one, the target in force for that territory's level and the equity
    gap across each dimension's strata in the latest period. Two reads of the period's values:
    the totals ranked by a window (the latest three of each indicator and territory), then the
    strata of those latest periods, filtered without sorting."""
    strata = {pk: (dimension, code) for pk, dimension, code in Stratum.objects.values_list("pk", "dimension", "code")}
    total = next(pk for pk, (dimension, _code) in strata.items() if dimension == Dimension.TOTAL)
    values = Measurement.objects.public().filter(
        suppressed=False,
        value__isnull=False,
        territory_id__in=territories,
        period_end__lte=period.end,
        period_start__gte=period.start - LOOKBACK,
    )
    totals = (
        values.filter(stratum_id=total)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id"), F("territory_id")],
                order_by=[F("period_end").desc(), F("period_start").desc()],
            )
        )
        .filter(rank__lte=3)
        .order_by()
        .values_list(
            "indicator_id", "territory_id", "granularity", "period_start", "value", "ci_low", "ci_high", "rank"
        )
    )
    series: dict[tuple, dict] = {}
    for indicator, territory, granularity, start, value, low, high, rank in totals:
        cell = series.setdefault((indicator, territory), {"total": [], "strata": defaultdict(list)})
        point = {
            "period": periods.label(granularity, start),
            "granularity": granularity,
            "start": start.isoformat(),
            "value": _number(value),
        }
        if low is not None and high is not None:
            point["ci"] = [_number(low), _number(high)]
        cell["total"].append((rank, point))
        if rank == 1:
            cell["latest"] = (granularity, start)
    latest_periods = {key: cell["latest"] for key, cell in series.items()}
    # Each indicator's latest periods (most territories share one): a short list of conditions.
    wanted = {(indicator, *period) for (indicator, _territory), period in latest_periods.items()}
    in_latest_periods = (
        values.exclude(stratum_id=total)
        .filter(
            reduce(
                operator.or_,
                (
                    Q(indicator_id=indicator, granularity=granularity, period_start=start)
                    for indicator, granularity, start in wanted
                ),
                Q(pk__in=[]),
            )
        )
        .order_by()
        .values_list("indicator_id", "territory_id", "stratum_id", "granularity", "period_start", "value")
    )
    for indicator, territory, stratum, granularity, start, value in in_latest_periods:
        if latest_periods.get((indicator, territory)) == (granularity, start):
            dimension, code = strata[stratum]
            series[(indicator, territory)]["strata"][dimension].append((code, value))
    targets = _targets(period, territories)
    result: dict[int, list[dict]] = defaultdict(list)
    codes = dict(Indicator.objects.filter(pk__in={key[0] for key in series}).values_list("pk", "code"))
    for (indicator, territory), cell in sorted(series.items(), key=lambda item: (codes[item[0][0]], item[0][1])):
        totals = [point for _, point in sorted(cell["total"], key=lambda pair: pair[0])]
        latest = totals[0]
        previous = next((point for point in totals[1:] if point["granularity"] == latest["granularity"]), None)
        equity = []
        for dimension, shown in sorted(cell["strata"].items()):
            if len(shown) < 2:
                continue
            low = min(shown, key=lambda pair: pair[1])
            high = max(shown, key=lambda pair: pair[1])
            equity.append(
                {
                    "dimension": dimension,
                    "min": {"stratum": low[0], "value": _number(low[1])},
                    "max": {"stratum": high[0], "value": _number(high[1])},
                    "gap": _number(high[1] - low[1]),
                    "ratio": _number((high[1] / low[1]).quantize(Decimal("0.01"))) if low[1] > 0 else None,
                }
            )
        result[territory].append(
            {
                "code": codes[indicator],
                "latest": latest,
                "previous": previous,
                "target": targets.get((indicator, territory)),
                "equity": equity,
            }
        )
    return result


def _targets(period: SynthesisPeriod, territories: list[int]) -> dict[tuple, dict]:
    """The target of each (indicator, territory) for the level that territory answers to
    (provincial for Québec, regional for an RSS): the latest one that starts by the period's end."""
    found = {}
    rows = (
        Target.objects.filter(
            territory_id__in=territories,
            level__in=[GovernanceLevel.PROVINCIAL, GovernanceLevel.REGIONAL],
            period_start__lte=period.end,
        )
        .order_by("indicator_id", "territory_id", "period_start")
        .values_list("indicator_id", "territory_id", "level", "granularity", "period_start", "value")
    )
    province = Territory.objects.province().pk
    for indicator, territory, level, granularity, start, value in rows:
        if (level == GovernanceLevel.PROVINCIAL) != (territory == province):
            continue
        found[(indicator, territory)] = {
            "value": _number(value),
            "level": level,
            "period": periods.label(granularity, start),
        }
    return found


# --- Suppression and the stored documents --------------------------------------------------------


def _relations(keys, *, territories: list[int], province: int, quarters: list[int]) -> list[Relation]:
    """Every linear relation between the cells: each table and its section's total, the 18 RSS
    and Québec, and (for flows) the quarters and their year."""
    relations = []
    places = {(key[0], key[1], key[2]) for key in keys}
    for territory, index, theme in places:
        for (section, group), items in TABLES.items():
            parts = tuple((territory, index, theme, section, group, item) for item in items)
            relations.append(Relation(parts, (territory, index, theme, section, "total", "")))
    paths = {key[3:] for key in keys}
    themes = {key[2] for key in keys}
    regions = [territory for territory in territories if territory != province]
    for path in paths:
        flow = path[0] in FLOWS or path[:2] in FLOWS
        for theme in themes:
            for index in (YEAR, *quarters):
                parts = tuple((region, index, theme, *path) for region in regions)
                relations.append(Relation(parts, (province, index, theme, *path)))
            if flow:
                for territory in territories:
                    parts = tuple((territory, quarter, theme, *path) for quarter in quarters)
                    relations.append(Relation(parts, (territory, YEAR, theme, *path)))
    return relations


def _document(cells: dict, hidden: set, place: tuple) -> dict:
    def count(*path):
        key = (*place, *path)
        return None if key in hidden else cells.get(key, 0)

    document: dict = {}
    for (section, group), items in TABLES.items():
        part = document.setdefault(section, {"total": count(section, "total", "")})
        part[group] = {item: count(section, group, item) for item in items}
    document["communities"] = {name: count("communities", name, "") for name in ("gatherings", "members")}
    partnership = document["partnership"]
    document["partnership"] = {
        "engagements": partnership,
        "co_construction": count("partnership", "co_construction", ""),
        "from_start": count("partnership", "from_start", ""),
    }
    document["loop"] = {name: count("loop", name, "") for name in ("decisions", "informed")}
    return document


@dataclass
class ComputedYear:
    """The snapshots of one year, ready to be stored: (territory id, period, theme id, figures)."""

    year: int
    periods: list[SynthesisPeriod]
    documents: list[tuple[int, SynthesisPeriod, int | None, dict]]


def compute_year(year: int, *, today: datetime.date | None = None, progress=None) -> ComputedYear:
    """Every snapshot of ``year`` (and its quarters so far), small counts already removed."""
    today = today or timezone.localdate()
    progress = progress or (lambda percent: None)
    province = Territory.objects.province().pk
    territories = [province, *Territory.objects.regions().values_list("pk", flat=True)]
    theme_ids = [None, *Theme.objects.order_by("pk").values_list("pk", flat=True)]
    year_periods_ = year_periods(year, today=today)
    quarters = [period.index for period in year_periods_ if period.index != YEAR]
    cells = Cells(province)
    _count_flows(cells, year)
    progress(20)
    # The year and its fourth quarter end on the same day: the same initiatives stand then.
    same_end = any(period.index == 4 for period in year_periods_)
    for step, period in enumerate(year_periods_):
        _count_stocks(cells, period, initiatives=not (period.index == YEAR and same_end))
        progress(20 + 40 * (step + 1) // len(year_periods_))
    if same_end:
        for key, count in list(cells.counts.items()):
            if key[1] == 4 and key[3] == "initiatives":
                cells.add((key[0], YEAR, *key[2:]), count)
    cells.add_totals()
    counts = {key: count for key, count in cells.counts.items() if key[1] in {YEAR, *quarters}}
    hidden = suppress(counts, _relations(counts, territories=territories, province=province, quarters=quarters))
    words = _recurring_words(year, province)
    medians = _median_days(year, province)
    progress(70)
    indicators = {period.index: _indicator_figures(period, territories) for period in year_periods_}
    progress(90)
    indicator_themes: dict[str, set[int]] = defaultdict(set)
    for code, theme in Indicator.objects.filter(themes__isnull=False).values_list("code", "themes"):
        indicator_themes[code].add(theme)
    documents = []
    for period in year_periods_:
        for territory in territories:
            for theme in theme_ids:
                place = (territory, period.index, theme)
                document = _document(counts, hidden, place)
                document["loop"]["median_days"] = medians.get(place)
                document["recurring"] = {
                    kind: [
                        {"word": word, "count": count}
                        for word, count in sorted(words.get((*place, kind), ()), key=lambda pair: (-pair[1], pair[0]))
                    ][:RECURRING_WORDS]
                    for kind in RECURRING_KINDS
                }
                document["indicators"] = [
                    figure
                    for figure in indicators[period.index].get(territory, [])
                    if theme is None or theme in indicator_themes.get(figure["code"], ())
                ]
                documents.append((territory, period, theme, document))
    return ComputedYear(year, year_periods_, documents)
