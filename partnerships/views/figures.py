"""An organization's partnership activity: figures computed from the engagements recorded on the
initiatives it leads, never typed, with groups under ``SMALL_COUNT_THRESHOLD`` hidden. Public,
as a page and as a CSV download."""

from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.figures import Figure
from ecosystem.pages import csv_response

from .. import selectors
from ..selectors import PartnershipFigures


def _tables(figures: PartnershipFigures) -> list[dict]:
    """The page's tables, in order: a caption, the heading of the row labels and of the figures,
    and the (label, Figure) rows. The CSV is written from the same list."""
    shares_heading = _("Initiatives with a co-construction or co-leadership engagement")
    return [
        {
            "id": "summary",
            "caption": _("Initiatives led and their partners"),
            "row_heading": _("Figure"),
            "figure_heading": _("Value"),
            "rows": [
                (_("Initiatives led"), figures.initiatives),
                (_("Initiatives with a co-construction or co-leadership engagement"), figures.co_construction),
                (_("Initiatives with partners involved from the start"), figures.from_start),
            ],
        },
        {
            "id": "territory",
            "caption": _("By territory (health and social services region)"),
            "row_heading": _("Region"),
            "figure_heading": shares_heading,
            "rows": [(row.label, row.figure) for row in figures.by_territory],
        },
        {
            "id": "sphere",
            "caption": _("By sphere"),
            "row_heading": _("Sphere"),
            "figure_heading": shares_heading,
            "rows": [(row.label, row.figure) for row in figures.by_sphere],
        },
        {
            "id": "governance-level",
            "caption": _("By governance level"),
            "row_heading": _("Governance level"),
            "figure_heading": shares_heading,
            "rows": [(row.label, row.figure) for row in figures.by_governance_level],
        },
        {
            "id": "levels",
            "caption": _("Engagements by level"),
            "row_heading": _("Level"),
            "figure_heading": _("Engagements"),
            "rows": [(row.label, row.figure) for row in figures.engagements_by_level],
        },
    ]


def _csv_cells(figure: Figure) -> list:
    """Count, out of, percent: empty cells for what must not be shown."""
    if figure.suppressed:
        return ["", "", ""]
    return [
        figure.value,
        "" if figure.total is None else figure.total,
        "" if figure.percent is None else figure.percent,
    ]


def organization_partnership(request: HttpRequest, slug: str) -> HttpResponse:
    organization = selectors.organization_get(slug=slug)
    figures = selectors.partnership_figures(organization=organization)
    tables = _tables(figures)
    if request.GET.get("format") == "csv":
        header = [_("Table"), _("Row"), _("Count"), _("Out of"), _("Percent")]

        def rows() -> Iterator[list]:
            for table in tables:
                for label, figure in table["rows"]:
                    yield [table["caption"], label, *_csv_cells(figure)]

        return csv_response(_("partnership-%(slug)s.csv") % {"slug": organization.slug}, header, rows())
    context = {
        "organization": organization,
        "figures": figures,
        "tables": tables,
        "threshold": settings.SMALL_COUNT_THRESHOLD,
    }
    return render(request, "partnerships/organization_partnership.html", context)
