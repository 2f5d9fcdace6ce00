"""An import's values reach the syntheses without waiting for the night."""

import pytest

from loop.models import Synthesis, SynthesisRun
from tests.factories import IndicatorFactory
from tests.indicators.conftest import csv_upload, import_file


@pytest.fixture
def after_import(settings):
    settings.SYNTHESIS_AFTER_IMPORT = True


def test_an_import_recomputes_the_years_it_wrote_values_in(after_import, steward):
    IndicatorFactory(code="PREM-RECO", adopted=True, stewards=[steward])

    batch = import_file(steward, csv_upload(["PREM-RECO;06;2024-T3;;;70;;", "PREM-RECO;06;2025-T1;;;72;;"]))

    assert batch.status == batch.Status.DONE
    run = SynthesisRun.objects.get()
    assert (run.trigger, run.years, run.status) == (SynthesisRun.Trigger.IMPORT, [2024, 2025], SynthesisRun.Status.DONE)
    montreal = Synthesis.objects.get(territory__code="06", granularity="quarter", period_start="2025-01-01", theme=None)
    assert montreal.figures["indicators"][0]["latest"]["value"] == "72"
    assert montreal.figures["indicators"][0]["previous"]["period"] == "2024-T3"


def test_an_import_of_future_periods_only_computes_nothing(after_import, steward):
    IndicatorFactory(code="PREM-RECO", adopted=True, stewards=[steward])

    batch = import_file(steward, csv_upload(["PREM-RECO;06;2099-T3;;;70;;"]))

    assert batch.status == batch.Status.DONE
    assert not SynthesisRun.objects.exists()


def test_without_the_setting_imports_leave_the_syntheses_to_the_night(steward):
    IndicatorFactory(code="PREM-RECO", adopted=True, stewards=[steward])

    import_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;72;;"]))

    assert not SynthesisRun.objects.exists()
