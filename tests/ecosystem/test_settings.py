"""The settings modules as an operator meets them, each in a fresh interpreter."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "ecosysteme.example.org"}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ecosystem.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_django("pass", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_passes_the_deployment_checklist():
    code = "from django.core.management import call_command; call_command('check', deploy=True, fail_level='WARNING')"

    result = run_django(code, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_with_nothing_set_the_platform_runs_on_sqlite_with_eager_tasks():
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], "
        "settings.CELERY_TASK_ALWAYS_EAGER, settings.CACHES['default']['BACKEND'])"
    )

    result = run_django(code, DJANGO_SETTINGS_MODULE="ecosystem.settings.local")

    assert result.returncode == 0, result.stderr
    debug, engine, eager, cache = result.stdout.split()
    assert (debug, engine, eager) == ("True", "django.db.backends.sqlite3", "True")
    assert cache.endswith("LocMemCache")


def test_with_database_and_redis_urls_the_platform_uses_postgresql_and_redis():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.CELERY_BROKER_URL, settings.CACHES['default']['BACKEND'])"
    )

    result = run_django(
        code,
        DJANGO_SETTINGS_MODULE="ecosystem.settings.local",
        DATABASE_URL="postgres://postgres@db.example:5432/ecosystem",
        REDIS_URL="redis://redis.example:6379/0",
    )

    assert result.returncode == 0, result.stderr
    engine, eager, broker, cache = result.stdout.split()
    assert (engine, eager, broker) == ("django.db.backends.postgresql", "False", "redis://redis.example:6379/0")
    assert cache == "django_redis.cache.RedisCache"


def test_the_platform_refuses_to_run_without_a_named_privacy_officer():
    code = "from django.core.management import call_command; call_command('check')"

    result = run_django(code, DJANGO_SETTINGS_MODULE="ecosystem.settings.local", PRIVACY_OFFICER_EMAIL="")

    assert result.returncode != 0
    assert "ecosystem.E001" in result.stderr
