"""The demo's co-built indicators: drawn from the seeds, co-built on record by partners and
professionals, with four years of measurements imported through the real import path."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from ecosystem.models import Territory, User
from indicators import demo
from indicators.models import (
    Contribution,
    ContributorRole,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Measurement,
    Stratum,
    Target,
)
from partnerships.models import PartnerProfile
from tests.initiatives.test_demo import REAL_SURNAMES

MATHIEU = "mathieu@exemple.test"
SEED_INDICATORS = {
    "PREM-RECO": ("Part des usagers qui recommanderaient le service", "prem", "percent", "higher"),
    "PROM-QDV-HAD": ("Qualité de vie rapportée en hospitalisation à domicile", "prom", "score", "higher"),
    "PART-DEMARRAGE": (
        "Part des initiatives avec des partenaires impliqués dès le démarrage",
        "partnership",
        "percent",
        "higher",
    ),
    "BE-INTERV": ("Bien-être des intervenant·es de première ligne", "workforce", "score", "higher"),
    "DELAI-ARTHRO": ("Délai d’accès en arthroplastie", "process", "days", "lower"),
    "ATTENTE-GAMF": ("Personnes en attente d’un médecin de famille", "process", "count", "lower"),
    "HOSP-EVITABLES": (
        "Hospitalisations évitables pour des problèmes de santé chroniques",
        "outcome",
        "rate_100000",
        "lower",
    ),
    "DEPIST-ECART": ("Écart d’équité dans le dépistage du cancer du sein", "equity", "percent", "lower"),
}
INDICATOR_MODELS = [Indicator, IndicatorVersion, Contribution, Target, ImportBatch, Measurement]


@pytest.fixture
def seeded(db):
    call_command("seed_demo", until="indicators", verbosity=0)


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in INDICATOR_MODELS}


def test_seed_creates_the_indicators_of_the_seeds_with_a_mix_of_statuses(seeded):
    mathieu = User.objects.get(email=MATHIEU)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.select_related("current")}

    for code, (name, family, unit, direction) in SEED_INDICATORS.items():
        version = indicators[code].current
        assert (version.name, indicators[code].family, version.unit, version.direction) == (
            name,
            family,
            unit,
            direction,
        )
    statuses = [indicator.status for indicator in indicators.values()]
    assert statuses.count("adopted") >= 6
    assert statuses.count("co_construction") == statuses.count("proposed") == statuses.count("retired") == 1
    for indicator in indicators.values():
        indicator.full_clean()
        version = indicator.current
        for field in ("definition", "rationale", "numerator", "data_source", "frequency", "limitations"):
            assert getattr(version, field), (indicator.code, field)
        assert indicator.aim_dimension and indicator.steward_organization is not None
        assert list(indicator.stewards.all()) == [mathieu]
    population = {code for code, indicator in indicators.items() if indicator.family in ("outcome", "equity")}
    assert len(population) >= 2


def test_the_revised_indicator_discusses_version_2_while_version_1_stays_in_force(seeded):
    indicator = Indicator.objects.select_related("current", "in_force").get(status="co_construction")

    assert indicator.in_force.number == 1 and indicator.in_force.is_adopted
    assert indicator.current.number == 2 and not indicator.current.is_adopted
    assert indicator.current.change_note
    assert indicator.current.definition != indicator.in_force.definition
    assert set(indicator.measurements.values_list("version", flat=True)) == {indicator.in_force_id}
    roles = set(indicator.current.contributions.endorsements().values_list("role", flat=True))
    assert roles == {ContributorRole.PARTNER}  # a professional's endorsement is still missing


def test_adopted_versions_were_endorsed_by_partners_and_professionals_after_a_real_discussion(seeded):
    adopted = IndicatorVersion.objects.filter(adopted_at__isnull=False).select_related("indicator")
    contributions = Contribution.objects.select_related("contributor")

    assert adopted.count() >= 8
    for version in adopted:
        endorsements = version.contributions.endorsements()
        assert set(endorsements.values_list("role", flat=True)) == {"partner", "professional"}, version
        assert endorsements.filter(created_at__lt=version.adopted_at).count() == endorsements.count()
    for contribution in contributions.filter(role=ContributorRole.PARTNER):
        assert PartnerProfile.objects.filter(user=contribution.contributor).exists()
        assert contribution.role_detail  # the partner's types at the time
    assert contributions.filter(role=ContributorRole.PROFESSIONAL).exclude(role_detail="").exists()
    assert set(contributions.values_list("kind", flat=True)) == {"comment", "proposal", "endorsement"}
    answers = set(contributions.filter(kind="proposal").values_list("proposal_status", flat=True))
    assert {"accepted", "declined"} <= answers
    credited = contributions.filter(credited=True).count()
    assert 0 < credited < contributions.count() / 3
    assert all(contribution.created_at < timezone.now() for contribution in contributions)
    assert len({contribution.created_at.date() for contribution in contributions}) > 30  # spread over time
    texts = "\n".join(contributions.values_list("text", flat=True))
    assert "95 %" in texts
    for surname in REAL_SURNAMES:
        assert not re.search(rf"\b{re.escape(surname)}\b", texts, re.IGNORECASE), surname


def test_measurements_cover_quebec_and_the_18_regions_by_quarter_and_strata(seeded):
    indicator = Indicator.objects.get(code="PREM-RECO")
    values = Measurement.objects.filter(indicator=indicator)
    quebec_and_regions = {Territory.objects.province().pk, *Territory.objects.regions().values_list("pk", flat=True)}

    assert 20_000 <= Measurement.objects.count() <= 40_000
    assert set(values.values_list("territory", flat=True)) == quebec_and_regions
    quarters = set(values.filter(granularity="quarter").values_list("period_start", flat=True))
    assert {(start.year, start.month) for start in quarters} == {
        (year, month) for year in range(2022, 2026) for month in (1, 4, 7, 10)
    }
    dimensions = set(Stratum.objects.filter(pk__in=values.values("stratum")).values_list("dimension", flat=True))
    assert dimensions == {"total", "sex", "age", "deprivation", "language", "rurality"}
    assert set(values.values_list("version", flat=True)) == {indicator.in_force_id}
    assert values.public().count() == values.count()
    montreal = values.get(territory__code="06", stratum__dimension="total", period_start=datetime.date(2025, 1, 1))
    assert 80 <= montreal.value <= 99 and montreal.numerator and montreal.denominator


def test_small_counts_are_suppressed_and_the_proposed_indicator_has_no_values(seeded):
    waiting = Measurement.objects.filter(indicator__code="ATTENTE-GAMF")

    assert waiting.filter(small=True).exists()
    assert not Measurement.objects.filter(small=True, suppressed=False).exists()
    assert Measurement.objects.filter(suppressed=True, small=False).exists()  # complementary suppression
    assert waiting.filter(value__gte=100_000).exists()  # "123 456" read as a number
    assert not Measurement.objects.filter(indicator__status="proposed").exists()
    assert Measurement.objects.filter(indicator__status="retired", period_start__year=2023).exists()
    assert not Measurement.objects.filter(indicator__status="retired", period_start__year=2024).exists()


def test_the_imports_are_in_mathieus_history_with_one_file_to_fix(seeded):
    mathieu = User.objects.get(email=MATHIEU)
    history = ImportBatch.objects.visible_to(mathieu)

    assert history.count() == ImportBatch.objects.count() >= 9
    by_status = dict(history.values_list("status").annotate(Count("id")))
    assert by_status == {"done": history.count() - 1, "invalid": 1}
    for batch in history.filter(status="done"):
        assert batch.inserted == batch.row_count > 0 and batch.error_count == 0
        assert batch.source and batch.original_name.endswith(".csv")
        assert Measurement.objects.filter(batch=batch).count() == batch.row_count
    draft = history.get(status="invalid")
    assert draft.error_count == 3 and draft.error_report
    assert {error["value"] for error in draft.errors} == {"< 5", "N/A", "Gaspésie"}
    assert not Measurement.objects.filter(batch=draft).exists()


def test_targets_are_set_per_governance_level_with_their_rationale(seeded):
    targets = Target.objects.select_related("territory", "indicator")

    assert {target.level for target in targets} >= {"provincial", "regional", "local"}
    assert {target.territory.code for target in targets.filter(level="provincial")} == {"QC"}
    assert targets.filter(level="regional").values("territory").distinct().count() >= 3
    for target in targets:
        target.full_clean()
        assert target.rationale and target.indicator.status in ("adopted", "co_construction")


def test_queued_check_and_import_tasks_find_the_work_done(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", verbosity=0)

    assert len(callbacks) >= 19  # each file's check and each import, queued after commit
    assert set(ImportBatch.objects.values_list("status", flat=True)) == {"done", "invalid"}
    assert not ImportBatch.objects.filter(status="done", updated__gt=0).exists()


def test_seed_twice_creates_nothing_new(seeded):
    before = rows()

    counts = demo.seed(demo_password=None)

    assert set(counts.values()) == {0}
    assert rows() == before


# --- seed_scale ------------------------------------------------------------------------------


def test_scale_writes_that_many_valid_public_measurements(seeded):
    before = rows()

    counts = demo.seed_scale(count=500)

    generated = Measurement.objects.filter(indicator__code__startswith=demo.SCALE_PREFIX)
    assert counts == {"indicators": 1, "measurements": 500}
    assert rows()["Measurement"] - before["Measurement"] == generated.count() == 500
    assert generated.public().count() == 500
    assert not generated.filter(small=True, suppressed=False).exists()
    for measurement in generated.select_related("indicator", "version")[:50]:
        measurement.full_clean()
        assert measurement.indicator.in_force == measurement.version
    assert ImportBatch.objects.count() == before["ImportBatch"]


def test_scale_twice_adds_new_indicators(db):
    demo.seed_scale(count=300)
    demo.seed_scale(count=300)

    codes = list(Indicator.objects.filter(code__startswith=demo.SCALE_PREFIX).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 2
    assert Measurement.objects.count() == 600


def test_scale_of_zero_adds_nothing(db):
    counts = demo.seed_scale(count=0)

    assert set(counts.values()) == {0}
    assert not Measurement.objects.exists() and not Indicator.objects.exists()
