"""An import is all or nothing even when the worker running it is killed (a real Celery worker
on Redis and PostgreSQL, as in production).

The test holds a lock on the import's row, so the worker writes every value and then waits, in
the middle of its transaction, to mark the import done. The worker's process is killed there;
nothing may be visible. Once the lock is released, the task is delivered again (acks late,
rejected on a lost worker) to a fresh process, which imports the file exactly once."""

import datetime
import os
import signal

import pytest
from django.db import transaction

from indicators import services
from indicators.models import ImportBatch, Measurement
from tests.factories import IndicatorFactory, UserFactory
from tests.indicators.conftest import MAPPING, csv_upload
from tests.workers import (
    a_backend_waits_on_a_lock,
    children_of,
    end_other_sessions,
    start_worker,
    stop_worker,
    wait_for,
)

ROWS = 2_000


@pytest.mark.worker
def test_a_worker_killed_in_the_middle_of_an_import_leaves_nothing_and_the_retry_imports_once(
    reference_data, real_services
):
    steward = UserFactory(email="mathieu.intendant@exemple.test")
    IndicatorFactory(code="ATTENTE-GAMF", adopted=True, stewards=[steward], version__unit="count")
    first_day = datetime.date(2024, 1, 1)
    lines = [f"ATTENTE-GAMF;06;{first_day + datetime.timedelta(days=row)};;;{row};;" for row in range(ROWS)]
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
            worker = start_worker()
            wait_for(a_backend_waits_on_a_lock, "the worker to have written the values and wait on the lock")
            processes = children_of(worker.pid)
            assert processes, "the worker has no pool process"
            for pid in processes:
                os.kill(pid, signal.SIGKILL)

            assert Measurement.objects.count() == 0  # written by the killed process, never committed
        # The lock is released: the killed run rolls back and the redelivered task runs again.

        def done() -> bool:
            return ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DONE

        wait_for(done, "the redelivered import to finish")
    finally:
        if worker is not None:
            stop_worker(worker)
        end_other_sessions()

    batch.refresh_from_db()
    assert (batch.inserted, batch.updated, batch.unchanged) == (ROWS, 0, 0)
    assert Measurement.objects.count() == ROWS
    assert Measurement.objects.filter(batch=batch).count() == ROWS
