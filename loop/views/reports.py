"""Placeholder: replaced by the real views (work in progress)."""

from django.http import HttpResponse


def report(request, **kwargs):
    return HttpResponse(status=501)


def report_pdf(request, **kwargs):
    return HttpResponse(status=501)
