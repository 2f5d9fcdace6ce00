from celery import shared_task

from .models import SynthesisRun
from .services import nightly_years, synthesis_request, synthesis_run


@shared_task(soft_time_limit=1800, time_limit=1860)
def synthesis_run_task(run_id: int) -> str:
    """Compute a run's syntheses and swap them in at once. Delivered again if the worker is lost
    (acks late), it starts over: the lost run stored nothing."""
    return synthesis_run(run_id=run_id).status


@shared_task
def nightly_synthesis() -> int:
    """Beat's nightly run: the current year (and the previous one in the first quarter)."""
    return synthesis_request(years=nightly_years(), trigger=SynthesisRun.Trigger.NIGHTLY).pk
