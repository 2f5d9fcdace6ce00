"""The public pages of the learning loop, rendered once for all visitors.

What a visitor reads on the dashboard changes when a synthesis run commits or a decision is
recorded: both bump a version kept in the cache, which is part of every page's key. Anything
else (a learning published since) shows within ``DASHBOARD_CACHE_SECONDS``. Signed-in people,
htmx requests and pages carrying a message are always rendered; with Redis down every page is
rendered, as without the cache."""

import hashlib
import logging
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "loop:pages-version"


def pages_changed() -> None:
    """The public pages must be rendered again."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache that is down holds no page either
        logger.warning("Could not mark the dashboard pages as changed")


def _key(request) -> str:
    version = cache.get(VERSION_KEY) or "-"
    text = f"{version}|{get_language()}|{request.get_full_path()}"
    return "loop:page:" + hashlib.sha256(text.encode()).hexdigest()


def cached_for_visitors(view):
    """Serve ``view``'s successful answers to visitors from the cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.DASHBOARD_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or request.user.is_authenticated
            or request.headers.get("HX-Request")
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        try:
            key = _key(request)
            content = cache.get(key)
        except Exception:
            return view(request, *args, **kwargs)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            try:
                cache.set(key, response.content, timeout=seconds)
            except Exception:
                logger.warning("Could not keep a dashboard page in the cache")
        return response

    return wrapper
