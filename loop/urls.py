"""Browser pages of the learning loop; the paths are translated (French at the root, English
under /en/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import dashboard, decision_maker, decisions, reports, runs, signals

app_name = "loop"

urlpatterns = [
    # Public dashboard (Québec, then one page per RSS by its two-digit code)
    path(_("dashboard/"), dashboard.dashboard, name="dashboard"),
    path(_("dashboard/about/"), dashboard.about, name="about"),
    path(_("dashboard/decision-makers/"), decision_maker.decision_maker, name="decision-maker"),
    path(_("dashboard/calculations/"), runs.synthesis_runs, name="synthesis-runs"),
    path(_("dashboard/calculations/<int:pk>/"), runs.synthesis_run_detail, name="synthesis-run"),
    path(_("dashboard/<str:code>/"), dashboard.dashboard, name="dashboard-region"),
    path(_("dashboard/<str:code>/<str:figure>.csv"), dashboard.figure_csv, name="figure-csv"),
    # Reflective report: an RSS (or QC) and a period, printable and as PDF
    path(_("dashboard/<str:code>/report/<str:period>/"), reports.report, name="report"),
    path(_("dashboard/<str:code>/report/<str:period>/report.pdf"), reports.report_pdf, name="report-pdf"),
    # Strategic watch
    path(_("watch/"), signals.signal_board, name="signal-board"),
    path(_("watch/new/"), signals.signal_create, name="signal-create"),
    path(_("watch/triage/"), signals.signal_triage_list, name="signal-triage-list"),
    path(_("watch/<int:pk>/"), signals.signal_detail, name="signal-detail"),
    path(_("watch/<int:pk>/triage/"), signals.signal_triage, name="signal-triage"),
    # Decision log
    path(_("decisions/"), decisions.decision_list, name="decision-list"),
    path(_("decisions/new/"), decisions.decision_create, name="decision-create"),
    path(_("decisions/<int:pk>/"), decisions.decision_detail, name="decision-detail"),
    path(_("decisions/<int:pk>/edit/"), decisions.decision_update, name="decision-update"),
    path(_("decisions/<int:pk>/delete/"), decisions.decision_delete, name="decision-delete"),
]
