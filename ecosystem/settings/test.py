"""The test suite: the local defaults, with fast hashing and tasks run in the test process.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite and on
PostgreSQL + Redis. Tests that need a real worker start one themselves.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
SYNTHESIS_AFTER_IMPORT = False  # each import would compute whole years of syntheses
DASHBOARD_CACHE_SECONDS = 0  # a page kept from an earlier test would hide this one's data
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}

# Under pytest-xdist each process ("gw0", "gw1"…) gets its own Redis database, counting down
# from the one REDIS_URL names, so that parallel processes never share a cache (rate limits,
# the worker heartbeat) or a broker queue.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _url = urlsplit(REDIS_URL)
    _database = int(_url.path.strip("/") or 0) - int(_worker[2:])
    if _database < 0:
        raise ImproperlyConfigured(f"REDIS_URL's database is too low for pytest-xdist worker {_worker}")
    REDIS_URL = urlunsplit(_url._replace(path=f"/{_database}"))
    CACHES["default"]["LOCATION"] = REDIS_URL
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
