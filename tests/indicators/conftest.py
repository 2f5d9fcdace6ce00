"""Indicators for the cast. Mathieu (steward) stewards "PREM-RECO" (the share of service users
who would recommend the service, a percentage), adopted, and "PART-DEMARRAGE" (proposed, not yet
discussed). Amélie (partner) has a partner profile; Karim (organizer) contributes as a
professional. Files are uploaded through the services, as the pages and the API do."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from ecosystem.models import Organization, Territory
from indicators import services
from indicators.models import ImportBatch, Stratum
from tests.factories import IndicatorFactory, OrganizationFactory, PartnerProfileFactory

MAPPING = {
    "indicator": "indicateur",
    "territory": "territoire",
    "period": "periode",
    "dimension": "dimension",
    "category": "categorie",
    "value": "valeur",
    "numerator": "numerateur",
    "denominator": "denominateur",
}
HEADER = "indicateur;territoire;periode;dimension;categorie;valeur;numerateur;denominateur"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test's imported files land in a folder of its own, to see what is left in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
def women(db):
    return Stratum.objects.get(dimension="sex", code="femmes")


@pytest.fixture
def inesss(db):
    return OrganizationFactory(name="Institut de la qualité", slug="institut-qualite", kind=Organization.Kind.MINISTRY)


@pytest.fixture
def indicator(steward, inesss):
    """PREM-RECO, adopted, stewarded by Mathieu."""
    return IndicatorFactory(
        code="PREM-RECO",
        adopted=True,
        stewards=[steward],
        steward_organization=inesss,
        version__name="Part des usagers qui recommanderaient le service",
    )


@pytest.fixture
def proposed(steward):
    """PART-DEMARRAGE, proposed, stewarded by Mathieu: a percentage of initiatives."""
    return IndicatorFactory(
        code="PART-DEMARRAGE",
        family="partnership",
        stewards=[steward],
        version__name="Part des initiatives avec des partenaires impliqués dès le démarrage",
    )


@pytest.fixture
def count_indicator(steward):
    """A count (people waiting for a family doctor), adopted, for running totals and small counts."""
    return IndicatorFactory(
        code="ATTENTE-GAMF", adopted=True, stewards=[steward], family="process", version__unit="count"
    )


@pytest.fixture
def partner_profile(partner, montreal):
    return PartnerProfileFactory(user=partner, region=montreal)


def csv_upload(
    lines: list[str], *, name: str = "valeurs.csv", header: str = HEADER, encoding="utf-8"
) -> SimpleUploadedFile:
    """A CSV file as a browser sends it: ``lines`` under ``header``, separated by semicolons."""
    content = "\n".join([header, *lines]) + "\n"
    return SimpleUploadedFile(name, content.encode(encoding), content_type="text/csv")


def check_file(steward, upload, *, mapping=None, source="Sondage 2025", cumulative=False) -> ImportBatch:
    """Upload a file and check it (the preview); tasks run eagerly once the transaction commits."""
    batch = services.import_create(by=steward, file=upload)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.import_map(batch=batch, by=steward, mapping=mapping or MAPPING, source=source, cumulative=cumulative)
    batch.refresh_from_db()
    return batch


def import_file(steward, upload, **options) -> ImportBatch:
    """Upload, check and, when the check found no error, import a file."""
    batch = check_file(steward, upload, **options)
    if batch.status == ImportBatch.Status.VALID:
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.import_confirm(batch=batch, by=steward)
        batch.refresh_from_db()
    return batch
