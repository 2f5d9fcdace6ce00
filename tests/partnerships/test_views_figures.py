"""An organization's partnership-activity page: figures computed from engagements, groups under 5
hidden, the same values in the CSV download (hidden ones as empty cells), public, in both
languages."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from ecosystem.figures import Figure
from tests.factories import EngagementFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _url(slug: str) -> str:
    return reverse("partnerships:organization-partnership", args=[slug])


def _page(response) -> str:
    return response.content.decode()


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def led(hospital, montreal, capitale):
    """Ten initiatives led by the hospital, eight in Montréal and two in the Capitale-Nationale;
    six have a co-construction engagement (five of them with partners from the start), and two
    others were only consulted."""
    initiatives = [InitiativeFactory(lead_organization=hospital, territories=[montreal]) for _ in range(8)]
    initiatives += [InitiativeFactory(lead_organization=hospital, territories=[capitale]) for _ in range(2)]
    strong = initiatives[:5] + initiatives[8:9]
    for index, initiative in enumerate(strong):
        EngagementFactory(initiative=initiative, level="co_construction", from_start=index < 5)
    for initiative in initiatives[5:7]:
        EngagementFactory(initiative=initiative, level="consultation", sphere="research")
    # A declined engagement does not count, whatever its level.
    EngagementFactory(initiative=initiatives[7], level="co_leadership", status="declined")
    return initiatives


def test_the_page_shows_the_shares_computed_from_engagements(client, hospital, led):
    response = client.get(_url(hospital.slug))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Activité de partenariat de CIUSSS du Centre-Sud</h1>" in page
    assert str(Figure(6, 10)) == "60,0 % (6 sur 10)"
    share = "Initiatives avec un engagement en coconstruction ou en coleadership"
    assert f'<th scope="row">{share}</th><td>60,0 % (6 sur 10)</td>' in page
    assert "<td>50,0 % (5 sur 10)</td>" in page  # partners from the start
    assert "<td>62,5 % (5 sur 8)</td>" in page  # Montréal
    assert "<td>&lt; 5</td>" in page  # the Capitale-Nationale (1 of 2), consultation (2)
    assert "moins de 5 sont masqués" in page and "personne ne les saisit" in page
    assert "<caption" in page and 'scope="col"' in page


def test_the_csv_has_the_same_values_and_empty_cells_for_hidden_ones(client, hospital, led):
    response = client.get(_url(hospital.slug), {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="partenariat-ciusss-centre-sud.csv"' in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header == ["Tableau", "Ligne", "Nombre", "Sur", "Pourcentage"]
    by_label = {(row[0], row[1]): row[2:] for row in rows}
    summary = "Initiatives menées et leurs partenaires"
    assert by_label[(summary, "Initiatives menées")] == ["10", "", ""]
    assert by_label[(summary, "Initiatives avec un engagement en coconstruction ou en coleadership")] == [
        "6",
        "10",
        "60.0",
    ]
    territory = "Par territoire (région sociosanitaire)"
    capitale_row, montreal_row = [row for row in rows if row[0] == territory]  # in code order: 03, 06
    assert montreal_row[2:] == ["5", "8", "62.5"]
    assert capitale_row[2:] == ["", "", ""]
    levels = {row[1]: row[2:] for row in rows if row[0] == "Engagements par niveau"}
    assert levels["Coconstruction"] == ["6", "", ""]
    assert levels["Consultation"] == ["", "", ""]  # 2: hidden
    assert levels["Coleadership"] == ["0", "", ""]  # the declined one is not counted


def test_an_unknown_organization_answers_404(client):
    assert client.get(_url("inconnue")).status_code == 404
    assert client.get(_url("inconnue"), {"format": "csv"}).status_code == 404


def test_the_page_works_in_english(english_client, hospital, led):
    with translation.override("en"):
        url = _url(hospital.slug)

    response = english_client.get(url)

    assert url.startswith("/en/")
    page = _page(response)
    assert response.status_code == 200
    assert "Partnership activity of CIUSSS du Centre-Sud" in page
    assert "60.0 % (6 of 10)" in page and "&lt; 5" in page


def test_an_organization_that_leads_nothing_shows_zeros(client, hospital):
    response = client.get(_url(hospital.slug))

    assert response.status_code == 200
    assert "Aucune initiative menée par cette organisation n’a encore de territoire." in _page(response)


@pytest.mark.parametrize("rows", [1, 20])
def test_the_page_runs_the_same_queries_for_1_or_20_initiatives(
    client, hospital, montreal, capitale, django_assert_num_queries, rows
):
    for index in range(rows):
        initiative = InitiativeFactory(lead_organization=hospital, territories=[montreal if index % 2 else capitale])
        EngagementFactory(initiative=initiative, from_start=True)

    # the organization, then the figures: the number of initiatives led, the initiatives with a
    # co-construction engagement, by sphere, by governance level, the initiatives' regions, the
    # engagements by level, the initiatives with partners from the start.
    with django_assert_num_queries(8):
        response = client.get(_url(hospital.slug))

    assert response.status_code == 200
