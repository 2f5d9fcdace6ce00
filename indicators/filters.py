"""One FilterSet per list, shared by the HTML pages (GET forms) and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecosystem.filters import theme_filter

from .models import AimDimension, Dimension, Family, Granularity, Indicator, Measurement


class IndicatorFilter(django_filters.FilterSet):
    """The catalogue's filters. Indicators are few: the search is the same on both databases,
    every word in the code, the name or the definition of the current version."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    family = django_filters.ChoiceFilter(label=_("Family"), choices=Family.choices, empty_label=_("All families"))
    aim_dimension = django_filters.ChoiceFilter(
        label=_("Quintuple-aim dimension"), choices=AimDimension.choices, empty_label=_("All dimensions")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Indicator.Status.choices, empty_label=_("All statuses")
    )
    theme = theme_filter()

    class Meta:
        model = Indicator
        fields = ["q", "family", "aim_dimension", "status", "theme"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(code__icontains=word) | Q(current__name__icontains=word) | Q(current__definition__icontains=word)
            )
        return queryset


class MeasurementFilter(django_filters.FilterSet):
    """The values' filters: an indicator, a territory, a period range, a stratum."""

    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("Indicator code"))
    territory = django_filters.CharFilter(field_name="territory__code", label=_("Territory code"))
    granularity = django_filters.ChoiceFilter(label=_("Period type"), choices=Granularity.choices)
    period_after = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label=_("Periods starting on or after")
    )
    period_before = django_filters.DateFilter(
        field_name="period_end", lookup_expr="lte", label=_("Periods ending on or before")
    )
    dimension = django_filters.ChoiceFilter(
        field_name="stratum__dimension", label=_("Equity dimension"), choices=Dimension.choices
    )
    category = django_filters.CharFilter(field_name="stratum__code", label=_("Category (code)"))

    class Meta:
        model = Measurement
        fields = ["indicator", "territory", "granularity", "period_after", "period_before", "dimension", "category"]
