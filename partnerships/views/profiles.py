"""Placeholder: replaced by the pages of this part."""

from django.http import HttpResponse


def directory(request, *args, **kwargs):
    return HttpResponse(status=501)


def profile(request, *args, **kwargs):
    return HttpResponse(status=501)


def profile_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def diversity(request, *args, **kwargs):
    return HttpResponse(status=501)


def partner_detail(request, *args, **kwargs):
    return HttpResponse(status=501)
