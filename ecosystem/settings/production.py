"""Production: refuses to start without SECRET_KEY and ALLOWED_HOSTS, secure by default.

`manage.py check --deploy` reports nothing with these settings.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The health endpoint is probed over plain HTTP by the orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Cookies travel only over HTTPS. A local docker compose stack served over plain HTTP sets
# SECURE_COOKIES=false.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
