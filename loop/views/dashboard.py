"""The public dashboard: Québec as a whole and one page per RSS, read from the stored synthesis
snapshots only (never from the raw tables), so it keeps serving the last good synthesis when the
worker is down. Anyone reads it; only final snapshots are public (drafts of a period still
running are for decision-makers and staff).

Every figure gives its period, its source and the date it was calculated; a suppressed count
(stored as ``null``) is written "< 5" in the page and in its CSV alike; territories are always
in official code order, never ranked. Each table is built once here and serves both the page
and the CSV download, so the download is exactly what is shown."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ecosystem.figures import Figure, count_text, suppressed_text
from ecosystem.models import Territory, Theme
from ecosystem.pages import csv_response
from indicators import periods
from indicators.models import Dimension, Direction, GovernanceLevel, Granularity, Indicator, Unit
from indicators.templatetags.indicators import ChartRow, format_number, format_value
from initiatives.models import LearningKind, Phase
from partnerships.models import Level, Sphere

from .. import selectors
from ..models import SignalKind, SignalStatus, Synthesis
from ..page_cache import cached_for_visitors

# Where the platform's own counts come from (initiatives, learnings, spaces, engagements...).
PLATFORM_SOURCE = gettext_lazy("Learning ecosystem platform")
INDICATOR_FIGURE = "indicator-"


# --- Tables: one structure for the page and the CSV ----------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell as the page writes it (``text``) and as the CSV gives it (``plain``)."""

    text: str
    plain: str


def _count(value) -> Cell:
    return Cell(count_text(value), suppressed_text() if value is None else str(value))


def _text(value: str) -> Cell:
    return Cell(value, value)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _plain(number: Decimal | None, unit: str) -> str:
    """A value for a spreadsheet: a point for decimals, no grouping, the unit's decimals."""
    if number is None:
        return ""
    decimals = 0 if unit == Unit.COUNT and number == number.to_integral_value() else 1
    return str(number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _value(value, unit: str) -> Cell:
    number = _decimal(value)
    if number is None:
        return Cell(_("No value"), "")
    return Cell(format_value(number, unit), _plain(number, unit))


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]  # the first cell of each row names it
    empty: str = ""  # what the page says instead of an empty table


@dataclass
class FigureBlock:
    """One figure of the page: its tables, what they mean and where they come from. ``name`` is
    its CSV's name."""

    name: str
    title: str
    tables: list[Table]
    source: str
    summary: str = ""
    note: str = ""
    chart: dict | None = None  # the bar chart's arguments, for an indicator by region

    @property
    def anchor(self) -> str:
        return f"figure-{self.name}"


# --- What a page reads -----------------------------------------------------------------------------


@dataclass
class DashboardPage:
    territory: Territory
    territories: list[Territory]
    choices: list[selectors.PeriodChoice]
    period: selectors.DashboardPeriod
    themes: list[Theme]
    theme: Theme | None
    theme_error: str
    snapshots: dict[int, Synthesis] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    strata: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def province(self) -> Territory:
        return self.territories[0]

    @property
    def regions(self) -> list[Territory]:
        return [territory for territory in self.territories if territory.kind == Territory.Kind.RSS]

    @property
    def is_province(self) -> bool:
        return self.territory.kind == Territory.Kind.PROVINCE

    @property
    def snapshot(self) -> Synthesis | None:
        return self.snapshots.get(self.territory.pk)

    @property
    def period_label(self) -> str:
        return self.period.chosen.label if self.period.chosen else ""

    def query(self, **extra) -> str:
        """The query string that keeps this page's period and theme (for links and downloads)."""
        parameters = {}
        if self.period.chosen:
            parameters["period"] = self.period.chosen.label
        if self.theme:
            parameters["theme"] = self.theme.slug
        parameters.update(extra)
        return f"?{urlencode(parameters)}" if parameters else ""


