"""Running a real Celery worker in tests (Redis and PostgreSQL, as in production): start it,
wait for it, find its pool processes to kill them."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection


def start_worker() -> subprocess.Popen:
    environment = {
        key: value for key, value in os.environ.items() if key not in ("PYTEST_XDIST_WORKER", "DATABASE_URL")
    }
    database = connection.settings_dict
    environment.update(
        DJANGO_SETTINGS_MODULE="ecosystem.settings.test",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        REDIS_URL=settings.REDIS_URL,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    command = [sys.executable, "-m", "celery", "-A", "ecosystem", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR)


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def a_backend_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # statistics are otherwise frozen for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def children_of(pid: int) -> list[int]:
    found = subprocess.run([shutil.which("pgrep"), "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(child) for child in found.split()]


def end_other_sessions() -> None:
    """End the database sessions of killed processes, which PostgreSQL may keep until it notices
    they are gone, so that the test database can be dropped at the end of the run."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def stop_worker(worker: subprocess.Popen) -> None:
    """Stop the worker (warm shutdown, then kill) and end any session a killed process left."""
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
    end_other_sessions()
