"""The public pages of the indicators: the catalogue, an indicator's sheet (definition, how it
was co-built, values by region as a chart with its table and CSV, values by stratum and over
time, targets, versions) and one version's wording. Mathieu (steward) stewards "PREM-RECO"
(adopted, a percentage) and "PART-DEMARRAGE" (proposed); values are those of adopted versions
only, and a suppressed cell reads "< 5" wherever it is shown."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ecosystem.models import Territory, Theme
from indicators import services
from indicators.models import ImportBatch, Indicator, Stratum
from tests.factories import (
    ContributionFactory,
    IndicatorFactory,
    MeasurementFactory,
    TargetFactory,
    UserFactory,
)

from .conftest import csv_upload, import_file

pytestmark = pytest.mark.django_db

SUPPRESSED = "&lt; 5"  # "< 5" as the HTML writes it


def _page(response) -> str:
    return response.content.decode()


def _url(name: str, *args) -> str:
    return reverse(f"indicators:{name}", args=args)


def _en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"indicators:{name}", args=args)


def _csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def _value_table(page: str) -> list[tuple[str, str]]:
    """(territory, value) of each row of the table of values by region, as the page shows them."""
    table = page[page.index('<details class="data-table">') : page.index("</details>")]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="number">(.*?)</td>', table, flags=re.S)
    return [(territory.strip(), value.strip()) for territory, value in rows]


@pytest.fixture
def quebec_value(indicator, quebec):
    return MeasurementFactory(
        indicator=indicator, territory=quebec, value=Decimal("71.3"), numerator=713, denominator=1000
    )


@pytest.fixture
def montreal_value(indicator, montreal):
    return MeasurementFactory(
        indicator=indicator,
        territory=montreal,
        value=Decimal("68.25"),
        ci_low=Decimal("66.1"),
        ci_high=Decimal("70.4"),
        numerator=Decimal("2730"),
        denominator=Decimal("4000"),
        source="Sondage sur l’expérience 2025",
    )


@pytest.fixture
def suppressed_value(indicator, capitale):
    """Capitale-Nationale's cell counts 4 people: stored, never shown."""
    return MeasurementFactory(
        indicator=indicator,
        territory=capitale,
        value=Decimal("13.7931"),
        numerator=4,
        denominator=29,
        small=True,
        suppressed=True,
    )


# --- The catalogue ---------------------------------------------------------------------------


def test_the_catalogue_lists_every_indicator_with_its_facts(client, indicator, proposed, partner):
    ContributionFactory(indicator=indicator, role="partner", contributor=partner)
    ContributionFactory.create_batch(2, indicator=indicator, role="professional")

    response = client.get(_url("list"))

    page = _page(response)
    assert response.status_code == 200
    assert "PREM-RECO" in page and "Part des usagers qui recommanderaient le service" in page
    assert "PART-DEMARRAGE" in page
    assert "2 indicateurs" in page
    assert "Expérience rapportée par les patients (PREM)" in page
    assert "Adopté" in page and "Proposé" in page
    assert "Pourcentage" in page
    assert "Institut de la qualité" in page
    assert "Appuyé par 1 partenaire et 2 professionnel·les." in page
    assert "Aucun appui de cette version pour l’instant." in page
    assert f'href="{indicator.get_absolute_url()}"' in page


def test_a_visitor_is_not_offered_to_propose_an_indicator(client, indicator, outsider):
    page = _page(client.get(_url("list")))
    assert _url("create") not in page and _url("import-list") not in page

    client.force_login(outsider)
    page = _page(client.get(_url("list")))
    assert _url("create") not in page and _url("import-list") not in page


def test_a_steward_is_offered_to_propose_an_indicator_and_to_import(client, indicator, steward):
    client.force_login(steward)

    page = _page(client.get(_url("list")))

    assert f'href="{_url("create")}"' in page and "Proposer un indicateur" in page
    assert f'href="{_url("import-list")}"' in page


@pytest.fixture
def catalogue(indicator, proposed, count_indicator):
    """Three indicators: PREM-RECO (PREM, experience, adopted), PART-DEMARRAGE (partnership,
    proposed) and ATTENTE-GAMF (process, adopted), plus one on equity in co-construction."""
    equity = IndicatorFactory(
        code="EQUITE-ACCES",
        family="equity",
        aim_dimension="equity",
        status=Indicator.Status.CO_CONSTRUCTION,
        version__name="Écart d’accès selon la défavorisation",
        version__definition="Différence entre les quintiles les plus et les moins favorisés.",
    )
    equity.themes.set([Theme.objects.get(slug="isolement-social")])
    return {"PREM-RECO": indicator, "PART-DEMARRAGE": proposed, "ATTENTE-GAMF": count_indicator, "EQUITE-ACCES": equity}


