"""A person's rights over what they gave to the indicators: their contributions, imports and
stewardship are in "download my data"; deleting their account leaves the co-construction record
signed by role only, and no indicators table names them."""

import json

import pytest

from ecosystem.consents import CONSENT_TEXTS
from ecosystem.models import User
from ecosystem.services import account_erase, consent_give, consent_withdraw
from indicators import privacy, services
from indicators.models import Contribution, ImportBatch, Indicator
from tests.ecosystem.test_account_erase import rows_mentioning
from tests.ecosystem.test_data_export import build_export, read_archive
from tests.factories import UserFactory

from .conftest import csv_upload, import_file

pytestmark = pytest.mark.django_db

# ASCII only, as in the account erasure tests: JSON columns may store accents escaped.
EMAIL = "zephyrin.intendant-5519@exemple.test"
NAME = "Zephyrin-Intendant-5519"


@pytest.fixture
def person(indicator):
    """A steward of PREM-RECO who imported a file named after himself and took part in its
    co-construction as a professional, with a role that could point to him."""
    user = UserFactory(email=EMAIL, display_name=NAME)
    indicator.stewards.add(user)
    batch = import_file(user, csv_upload(["PREM-RECO;06;2025-T1;Total;Total;71,3;;"], name=f"{NAME}-sondage.csv"))
    assert batch.status == ImportBatch.Status.DONE
    services.indicator_update(indicator=indicator, by=user, definition="Définition-marqueur revue.")
    indicator.refresh_from_db()
    services.contribution_add(
        indicator=indicator,
        by=user,
        kind="comment",
        role="professional",
        role_detail="Seul infirmier du dispensaire de Zephyrin-Intendant-5519",
        text="Commentaire-marqueur de A.",
        credited=True,
    )
    services.contribution_add(
        indicator=indicator,
        by=user,
        kind="proposal",
        role="professional",
        field="rationale",
        text="Raison-marqueur proposée par A.",
    )
    services.contribution_add(indicator=indicator, by=user, kind="endorsement", role="professional")
    return user


@pytest.fixture
def someone_else(indicator, partner, partner_profile):
    """Amélie, a partner, commented and endorsed too."""
    indicator.refresh_from_db()
    services.contribution_add(
        indicator=indicator, by=partner, kind="comment", role="partner", text="Commentaire-marqueur de B."
    )
    return services.contribution_add(
        indicator=indicator, by=partner, kind="endorsement", role="partner", role_detail="Proche aidante", credited=True
    )


def test_the_export_holds_the_persons_contributions_imports_and_stewardship(person, someone_else):
    sections = privacy.export(person)

    contributions = sections["indicator_contributions"]
    assert [(row["indicator"], row["version"], row["kind"], row["role"]) for row in contributions] == [
        ("PREM-RECO", 2, "comment", "professional"),
        ("PREM-RECO", 2, "proposal", "professional"),
        ("PREM-RECO", 2, "endorsement", "professional"),
    ]
    comment = contributions[0]
    assert comment["text"] == "Commentaire-marqueur de A." and comment["credited"] is True
    assert comment["role_detail"].startswith("Seul infirmier") and comment["created_at"]
    assert contributions[1]["field"] == "rationale" and contributions[1]["proposal_status"] == "open"
    [batch] = sections["indicator_imports"]
    assert (batch["file_name"], batch["status"], batch["rows"], batch["inserted"]) == (
        f"{NAME}-sondage.csv",
        "done",
        1,
        1,
    )
    assert batch["created_at"] and batch["source"] == "Sondage 2025"
    assert sections["indicators_stewarded"] == [{"indicator": "PREM-RECO", "name": Indicator.objects.get().name}]
    assert "Commentaire-marqueur de B." not in json.dumps(sections, default=str)


def test_download_my_data_has_an_indicators_section_with_only_the_persons_rows(
    person, someone_else, partner, django_capture_on_commit_callbacks
):
    export = build_export(person, django_capture_on_commit_callbacks)

    files = read_archive(export.file.read())
    document = json.loads(files["data.json"])
    assert len(document["sections"]["indicator_contributions"]) == 3
    assert "Commentaire-marqueur de A." in files["indicator_contributions.csv"]
    assert "indicator_imports.csv" in files and "indicators_stewarded.csv" in files
    assert "Commentaire-marqueur de B." not in files["data.json"]
    assert privacy.export(partner)["indicator_imports"] == []


def test_withdrawing_a_consent_leaves_the_contributions_as_they_were(person, someone_else, partner):
    before = list(Contribution.objects.values_list())
    for purpose in CONSENT_TEXTS:
        consent_give(user=partner, purpose=purpose)
        consent_withdraw(user=partner, purpose=purpose)

    assert list(Contribution.objects.values_list()) == before


def test_after_erasing_the_contributions_stay_signed_by_role_only(person, someone_else, indicator):
    pk = person.pk
    kept = set(Contribution.objects.filter(contributor=person).values_list("pk", flat=True))
    in_indicators = {row.split(":")[0] for row in rows_mentioning(EMAIL, NAME) if row.startswith("indicators.")}
    assert in_indicators == {"indicators.ImportBatch.original_name", "indicators.Contribution.role_detail"}

    account_erase(user=person)

    assert not User.objects.filter(pk=pk).exists()
    contributions = Contribution.objects.filter(pk__in=kept)
    assert contributions.count() == 3
    for contribution in contributions:
        assert contribution.contributor_id is None
        assert (contribution.role, contribution.role_detail, contribution.credited) == ("professional", "", False)
    assert contributions.filter(kind="endorsement", withdrawn_at__isnull=True).exists()  # still on record
    batch = ImportBatch.objects.get()
    assert batch.created_by_id is None and batch.status == "done" and batch.original_name == f"import-{batch.pk}.csv"
    assert indicator.measurements.count() == 1
    assert not Indicator.stewards.through.objects.filter(user_id=pk).exists()
    assert rows_mentioning(EMAIL, NAME) == []


def test_erasing_one_person_leaves_the_others_contributions_and_stewardship(
    person, someone_else, partner, steward, indicator
):
    account_erase(user=person)

    someone_else.refresh_from_db()
    assert someone_else.contributor == partner
    assert (someone_else.role_detail, someone_else.credited) == ("Proche aidante", True)
    assert Contribution.objects.filter(contributor=partner).count() == 2
    assert list(indicator.stewards.all()) == [steward]
