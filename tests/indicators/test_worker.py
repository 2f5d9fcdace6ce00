"""An import is all or nothing even when the worker running it is killed (a real Celery worker
on Redis and PostgreSQL, as in production).

The test holds a lock on the import's row, so the worker writes every value and then waits, in
the middle of its transaction, to mark the import done. The worker's process is killed there;
nothing may be visible. Once the lock is released, the task is delivered again (acks late,
rejected on a lost worker) to a fresh process, which imports the file exactly once."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from ecosystem.celery import app as celery_app
from indicators import services
from indicators.models import ImportBatch, Measurement
from tests.factories import IndicatorFactory, UserFactory
from tests.indicators.conftest import MAPPING, csv_upload

ROWS = 2_000


@pytest.fixture
def real_services(settings):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        if os.environ.get("SERVICES_REQUIRED") == "1":
            pytest.fail("SERVICES_REQUIRED=1 but REDIS_URL or PostgreSQL is missing: the killed-worker test must run")
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    celery_app.control.purge()
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = saved
    celery_app.control.purge()


def _start_worker() -> subprocess.Popen:
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


def _wait(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _a_backend_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # statistics are otherwise frozen for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _children(pid: int) -> list[int]:
    found = subprocess.run([shutil.which("pgrep"), "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(child) for child in found.split()]


@pytest.fixture
def reference_data(transactional_db):
    """The regions and strata of the data migrations: an earlier transactional test may have
    flushed them (the migrations' functions are idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("ecosystem.migrations.0002_regions_sociosanitaires").create_regions(apps, None)
    import_module("indicators.migrations.0002_strata").create(apps, None)


@pytest.mark.worker
def test_a_worker_killed_in_the_middle_of_an_import_leaves_nothing_and_the_retry_imports_once(
    reference_data, real_services
):
    steward = UserFactory(email="mathieu.intendant@exemple.test")
    IndicatorFactory(code="ATTENTE-GAMF", adopted=True, stewards=[steward], version__unit="count")
    lines = [f"ATTENTE-GAMF;06;{2000 + row // 4}-T{row % 4 + 1};;;{row};;" for row in range(ROWS)]
    batch = services.import_create(by=steward, file=csv_upload(lines))
    services.import_map(batch=batch, by=steward, mapping=MAPPING, source="Registre")
    batch = services.import_check(batch_id=batch.pk)  # the preview, in this process
    assert batch.status == ImportBatch.Status.VALID, batch.errors

    services.import_confirm(batch=batch, by=steward)  # queued in Redis: no worker is running yet

    worker = None
    try:
        with transaction.atomic():
            # Hold the import's row: the worker will write every value, then wait here to finish.
            ImportBatch.objects.select_for_update().get(pk=batch.pk)
            worker = _start_worker()
            _wait(_a_backend_waits_on_a_lock, "the worker to have written the values and wait on the lock")
            processes = _children(worker.pid)
            assert processes, "the worker has no pool process"
            for pid in processes:
                os.kill(pid, signal.SIGKILL)

            assert Measurement.objects.count() == 0  # written by the killed process, never committed
        # The lock is released: the killed run rolls back and the redelivered task runs again.

        def done() -> bool:
            return ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE

        _wait(done, "the redelivered import to finish")
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        # The killed process's server session may linger until PostgreSQL notices it is gone: end
        # it, so that the test database can be dropped at the end of the run.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )

    batch.refresh_from_db()
    assert (batch.inserted, batch.updated, batch.unchanged) == (ROWS, 0, 0)
    assert Measurement.objects.count() == ROWS
    assert Measurement.objects.filter(batch=batch).count() == ROWS
