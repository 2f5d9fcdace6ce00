"""Placeholder: replaced by the pages of this part."""

from django.http import HttpResponse


def engagement_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def engagement_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def engagement_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def engagement_update(request, *args, **kwargs):
    return HttpResponse(status=501)


def engagement_confirm(request, *args, **kwargs):
    return HttpResponse(status=501)


def engagement_decline(request, *args, **kwargs):
    return HttpResponse(status=501)
