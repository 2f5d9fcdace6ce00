"""Placeholder: replaced by the pages being written."""

from django.http import Http404


def gathering_list(request, **kwargs):
    raise Http404


def gathering_create(request, **kwargs):
    raise Http404


def gathering_detail(request, **kwargs):
    raise Http404


def gathering_update(request, **kwargs):
    raise Http404


def gathering_registration(request, **kwargs):
    raise Http404


def gathering_attendance(request, **kwargs):
    raise Http404


def gathering_harvest(request, **kwargs):
    raise Http404
