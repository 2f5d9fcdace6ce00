"""The reflective report of a territory (Québec or an RSS) for a quarter or a year: a printable
page combining the period's synthesis, the learnings published there and the decisions taken
there with what informed them, and the same content as a PDF (WeasyPrint).

Public: visitors read final snapshots; staff and decision-makers may also read the draft of a
period still running. An unknown territory answers 404; a period that is not a quarter or a
year, or has not started, answers 404 with a message saying why."""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from ..page_cache import cached_for_visitors

TEMPLATE = "loop/reports/report.html"
PDF_TEMPLATE = "loop/reports/report_pdf.html"


def _report(request: HttpRequest, code: str, period: str) -> selectors.Report | HttpResponse:
    """The report, or the 404 page saying what is wrong with the period."""
    territories = selectors.dashboard_territories()
    territory = selectors.dashboard_territory(territories=territories, code=code, allow_province=True)
    try:
        report_period = selectors.report_period(period)
    except ValidationError as error:
        context = {
            "territory": territory,
            "message": " ".join(error.messages),
            "current_year": timezone.localdate().year,
        }
        return render(request, "loop/reports/period_error.html", context, status=404)
    return selectors.report_get(user=request.user, territory=territory, period=report_period)


@require_safe
@cached_for_visitors
def report(request: HttpRequest, code: str, period: str) -> HttpResponse:
    found = _report(request, code, period)
    if isinstance(found, HttpResponse):
        return found
    return render(request, TEMPLATE, {"report": found})


def _static_path(url: str) -> str | None:
    """The file on disk behind a URL of the project's static files, or None."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(settings.STATIC_URL):
        return None
    name = path.removeprefix(settings.STATIC_URL)
    if not name or name.startswith("/") or ".." in name.split("/"):
        return None
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
        found = finders.find(name)
    except (NotImplementedError, SuspiciousFileOperation, ValueError, OSError):
        return None
    return found if isinstance(found, str) else None


def _pdf_fetcher():
    """A WeasyPrint URL fetcher that serves the project's static files from disk and refuses
    anything else: a PDF never loads a remote resource (fonts are the system's)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Only the platform's static files are loaded in a PDF, not {url}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as file:
                return URLFetcherResponse(url, file.read(), {"Content-Type": content_type})

    return StaticFilesFetcher()


@require_safe
def report_pdf(request: HttpRequest, code: str, period: str) -> HttpResponse:
    found = _report(request, code, period)
    if isinstance(found, HttpResponse):
        return found
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # WeasyPrint or the Pango library it needs is missing here
        return render(request, "loop/reports/pdf_unavailable.html", {"report": found}, status=503)
    page = reverse("loop:report", kwargs={"code": found.territory.code, "period": found.period.label})
    context = {"report": found, "page_url": request.build_absolute_uri(page)}
    html = render_to_string(PDF_TEMPLATE, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_pdf_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("report-%(code)s-%(period)s.pdf") % {"code": found.territory.code, "period": found.period.label}
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
