"""What the indicator pages and the API read, against the database: public values only, the
co-construction record as a fact, regions in code order, and constant query counts."""

import datetime

from indicators import selectors
from indicators.models import Dimension, Indicator, Measurement
from tests.factories import ContributionFactory, IndicatorFactory, MeasurementFactory, TargetFactory, UserFactory


def quarter(year, number):
    start = datetime.date(year, 3 * number - 2, 1)
    end = {1: datetime.date(year, 3, 31), 2: datetime.date(year, 6, 30), 3: datetime.date(year, 9, 30)}.get(
        number, datetime.date(year, 12, 31)
    )
    return {"granularity": "quarter", "period_start": start, "period_end": end}


class TestCatalogue:
    def test_endorsements_of_the_current_version_are_counted_by_role(self, indicator, steward):
        ContributionFactory(indicator=indicator, role="partner")
        ContributionFactory(indicator=indicator, role="partner")
        ContributionFactory(indicator=indicator, role="professional")
        ContributionFactory(indicator=indicator, role="professional", kind="comment", text="Bien")
        old = indicator.current
        indicator.current = indicator.versions.create(number=2, **_wording(old))
        indicator.save()
        ContributionFactory(indicator=indicator, role="professional")  # on version 2

        listed = selectors.indicator_list().get(pk=indicator.pk)

        assert (listed.partner_endorsements, listed.professional_endorsements) == (0, 1)

    def test_the_list_takes_one_query_whatever_its_length(self, django_assert_num_queries, steward):
        for _ in range(8):
            ContributionFactory(indicator=IndicatorFactory(adopted=True), role="partner")
        with django_assert_num_queries(1):  # indicators with their current version, organization and counts
            assert len([indicator.name for indicator in selectors.indicator_list()]) == 8


def _wording(version):
    from indicators.models import IndicatorVersion

    return {name: getattr(version, name) for name in IndicatorVersion.DEFINITION_FIELDS}


class TestCoConstructionRecord:
    def test_counts_people_by_role_and_names_only_the_credited(self, indicator):
        amelie = UserFactory(display_name="Amélie")
        karim = UserFactory(display_name="Karim")
        ContributionFactory(indicator=indicator, contributor=amelie, role="partner", kind="comment", text="Oui")
        ContributionFactory(indicator=indicator, contributor=amelie, role="partner", credited=True)
        ContributionFactory(indicator=indicator, contributor=karim, role="professional")

        record = selectors.coconstruction_record(indicator=indicator)

        assert (record.partners, record.professionals) == (1, 1) and record.is_co_built
        assert record.by_kind == {"comment": 1, "endorsement": 2}
        assert record.endorsements == {"partner": 1, "professional": 1}
        names = [selectors.signature(contribution).name for contribution in record.contributions]
        assert names == [None, "Amélie", None]
        assert record.first <= record.last

    def test_a_deleted_account_still_counts_once(self, indicator):
        ContributionFactory(indicator=indicator, contributor=None, role="partner", kind="comment", text="a")
        ContributionFactory(indicator=indicator, contributor=None, role="partner", kind="comment", text="b")

        record = selectors.coconstruction_record(indicator=indicator)

        assert record.partners == 2 and selectors.signature(record.contributions[0]).name is None

    def test_the_catalogue_counts_people_as_the_record_does(self, indicator):
        amelie = UserFactory()
        ContributionFactory(indicator=indicator, contributor=amelie, role="partner", kind="comment", text="a")
        ContributionFactory(indicator=indicator, contributor=amelie, role="partner")
        ContributionFactory(indicator=indicator, contributor=None, role="partner", kind="comment", text="b")
        ContributionFactory(indicator=indicator, role="professional")

        listed = selectors.indicator_list_with_record().get(pk=indicator.pk)
        record = selectors.coconstruction_record(indicator=indicator)

        assert (listed.partner_contributors, listed.professional_contributors) == (2, 1)
        assert (record.partners, record.professionals) == (2, 1)
        assert (listed.first_contribution, listed.last_contribution) == (record.first, record.last)

    def test_adoption_is_possible_only_in_co_construction_with_both_roles(self, indicator):
        ContributionFactory(indicator=indicator, role="partner")
        ContributionFactory(indicator=indicator, role="professional")
        assert not selectors.coconstruction_record(indicator=indicator).can_adopt  # already adopted
        indicator.status = Indicator.Status.CO_CONSTRUCTION
        assert selectors.coconstruction_record(indicator=indicator).can_adopt


