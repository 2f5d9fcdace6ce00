"""Public figures with small counts suppressed: a count from 1 to ``SMALL_COUNT_THRESHOLD`` - 1
is shown as "< 5", and a share is shown only when both its counts may be shown."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _


def is_small(count: int) -> bool:
    return 0 < count < settings.SMALL_COUNT_THRESHOLD


def suppressed_text() -> str:
    """What a suppressed figure reads as, in pages, downloads and the API: "< 5"."""
    return _("< %(threshold)s") % {"threshold": settings.SMALL_COUNT_THRESHOLD}


def count_text(count: int | None) -> str:
    """A count already protected where it was stored (``None`` when suppressed), as people read
    it: grouped by thousands, or "< 5"."""
    if count is None:
        return suppressed_text()
    return number_format(count, force_grouping=True)


@dataclass(frozen=True)
class Figure:
    """A count, or a share (``count`` out of ``total``), ready to be shown or suppressed."""

    count: int
    total: int | None = None
    # Hidden although not small: it would give a small cell back from a total (complementary
    # suppression, decided by whoever publishes the table).
    hidden: bool = False

    @property
    def suppressed(self) -> bool:
        return self.hidden or is_small(self.count) or (self.total is not None and is_small(self.total))

    @property
    def percent(self) -> float | None:
        if self.total is None or self.total == 0 or self.suppressed:
            return None
        return round(100 * self.count / self.total, 1)

    @property
    def value(self) -> int | None:
        """The count, or None when it must not be shown (what the API and CSV give)."""
        return None if self.suppressed else self.count

    def __str__(self) -> str:
        if self.suppressed:
            return suppressed_text()
        if self.total is None:
            return number_format(self.count)
        if self.total == 0:
            return "–"
        return _("%(percent)s %% (%(count)s of %(total)s)") % {
            "percent": number_format(self.percent, 1),
            "count": number_format(self.count),
            "total": number_format(self.total),
        }
