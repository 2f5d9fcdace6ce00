"""Placeholder: replaced by the real views (work in progress)."""

from django.http import HttpResponse


def signal_board(request, **kwargs):
    return HttpResponse(status=501)


def signal_create(request, **kwargs):
    return HttpResponse(status=501)


def signal_triage_list(request, **kwargs):
    return HttpResponse(status=501)


def signal_detail(request, **kwargs):
    return HttpResponse(status=501)


def signal_triage(request, **kwargs):
    return HttpResponse(status=501)
