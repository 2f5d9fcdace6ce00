"""The steward's import page: upload a CSV or XLSX file, say which column holds what, read the
preview with every row error before anything is written, confirm, watch the progress bar, read
the result; the history of one's imports and the error report as a CSV download.

Only stewards and staff import; an import is read by the person who uploaded it and by staff,
anyone else gets 404. Checking and writing run as Celery tasks: while one runs, the page polls
its own progress region (htmx), or reloads itself every two seconds without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import paginate, progress_response

from .. import selectors, services
from ..forms.imports import ImportMappingForm, ImportUploadForm
from ..models import ImportBatch, Indicator

TEMPLATE = "indicators/import_detail.html"
# The steps that run in a Celery task and report their progress ("uploaded" waits for a mapping).
WORKING = (ImportBatch.Status.VALIDATING, ImportBatch.Status.IMPORTING)
MAPPABLE = (ImportBatch.Status.UPLOADED, ImportBatch.Status.INVALID, ImportBatch.Status.VALID)


def _require_steward(request: HttpRequest) -> None:
    if not selectors.can_propose_indicator(user=request.user):
        raise Http404


def _refused(request: HttpRequest, error: ApplicationError | ValidationError) -> None:
    for message in [error.message] if isinstance(error, ApplicationError) else error.messages:
        messages.error(request, message)


# --- Upload and history ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    _require_steward(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_create(by=request.user, file=form.cleaned_data["file"])
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is uploaded. Now say which column holds what."))
            return redirect(batch)
    page, page_range = paginate(request, selectors.import_list(user=request.user))
    return render(request, "indicators/import_list.html", {"form": form, "page": page, "page_range": page_range})


# --- One import ------------------------------------------------------------------------------


def _number(value) -> str:
    """A number of the preview as the person's language writes it ("1 234,5")."""
    if value is None:
        return ""
    return number_format(round(value, 4), force_grouping=True)


def _sample(batch: ImportBatch) -> list[dict]:
    strata = {stratum.pk: stratum for stratum in selectors.strata()}
    return [
        {
            **row,
            "stratum": strata.get(row["stratum"]),
            "numerator": _number(row["numerator"]),
            "denominator": _number(row["denominator"]),
            "value": _number(row["value"]),
        }
        for row in batch.sample
    ]


def _context(request: HttpRequest, batch: ImportBatch, form: ImportMappingForm | None = None) -> dict:
    context = {"batch": batch, "working": batch.status in WORKING}
    if context["working"]:
        context["progress"] = services.import_progress(batch=batch)
        return context
    if batch.status in MAPPABLE:
        context["form"] = form or ImportMappingForm(batch=batch, user=request.user)
    if batch.status == ImportBatch.Status.INVALID:
        shown_rows = len({error["row"] for error in batch.errors})
        context["more_error_rows"] = max(0, batch.error_count - shown_rows)
    if batch.status == ImportBatch.Status.VALID:
        context["sample"] = _sample(batch)
    if batch.status in (ImportBatch.Status.VALID, ImportBatch.Status.DONE) and batch.indicator_codes:
        context["indicators"] = Indicator.objects.filter(code__in=batch.indicator_codes).select_related("current")
    return context


def _progress(request: HttpRequest, batch: ImportBatch) -> HttpResponse:
    context = {"batch": batch, "progress": services.import_progress(batch=batch)}
    return progress_response(request, TEMPLATE, context, working=batch.status in WORKING)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_get(user=request.user, pk=pk)
    if request.method == "GET" and request.htmx and not request.htmx.history_restore_request:
        return _progress(request, batch)
    form = None
    if request.method == "POST" and batch.status not in MAPPABLE:
        messages.error(request, _("This file is already being imported or has been imported."))
        return redirect(batch)
    if request.method == "POST":
        form = ImportMappingForm(request.POST, batch=batch, user=request.user)
        if form.is_valid():
            try:
                services.import_map(
                    batch=batch,
                    by=request.user,
                    mapping=form.mapping(),
                    source=form.cleaned_data["source"],
                    cumulative=form.cleaned_data["cumulative"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ApplicationError as error:
                _refused(request, error)
                return redirect(batch)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(batch)
    return render(request, TEMPLATE, _context(request, batch, form))


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.import_get(user=request.user, pk=pk)
    try:
        services.import_confirm(batch=batch, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ApplicationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The import has started: the values are written all at once."))
    return redirect(batch)


@login_required
def import_errors(request: HttpRequest, pk: int) -> FileResponse:
    batch = selectors.import_get(user=request.user, pk=pk)
    if not batch.error_report:
        raise Http404
    try:
        report = batch.error_report.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        report,
        as_attachment=True,
        filename=services.import_report_name(batch),
        content_type="text/csv; charset=utf-8",
    )
