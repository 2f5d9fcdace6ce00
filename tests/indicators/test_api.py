"""The co-built indicators' REST API: the public catalogue with its versions and co-construction
facts, the measurements (open data: only public values, suppressed cells never given, cursor
pagination, CSV), the targets (set by stewards) and the stewards' imports through the API.

Mathieu (steward) stewards PREM-RECO (adopted, a percentage) and PART-DEMARRAGE (proposed, not
adopted); Sophie is staff; Paul (outsider) stewards nothing. Every response is also scanned by the
suite-wide fixture of ``tests/conftest.py`` for other people's e-mail addresses.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from indicators import services
from indicators.api import MeasurementPagination
from indicators.models import ImportBatch, Measurement, Stratum, Target
from tests.factories import ContributionFactory, IndicatorFactory, MeasurementFactory, TargetFactory, UserFactory

from .conftest import MAPPING, csv_upload

pytestmark = pytest.mark.django_db

CANNOT_CHANGE = "Ce champ ne peut pas être modifié."
MEASUREMENTS = "/api/v1/measurements/"
IMPORTS = "/api/v1/imports/"
TARGETS = "/api/v1/targets/"


@pytest.fixture
def api(request):
    """``api("steward")``: an API client signed in as that persona (``"visitor"``: anonymous).
    No Accept-Language: the API answers in French."""

    def client_for(persona: str) -> APIClient:
        client = APIClient()
        if persona != "visitor":
            client.force_login(request.getfixturevalue(persona))
        return client

    return client_for


def _stratum(dimension: str, code: str) -> Stratum:
    return Stratum.objects.get(dimension=dimension, code=code)


def _rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))


# --- Indicators ------------------------------------------------------------------------------


@pytest.fixture
def coconstructed(indicator, partner, organizer):
    """PREM-RECO endorsed by Amélie (partner, named), Karim and a professional whose account was
    deleted since; a comment by Karim on the same version."""
    first = ContributionFactory(indicator=indicator, contributor=partner, role="partner", credited=True)
    ContributionFactory(indicator=indicator, contributor=organizer, credited=True)
    ContributionFactory(indicator=indicator, contributor=None)
    ContributionFactory(indicator=indicator, contributor=organizer, kind="comment", text="Clair.")
    return first


def test_a_visitor_reads_the_catalogue_with_how_each_indicator_was_co_built(api, coconstructed, proposed):
    response = api("visitor").get("/api/v1/indicators/")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [row["code"] for row in data["results"]] == ["PART-DEMARRAGE", "PREM-RECO"]
    reco = data["results"][1]
    assert reco["name"] == "Part des usagers qui recommanderaient le service"
    assert reco["family"] == "prem" and reco["family_label"]
    assert reco["status"] == "adopted" and reco["unit"] == "percent" and reco["direction"] == "higher"
    assert reco["method"] == {
        "numerator": "Personnes qui recommanderaient le service",
        "denominator": "Personnes qui ont répondu au sondage",
        "exclusions": "",
    }
    assert reco["steward_organization"] == "Institut de la qualité"
    assert reco["current_version"] == 1 and reco["version_in_force"] == 1
    assert reco["url"].startswith("http://testserver/") and reco["url"].endswith("/PREM-RECO/")
    facts = reco["coconstruction"]
    assert facts["partners"] == 1 and facts["professionals"] == 2  # the deleted account counts once
    assert facts["endorsements"] == {"partner": 1, "professional": 2}
    assert facts["first"] is not None and facts["last"] >= facts["first"]
    assert data["results"][0]["version_in_force"] is None
    assert data["results"][0]["coconstruction"] == {
        "partners": 0,
        "professionals": 0,
        "endorsements": {"partner": 0, "professional": 0},
        "first": None,
        "last": None,
    }
    # Counts only: not even the names people chose to show on the sheet.
    assert "Amélie" not in response.content.decode() and "Karim" not in response.content.decode()


def test_an_indicator_is_read_by_its_code(api, coconstructed):
    response = api("visitor").get("/api/v1/indicators/PREM-RECO/")

    assert response.status_code == 200
    assert response.json()["coconstruction"]["endorsements"] == {"partner": 1, "professional": 2}


def test_an_unknown_indicator_answers_404_in_the_error_shape(api, indicator):
    response = api("visitor").get("/api/v1/indicators/NOPE/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("family=partnership", ["PART-DEMARRAGE"]),
        ("status=adopted", ["PREM-RECO"]),
        ("q=usagers", ["PREM-RECO"]),
        ("q=démarrage partenaires", ["PART-DEMARRAGE"]),
    ],
)
def test_the_catalogue_filters(api, indicator, proposed, query, codes):
    response = api("visitor").get(f"/api/v1/indicators/?{query}")

    assert [row["code"] for row in response.json()["results"]] == codes


def test_an_unknown_family_is_a_400(api, indicator):
    response = api("visitor").get("/api/v1/indicators/?family=astrology")

    assert response.status_code == 400
    assert "family" in response.json()["errors"]


def test_a_visitor_reads_every_version_latest_first(api, indicator, steward):
    services.indicator_update(
        indicator=indicator, by=steward, change_note="Exclure les réponses partielles", exclusions="Réponses partielles"
    )

    response = api("visitor").get("/api/v1/indicators/PREM-RECO/versions/")

    assert response.status_code == 200
    versions = response.json()
    assert [version["number"] for version in versions] == [2, 1]
    assert versions[0]["exclusions"] == "Réponses partielles"
    assert versions[0]["change_note"] == "Exclure les réponses partielles"
    assert versions[0]["adopted_at"] is None and versions[1]["adopted_at"] is not None
    assert api("visitor").get("/api/v1/indicators/PREM-RECO/").json()["current_version"] == 2
    assert api("visitor").get("/api/v1/indicators/NOPE/versions/").status_code == 404


def test_indicator_list_query_count_does_not_grow(api, indicator, partner, django_assert_num_queries):
    client = api("visitor")
    ContributionFactory(indicator=indicator, contributor=partner, role="partner")
    # 1. count for pagination, 2. the page of indicators with their current and adopted versions
    # and steward organization (joins) and the co-construction counts (one grouped query)
    with django_assert_num_queries(2):
        response = client.get("/api/v1/indicators/")
    assert response.json()["count"] == 1

    for _ in range(14):
        other = IndicatorFactory(adopted=True)
        ContributionFactory(indicator=other)
        ContributionFactory(indicator=other, kind="comment", text="Bien.")
    with django_assert_num_queries(2):
        response = client.get("/api/v1/indicators/")
    assert response.json()["count"] == 15


# --- Measurements ----------------------------------------------------------------------------


@pytest.fixture
def value(indicator):
    """PREM-RECO, Montréal, 2025-T1, total: 71.3 % (142.6 of 200)."""
    return MeasurementFactory(indicator=indicator, value=Decimal("71.3"), numerator=Decimal("142.6"), denominator=200)


@pytest.fixture
def suppressed(indicator):
    """PREM-RECO, Montréal, 2025-T1, women: 3 of 7 (42.8571 %), a small count, suppressed."""
    return MeasurementFactory(
        indicator=indicator,
        stratum=_stratum("sex", "femmes"),
        value=Decimal("42.8571"),
        numerator=3,
        denominator=7,
        ci_low=Decimal("9.8765"),
        ci_high=Decimal("81.2345"),
        small=True,
        suppressed=True,
    )


def test_a_visitor_reads_public_values(api, value):
    response = api("visitor").get(MEASUREMENTS)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row == {
        "id": value.pk,
        "indicator": "PREM-RECO",
        "version": 1,
        "territory": "06",
        "territory_name": "Montréal",
        "granularity": "quarter",
        "period": "2025-T1",
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "dimension": "total",
        "category": "total",
        "category_name": "Total",
        "value": 71.3,
        "ci_low": None,
        "ci_high": None,
        "numerator": 142.6,
        "denominator": 200.0,
        "source": "Sondage 2025",
        "suppressed": False,
        "display": "71.3",
    }


def test_a_suppressed_value_is_never_given_only_under_5(api, value, suppressed):
    response = api("visitor").get(f"{MEASUREMENTS}?dimension=sex")

    [row] = response.json()["results"]
    assert row["suppressed"] is True and row["display"] == "< 5"
    assert row["value"] is None and row["numerator"] is None and row["denominator"] is None
    assert row["ci_low"] is None and row["ci_high"] is None
    body = response.content.decode()
    assert "42.857" not in body and "9.876" not in body and "81.234" not in body


def test_a_suppressed_value_is_never_given_in_csv_either(api, value, suppressed):
    response = api("visitor").get(f"{MEASUREMENTS}?format=csv&dimension=sex")

    header, row = _rows(response)
    assert row[header.index("valeur")] == "< 5"
    assert row[header.index("numérateur")] == "" and row[header.index("dénominateur")] == ""
    assert row[header.index("intervalle de confiance, borne inférieure")] == ""
    text = ",".join(row)
    assert "42.857" not in text and "9.876" not in text and "81.234" not in text


def test_values_of_an_unadopted_version_are_for_its_stewards_and_staff_only(api, value, proposed, steward):
    draft = MeasurementFactory(indicator=proposed, value=Decimal("12.5"))

    def codes(persona: str, query: str = "") -> list[str]:
        return [row["indicator"] for row in api(persona).get(f"{MEASUREMENTS}{query}").json()["results"]]

    assert codes("visitor") == ["PREM-RECO"]
    assert codes("outsider") == ["PREM-RECO"]
    assert codes("visitor", "?indicator=PART-DEMARRAGE") == []
    assert sorted(codes("steward")) == ["PART-DEMARRAGE", "PREM-RECO"]
    assert sorted(codes("staff")) == ["PART-DEMARRAGE", "PREM-RECO"]
    csv_rows = _rows(api("visitor").get(f"{MEASUREMENTS}?format=csv"))
    assert [row[0] for row in csv_rows[1:]] == ["PREM-RECO"]
    assert draft.pk not in [row["id"] for row in api("outsider").get(MEASUREMENTS).json()["results"]]


def test_a_steward_sees_each_value_once_when_an_indicator_has_several_stewards(api, value, indicator, outsider):
    indicator.stewards.add(outsider, UserFactory())

    response = api("steward").get(MEASUREMENTS)

    assert [row["id"] for row in response.json()["results"]] == [value.pk]


@pytest.fixture
def series(indicator, count_indicator, montreal, capitale):
    """PREM-RECO for Montréal and Capitale-Nationale, four quarters of 2024, the total and
    women; ATTENTE-GAMF for Montréal in 2024 (a year)."""
    women = _stratum("sex", "femmes")
    rows = []
    for territory in (montreal, capitale):
        for quarter in range(4):
            start = datetime.date(2024, 3 * quarter + 1, 1)
            end = datetime.date(2024, 3 * quarter + 3, 30 if quarter in (1, 2) else 31)
            for stratum in (_stratum("total", "total"), women):
                rows.append(
                    MeasurementFactory(
                        indicator=indicator, territory=territory, period_start=start, period_end=end, stratum=stratum
                    )
                )
    rows.append(
        MeasurementFactory(
            indicator=count_indicator,
            territory=montreal,
            granularity="year",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            value=1200,
        )
    )
    return rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("indicator=ATTENTE-GAMF", 1),
        ("indicator=PREM-RECO", 16),
        ("indicator=PREM-RECO&territory=03", 8),
        ("indicator=PREM-RECO&period_after=2024-07-01", 8),
        ("indicator=PREM-RECO&period_before=2024-06-30", 8),
        ("indicator=PREM-RECO&period_after=2024-04-01&period_before=2024-06-30&territory=06", 2),
        ("dimension=sex&category=femmes", 8),
        ("dimension=total", 9),
        ("granularity=year", 1),
        ("granularity=quarter&territory=06&dimension=total", 4),
        ("indicator=NOPE", 0),
        ("territory=99", 0),
        ("dimension=sex&category=martiens", 0),
    ],
)
def test_the_measurements_filter(api, series, query, expected):
    response = api("visitor").get(f"{MEASUREMENTS}?{query}&page_size=100")

    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


@pytest.mark.parametrize("query", ["period_after=2024-13-45", "period_before=hier", "granularity=decade"])
def test_a_malformed_filter_is_a_400_in_the_error_shape(api, value, query):
    for url in (f"{MEASUREMENTS}?{query}", f"{MEASUREMENTS}?format=csv&{query}"):
        response = api("visitor").get(url)

        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        assert set(data) == {"detail", "errors"}
        assert query.split("=")[0] in data["errors"]


def test_the_cursor_pagination_follows_next_links_without_counting(api, series, django_assert_num_queries):
    client = api("visitor")
    seen = []
    url = f"{MEASUREMENTS}?indicator=PREM-RECO&page_size=5"
    while url:
        # 1. the page (six rows: the sixth says whether there is a next page); no count
        with django_assert_num_queries(1):
            data = client.get(url).json()
        assert "count" not in data
        assert len(data["results"]) <= 5
        seen += [row["id"] for row in data["results"]]
        url = data["next"]

    expected = sorted(m.pk for m in Measurement.objects.filter(indicator__code="PREM-RECO"))
    assert seen == expected


def test_the_page_size_has_a_default_and_a_cap(api, series, monkeypatch):
    client = api("visitor")
    monkeypatch.setattr(MeasurementPagination, "page_size", 3)
    monkeypatch.setattr(MeasurementPagination, "max_page_size", 5)

    default = client.get(MEASUREMENTS).json()
    asked = client.get(f"{MEASUREMENTS}?page_size=4").json()
    too_many = client.get(f"{MEASUREMENTS}?page_size=100000").json()

    assert len(default["results"]) == 3
    assert len(asked["results"]) == 4
    assert len(too_many["results"]) == 5


def test_the_csv_holds_the_same_rows_with_a_bom_and_a_french_header(api, series):
    client = api("visitor")
    query = "indicator=PREM-RECO&territory=06&dimension=total"

    response = client.get(f"{MEASUREMENTS}?format=csv&{query}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:4] == ["indicateur", "version", "code du territoire", "territoire"]
    as_json = client.get(f"{MEASUREMENTS}?{query}").json()["results"]
    assert [(row[0], row[2], row[5], row[9], row[11]) for row in rows] == [
        (item["indicator"], item["territory"], item["period"], item["category"], item["display"]) for item in as_json
    ]
    assert len(rows) == 4


def test_the_csv_is_also_given_for_accept_text_csv_with_an_english_header(api, value):
    client = api("visitor")

    response = client.get(MEASUREMENTS, HTTP_ACCEPT="text/csv", HTTP_ACCEPT_LANGUAGE="en")

    header, row = _rows(response)
    assert header[:4] == ["indicator", "version", "territory code", "territory"]
    assert row[3] == "Montréal" and row[11] == "71.3"


def test_measurements_query_count_does_not_grow(api, indicator, django_assert_num_queries):
    MeasurementFactory(indicator=indicator)
    # Signed in: 1. session, 2. user, 3. the page with indicator, version, territory and stratum
    # (joins); no count
    for persona, queries in (("visitor", 1), ("steward", 3)):
        client = api(persona)
        with django_assert_num_queries(queries):
            assert len(client.get(MEASUREMENTS).json()["results"]) == 1

    for year in range(2000, 2030):
        MeasurementFactory(
            indicator=indicator,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 3, 31),
            stratum=_stratum("age", "65-74"),
        )
    for persona, queries in (("visitor", 1), ("steward", 3)):
        client = api(persona)
        with django_assert_num_queries(queries):
            assert len(client.get(MEASUREMENTS).json()["results"]) == 31


def test_the_csv_is_read_in_one_query(api, indicator, django_assert_num_queries):
    for year in range(2000, 2020):
        MeasurementFactory(indicator=indicator, period_start=datetime.date(year, 1, 1))
    client = api("visitor")

    # 1. every row with its indicator, version, territory and stratum (joins), read in chunks
    with django_assert_num_queries(1):
        rows = _rows(client.get(f"{MEASUREMENTS}?format=csv"))
    assert len(rows) == 21


# --- Targets ---------------------------------------------------------------------------------


def _target_payload(**overrides) -> dict:
    return {
        "indicator": "PREM-RECO",
        "level": "regional",
        "territory": "06",
        "period": "2027",
        "value": "80",
        "rationale": "Rejoindre la moyenne des régions comparables.",
    } | overrides


def _targets() -> list:
    return list(Target.objects.values().order_by("pk"))


@pytest.fixture
def target(indicator):
    return TargetFactory(indicator=indicator)


def test_a_visitor_reads_targets_filtered_by_indicator(api, target, proposed):
    TargetFactory(indicator=proposed, level="team")
    client = api("visitor")

    everything = client.get(TARGETS).json()
    only = client.get(f"{TARGETS}?indicator=PREM-RECO").json()
    one = client.get(f"{TARGETS}{target.pk}/")

    assert everything["count"] == 2
    assert only["count"] == 1
    assert one.status_code == 200
    assert one.json() | {"updated_at": None} == {
        "id": target.pk,
        "indicator": "PREM-RECO",
        "level": "regional",
        "level_label": "Régionale",
        "territory": "06",
        "territory_name": "Montréal",
        "granularity": "year",
        "period": "2027",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "value": 80.0,
        "rationale": "Rejoindre la moyenne des régions comparables en deux ans.",
        "updated_at": None,
    }
    assert client.get(f"{TARGETS}?indicator=NOPE").json()["count"] == 0


@pytest.mark.parametrize("persona", ["steward", "staff"])
def test_a_steward_or_staff_sets_a_target(api, indicator, persona):
    response = api(persona).post(TARGETS, _target_payload(period="2027-T1"), format="json")

    assert response.status_code == 201
    data = response.json()
    assert data["granularity"] == "quarter" and data["period_start"] == "2027-01-01" and data["value"] == 80.0
    target = Target.objects.get()
    assert target.indicator == indicator and target.period_end == datetime.date(2027, 3, 31)


def test_a_visitor_gets_401_and_an_outsider_403_when_setting_a_target(api, indicator):
    visitor = api("visitor").post(TARGETS, _target_payload(), format="json")
    outsider = api("outsider").post(TARGETS, _target_payload(), format="json")

    assert visitor.status_code == 401
    assert outsider.status_code == 403
    assert outsider.json()["detail"] == "Seules les personnes responsables de l’indicateur peuvent faire cela."
    assert _targets() == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"value": "140"}, "value"),
        ({"value": "beaucoup"}, "value"),
        ({"period": "2027-13"}, "period"),
        ({"territory": "99"}, "territory"),
        ({"indicator": "NOPE"}, "indicator"),
        ({"level": "galactic"}, "level"),
        ({"rationale": ""}, "rationale"),
        ({"created_by": 1}, "created_by"),
    ],
)
def test_a_bad_target_is_refused_with_a_message_and_nothing_saved(api, indicator, overrides, field):
    response = api("steward").post(TARGETS, _target_payload(**overrides), format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and errors[field][0]
    assert _targets() == []


def test_the_messages_are_clear(api, indicator):
    client = api("steward")

    percent = client.post(TARGETS, _target_payload(value="140"), format="json").json()
    period = client.post(TARGETS, _target_payload(period="2027-13"), format="json").json()
    extra = client.post(TARGETS, _target_payload(created_by=1), format="json").json()

    assert percent["errors"]["value"] == ["Un pourcentage doit être entre 0 et 100."]
    assert "2027-13" in period["errors"]["period"][0]
    assert extra["errors"]["created_by"] == [CANNOT_CHANGE]


def test_a_second_target_for_the_same_level_territory_and_period_is_refused(api, target):
    before = _targets()

    response = api("steward").post(TARGETS, _target_payload(), format="json")

    assert response.status_code == 400
    assert _targets() == before


def test_a_steward_changes_and_deletes_a_target(api, target):
    client = api("steward")

    patched = client.patch(f"{TARGETS}{target.pk}/", {"value": "85"}, format="json")
    replaced = client.put(f"{TARGETS}{target.pk}/", _target_payload(indicator=None) | {"period": "2028"}, format="json")

    assert patched.status_code == 200
    assert patched.json()["value"] == 85.0 and patched.json()["period"] == "2027"
    assert patched.json()["rationale"] == target.rationale
    assert replaced.status_code == 400  # the indicator of a target cannot be changed
    assert replaced.json()["errors"]["indicator"] == [CANNOT_CHANGE]

    payload = {key: value for key, value in _target_payload(period="2028").items() if key != "indicator"}
    replaced = client.put(f"{TARGETS}{target.pk}/", payload, format="json")
    assert replaced.status_code == 200 and replaced.json()["period"] == "2028"

    deleted = client.delete(f"{TARGETS}{target.pk}/")
    assert deleted.status_code == 204
    assert _targets() == []


def test_a_bad_change_of_a_target_changes_nothing(api, target):
    before = _targets()

    response = api("steward").patch(f"{TARGETS}{target.pk}/", {"value": "-3"}, format="json")

    assert response.status_code == 400
    assert _targets() == before


@pytest.mark.parametrize(("persona", "code"), [("visitor", 401), ("outsider", 404), ("partner", 404)])
def test_only_stewards_change_or_delete_a_target(api, target, persona, code):
    client = api(persona)
    before = _targets()

    assert client.patch(f"{TARGETS}{target.pk}/", {"value": "10"}, format="json").status_code == code
    assert client.put(f"{TARGETS}{target.pk}/", _target_payload(), format="json").status_code == code
    assert client.delete(f"{TARGETS}{target.pk}/").status_code == code
    assert _targets() == before


def test_targets_query_count_does_not_grow(api, indicator, django_assert_num_queries):
    client = api("visitor")
    TargetFactory(indicator=indicator)
    # 1. count for pagination, 2. the page of targets with indicator and territory (joins)
    with django_assert_num_queries(2):
        assert client.get(TARGETS).json()["count"] == 1

    for year in range(2028, 2040):
        TargetFactory(indicator=IndicatorFactory(), period_start=datetime.date(year, 1, 1))
    with django_assert_num_queries(2):
        assert client.get(TARGETS).json()["count"] == 13


# --- Imports ---------------------------------------------------------------------------------

GOOD_LINES = [
    "PREM-RECO;06;2025-T1;total;total;71,3;;",
    "PREM-RECO;03;2025-T1;total;total;;150;200",
    "PREM-RECO;06;2025-T1;sexe;femmes;68,4;;",
]


def _create(client, upload, *, mapping=None, source="Sondage 2025", **extra):
    data = {"file": upload, "mapping": json.dumps(mapping or MAPPING), "source": source, **extra}
    return client.post(IMPORTS, data, format="multipart")


def _stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_steward_imports_a_file_through_the_api(api, indicator, django_capture_on_commit_callbacks):
    client = api("steward")

    with django_capture_on_commit_callbacks(execute=True):
        created = _create(client, csv_upload(GOOD_LINES))

    assert created.status_code == 201
    batch = ImportBatch.objects.get()
    assert created.json()["status"] == "validating"
    assert created.json()["links"]["self"].endswith(f"{IMPORTS}{batch.pk}/")

    checked = client.get(f"{IMPORTS}{batch.pk}/").json()
    assert checked["status"] == "valid" and checked["progress"] == 100
    assert checked["row_count"] == 3 and checked["error_count"] == 0 and checked["errors"] == []
    assert len(checked["sample"]) == 3
    assert checked["links"]["confirm"].endswith(f"{IMPORTS}{batch.pk}/confirm/")
    assert checked["links"]["errors"] is None
    assert checked["mapping"]["period"] == "periode" and checked["source"] == "Sondage 2025"
    assert not Measurement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"{IMPORTS}{batch.pk}/confirm/")
    assert confirmed.status_code == 202
    assert confirmed.json()["status"] == "importing"

    done = client.get(f"{IMPORTS}{batch.pk}/").json()
    assert done["status"] == "done" and done["inserted"] == 3 and done["links"]["confirm"] is None
    values = api("visitor").get(f"{MEASUREMENTS}?indicator=PREM-RECO&territory=03").json()["results"]
    assert [row["value"] for row in values] == [75.0]
    assert client.get(IMPORTS).json()["results"][0]["id"] == batch.pk


def test_a_file_with_a_bad_row_is_invalid_with_its_errors_to_download(
    api, indicator, django_capture_on_commit_callbacks
):
    client = api("steward")
    lines = [*GOOD_LINES, "NOPE;06;2025-T1;total;total;50;;"]

    with django_capture_on_commit_callbacks(execute=True):
        created = _create(client, csv_upload(lines))
    batch_id = created.json()["id"]

    data = client.get(f"{IMPORTS}{batch_id}/").json()
    assert data["status"] == "invalid" and data["error_count"] == 1
    [error] = data["errors"]
    assert error["row"] == 5 and error["value"] == "NOPE" and "NOPE" in error["message"]
    assert data["links"]["confirm"] is None

    report = client.get(data["links"]["errors"])
    assert report.status_code == 200
    assert report["Content-Type"].startswith("text/csv")
    content = b"".join(report.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff") and "NOPE" in content

    refused = client.post(f"{IMPORTS}{batch_id}/confirm/")
    assert refused.status_code == 400
    assert not Measurement.objects.exists()


def test_a_valid_import_has_no_error_report(api, indicator, django_capture_on_commit_callbacks):
    client = api("steward")
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = _create(client, csv_upload(GOOD_LINES)).json()["id"]

    response = client.get(f"{IMPORTS}{batch_id}/errors/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None),
        (b"\n\n\n", None),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_kept(api, indicator, media, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _create(api("steward"), SimpleUploadedFile("valeurs.csv", content, content_type="text/csv"))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["file"][0]
    if message:
        assert errors["file"] == [message]
    assert not ImportBatch.objects.exists()
    assert _stored_files(media) == []


def test_a_file_too_large_is_refused(api, indicator, media, settings):
    settings.INDICATORS_IMPORT_MAX_BYTES = 100

    response = _create(api("steward"), csv_upload(GOOD_LINES * 5))

    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not ImportBatch.objects.exists()


def test_a_mapping_that_does_not_fit_the_file_is_refused_and_nothing_is_kept(api, indicator, media):
    mapping = MAPPING | {"territory": "region"}

    response = _create(api("steward"), csv_upload(GOOD_LINES), mapping=mapping)

    assert response.status_code == 400
    assert "region" in response.json()["errors"]["mapping.territory"][0]
    assert not ImportBatch.objects.exists()
    assert _stored_files(media) == []


@pytest.mark.parametrize(
    ("mapping", "source", "field"),
    [
        ("pas du JSON", "Sondage", "mapping"),
        ('["periode"]', "Sondage", "mapping"),
        (json.dumps(MAPPING | {"colour": "couleur"}), "Sondage", "mapping"),
        (json.dumps(MAPPING), "", "source"),
    ],
)
def test_a_bad_mapping_or_source_is_refused(api, indicator, media, mapping, source, field):
    data = {"file": csv_upload(GOOD_LINES), "mapping": mapping, "source": source}

    response = api("steward").post(IMPORTS, data, format="multipart")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ImportBatch.objects.exists()
    assert _stored_files(media) == []


def test_an_unknown_key_is_refused(api, indicator):
    response = _create(api("steward"), csv_upload(GOOD_LINES), status="done")

    assert response.status_code == 400
    assert response.json()["errors"]["status"] == [CANNOT_CHANGE]
    assert not ImportBatch.objects.exists()


def test_anonymous_and_non_stewards_cannot_import(api, indicator, media):
    visitor = _create(api("visitor"), csv_upload(GOOD_LINES))
    outsider = _create(api("outsider"), csv_upload(GOOD_LINES))

    assert visitor.status_code == 401
    assert outsider.status_code == 403
    assert api("visitor").get(IMPORTS).status_code == 401
    assert api("outsider").get(IMPORTS).status_code == 403
    assert not ImportBatch.objects.exists()
    assert _stored_files(media) == []


def test_another_stewards_import_answers_404(api, indicator, steward, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = _create(api("steward"), csv_upload([*GOOD_LINES, "NOPE;06;2025-T1;total;total;5;;"])).json()["id"]
    IndicatorFactory(stewards=[outsider])  # Paul now stewards an indicator of his own
    client = api("outsider")

    assert client.get(IMPORTS).json()["count"] == 0
    assert client.get(f"{IMPORTS}{batch_id}/").status_code == 404
    assert client.get(f"{IMPORTS}{batch_id}/errors/").status_code == 404
    assert client.post(f"{IMPORTS}{batch_id}/confirm/").status_code == 404
    assert api("staff").get(f"{IMPORTS}{batch_id}/").status_code == 200
    assert ImportBatch.objects.get().status == "invalid"


def test_imports_query_count_does_not_grow(api, indicator, steward, django_assert_num_queries):
    def batch():
        return ImportBatch.objects.create(
            created_by=steward, original_name="valeurs.csv", format="csv", source="Sondage", status="done"
        )

    client = api("steward")
    batch()
    # 1. session, 2. user, 3. whether the person stewards an indicator, 4. count for pagination,
    # 5. the page of imports
    with django_assert_num_queries(5):
        assert client.get(IMPORTS).json()["count"] == 1

    for _ in range(9):
        batch()
    with django_assert_num_queries(5):
        assert client.get(IMPORTS).json()["count"] == 10


# --- Schema ----------------------------------------------------------------------------------


def test_every_endpoint_is_in_the_openapi_schema_without_warnings(tmp_path):
    path = tmp_path / "schema.json"

    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(path))

    paths = json.loads(path.read_text())["paths"]
    assert {
        "/api/v1/indicators/",
        "/api/v1/indicators/{code}/",
        "/api/v1/indicators/{code}/versions/",
        "/api/v1/measurements/",
        "/api/v1/targets/",
        "/api/v1/targets/{id}/",
        "/api/v1/imports/",
        "/api/v1/imports/{id}/",
        "/api/v1/imports/{id}/confirm/",
        "/api/v1/imports/{id}/errors/",
    } <= set(paths)
    assert set(paths["/api/v1/measurements/"]["get"]["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert set(paths["/api/v1/targets/{id}/"]) >= {"get", "put", "patch", "delete"}
