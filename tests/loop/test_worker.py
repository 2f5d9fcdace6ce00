"""The synthesis run on a real Celery worker (Redis and PostgreSQL, as in production): it gives
the same snapshots as the eager run, and a worker killed in the middle of a run leaves the
previous snapshots untouched; the task, delivered again, then succeeds.

The test holds a lock on the last snapshot row, so the worker updates every other snapshot and
then waits, in the middle of its transaction; its process is killed there."""

import datetime
import os
import signal

import pytest
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Territory
from loop import services
from loop.models import Synthesis, SynthesisRun
from loop.tasks import synthesis_run_task
from tests.factories import InitiativeFactory, LearningFactory, UserFactory
from tests.loop.conftest import synthesize
from tests.workers import (
    a_backend_waits_on_a_lock,
    children_of,
    start_worker,
    stop_worker,
    wait_for,
)

YEAR = 2025


def _learnings(count: int) -> None:
    montreal = Territory.objects.get(kind=Territory.Kind.RSS, code="06")
    host = InitiativeFactory(territories=[montreal])
    published = timezone.make_aware(datetime.datetime(YEAR, 5, 10, 12))
    for n in range(count):
        LearningFactory(initiative=host, kind="obstacle", title=f"Transport du soir {n}", published_at=published)


def _snapshots() -> dict:
    return {row.pk: (row.figures, row.computed_at) for row in Synthesis.objects.filter(period_start__year=YEAR)}


def _montreal_learnings() -> int:
    return Synthesis.objects.get(
        territory__code="06", territory__kind=Territory.Kind.RSS, granularity="year", theme=None
    ).figures["learnings"]["total"]


def _done(run: SynthesisRun):
    return lambda: SynthesisRun.objects.get(pk=run.pk).status == SynthesisRun.Status.DONE


@pytest.mark.worker
def test_a_worker_gives_the_eager_run_s_snapshots_and_a_killed_run_leaves_the_previous_ones(
    reference_data, real_services
):
    staff = UserFactory(is_staff=True)
    _learnings(6)
    assert synthesize(YEAR).status == SynthesisRun.Status.DONE  # in this process, as eager tasks do
    eager = _snapshots()

    worker = start_worker()
    try:
        run = services.synthesis_request(years=[YEAR], trigger=SynthesisRun.Trigger.MANUAL, by=staff)
        wait_for(_done(run), "the worker's run to finish", seconds=120)
        by_worker = _snapshots()
        assert {pk: figures for pk, (figures, _) in by_worker.items()} == {
            pk: figures for pk, (figures, _) in eager.items()
        }
        assert all(by_worker[pk][1] > eager[pk][1] for pk in eager)
        assert _montreal_learnings() == 6

        _learnings(6)  # new field data: the next run changes Montréal's count
        run = SynthesisRun.objects.create(years=[YEAR], trigger=SynthesisRun.Trigger.MANUAL, requested_by=staff)
        with transaction.atomic():
            # Hold the last snapshot: the worker updates all the others, then waits here.
            Synthesis.objects.select_for_update().get(pk=max(by_worker))
            synthesis_run_task.delay(run.pk)
            wait_for(a_backend_waits_on_a_lock, "the worker to have written the other snapshots and wait on the lock")
            processes = children_of(worker.pid)
            assert processes, "the worker has no pool process"
            for pid in processes:
                os.kill(pid, signal.SIGKILL)

            assert _snapshots() == by_worker  # written by the killed process, never committed
        # The lock is released: the killed run rolls back and the redelivered task runs again.
        wait_for(_done(run), "the redelivered run to finish", seconds=120)
    finally:
        stop_worker(worker)

    assert _montreal_learnings() == 12
    assert set(_snapshots()) == set(by_worker)  # the same rows, updated in place
