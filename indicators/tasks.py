from celery import shared_task

from .services import import_check, import_run


@shared_task(soft_time_limit=600, time_limit=660)
def import_check_task(batch_id: int) -> str:
    """Check an uploaded file of measurements (the preview). Safe to run twice."""
    return import_check(batch_id=batch_id).status


@shared_task(soft_time_limit=600, time_limit=660)
def import_run_task(batch_id: int) -> str:
    """Write a checked file in one transaction. Delivered again if the worker is lost
    (acks late), it starts over: the lost run wrote nothing."""
    return import_run(batch_id=batch_id).status
