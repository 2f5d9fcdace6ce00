"""What every list page and export of the platform does the same way: pagination, a FilterSet
bound to the query string, htmx partials (and the progress of a background task) and CSV
downloads."""

import csv
from collections.abc import Iterable, Iterator

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django_htmx.http import HTMX_STOP_POLLING

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> tuple[Page, list]:
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page, page_range


def filtered(filterset_class, request: HttpRequest, queryset: QuerySet):
    """The FilterSet bound to the query string. With an unknown territory or theme in it, the
    form says so and the list is empty rather than silently unfiltered."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    filterset.form.fields["q"].widget.input_type = "search"
    results = queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    return filterset, results


def list_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The whole page, or only its results region for htmx (not for htmx restoring history)."""
    if request.htmx and not request.htmx.history_restore_request:
        template = f"{template}#results"
    return render(request, template, context)


def progress_response(request: HttpRequest, template: str, context: dict, *, working: bool) -> HttpResponse:
    """A task's progress region alone, for htmx polling (``template``'s ``progress`` partial,
    given ``working`` in its context). Once the task has finished, HTTP 286 stops the polling
    and HX-Refresh reloads the page on its result."""
    response = render(request, f"{template}#progress", {**context, "working": working})
    if not working:
        response.status_code = HTMX_STOP_POLLING
        response["HX-Refresh"] = "true"
    return response


def csv_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (a list becomes "a, b")."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{text}"
    return text


class _Echo:
    """A file-like object whose write() hands back the line csv.writer formatted."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    """A streamed CSV download, UTF-8 with a byte order mark so spreadsheets read the accents."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # The response is streamed after the view returns: keep the request's language.
        with translation.override(language):
            yield "\ufeff" + writer.writerow(header)
            for row in rows:
                yield writer.writerow([csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
