"""The nightly run that beat starts, and what a request for a run refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.celery import app as celery_app
from ecosystem.exceptions import ApplicationError
from loop import services, tasks
from loop.models import Synthesis, SynthesisRun

pytestmark = pytest.mark.django_db


def test_beat_starts_the_nightly_synthesis_every_night():
    entry = celery_app.conf.beat_schedule["nightly-synthesis"]

    assert entry["task"] == "loop.tasks.nightly_synthesis"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (datetime.date(2026, 2, 10), [2025, 2026]),  # late values of last year still arrive
        (datetime.date(2026, 3, 31), [2025, 2026]),
        (datetime.date(2026, 4, 1), [2026]),
        (datetime.date(2026, 11, 23), [2026]),
    ],
)
def test_the_nightly_run_covers_this_year_and_last_year_in_its_first_quarter(today, years):
    assert services.nightly_years(today) == years


def test_the_nightly_task_computes_the_syntheses(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pk = tasks.nightly_synthesis()

    run = SynthesisRun.objects.get(pk=pk)
    assert run.trigger == SynthesisRun.Trigger.NIGHTLY
    assert run.status == SynthesisRun.Status.DONE
    assert Synthesis.objects.filter(run=run, period_start__year=timezone.localdate().year).exists()


def test_a_run_for_a_year_to_come_or_before_2000_is_refused(staff):
    next_year = timezone.localdate().year + 1
    for years in ([next_year], [1999], []):
        with pytest.raises(ValidationError):
            services.synthesis_request(years=years, trigger=SynthesisRun.Trigger.MANUAL, by=staff)
    assert not SynthesisRun.objects.exists()


def test_only_staff_start_a_run_by_hand(outsider):
    with pytest.raises(ApplicationError):
        services.synthesis_request(years=[2025], trigger=SynthesisRun.Trigger.MANUAL, by=outsider)
    assert not SynthesisRun.objects.exists()


@pytest.mark.parametrize("text", ["2025-03", "2025-S05", "2025-03-15", "abc", ""])
def test_a_requested_period_must_be_a_quarter_or_a_year(text):
    with pytest.raises(ValidationError):
        services.period_years(text)


def test_a_requested_period_must_have_started():
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.period_years(str(timezone.localdate().year + 1))


def test_a_requested_quarter_gives_its_year():
    assert services.period_years("2025-T3") == [2025]
    assert services.period_years("2024") == [2024]
