"""The public pages of the co-built indicators: the catalogue, an indicator's sheet and one
version's wording.

Anyone reads them. The sheet gives the definition in force, how it was co-built (a fact on
record: who by role, how many, when; names only when the person chose it), its versions, the
latest values by RSS as a chart with its data table and CSV, the values by equity stratum and
over time for a territory, and the targets. Values are those of adopted versions only, and a
suppressed cell is written "< 5" in the page and the CSV alike, never its value."""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from ecosystem.figures import suppressed_text
from ecosystem.models import Territory
from ecosystem.pages import csv_response, filtered, list_page, paginate

from .. import selectors
from ..filters import IndicatorFilter
from ..models import ContributorRole, GovernanceLevel, Measurement, Unit
from ..templatetags.indicators import ChartRow

# The query-string name of the territory whose strata and trend the sheet shows.
TERRITORY_PARAMETER = "territoire"


# --- The catalogue ---------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def indicator_list(request: HttpRequest) -> HttpResponse:
    filterset, results = filtered(IndicatorFilter, request, selectors.indicator_list())
    page, page_range = paginate(request, results)
    context = {"filter": filterset, "page": page, "page_range": page_range}
    if not (request.htmx and not request.htmx.history_restore_request):
        context["can_propose"] = selectors.can_propose_indicator(user=request.user)
    return list_page(request, "indicators/indicator_list.html", context)


# --- The sheet -------------------------------------------------------------------------------


def _label(territory: Territory) -> str:
    """ "Ensemble du Québec", "06 Montréal": RSS by their official code, as data is published."""
    return territory.name if territory.kind == Territory.Kind.PROVINCE else territory.coded_name


def _chart_rows(regional: selectors.RegionalValues, unit: str) -> list[ChartRow]:
    """One bar per territory, in official code order (never ranked by value). A count for Québec
    is the regions' sum: its bar would flatten theirs, so it is left to the sentence and the table."""
    rows = []
    for row in regional.rows:
        if unit == Unit.COUNT and row.territory.kind == Territory.Kind.PROVINCE:
            continue
        measurement = row.measurement
        suppressed = measurement is not None and measurement.suppressed
        rows.append(
            ChartRow(
                label=_label(row.territory),
                value=None if measurement is None or suppressed else measurement.value,
                suppressed=suppressed,
                emphasis=row.territory.kind == Territory.Kind.PROVINCE,
            )
        )
    return rows


def _summary(regional: selectors.RegionalValues) -> dict:
    """What the chart's one-sentence summary says: Québec's value and how many regions have one."""
    province = next((row for row in regional.rows if row.territory.kind == Territory.Kind.PROVINCE), None)
    regions = [row for row in regional.rows if row.territory.kind == Territory.Kind.RSS]
    return {
        "province": province.measurement if province else None,
        "regions": len(regions),
        "regions_with_value": sum(1 for row in regions if row.measurement is not None),
    }


def _chosen_territory(request: HttpRequest, territories: list[Territory]) -> tuple[Territory | None, str]:
    """The territory of ``?territoire=<code>`` among Québec and its RSS (Québec by default), or
    the reason it cannot be shown."""
    code = request.GET.get(TERRITORY_PARAMETER, "").strip()
    if not code:
        return next((t for t in territories if t.kind == Territory.Kind.PROVINCE), None), ""
    for territory in territories:
        if territory.code == code:
            return territory, ""
    return None, _(
        "There is no territory “%(code)s” among Québec as a whole and its regions: choose one in the list."
    ) % {"code": code[:20]}


