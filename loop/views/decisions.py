"""Placeholder: replaced by the real views (work in progress)."""

from django.http import HttpResponse


def decision_list(request, **kwargs):
    return HttpResponse(status=501)


def decision_create(request, **kwargs):
    return HttpResponse(status=501)


def decision_detail(request, **kwargs):
    return HttpResponse(status=501)


def decision_update(request, **kwargs):
    return HttpResponse(status=501)


def decision_delete(request, **kwargs):
    return HttpResponse(status=501)
