"""Periods as people write them in files: "2024" (year), "2024-T1" or "2024-Q1" (quarter),
"2024-03" (month), "2024-S05" or "2024-W05" (ISO week) and "2024-03-15" (day)."""

import calendar
import datetime
import re
from functools import lru_cache

from django.utils.translation import gettext as _

from .models import Granularity

_FORMATS = [
    (re.compile(r"^(\d{4})$"), Granularity.YEAR),
    (re.compile(r"^(\d{4})[-\s]?[TQ]([1-4])$", re.IGNORECASE), Granularity.QUARTER),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), Granularity.MONTH),
    (re.compile(r"^(\d{4})-?[SW](\d{1,2})$", re.IGNORECASE), Granularity.WEEK),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), Granularity.DAY),
]


class PeriodError(ValueError):
    """A period that is not one, with a message that can be shown to the person."""


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[str, datetime.date, datetime.date]:
    """(granularity, first day, last day) of the period ``text`` names; PeriodError otherwise."""
    text = text.strip()
    for pattern, granularity in _FORMATS:
        match = pattern.match(text)
        if match:
            try:
                return bounds(granularity, *(int(part) for part in match.groups()))
            except ValueError:
                break
    raise PeriodError(
        _("“%(text)s” is not a period: write 2024, 2024-T1, 2024-03, 2024-S05 or 2024-03-15.") % {"text": text}
    )


def bounds(granularity: str, year: int, part: int = 1, day: int = 1) -> tuple[str, datetime.date, datetime.date]:
    """The first and last day of a period; ValueError for a month 13 or a 30 February."""
    if granularity == Granularity.YEAR:
        return granularity, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if granularity == Granularity.QUARTER:
        first_month = 3 * (part - 1) + 1
        last_month = first_month + 2
        return (
            granularity,
            datetime.date(year, first_month, 1),
            datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )
    if granularity == Granularity.MONTH:
        return granularity, datetime.date(year, part, 1), datetime.date(year, part, calendar.monthrange(year, part)[1])
    if granularity == Granularity.WEEK:
        start = datetime.date.fromisocalendar(year, part, 1)
        return granularity, start, start + datetime.timedelta(days=6)
    day_ = datetime.date(year, part, day)
    return granularity, day_, day_


def of(granularity: str, start: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The period of ``granularity`` that begins on ``start``."""
    if granularity == Granularity.YEAR:
        return bounds(granularity, start.year)
    if granularity == Granularity.QUARTER:
        return bounds(granularity, start.year, (start.month - 1) // 3 + 1)
    if granularity == Granularity.MONTH:
        return bounds(granularity, start.year, start.month)
    if granularity == Granularity.WEEK:
        year, week, _weekday = start.isocalendar()
        return bounds(granularity, year, week)
    return bounds(granularity, start.year, start.month, start.day)


def label(granularity: str, start: datetime.date) -> str:
    """How a period is written on the pages and in the files: 2024, 2024-T1, 2024-03, 2024-S05."""
    if granularity == Granularity.YEAR:
        return f"{start.year}"
    if granularity == Granularity.QUARTER:
        return _("%(year)s-Q%(quarter)s") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}
    if granularity == Granularity.MONTH:
        return f"{start.year}-{start.month:02d}"
    if granularity == Granularity.WEEK:
        year, week, _weekday = start.isocalendar()
        return _("%(year)s-W%(week)02d") % {"year": year, "week": week}
    return start.isoformat()
