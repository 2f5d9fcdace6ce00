"""The Celery application. Its configuration comes from the CELERY_* Django settings.

The beat schedule lives here, in one place; only the beat process runs scheduled work.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecosystem.settings.local")

app = Celery("ecosystem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "heartbeat": {
        "task": "ecosystem.tasks.heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "weekly-digests": {
        "task": "communities.tasks.send_weekly_digests",
        # Mondays at 7:00 in CELERY_TIMEZONE (Québec time).
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
        "options": {"expires": 6 * 3600},
    },
    "nightly-synthesis": {
        "task": "loop.tasks.nightly_synthesis",
        # Every night at 2:30, after the day's imports: the syntheses the dashboard reads.
        "schedule": crontab(minute=30, hour=2),
        "options": {"expires": 6 * 3600},
    },
    "purge-data-exports": {
        "task": "ecosystem.tasks.purge_data_exports",
        # Every night at 3:15: a download link is valid seven days, then the file is gone.
        "schedule": crontab(minute=15, hour=3),
        "options": {"expires": 6 * 3600},
    },
}
