"""The learning loop for the cast: Montréal (RSS 06) and the Capitale-Nationale (03), one theme,
and a helper that computes a year's syntheses the way the Celery task does (without the broker)."""

import datetime

import pytest

from ecosystem.models import Territory
from indicators.models import Stratum
from loop import services
from loop.models import SynthesisRun
from tests.factories import ThemeFactory


@pytest.fixture
def montreal(db):
    return Territory.objects.get(kind=Territory.Kind.RSS, code="06")


@pytest.fixture
def capitale(db):
    return Territory.objects.get(kind=Territory.Kind.RSS, code="03")


@pytest.fixture
def quebec(db):
    return Territory.objects.province()


@pytest.fixture
def total(db):
    return Stratum.objects.get(dimension="total")


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="transport", name_fr="Transport", name_en="Transportation")


def synthesize(*years: int, today: datetime.date | None = None) -> SynthesisRun:
    """Compute ``years`` now, as the task does, and return the finished run."""
    run = SynthesisRun.objects.create(years=list(years), trigger=SynthesisRun.Trigger.MANUAL)
    return services.synthesis_run(run_id=run.pk, today=today)


@pytest.fixture
def synthesized():
    return synthesize
