"""Placeholder: replaced by the real views (work in progress)."""

from django.http import HttpResponse


def dashboard(request, **kwargs):
    return HttpResponse(status=501)


def about(request, **kwargs):
    return HttpResponse(status=501)


def decision_maker(request, **kwargs):
    return HttpResponse(status=501)


def synthesis_runs(request, **kwargs):
    return HttpResponse(status=501)


def synthesis_run_detail(request, **kwargs):
    return HttpResponse(status=501)


def figure_csv(request, **kwargs):
    return HttpResponse(status=501)
