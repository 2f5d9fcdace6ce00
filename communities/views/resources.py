"""Placeholder: replaced by the pages being written."""

from django.http import Http404


def resource_list(request, **kwargs):
    raise Http404


def resource_create(request, **kwargs):
    raise Http404


def resource_detail(request, **kwargs):
    raise Http404


def resource_download(request, **kwargs):
    raise Http404


def resource_delete(request, **kwargs):
    raise Http404
