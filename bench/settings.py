"""Settings of the gunicorn process that ``bench/loop.py`` starts: production's, with the
minimal view's URL added (``bench/urls.py``) and the static files collected for the benchmark."""

import os

from ecosystem.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