def _targets_by_level(targets) -> list[tuple[str, list]]:
    """The targets in one table per governance level, from the provincial level to the team."""
    order = list(GovernanceLevel.values)
    labels = dict(GovernanceLevel.choices)
    grouped: dict[str, list] = {}
    for target in sorted(targets, key=lambda target: order.index(target.level)):
        grouped.setdefault(target.level, []).append(target)
    return [(str(labels[level]), rows) for level, rows in grouped.items()]


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_get(code=code)
    record = selectors.coconstruction_record(indicator=indicator)
    regional = selectors.latest_by_region(indicator=indicator)
    territories = [row.territory for row in regional.rows]
    territory, territory_error = _chosen_territory(request, territories)
    stratified, series = [], []
    if territory is not None and regional.period_start is not None:
        stratified = selectors.stratified_values(
            indicator=indicator,
            territory=territory,
            granularity=regional.granularity,
            period_start=regional.period_start,
        )
        series = selectors.value_series(indicator=indicator, territory=territory, granularity=regional.granularity)
    context = {
        "indicator": indicator,
        "version": indicator.current,
        "in_force": indicator.in_force,
        "unit": getattr(indicator.values_version, "unit", ""),
        "record": record,
        "contributions": [(contribution, selectors.signature(contribution)) for contribution in record.contributions],
        "regional": regional,
        "chart_rows": _chart_rows(regional, getattr(indicator.values_version, "unit", "")),
        "summary": _summary(regional),
        "sources": sorted(
            {row.measurement.source for row in regional.rows if row.measurement and row.measurement.source}
        ),
        "calculated_on": selectors.calculated_on(regional=regional),
        "territory_choices": [(choice.code, _label(choice)) for choice in territories],
        "territory": territory,
        "territory_label": _label(territory) if territory else "",
        "territory_error": territory_error,
        "territory_parameter": TERRITORY_PARAMETER,
        "stratified": stratified,
        "series": series,
        "targets_by_level": _targets_by_level(selectors.indicator_targets(indicator=indicator)),
        "is_steward": indicator.is_steward(request.user),
    }
    return render(request, "indicators/indicator_detail.html", context)


def _plain(number, unit: str) -> str:
    """A number for a spreadsheet: a point for decimals, no grouping, the unit's decimals."""
    if number is None:
        return ""
    decimals = 0 if unit == Unit.COUNT and number == number.to_integral_value() else 1
    return str(Decimal(number).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _csv_row(territory: Territory, measurement: Measurement | None, period: str, unit: str) -> list:
    if measurement is None:
        return [territory.code, territory.name, period, "", "", "", "", "", ""]
    if measurement.suppressed:
        return [territory.code, territory.name, period, suppressed_text(), "", "", "", "", measurement.source]
    return [
        territory.code,
        territory.name,
        period,
        _plain(measurement.value, unit),
        _plain(measurement.ci_low, unit),
        _plain(measurement.ci_high, unit),
        _plain(measurement.numerator, Unit.COUNT),
        _plain(measurement.denominator, Unit.COUNT),
        measurement.source,
    ]


def indicator_values_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The rows of the sheet's table of values by RSS, as a CSV file."""
    indicator = selectors.indicator_get(code=code)
    regional = selectors.latest_by_region(indicator=indicator)
    values_version = indicator.values_version
    unit = values_version.unit
    period = regional.period_label
    header = [
        _("Territory code"),
        _("Territory"),
        _("Period"),
        _("Value (%(unit)s)") % {"unit": values_version.get_unit_display()},
        _("Confidence interval, low"),
        _("Confidence interval, high"),
        _("Numerator"),
        _("Denominator"),
        _("Source"),
    ]
    rows = [_csv_row(row.territory, row.measurement, period, unit) for row in regional.rows]
    filename = f"{indicator.code}-{period}.csv" if period else f"{indicator.code}.csv"
    return csv_response(filename, header, rows)


# --- One version -----------------------------------------------------------------------------


def version_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    indicator = selectors.indicator_get(code=code)
    version = get_object_or_404(selectors.indicator_versions(indicator=indicator), number=number)
    endorsements = Counter(version.contributions.endorsements().values_list("role", flat=True))
    context = {
        "indicator": indicator,
        "version": version,
        "is_current": version.pk == indicator.current_id,
        "is_in_force": version.pk == indicator.in_force_id,
        "partner_endorsements": endorsements[ContributorRole.PARTNER],
        "professional_endorsements": endorsements[ContributorRole.PROFESSIONAL],
    }
    return render(request, "indicators/version_detail.html", context)