class TestValues:
    def test_latest_values_for_quebec_and_every_region_in_code_order(self, indicator, montreal, capitale, quebec):
        MeasurementFactory(indicator=indicator, territory=montreal, value=70, **quarter(2024, 4))
        MeasurementFactory(indicator=indicator, territory=montreal, value=71, **quarter(2025, 1))
        MeasurementFactory(indicator=indicator, territory=capitale, value=90, **quarter(2025, 1))
        MeasurementFactory(indicator=indicator, territory=quebec, value=75, **quarter(2025, 1))

        regional = selectors.latest_by_region(indicator=indicator)

        assert regional.period_label == "2025-T1"
        assert [row.territory.code for row in regional.rows][:4] == [quebec.code, "01", "02", "03"]
        assert len(regional.rows) == 19  # never ranked, never a region missing
        values = {row.territory.code: row.measurement.value for row in regional.rows if row.measurement}
        assert values == {quebec.code: 75, "03": 90, "06": 71}

    def test_values_of_an_unadopted_version_are_not_public(self, steward, montreal):
        draft = IndicatorFactory(stewards=[steward])
        MeasurementFactory(indicator=draft, territory=montreal)

        assert selectors.latest_by_region(indicator=draft).period_start is None
        assert not selectors.measurement_list(user=UserFactory()).exists()
        assert selectors.measurement_list(user=steward).count() == 1

    def test_stratified_values_grouped_by_dimension(self, indicator, montreal, women):
        from indicators.models import Stratum

        for stratum in Stratum.objects.filter(dimension__in=[Dimension.SEX, Dimension.AGE]):
            MeasurementFactory(indicator=indicator, territory=montreal, stratum=stratum, value=60)
        MeasurementFactory(indicator=indicator, territory=montreal, value=61)

        groups = selectors.stratified_values(
            indicator=indicator, territory=montreal, granularity="quarter", period_start=datetime.date(2025, 1, 1)
        )

        assert [group.dimension for group in groups] == ["sex", "age"]
        assert [m.stratum.code for m in groups[0].rows] == ["femmes", "hommes"]

    def test_a_series_over_time_oldest_first(self, indicator, montreal):
        for year, value in [(2025, 3), (2023, 1), (2024, 2)]:
            MeasurementFactory(indicator=indicator, territory=montreal, value=value, **quarter(year, 1))

        assert [m.value for m in selectors.value_series(indicator=indicator, territory=montreal)] == [1, 2, 3]

    def test_sheet_reads_take_a_constant_number_of_queries(self, django_assert_num_queries, indicator, montreal):
        from indicators.models import Stratum

        for stratum in Stratum.objects.all():
            for year in (2023, 2024, 2025):
                MeasurementFactory(indicator=indicator, territory=montreal, stratum=stratum, **quarter(year, 1))
        TargetFactory(indicator=indicator)

        with django_assert_num_queries(3):  # territories, the latest period, its values
            selectors.latest_by_region(indicator=indicator)
        with django_assert_num_queries(1):  # the period's values with their strata
            selectors.stratified_values(
                indicator=indicator, territory=montreal, granularity="quarter", period_start=datetime.date(2025, 1, 1)
            )
        with django_assert_num_queries(2):  # the latest period type, the series
            selectors.value_series(indicator=indicator, territory=montreal)
        with django_assert_num_queries(1):
            list(selectors.indicator_targets(indicator=indicator))
        assert Measurement.objects.count() == 3 * 20