def _load(request: HttpRequest, code: str | None, *, allow_province: bool = False) -> DashboardPage:
    """Everything a dashboard page or download reads, in a fixed number of queries: the
    territories, the periods with snapshots, the themes, the snapshots of the period (the page's
    territory and Québec; all 19 for Québec's page), the indicators they cite and the strata."""
    territories = selectors.dashboard_territories()
    territory = selectors.dashboard_territory(territories=territories, code=code, allow_province=allow_province)
    choices = selectors.dashboard_periods(user=request.user, territory=territory)
    period = selectors.dashboard_period_choose(choices=choices, asked=request.GET.get("period"))
    themes = selectors.dashboard_themes()
    theme, theme_error = selectors.dashboard_theme_choose(themes=themes, asked=request.GET.get("theme"))
    page = DashboardPage(territory, territories, choices, period, themes, theme, theme_error)
    if period.chosen is None:
        return page
    shown = territories if page.is_province else [page.province, territory]
    page.snapshots = selectors.dashboard_snapshots(
        user=request.user, period=period.chosen, theme=theme, territories=shown
    )
    codes = {
        figure.get("code")
        for snapshot in page.snapshots.values()
        for figure in snapshot.figures.get("indicators", [])
        if figure.get("code")
    }
    if codes:
        page.indicators = selectors.dashboard_indicators(codes=codes)
        page.strata = selectors.dashboard_strata()
    return page


# --- Field figures -----------------------------------------------------------------------------


def _choices_table(caption: str, header: list[str], counts: dict, choices, total) -> Table:
    rows = [[_text(str(label)), _count(counts.get(value, 0))] for value, label in choices]
    rows.append([_text(_("Total")), _count(total)])
    return Table(caption, header, rows)


def _caption(text: str, page: DashboardPage) -> str:
    """A table's caption: what it counts, where and when."""
    return _("%(what)s, %(territory)s, %(period)s") % {
        "what": text,
        "territory": page.territory.name,
        "period": page.period_label,
    }


def _share(count, total) -> Cell:
    """A share shown only when both its counts are (``ecosystem.figures.Figure``)."""
    if count is None or total is None:
        return Cell(suppressed_text(), suppressed_text())
    figure = Figure(count, total)
    if figure.suppressed:
        return Cell(suppressed_text(), suppressed_text())
    if figure.percent is None:  # no initiative at all: no share
        return Cell(str(figure), "")
    return Cell(str(figure), str(figure.percent))


def _median(days) -> Cell:
    if days is None:
        text = _("Not enough data (fewer than %(threshold)s links)") % {"threshold": settings.SMALL_COUNT_THRESHOLD}
        return Cell(text, text)
    number = _decimal(days)
    return Cell(format_value(number, Unit.DAYS), _plain(number, Unit.DAYS))


