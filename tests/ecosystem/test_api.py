import json

import pytest
from django.core.management import call_command

from ecosystem.models import Organization
from tests.factories import OrganizationFactory


@pytest.mark.django_db
def test_the_openapi_schema_is_a_valid_openapi_3_document(tmp_path):
    path = tmp_path / "schema.json"

    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(path))

    schema = json.loads(path.read_text())
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/territories/", "/api/v1/themes/", "/api/v1/organizations/"} <= set(schema["paths"])


@pytest.mark.django_db
def test_the_schema_is_served_at_api_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_the_interactive_docs_are_served_from_this_site(client):
    page = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()


@pytest.mark.django_db
def test_regions_come_in_official_code_order_with_both_languages(client):
    response = client.get("/api/v1/territories/", {"kind": "rss"})

    results = response.json()["results"]
    assert [row["code"] for row in results] == [f"{n:02d}" for n in range(1, 19)]
    assert results[14] == {
        "kind": "rss",
        "code": "15",
        "name_fr": "Laurentides",
        "name_en": "Laurentians",
        "parent": "QC",
        "rurality": "mixed",
    }


@pytest.mark.django_db
def test_an_unknown_territory_answers_404_with_the_platform_error_shape(client):
    response = client.get("/api/v1/territories/99/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.django_db
def test_an_invalid_filter_value_is_a_400_not_a_500(client):
    response = client.get("/api/v1/territories/", {"kind": "planet"})

    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


@pytest.mark.django_db
def test_organizations_filter_by_territory_served(client):
    OrganizationFactory(slug="a-montreal").territories_served.add(*_regions("06"))
    OrganizationFactory(slug="a-laval").territories_served.add(*_regions("13"))

    response = client.get("/api/v1/organizations/", {"territory": "06"})

    assert [row["slug"] for row in response.json()["results"]] == ["a-montreal"]
    assert response.json()["results"][0]["territories_served"] == ["06"]


@pytest.mark.django_db
def test_references_are_read_only_through_the_api(client, staff):
    client.force_login(staff)

    response = client.post("/api/v1/themes/", {"slug": "x", "name_fr": "X", "name_en": "X"})

    assert response.status_code == 405


@pytest.mark.django_db
def test_organization_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    OrganizationFactory().territories_served.add(*_regions("06", "13"))
    # 1. count for pagination, 2. the page of organizations, 3. their territories (prefetch)
    with django_assert_num_queries(3):
        client.get("/api/v1/organizations/")

    for organization in OrganizationFactory.create_batch(49):
        organization.territories_served.add(*_regions("01", "02"))
    with django_assert_num_queries(3):
        response = client.get("/api/v1/organizations/")
    assert response.json()["count"] == Organization.objects.count() == 50


@pytest.mark.django_db
def test_territory_list_query_count_is_constant(client, django_assert_num_queries):
    # 1. count for pagination, 2. the page of territories with their parent (join)
    with django_assert_num_queries(2):
        client.get("/api/v1/territories/")


def _regions(*codes):
    from ecosystem.models import Territory

    return list(Territory.objects.regions().filter(code__in=codes))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "language", "message"),
    [("en", "en", "Select a valid choice"), ("", "fr-ca", "Sélectionnez un choix valide")],
)
def test_the_api_answers_in_the_language_the_program_asks_for(client, accept, language, message):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}

    response = client.get("/api/v1/territories/", {"kind": "planet"}, **headers)

    assert response.status_code == 400
    assert response["Content-Language"] == language
    assert message in response.json()["errors"]["kind"][0]
