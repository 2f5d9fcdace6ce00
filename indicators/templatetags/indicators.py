"""How the pages show indicator values: a value with its unit in the reader's language, and a
horizontal bar chart drawn on the server as inline SVG (no JavaScript, no inline style).

    {% load indicators %}
    {{ measurement|in_unit:version.unit }}    71,3 %  ·  12,4 pour 1 000  ·  < 5 when suppressed
    {{ measurement.ci_low|as_number:version.unit }}   the number alone, with the unit's decimals
    {% bar_chart rows unit=version.unit caption=summary chart_id="regions" %}

A suppressed measurement is always written "< 5": these filters never print its value."""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ecosystem.figures import suppressed_text

from ..models import Unit

register = template.Library()

# How many decimals each unit is shown with (counts: none, unless the count is not whole).
_DECIMALS = {Unit.COUNT: 0}
_DEFAULT_DECIMALS = 1
MISSING = "–"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value, unit: str = "") -> str:
    """``value`` rounded to its unit's decimals and grouped by thousands in the active language."""
    number = _decimal(value)
    if number is None:
        return MISSING
    decimals = _DECIMALS.get(unit, _DEFAULT_DECIMALS)
    if decimals == 0 and number != number.to_integral_value():
        decimals = _DEFAULT_DECIMALS
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(number, decimals, force_grouping=True)


def format_value(value, unit: str, *, suppressed: bool = False) -> str:
    """A value with its unit, as people read it: "71,3 %", "12,4 pour 1 000", "3,5 jours"."""
    if suppressed:
        return suppressed_text()
    number = _decimal(value)
    if number is None:
        return MISSING
    text = format_number(number, unit)
    if unit == Unit.PERCENT:
        return _("%(value)s%%") % {"value": text}
    if unit == Unit.RATE_1000:
        return _("%(value)s per 1,000") % {"value": text}
    if unit == Unit.RATE_100000:
        return _("%(value)s per 100,000") % {"value": text}
    if unit == Unit.DAYS:
        return _("%(value)s day") % {"value": text} if number == 1 else _("%(value)s days") % {"value": text}
    return text


def _is_suppressed(value) -> bool:
    return bool(getattr(value, "suppressed", False))


def _raw(value):
    """The number of a measurement or target, or ``value`` itself."""
    return getattr(value, "value", value)


@register.filter
def in_unit(value, unit: str) -> str:
    """A measurement (or a target, or a bare number) with its unit; a suppressed measurement "< 5"."""
    return format_value(_raw(value), unit, suppressed=_is_suppressed(value))


@register.filter
def as_number(value, unit: str = "") -> str:
    """A number alone (a bound of a confidence interval, a numerator) with its unit's decimals."""
    if _is_suppressed(value):
        return suppressed_text()
    return format_number(_raw(value), unit)


# --- The bar chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    """One bar: its label and value (None when suppressed or missing), an optional target drawn
    as a mark across the bar, and ``emphasis`` for a reference row such as Québec as a whole."""

    label: str
    value: Decimal | float | int | None
    target: Decimal | float | int | None = None
    suppressed: bool = False
    emphasis: bool = False


# The drawing's coordinate system; the SVG scales to the width of its container.
_WIDTH = 720
_LABEL_WIDTH = 270
_VALUE_WIDTH = 110
_ROW_HEIGHT = 28
_BAR_HEIGHT = 18
_TOP = 6
_AXIS_HEIGHT = 26
_TICKS = 4


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _as_row(row) -> ChartRow:
    return row if isinstance(row, ChartRow) else ChartRow(*row)


def _domain(rows: list[ChartRow], unit: str, reference) -> tuple[float, float]:
    numbers = [float(number) for row in rows for number in (row.value, row.target) if number is not None]
    if reference is not None:
        numbers.append(float(reference))
    high = max([0.0, *numbers])
    low = min([0.0, *numbers])
    if unit == Unit.PERCENT and high <= 100 and low >= 0:
        return 0.0, 100.0
    high = _nice_ceiling(high) if high > 0 else 0.0
    low = -_nice_ceiling(-low) if low < 0 else 0.0
    if high == low:
        high = 1.0
    return low, high


@register.inclusion_tag("indicators/_chart.html")
def bar_chart(rows, *, unit: str, caption: str, chart_id: str = "chart", reference=None, reference_label: str = ""):
    """A horizontal bar chart of ``rows`` (``ChartRow``s or tuples ``(label, value[, target])``),
    drawn in the order given: territories stay in official code order, never ranked by value.
    A missing or suppressed value is written in words, so nothing is told by colour alone; the
    SVG is an image named by its figcaption (``caption``), and the page gives the data table."""
    rows = [_as_row(row) for row in rows]
    low, high = _domain(rows, unit, reference)
    plot_width = _WIDTH - _LABEL_WIDTH - _VALUE_WIDTH

    def x(number) -> float:
        return round(_LABEL_WIDTH + (float(number) - low) / (high - low) * plot_width, 1)

    zero = x(0)
    bars = []
    for index, row in enumerate(rows):
        top = _TOP + index * _ROW_HEIGHT
        bar = {
            "label": row.label,
            "emphasis": row.emphasis,
            "y": top + (_ROW_HEIGHT - _BAR_HEIGHT) / 2,
            "bottom": top + (_ROW_HEIGHT + _BAR_HEIGHT) / 2,
            "text_y": top + _ROW_HEIGHT / 2,
            "target_x": x(row.target) if row.target is not None else None,
        }
        if row.value is None:
            bar.update(missing=True, text=suppressed_text() if row.suppressed else _("no value"), text_x=zero + 6)
        else:
            start, end = sorted((zero, x(row.value)))
            bar.update(missing=False, text=format_value(row.value, unit), x=start, width=round(max(end - start, 1), 1))
            bar["text_x"] = end + 6
        bars.append(bar)
    plot_bottom = _TOP + len(rows) * _ROW_HEIGHT
    # Whole ticks are written without decimals (a count's formatting), others with one.
    tick_values = [low + (high - low) * step / _TICKS for step in range(_TICKS + 1)]
    ticks = [{"x": x(value), "text": format_number(value, Unit.COUNT)} for value in tick_values]
    return {
        "chart_id": chart_id,
        "caption": caption,
        "width": _WIDTH,
        "height": plot_bottom + _AXIS_HEIGHT,
        "label_x": _LABEL_WIDTH - 8,
        "bar_height": _BAR_HEIGHT,
        "plot_top": _TOP,
        "plot_bottom": plot_bottom,
        "tick_y": plot_bottom + 18,
        "bars": bars,
        "ticks": ticks,
        "zero": zero,
        "has_targets": any(bar["target_x"] is not None for bar in bars),
        "reference_x": x(reference) if reference is not None else None,
        "reference_label": reference_label,
    }