def field_figures(page: DashboardPage) -> list[FigureBlock]:
    """The field's figures of the page's snapshot, in the order the page shows them."""
    snapshot = page.snapshot
    if snapshot is None:
        return []
    document = snapshot.figures
    source = str(PLATFORM_SOURCE)
    initiatives = document.get("initiatives") or {}
    learnings = document.get("learnings") or {}
    recurring = document.get("recurring") or {}
    communities = document.get("communities") or {}
    partnership = document.get("partnership") or {}
    engagements = partnership.get("engagements") or {}
    signals = document.get("signals") or {}
    loop = document.get("loop") or {}
    count_header = _("Number")

    recurring_tables = []
    for kind, title in (
        (LearningKind.OBSTACLE, _("Recurring obstacles")),
        (LearningKind.SUCCESS_CONDITION, _("Recurring conditions for success")),
    ):
        rows = [[_text(item["word"]), _count(item["count"])] for item in recurring.get(kind.value, [])]
        recurring_tables.append(
            Table(
                _caption(title, page),
                [_("Word"), _("Learnings that use it")],
                rows,
                empty=_("No word comes back in 5 learnings or more."),
            )
        )

    return [
        FigureBlock(
            "initiatives",
            _("Initiatives by phase"),
            [
                _choices_table(
                    _caption(_("Initiatives by phase"), page),
                    [_("Phase"), _("Initiatives")],
                    initiatives.get("by_phase") or {},
                    Phase.choices,
                    initiatives.get("total"),
                )
            ],
            source,
            note=_("Initiatives under way at the end of the period, by the phase they had reached."),
        ),
        FigureBlock(
            "learnings",
            _("Learnings published by kind"),
            [
                _choices_table(
                    _caption(_("Learnings published by kind"), page),
                    [_("Kind of learning"), _("Learnings")],
                    learnings.get("by_kind") or {},
                    LearningKind.choices,
                    learnings.get("total"),
                )
            ],
            source,
            note=_("Learnings published during the period, that everyone may read."),
        ),
        FigureBlock(
            "recurring",
            _("Obstacles and conditions for success that recur"),
            recurring_tables,
            source,
            note=_(
                "The words shared by the titles of at least 5 obstacles (or conditions for success) "
                "published during the period."
            ),
        ),
        FigureBlock(
            "communities",
            _("Activity of the co-learning spaces"),
            [
                Table(
                    _caption(_("Activity of the co-learning spaces"), page),
                    [_("Activity"), count_header],
                    [
                        [_text(_("Gatherings held")), _count(communities.get("gatherings"))],
                        [_text(_("Active members")), _count(communities.get("members"))],
                    ],
                )
            ],
            source,
        ),
        FigureBlock(
            "partnership",
            _("Partnership with health partners"),
            [
                _choices_table(
                    _caption(_("Engagements by level"), page),
                    [_("Level of engagement"), _("Engagements")],
                    engagements.get("by_level") or {},
                    Level.choices,
                    engagements.get("total"),
                ),
                _choices_table(
                    _caption(_("Engagements by sphere"), page),
                    [_("Sphere"), _("Engagements")],
                    engagements.get("by_sphere") or {},
                    Sphere.choices,
                    engagements.get("total"),
                ),
                Table(
                    _caption(_("Initiatives with health partners"), page),
                    [_("Initiatives"), _("Value")],
                    [
                        [
                            _text(_("Initiatives with an engagement at co-construction or higher")),
                            _count(partnership.get("co_construction")),
                        ],
                        [
                            _text(_("Initiatives with partners involved from the start")),
                            _count(partnership.get("from_start")),
                        ],
                        [
                            _text(_("Share of initiatives at co-construction or higher")),
                            _share(partnership.get("co_construction"), initiatives.get("total")),
                        ],
                    ],
                ),
            ],
            source,
            note=_(
                "Engagements of health partners active during the period, in initiatives, co-learning "
                "spaces and governance bodies. The share is given only when both its counts are."
            ),
        ),
        FigureBlock(
            "signals",
            _("Watch signals"),
            [
                _choices_table(
                    _caption(_("Watch signals by kind"), page),
                    [_("Kind of signal"), _("Signals")],
                    signals.get("by_kind") or {},
                    SignalKind.choices,
                    signals.get("total"),
                ),
                _choices_table(
                    _caption(_("Watch signals by status"), page),
                    [_("Status"), _("Signals")],
                    signals.get("by_status") or {},
                    SignalStatus.choices,
                    signals.get("total"),
                ),
            ],
            source,
            note=_("Signals posted during the period."),
        ),
        FigureBlock(
            "loop",
            _("Closing the loop: decisions"),
            [
                Table(
                    _caption(_("Decisions and what informed them"), page),
                    [_("Measure"), _("Value")],
                    [
                        [_text(_("Decisions recorded for the period")), _count(loop.get("decisions"))],
                        [_text(_("Decisions informed by field learnings")), _count(loop.get("informed"))],
                        [
                            _text(_("Median time from a learning's publication to a decision citing it")),
                            _median(loop.get("median_days")),
                        ],
                    ],
                )
            ],
            source,
            note=_("The median is given once at least 5 links between a learning and a decision exist."),
        ),
    ]


# --- Indicators ----------------------------------------------------------------------------------


def _relabel(text: str | None) -> str:
    """A stored period label ("2025-Q3") written in the reader's language ("2025-T3")."""
    if not text:
        return ""
    try:
        granularity, start, _end = periods.parse(text)
    except periods.PeriodError:
        return text
    return periods.label(granularity, start)


def _point_label(point: dict | None) -> str:
    if not point:
        return ""
    try:
        return periods.label(point["granularity"], datetime.date.fromisoformat(point["start"]))
    except (KeyError, TypeError, ValueError):
        return _relabel(point.get("period"))


