"""Placeholder: replaced by the pages of this part."""

from django.http import HttpResponse


def call_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def calls_organized(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_update(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_close(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_apply(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_applications(request, *args, **kwargs):
    return HttpResponse(status=501)


def call_invite(request, *args, **kwargs):
    return HttpResponse(status=501)


def application_accept(request, *args, **kwargs):
    return HttpResponse(status=501)


def application_decline(request, *args, **kwargs):
    return HttpResponse(status=501)


def application_withdraw(request, *args, **kwargs):
    return HttpResponse(status=501)
