"""Placeholder: replaced by the pages being written."""

from django.http import Http404


def thread_list(request, **kwargs):
    raise Http404


def thread_create(request, **kwargs):
    raise Http404


def thread_detail(request, **kwargs):
    raise Http404


def post_update(request, **kwargs):
    raise Http404


def post_hide(request, **kwargs):
    raise Http404


def post_unhide(request, **kwargs):
    raise Http404


def post_history(request, **kwargs):
    raise Http404