def _trend(latest: Decimal | None, previous: dict | None, unit: str, direction: str) -> str:
    """How the value moved since the previous period, in words that say whether it is better."""
    before = _decimal((previous or {}).get("value"))
    if latest is None or before is None:
        return _("No earlier value to compare with.")
    values = {"value": format_value(before, unit), "period": _point_label(previous)}
    if latest == before:
        return _("Unchanged since %(period)s (%(value)s).") % values
    up = latest > before
    if direction == Direction.NEITHER or direction not in Direction.values:
        return (_("Up from %(value)s in %(period)s.") if up else _("Down from %(value)s in %(period)s.")) % values
    better = up == (direction == Direction.HIGHER)
    if up:
        text = (
            _("Up from %(value)s in %(period)s: an improvement.")
            if better
            else _("Up from %(value)s in %(period)s: a deterioration.")
        )
    else:
        text = (
            _("Down from %(value)s in %(period)s: an improvement.")
            if better
            else _("Down from %(value)s in %(period)s: a deterioration.")
        )
    return text % values


def _target(target: dict | None, unit: str) -> str:
    if not target or _decimal(target.get("value")) is None:
        return ""
    levels = dict(GovernanceLevel.choices)
    return _("%(value)s (%(level)s target, %(period)s)") % {
        "value": format_value(_decimal(target["value"]), unit),
        "level": str(levels.get(target.get("level"), target.get("level", ""))).lower(),
        "period": _relabel(target.get("period")),
    }


def _equity(equity: list, unit: str, strata: dict) -> str:
    """The largest gap between the groups of one equity dimension, in words."""
    gaps = [item for item in equity or [] if _decimal(item.get("gap")) is not None]
    if not gaps:
        return ""
    largest = max(gaps, key=lambda item: _decimal(item["gap"]))
    dimension = largest.get("dimension", "")
    low, high = largest.get("min") or {}, largest.get("max") or {}
    return _("By %(dimension)s: from %(low_value)s (%(low)s) to %(high_value)s (%(high)s), a gap of %(gap)s.") % {
        "dimension": str(dict(Dimension.choices).get(dimension, dimension)).lower(),
        "low": strata.get((dimension, low.get("stratum")), low.get("stratum", "")),
        "low_value": format_value(_decimal(low.get("value")), unit),
        "high": strata.get((dimension, high.get("stratum")), high.get("stratum", "")),
        "high_value": format_value(_decimal(high.get("value")), unit),
        "gap": format_number(_decimal(largest["gap"]), unit),
    }


@dataclass
class IndicatorTile:
    code: str
    name: str
    url: str
    value: str
    period: str
    trend: str
    target: str
    equity: str
    province: str  # Québec's value, on an RSS page
    source: str


def _wording(page: DashboardPage, code: str) -> tuple[str, str, str, str, str]:
    """(name, unit, direction, source, url) of an indicator the snapshots cite."""
    indicator = page.indicators.get(code)
    version = indicator.values_version if indicator else None
    if version is None:
        return code, "", Direction.NEITHER, "", ""
    return version.name, version.unit, version.direction, version.data_source, indicator.get_absolute_url()


def _by_code(snapshot: Synthesis | None) -> dict[str, dict]:
    if snapshot is None:
        return {}
    return {figure["code"]: figure for figure in snapshot.figures.get("indicators", []) if figure.get("code")}


def indicator_tiles(page: DashboardPage) -> list[IndicatorTile]:
    """One tile per indicator with a value for the page's territory, in code order."""
    province = _by_code(page.snapshots.get(page.province.pk)) if not page.is_province else {}
    tiles = []
    for code, figure in sorted(_by_code(page.snapshot).items()):
        name, unit, direction, source, url = _wording(page, code)
        latest = figure.get("latest") or {}
        value = _decimal(latest.get("value"))
        reference = _decimal(((province.get(code) or {}).get("latest") or {}).get("value"))
        tiles.append(
            IndicatorTile(
                code=code,
                name=name,
                url=url,
                value=format_value(value, unit),
                period=_point_label(latest),
                trend=_trend(value, figure.get("previous"), unit, direction),
                target=_target(figure.get("target"), unit),
                equity=_equity(figure.get("equity"), unit, page.strata),
                province=format_value(reference, unit) if reference is not None else "",
                source=source,
            )
        )
    return tiles


