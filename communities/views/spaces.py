"""Placeholder: replaced by the pages being written."""

from django.http import Http404


def community_list(request, **kwargs):
    raise Http404


def community_create(request, **kwargs):
    raise Http404


def digest_unsubscribe(request, **kwargs):
    raise Http404


def community_detail(request, **kwargs):
    raise Http404


def community_update(request, **kwargs):
    raise Http404


def community_join(request, **kwargs):
    raise Http404


def community_leave(request, **kwargs):
    raise Http404


def pending_cancel(request, **kwargs):
    raise Http404


def membership_preferences(request, **kwargs):
    raise Http404


def member_list(request, **kwargs):
    raise Http404


def community_manage(request, **kwargs):
    raise Http404


def member_invite(request, **kwargs):
    raise Http404


def membership_approve(request, **kwargs):
    raise Http404


def membership_decline(request, **kwargs):
    raise Http404


def membership_remove(request, **kwargs):
    raise Http404


def membership_role(request, **kwargs):
    raise Http404