@pytest.mark.parametrize(
    "query, listed",
    [
        ({"family": "partnership"}, {"PART-DEMARRAGE"}),
        ({"aim_dimension": "equity"}, {"EQUITE-ACCES"}),
        ({"status": "adopted"}, {"PREM-RECO", "ATTENTE-GAMF"}),
        ({"status": "co_construction"}, {"EQUITE-ACCES"}),
        ({"theme": "isolement-social"}, {"EQUITE-ACCES"}),
        ({"q": "prem-reco"}, {"PREM-RECO"}),
        ({"q": "Démarrage"}, {"PART-DEMARRAGE"}),
        ({"q": "quintiles favorisés"}, {"EQUITE-ACCES"}),
        ({"q": "gamf"}, {"ATTENTE-GAMF"}),
        ({"family": "prem", "status": "adopted"}, {"PREM-RECO"}),
        ({"q": "", "family": "", "status": ""}, {"PREM-RECO", "PART-DEMARRAGE", "ATTENTE-GAMF", "EQUITE-ACCES"}),
    ],
)
def test_the_catalogue_filters(client, catalogue, query, listed):
    response = client.get(_url("list"), query)

    assert response.status_code == 200
    assert {indicator.code for indicator in response.context["page"].object_list} == listed
    page = _page(response)
    for code in set(catalogue) - listed:
        assert f">{code}<" not in page


@pytest.mark.parametrize(
    "query",
    [{"family": "astrologie"}, {"aim_dimension": "x"}, {"status": "oublie"}, {"theme": "inconnu"}, {"page": "zz"}],
)
def test_unknown_filter_values_are_told_not_a_500(client, catalogue, query):
    response = client.get(_url("list"), query)

    page = _page(response)
    assert response.status_code == 200
    if "page" not in query:
        assert "Ces filtres n’ont pas pu être appliqués" in page
        assert list(response.context["page"].object_list) == []