def _regional_summary(page: DashboardPage, values: dict[int, tuple[Decimal | None, str]], unit: str) -> str:
    """The chart in one sentence: the lowest and highest regional values and Québec's."""
    regional = [(territory, values[territory.pk]) for territory in page.regions if values[territory.pk][0] is not None]
    province_value, province_period = values[page.province.pk]
    labels = [label for _territory, (_value, label) in regional if label] + (
        [province_period] if province_period else []
    )
    period = max(labels, default=page.period_label)
    if not regional:
        return _("Up to %(period)s, no region has a value for this indicator.") % {"period": period}
    low = min(regional, key=lambda pair: pair[1][0])
    high = max(regional, key=lambda pair: pair[1][0])
    parts = {
        "period": period,
        "low": format_value(low[1][0], unit),
        "low_code": low[0].code,
        "high": format_value(high[1][0], unit),
        "high_code": high[0].code,
        "province": format_value(province_value, unit),
    }
    if len(regional) == 1:
        if province_value is None:
            return _("In %(period)s, only RSS %(low_code)s has a value: %(low)s.") % parts
        return _("In %(period)s, only RSS %(low_code)s has a value: %(low)s; Québec: %(province)s.") % parts
    if province_value is None:
        return _("In %(period)s, the value ranges from %(low)s (RSS %(low_code)s) to %(high)s (RSS %(high_code)s).") % (
            parts
        )
    return (
        _(
            "In %(period)s, the value ranges from %(low)s (RSS %(low_code)s) to %(high)s (RSS %(high_code)s); "
            "Québec: %(province)s."
        )
        % parts
    )


def indicator_figures(page: DashboardPage) -> list[FigureBlock]:
    """For Québec's page: each indicator's latest value in the 18 RSS (official code order, never
    ranked) as a bar chart, its one-sentence summary and its data table (Québec first)."""
    if not page.is_province or page.period.chosen is None:
        return []
    by_territory = {territory.pk: _by_code(page.snapshots.get(territory.pk)) for territory in page.territories}
    codes = sorted({code for figures in by_territory.values() for code in figures})
    blocks = []
    for code in codes:
        name, unit, _direction, source, _url = _wording(page, code)
        values, targets = {}, {}
        for territory in page.territories:
            figure = by_territory[territory.pk].get(code) or {}
            latest = figure.get("latest") or {}
            values[territory.pk] = (_decimal(latest.get("value")), _point_label(latest) if latest else "")
            targets[territory.pk] = _decimal((figure.get("target") or {}).get("value"))
        rows = [
            ChartRow(label=territory.coded_name, value=values[territory.pk][0], target=targets[territory.pk])
            for territory in page.regions
        ]
        province_value = values[page.province.pk][0]
        # A count for Québec is the regions' sum: as a line it would flatten their bars.
        reference = province_value if unit != Unit.COUNT else None
        summary = _regional_summary(page, values, unit)
        table_rows = []
        for territory in page.territories:
            value, label = values[territory.pk]
            target = targets[territory.pk]
            table_rows.append(
                [
                    _text(territory.name if territory.kind == Territory.Kind.PROVINCE else territory.coded_name),
                    _value(value, unit),
                    _text(label),
                    _value(target, unit) if target is not None else _text(""),
                ]
            )
        table = Table(
            _("%(name)s, latest value by region up to %(period)s") % {"name": name, "period": page.period_label},
            [_("Territory"), _("Value"), _("Period of the value"), _("Target")],
            table_rows,
        )
        blocks.append(
            FigureBlock(
                f"{INDICATOR_FIGURE}{code}",
                name,
                [table],
                source,
                summary=summary,
                chart={
                    "rows": rows,
                    "unit": unit,
                    "reference": reference,
                    "reference_label": _("the value for Québec as a whole"),
                    "chart_id": f"chart-{code}",
                },
            )
        )
    return blocks


