"""The public pages of the learning loop, rendered once for all visitors.

What a visitor reads on the dashboard changes when a synthesis run commits or a decision is
recorded: both set a new version in the shared cache, which is part of every page's key. Each
web process also keeps the pages it served last in memory, and reads the version from the
shared cache at most every ``VERSION_CHECK_SECONDS``: a change shows everywhere within those few
seconds, and anything else (a learning published since) within ``DASHBOARD_CACHE_SECONDS``.
Signed-in people, htmx requests and pages carrying a message are always rendered; with Redis
down, pages are rendered as without the cache."""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "loop:pages-version"
VERSION_CHECK_SECONDS = 5
LOCAL_PAGES = 128  # per process; a page is about 100-200 KB

_lock = threading.Lock()
_local: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_version: tuple[str | None, float] = (None, 0.0)


def pages_changed() -> None:
    """The public pages must be rendered again."""
    global _version
    _version = (None, 0.0)
    with _lock:
        _local.clear()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache that is down holds no page either
        logger.warning("Could not mark the dashboard pages as changed")


def _current_version() -> str:
    global _version
    version, read_at = _version
    now = time.monotonic()
    if version is None or now - read_at > VERSION_CHECK_SECONDS:
        version = cache.get(VERSION_KEY) or "-"
        _version = (version, now)
    return version


def _key(request) -> str:
    text = f"{_current_version()}|{get_language()}|{request.get_full_path()}"
    return "loop:page:" + hashlib.sha256(text.encode()).hexdigest()


def _local_get(key: str) -> bytes | None:
    with _lock:
        found = _local.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        _local.move_to_end(key)
        return found[1]


def _local_set(key: str, content: bytes, seconds: int) -> None:
    with _lock:
        _local[key] = (time.monotonic() + seconds, content)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def cached_for_visitors(view):
    """Serve ``view``'s successful answers to visitors from memory or the shared cache."""

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
            content = _local_get(key)
            if content is None:
                content = cache.get(key)
                if content is not None:
                    _local_set(key, content, seconds)
        except Exception:
            return view(request, *args, **kwargs)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _local_set(key, response.content, seconds)
            try:
                cache.set(key, response.content, timeout=seconds)
            except Exception:
                logger.warning("Could not keep a dashboard page in the shared cache")
        return response

    return wrapper
