"""The staff's synthesis page: the recent runs, a form to calculate a year or a quarter on
demand, and one run's page with its progress bar.

Staff only: anyone else signed in gets 404. The run is a Celery task started once the request
commits; while it is queued or running, its page polls its own progress region (htmx), or
reloads itself every two seconds without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import paginate, progress_response

from .. import selectors, services
from ..forms.runs import SynthesisRequestForm
from ..models import SynthesisRun

TEMPLATE = "loop/runs/run_detail.html"
WORKING = (SynthesisRun.Status.QUEUED, SynthesisRun.Status.RUNNING)


@login_required
@require_http_methods(["GET", "POST"])
def synthesis_runs(request: HttpRequest) -> HttpResponse:
    runs = selectors.synthesis_run_list(user=request.user)
    form = SynthesisRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            years = services.period_years(form.cleaned_data["period"])
            run = services.synthesis_request(years=years, trigger=SynthesisRun.Trigger.MANUAL, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The calculation is requested: this page follows its progress."))
            return redirect("loop:synthesis-run", pk=run.pk)
    page, page_range = paginate(request, runs)
    return render(request, "loop/runs/run_list.html", {"form": form, "page": page, "page_range": page_range})


def _progress(request: HttpRequest, run: SynthesisRun) -> HttpResponse:
    context = {"run": run, "progress": services.synthesis_progress(run=run)}
    return progress_response(request, TEMPLATE, context, working=run.status in WORKING)


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def synthesis_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.synthesis_run_get(user=request.user, pk=pk)
    if request.htmx and not request.htmx.history_restore_request:
        return _progress(request, run)
    working = run.status in WORKING
    context = {"run": run, "working": working, "progress": services.synthesis_progress(run=run)}
    return render(request, TEMPLATE, context)
