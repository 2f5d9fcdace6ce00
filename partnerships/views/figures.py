"""Placeholder: replaced by the pages of this part."""

from django.http import HttpResponse


def organization_partnership(request, *args, **kwargs):
    return HttpResponse(status=501)
