"""The administration of the indicators: staff read every table and name stewards; nothing the
services write is added, changed or deleted here; the measurements list stays cheap."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from ecosystem.models import Territory
from indicators.models import Contribution, ImportBatch, Indicator, IndicatorVersion, Measurement, Stratum, Target
from tests.factories import ContributionFactory, IndicatorFactory, MeasurementFactory, TargetFactory

from .conftest import csv_upload, import_file

pytestmark = pytest.mark.django_db

MODELS = [Indicator, IndicatorVersion, Contribution, Target, ImportBatch, Measurement, Stratum]
READ_ONLY = [IndicatorVersion, Contribution, Target, ImportBatch, Measurement, Stratum]


@pytest.fixture
def objects(indicator, steward, partner, organizer, total):
    """One row of each model: PREM-RECO with an endorsement, a target, and an imported file of
    two values."""
    batch = import_file(
        steward,
        csv_upload(["PREM-RECO;06;2025-T1;Total;Total;71,3;;", "PREM-RECO;03;2025-T1;Total;Total;68,0;;"]),
    )
    assert batch.status == ImportBatch.Status.DONE
    return {
        Indicator: indicator,
        IndicatorVersion: indicator.current,
        Contribution: ContributionFactory(
            indicator=indicator, contributor=organizer, role_detail="Organisateur communautaire"
        ),
        Target: TargetFactory(indicator=indicator),
        ImportBatch: batch,
        Measurement: Measurement.objects.filter(batch=batch).first(),
        Stratum: total,
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_staff_see_the_list_and_each_row(client, staff, objects, model):
    client.force_login(staff)

    listing = client.get(admin_url(model, "changelist"))
    row = client.get(admin_url(model, "change", objects[model].pk))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model.objects.count() >= 1
    assert row.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("persona", [None, "steward", "partner"])
def test_the_admin_is_for_staff_only(client, objects, model, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    listing = client.get(admin_url(model, "changelist"))
    row = client.get(admin_url(model, "change", objects[model].pk))

    for response in (listing, row):
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Indicator, {"q": "recommanderaient", "status__exact": "adopted", "family__exact": "prem"}),
        (IndicatorVersion, {"q": "PREM-RECO", "unit__exact": "percent"}),
        (Contribution, {"q": "PREM-RECO", "kind__exact": "endorsement", "role__exact": "professional"}),
        (Target, {"q": "PREM-RECO", "level__exact": "regional"}),
        (ImportBatch, {"q": "valeurs", "status__exact": "done"}),
        (Stratum, {"q": "total", "dimension__exact": "total"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_search_and_filter_each_list(client, staff, objects, model, query):
    client.force_login(staff)

    response = client.get(admin_url(model, "changelist"), query)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


def test_staff_filter_the_measurements_by_indicator_and_territory(client, staff, objects):
    client.force_login(staff)
    montreal = Territory.objects.regions().get(code="06")
    other = MeasurementFactory(territory=montreal)

    response = client.get(
        admin_url(Measurement, "changelist"), {"indicator": objects[Indicator].pk, "territory__id__exact": montreal.pk}
    )

    assert response.status_code == 200
    assert [measurement.territory for measurement in response.context["cl"].result_list] == [montreal]
    assert other not in response.context["cl"].result_list


def test_staff_name_the_stewards_and_nothing_else_changes(client, staff, objects, steward, organizer):
    indicator = objects[Indicator]
    client.force_login(staff)

    response = client.post(
        admin_url(Indicator, "change", indicator.pk),
        {
            "stewards": [steward.pk, organizer.pk],
            "code": "PIRATE",
            "status": "retired",
            "family": "equity",
            **{f"versions-{key}": value for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 1}.items()},
        },
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert set(indicator.stewards.all()) == {steward, organizer}
    assert (indicator.code, indicator.status, indicator.family) == ("PREM-RECO", "adopted", "prem")
    assert indicator.is_steward(organizer)


def test_the_steward_picker_searches_people(client, staff, objects, decision_maker):
    client.force_login(staff)

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "Nath", "app_label": "indicators", "model_name": "indicator", "field_name": "stewards"},
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [str(decision_maker)]


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_nobody_adds_changes_or_deletes_rows_written_by_the_services(client, staff, objects, model, rf):
    client.force_login(staff)
    request = rf.get("/")
    request.user = staff
    model_admin = admin.site._registry[model]
    before = list(model.objects.values_list())

    added = client.post(admin_url(model, "add"), {})
    changed = client.post(admin_url(model, "change", objects[model].pk), {"value": "1", "text": "Changé"})
    deleted = client.post(admin_url(model, "delete", objects[model].pk), {"post": "yes"})

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, objects[model])
    assert not model_admin.has_delete_permission(request, objects[model])
    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert list(model.objects.values_list()) == before


def test_indicators_are_neither_added_nor_deleted_here(client, staff, objects):
    client.force_login(staff)

    added = client.post(admin_url(Indicator, "add"), {"code": "NOUVEAU", "family": "prem"})
    deleted = client.post(admin_url(Indicator, "delete", objects[Indicator].pk), {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert list(Indicator.objects.values_list("code", flat=True)) == ["PREM-RECO"]


def test_an_import_page_neither_shows_nor_links_its_files(client, staff, objects):
    batch = objects[ImportBatch]
    client.force_login(staff)

    listing = client.get(admin_url(ImportBatch, "changelist")).content.decode()
    row = client.get(admin_url(ImportBatch, "change", batch.pk)).content.decode()

    assert "valeurs.csv" in row
    for content in (listing, row):
        assert batch.file.name not in content
        assert batch.checked.name not in content
        assert "/media/" not in content


def many_measurements(indicator) -> None:
    """Forty more values: other indicators, every region, two quarters, two strata."""
    strata = list(Stratum.objects.filter(dimension="sex"))
    others = [IndicatorFactory(adopted=True) for _ in range(3)]
    for territory in Territory.objects.regions()[:10]:
        for number, start in enumerate([datetime.date(2024, 1, 1), datetime.date(2024, 4, 1)]):
            MeasurementFactory(
                indicator=others[number],
                territory=territory,
                stratum=strata[number],
                period_start=start,
                period_end=start + datetime.timedelta(days=89),
            )
            MeasurementFactory(indicator=indicator, territory=territory, stratum=strata[number], period_start=start)


def test_the_measurements_list_takes_as_many_queries_for_one_row_as_for_many(
    client, staff, objects, django_assert_num_queries
):
    client.force_login(staff)
    url = admin_url(Measurement, "changelist")
    client.get(url)  # the session and the admin's lazy imports, once

    # session, user, the filters' indicators and territories, (on PostgreSQL: the planner's
    # estimate of the table's size, too small here to be used), the count of the list, its page
    # (each row's indicator, territory and stratum joined)
    expected = 7 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        one = client.get(url)
    many_measurements(objects[Indicator])
    with django_assert_num_queries(expected):
        many = client.get(url)

    assert one.context["cl"].result_count == 2
    assert many.context["cl"].result_count == 42
    assert "PREM-RECO" in many.content.decode()
