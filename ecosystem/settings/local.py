"""A developer's machine: debug on, nothing to configure."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
os.environ.setdefault("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")

from .base import *  # noqa: F403