def test_htmx_gets_only_the_results(client, indicator):
    response = client.get(_url("list"), {"family": "prem"}, headers={"HX-Request": "true"})

    page = _page(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="results"')
    assert "PREM-RECO" in page and "<h1>" not in page


def test_the_catalogue_is_in_english_under_en(client, indicator):
    response = client.get(_en("list"))

    page = _page(response)
    assert response.status_code == 200
    assert "Co-built indicators" in page and "1 indicator" in page
    assert "Patient-reported experience (PREM)" in page and "Adopted" in page


@pytest.mark.parametrize("rows", [1, 25])
def test_the_catalogue_runs_the_same_queries_for_1_or_25_indicators(client, django_assert_num_queries, rows):
    for _ in range(rows):
        indicator = IndicatorFactory()
        ContributionFactory(indicator=indicator, role="partner")

    # the filter form's themes; the count and the page of indicators (with their current
    # version, steward organization and endorsement counts).
    with django_assert_num_queries(3):
        response = client.get(_url("list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 25])
def test_the_catalogue_runs_the_same_queries_for_a_steward(client, steward, django_assert_num_queries, rows):
    for _ in range(rows):
        IndicatorFactory(stewards=[steward])
    client.force_login(steward)

    # session, user; whether the person stewards an indicator; the filter form's themes; the
    # count and the page of indicators; the menu's unread notifications.
    with django_assert_num_queries(7):
        response = client.get(_url("list"))

    assert response.status_code == 200


# --- The sheet -------------------------------------------------------------------------------


def test_the_sheet_gives_the_definition_and_the_method(client, indicator):
    response = client.get(indicator.get_absolute_url())

    page = _page(response)
    version = indicator.current
    assert response.status_code == 200
    assert "<h1>" in page and "Part des usagers qui recommanderaient le service" in page
    assert "Sur 100 personnes qui ont reçu le service, combien le recommanderaient à un proche." in page
    assert "Ce que vivent les personnes dit si le service répond à leurs besoins." in page
    assert version.numerator in page and version.denominator in page
    assert "Pourcentage" in page and "Plus c’est élevé, mieux c’est" in page
    assert "Chaque trimestre" in page
    assert "Institut de la qualité" in page
    assert "Adopté" in page


def test_an_unknown_indicator_answers_404(client, indicator):
    assert client.get(_url("detail", "INCONNU")).status_code == 404
    assert client.get(_url("values-csv", "INCONNU")).status_code == 404
    assert client.get(_url("version-detail", "INCONNU", 1)).status_code == 404
    assert client.get(_url("version-detail", indicator.code, 9)).status_code == 404


def test_the_sheet_shows_how_the_indicator_was_co_built_with_names_only_when_credited(client, indicator, partner):
    shy = UserFactory(display_name="Ghislaine Discrète")
    ContributionFactory(
        indicator=indicator,
        contributor=partner,
        role="partner",
        role_detail="proche aidante",
        kind="comment",
        text="Ajouter les proches aidants au dénominateur.",
        credited=True,
    )
    ContributionFactory(indicator=indicator, contributor=partner, role="partner", credited=True)
    ContributionFactory(indicator=indicator, contributor=shy, role="professional", role_detail="infirmière")
    ContributionFactory(
        indicator=indicator, role="professional", kind="proposal", field="name", text="Un nom plus court."
    )

    response = client.get(indicator.get_absolute_url())

    page = _page(response)
    assert "Coconstruit par 1 partenaire et 2 professionnel·les" in page
    record = response.context["record"]
    assert (record.first, record.last) == (
        record.contributions[0].created_at,
        record.contributions[-1].created_at,
    )
    assert "Amélie" in page and "proche aidante" in page
    assert "Ajouter les proches aidants au dénominateur." in page
    assert "Ghislaine" not in page and "Discrète" not in page
    assert "infirmière" in page
    assert "Appuyé par 1 partenaire et 1 professionnel·le." in page
    assert f'href="{_url("coconstruction", indicator.code)}"' in page


def test_an_indicator_without_both_roles_is_not_called_co_built(client, proposed):
    ContributionFactory(indicator=proposed, role="professional", kind="comment", text="À préciser.")

    page = _page(client.get(proposed.get_absolute_url()))

    assert "Pas encore coconstruit" in page
    assert "Coconstruit par" not in page


def test_the_sheet_shows_the_latest_values_by_region_in_official_code_order(
    client, indicator, quebec_value, montreal_value, suppressed_value
):
    MeasurementFactory(
        indicator=indicator,
        territory=Territory.objects.get(kind="rss", code="01"),
        value=Decimal("90.0"),
        period_start=datetime.date(2024, 10, 1),
        period_end=datetime.date(2024, 12, 31),
    )

    response = client.get(indicator.get_absolute_url())

    page = _page(response)
    assert 'role="img" aria-labelledby="regions-chart-caption"' in page
    assert (
        '<figcaption id="regions-chart-caption">Pour la période 2025-T1, la valeur pour l’ensemble du Québec est de '
        "71,3 % ; 2 régions sur 18 ont une valeur.</figcaption>"
    ) in page
    labels = re.findall(r'class="chart__label"[^>]*>(.*?)</text>', page)
    assert labels[0] == "Ensemble du Québec"
    assert labels[1:] == [region.coded_name for region in Territory.objects.regions()]
    assert "68,3 %" in page and "66,1 – 70,4" in page and "2\xa0730" in page and "4\xa0000" in page
    # The older period is not the latest: Bas-Saint-Laurent has no value in 2025-T1.
    assert "90,0" not in page
    assert "Sondage sur l’expérience 2025" in page
    assert f'href="{_url("values-csv", indicator.code)}"' in page


def test_a_suppressed_value_reads_less_than_5_in_the_page_and_the_csv(client, indicator, suppressed_value):
    page = _page(client.get(indicator.get_absolute_url()))
    rows = _csv(client.get(_url("values-csv", indicator.code)))

    assert ("03 Capitale-Nationale", SUPPRESSED) in _value_table(page)
    assert "13,8" not in page and "13,7" not in page and "13.79" not in page
    assert ">29<" not in page
    capitale = next(row for row in rows if row[0] == "03")
    assert capitale[3] == "< 5" and capitale[4:8] == ["", "", "", ""]
    assert not any("13.8" in cell or "13.7" in cell or cell == "29" for row in rows for cell in row)


def test_the_csv_gives_exactly_the_rows_of_the_table(client, indicator, quebec_value, montreal_value, suppressed_value):
    page = _page(client.get(indicator.get_absolute_url()))
    response = client.get(_url("values-csv", indicator.code))

    assert response["Content-Disposition"] == 'attachment; filename="PREM-RECO-2025-T1.csv"'
    header, *rows = _csv(response)
    assert header[:4] == ["Code du territoire", "Territoire", "Période", "Valeur (Pourcentage)"]
    table = _value_table(page)
    assert len(rows) == len(table) == 19
    for (name, shown), row in zip(table, rows, strict=True):
        assert name.endswith(row[1])
        assert row[2] == "2025-T1"
        if shown == "Aucune valeur":
            assert row[3] == ""
        elif shown == SUPPRESSED:
            assert row[3] == "< 5"
        else:
            assert shown == row[3].replace(".", ",") + " %"
    assert rows[0][:4] == ["QC", "Ensemble du Québec", "2025-T1", "71.3"]
    assert rows[6] == [
        "06",
        "Montréal",
        "2025-T1",
        "68.3",
        "66.1",
        "70.4",
        "2730",
        "4000",
        "Sondage sur l’expérience 2025",
    ]


def test_a_count_for_quebec_is_in_the_table_but_not_among_the_bars(client, count_indicator, steward):
    # Québec's count is the regions' sum: its bar would flatten theirs.
    import_file(steward, csv_upload(["ATTENTE-GAMF;QC;2025-T1;;;70 000;;", "ATTENTE-GAMF;06;2025-T1;;;30 000;;"]))

    page = _page(client.get(count_indicator.get_absolute_url()))

    labels = re.findall(r'class="chart__label"[^>]*>(.*?)</text>', page)
    assert labels == [region.coded_name for region in Territory.objects.regions()]
    assert ("Ensemble du Québec", "70\xa0000") in _value_table(page)
    assert "la valeur pour l’ensemble du Québec est de 70\xa0000" in page


def test_imported_values_show_when_they_were_calculated(client, indicator, steward):
    batch = import_file(steward, csv_upload(["PREM-RECO;06;2025-T1;;;;713;1000", "PREM-RECO;QC;2025-T1;;;70,4;;"]))
    assert batch.status == ImportBatch.Status.DONE

    page = _page(client.get(indicator.get_absolute_url()))

    assert ("06 Montréal", "71,3 %") in _value_table(page)
    assert ("Ensemble du Québec", "70,4 %") in _value_table(page)
    assert "Calculé le" in page and "Sondage 2025" in page


def test_the_values_of_a_version_not_adopted_are_not_public(client, proposed, montreal):
    MeasurementFactory(indicator=proposed, territory=montreal, value=Decimal("55.5"))

    page = _page(client.get(proposed.get_absolute_url()))
    rows = _csv(client.get(_url("values-csv", proposed.code)))

    assert "Pas encore de valeurs publiques" in page
    assert "55,5" not in page and "chart__bar" not in page
    assert all(row[3] == "" for row in rows[1:])


def test_a_revision_in_co_construction_says_which_version_the_values_follow(client, indicator, steward, montreal_value):
    services.indicator_update(
        indicator=indicator, by=steward, change_note="Nom raccourci", name="Recommandation du service"
    )

    page = _page(client.get(indicator.get_absolute_url()))

    assert "Recommandation du service" in page
    assert "La version 2 de cette définition est en coconstruction" in page
    assert "la version 1 reste en vigueur" in page
    assert "68,3 %" in page
    assert f'href="{_url("version-detail", indicator.code, 1)}"' in page
    assert "Nom raccourci" in page


def test_the_sheet_gives_the_values_by_stratum_and_over_time_for_a_territory(
    client, indicator, montreal, women, montreal_value
):
    MeasurementFactory(indicator=indicator, territory=montreal, stratum=women, value=Decimal("73.1"))
    MeasurementFactory(
        indicator=indicator,
        territory=montreal,
        stratum=Stratum.objects.get(dimension="sex", code="hommes"),
        value=Decimal("2"),
        small=True,
        suppressed=True,
    )
    MeasurementFactory(
        indicator=indicator,
        territory=montreal,
        value=Decimal("64.2"),
        period_start=datetime.date(2024, 10, 1),
        period_end=datetime.date(2024, 12, 31),
    )

    response = client.get(indicator.get_absolute_url(), {"territoire": "06"})

    page = _page(response)
    assert "Valeurs pour 06 Montréal" in page
    assert "<caption>Sexe</caption>" in page
    assert "Femmes" in page and "73,1 %" in page
    assert "Hommes" in page and SUPPRESSED in page
    assert [measurement.period_label for measurement in response.context["series"]] == ["2024-T4", "2025-T1"]
    assert "64,2 %" in page


def test_the_sheet_shows_quebec_as_a_whole_by_default(client, indicator, quebec_value):
    response = client.get(indicator.get_absolute_url())

    assert response.context["territory"].kind == Territory.Kind.PROVINCE
    assert "Valeurs pour Ensemble du Québec" in _page(response)


@pytest.mark.parametrize("code", ["99", "Z" * 300, "<script>"])
def test_an_unknown_territory_is_told_in_the_form(client, indicator, quebec_value, code):
    response = client.get(indicator.get_absolute_url(), {"territoire": code})

    page = _page(response)
    assert response.status_code == 200
    assert "Il n’y a pas de territoire" in page and 'aria-invalid="true"' in page
    assert response.context["stratified"] == [] and response.context["series"] == []
    assert "<script>" not in page.split("<main", 1)[1]


def test_the_targets_are_shown_by_governance_level(client, indicator, montreal, quebec):
    TargetFactory(indicator=indicator, level="regional", territory=montreal, value=80)
    TargetFactory(indicator=indicator, level="provincial", territory=quebec, value=75, rationale="Cible du plan.")

    page = _page(client.get(indicator.get_absolute_url()))

    assert page.index("<caption>Provinciale</caption>") < page.index("<caption>Régionale</caption>")
    assert "80,0 %" in page and "75,0 %" in page and "2027" in page
    assert "Rejoindre la moyenne des régions comparables en deux ans." in page


def test_the_sheet_lists_the_versions(client, indicator, steward):
    services.indicator_update(indicator=indicator, by=steward, change_note="Nom raccourci", name="Recommandation")

    page = _page(client.get(indicator.get_absolute_url()))

    assert f'href="{_url("version-detail", indicator.code, 1)}"' in page
    assert f'href="{_url("version-detail", indicator.code, 2)}"' in page
    assert "Non adoptée" in page and "Première version" in page


def test_a_visitor_sees_no_steward_action(client, indicator, outsider):
    for _ in range(2):
        page = _page(client.get(indicator.get_absolute_url()))
        assert _url("update", indicator.code) not in page
        assert _url("retire", indicator.code) not in page
        client.force_login(outsider)


def test_a_steward_gets_the_actions_as_links_and_post_forms(client, indicator, proposed, steward):
    client.force_login(steward)

    page = _page(client.get(indicator.get_absolute_url()))
    assert f'href="{_url("update", indicator.code)}"' in page
    assert f'href="{_url("targets", indicator.code)}"' in page
    assert f'<form method="post" action="{_url("retire", indicator.code)}">' in page
    assert _url("adopt", indicator.code) not in page

    page = _page(client.get(proposed.get_absolute_url()))
    assert f'<form method="post" action="{_url("open", proposed.code)}">' in page
    assert "csrfmiddlewaretoken" in page


def test_the_sheet_is_in_english_under_en(client, indicator, quebec_value, suppressed_value):
    response = client.get(_en("detail", indicator.code))

    page = _page(response)
    assert response.status_code == 200
    assert "What it measures" in page and "How it was co-built" in page
    assert "the value for Québec as a whole is 71.3%" in page
    assert ("Québec as a whole", "71.3%") in _value_table(page)
    assert _en("values-csv", indicator.code) in page


@pytest.mark.parametrize("rows", [1, 12])
def test_the_sheet_runs_the_same_queries_for_1_or_many_rows(
    client, indicator, women, montreal, quebec, partner, django_assert_num_queries, rows
):
    for region in list(Territory.objects.regions())[:rows]:
        MeasurementFactory(indicator=indicator, territory=region)
    for _ in range(rows):
        MeasurementFactory(
            indicator=indicator,
            territory=quebec,
            period_start=datetime.date(2020 + _, 1, 1),
            period_end=datetime.date(2020 + _, 3, 31),
        )
        ContributionFactory(indicator=indicator, role="partner", credited=True)
        ContributionFactory(indicator=indicator, role="professional", kind="comment", text="Oui.")
        TargetFactory(
            indicator=indicator,
            territory=quebec,
            level="provincial",
            period_start=datetime.date(2030 + _, 1, 1),
            period_end=datetime.date(2030 + _, 12, 31),
        )
    MeasurementFactory(indicator=indicator, territory=quebec, stratum=women)

    # the indicator (with its versions in force and current, its steward organization), its
    # themes; its contributions (with contributors and versions), its versions; Québec and the
    # RSS, the latest period, its values; the strata's values and the trend for Québec; the targets.
    with django_assert_num_queries(10):
        response = client.get(indicator.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["contributions"]) == 2 * rows


@pytest.mark.parametrize("rows", [1, 12])
def test_the_sheet_runs_the_same_queries_for_a_steward(client, indicator, steward, django_assert_num_queries, rows):
    for region in list(Territory.objects.regions())[:rows]:
        MeasurementFactory(indicator=indicator, territory=region)
        ContributionFactory(indicator=indicator, role="partner")
    client.force_login(steward)

    # session, user; the 10 queries of a visitor's sheet; whether Mathieu stewards it; the
    # menu's unread notifications.
    with django_assert_num_queries(14):
        response = client.get(indicator.get_absolute_url())

    assert response.status_code == 200
    assert response.context["is_steward"]


# --- One version -----------------------------------------------------------------------------


def test_a_version_shows_its_wording_and_its_endorsements(client, indicator, steward):
    ContributionFactory(indicator=indicator, role="partner")
    ContributionFactory.create_batch(2, indicator=indicator, role="professional")
    services.indicator_update(indicator=indicator, by=steward, change_note="Nom raccourci", name="Recommandation")

    first = _page(client.get(_url("version-detail", indicator.code, 1)))
    second = _page(client.get(_url("version-detail", indicator.code, 2)))

    assert "Part des usagers qui recommanderaient le service" in first and "En vigueur" in first
    assert "Appuyé par 1 partenaire et 2 professionnel·les." in first
    assert "Recommandation" in second and "Non adoptée" in second and "Nom raccourci" in second
    assert "Aucun appui de cette version pour l’instant." in second


# --- The "indicators" template library -------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load indicators %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "value, unit, french, english",
    [
        (Decimal("71.3"), "percent", "71,3 %", "71.3%"),
        (Decimal("71.25"), "percent", "71,3 %", "71.3%"),
        (Decimal("12.4"), "rate_1000", "12,4 pour 1 000", "12.4 per 1,000"),
        (Decimal("250.04"), "rate_100000", "250,0 pour 100 000", "250.0 per 100,000"),
        (Decimal("1234"), "count", "1\xa0234", "1,234"),
        (Decimal("3.5"), "days", "3,5 jours", "3.5 days"),
        (Decimal("1"), "days", "1,0 jour", "1.0 day"),
        (Decimal("7.25"), "score", "7,3", "7.3"),
        (None, "percent", "–", "–"),
    ],
)
def test_a_value_is_written_with_its_unit_in_the_active_language(value, unit, french, english):
    source = "{{ value|in_unit:unit }}"
    with translation.override("fr-ca"):
        assert _render(source, value=value, unit=unit) == french
    with translation.override("en"):
        assert _render(source, value=value, unit=unit) == english


def test_a_suppressed_measurement_is_written_less_than_5_never_its_value(indicator):
    measurement = MeasurementFactory.build(indicator=indicator, value=Decimal("3"), suppressed=True, ci_low=1)

    assert _render("{{ m|in_unit:'count' }} {{ m|as_number:'count' }}", m=measurement) == "&lt; 5 &lt; 5"


def test_the_bar_chart_keeps_the_order_given_and_writes_missing_values_in_words():
    rows = [("01 Bas-Saint-Laurent", Decimal("20")), ("02 Saguenay", None), ("03 Capitale", Decimal("80"), 90)]

    svg = _render('{% bar_chart rows unit="percent" caption="Trois régions" chart_id="demo" %}', rows=rows)

    assert 'role="img" aria-labelledby="demo-caption"' in svg
    assert '<figcaption id="demo-caption">Trois régions' in svg and "cibles" in svg
    assert re.findall(r'class="chart__label"[^>]*>(.*?)</text>', svg) == [row[0] for row in rows]
    assert "aucune valeur" in svg and svg.count('class="chart__bar"') == 2
    assert 'class="chart__target"' in svg
    assert "style=" not in svg and "<script" not in svg