# --- Pages ---------------------------------------------------------------------------------------


def _territory_links(page: DashboardPage) -> list[dict]:
    query = page.query()
    links = []
    for territory in page.territories:
        if territory.kind == Territory.Kind.PROVINCE:
            url = reverse("loop:dashboard")
            label = territory.name
        else:
            url = reverse("loop:dashboard-region", kwargs={"code": territory.code})
            label = territory.coded_name
        links.append({"url": f"{url}{query}", "label": label, "current": territory.pk == page.territory.pk})
    return links


def _learnings_url(page: DashboardPage) -> str:
    parameters = {}
    if not page.is_province:
        parameters["territory"] = page.territory.code
    if page.theme:
        parameters["theme"] = page.theme.slug
    url = reverse("initiatives:learnings")
    return f"{url}?{urlencode(parameters)}" if parameters else url


@cached_for_visitors
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    page = _load(request, code)
    context = {
        "page": page,
        "territory": page.territory,
        "territory_label": page.territory.name if page.is_province else page.territory.coded_name,
        "territory_links": _territory_links(page),
        "snapshot": page.snapshot,
        "tiles": [],
        "indicator_figures": [],
        "field_figures": [],
        "learnings": [],
        "decisions": [],
        "platform_source": PLATFORM_SOURCE,
    }
    status = 404 if page.period.error else 200
    if page.snapshot is not None:
        chosen = page.period.chosen
        learnings, more_learnings = selectors.dashboard_learnings(
            territory=page.territory, period=chosen, theme=page.theme
        )
        decisions, more_decisions = selectors.dashboard_decisions(
            territory=page.territory, period=chosen, theme=page.theme
        )
        context.update(
            tiles=indicator_tiles(page),
            indicator_figures=indicator_figures(page),
            field_figures=field_figures(page),
            learnings=learnings,
            more_learnings=more_learnings,
            learnings_url=_learnings_url(page),
            decisions=decisions,
            more_decisions=more_decisions,
            csv_query=page.query(),
        )
    return render(request, "loop/dashboard/dashboard.html", context, status=status)


def figure_csv(request: HttpRequest, code: str, figure: str) -> HttpResponse:
    """One figure of a dashboard page as a CSV file: the rows of its tables as the page shows them
    (same order, suppressed counts as "< 5"). Québec's figures are under its code (QC)."""
    page = _load(request, code, allow_province=True)
    if page.snapshot is None:
        raise Http404(_("There are no figures for this period."))
    blocks = {block.name: block for block in (*indicator_figures(page), *field_figures(page))}
    block = blocks.get(figure)
    if block is None:
        raise Http404(_("There is no such figure on this dashboard."))
    snapshot = page.snapshot
    computed = timezone.localtime(snapshot.computed_at).date().isoformat()
    if block.name.startswith(INDICATOR_FIGURE):
        table = block.tables[0]
        header = [*table.header, _("Source"), pgettext("dashboard figure", "Calculated on")]
        rows = [[*(cell.plain for cell in row), block.source, computed] for row in table.rows]
    else:
        header = [
            _("Territory code"),
            _("Territory"),
            _("Period"),
            _("Table"),
            _("Row"),
            _("Value"),
            _("Source"),
            pgettext("dashboard figure", "Calculated on"),
        ]
        rows = [
            [
                page.territory.code,
                page.territory.name,
                page.period_label,
                table.caption,
                *(cell.plain for cell in row),
                block.source,
                computed,
            ]
            for table in block.tables
            for row in table.rows
        ]
    theme = f"-{page.theme.slug}" if page.theme else ""
    return csv_response(f"{page.territory.code}-{page.period_label}{theme}-{block.name}.csv", header, rows)


@cached_for_visitors
def about(request: HttpRequest) -> HttpResponse:
    """What the dashboard publishes and why."""
    context = {
        "last_computed": selectors.dashboard_last_computed(user=request.user),
        "granularities": [Granularity.YEAR.label, Granularity.QUARTER.label],
    }
    return render(request, "loop/dashboard/about.html", context)


# --- Other people's pages (re-pointed by the lead) -----------------------------------------------
