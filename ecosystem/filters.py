"""FilterSets shared by the HTML pages (GET forms) and the API: the references', and the
search, territory and theme filters every list of the platform builds on."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Organization, Territory, Theme
from .search import search


class TerritoryFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Code of the parent territory"))

    class Meta:
        model = Territory
        fields = ["kind", "parent"]


class OrganizationFilter(django_filters.FilterSet):
    territory = django_filters.CharFilter(
        field_name="territories_served__code", label=_("Code of a territory served"), distinct=True
    )

    class Meta:
        model = Organization
        fields = ["kind", "sector", "territory"]


def _territories_in_code_order(request):
    return Territory.objects.in_code_order()


@extend_schema_field(OpenApiTypes.STR)  # a territory code; the schema cannot guess it from the model
class TerritoryWithinFilter(django_filters.ModelChoiceFilter):
    """A territory and everything inside it (choosing an RSS finds its local territories)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.in_territory(value)


def theme_filter() -> django_filters.ModelChoiceFilter:
    """A theme, by its identifier, among the row's ``themes``."""
    return django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )


class SearchableFilter(django_filters.FilterSet):
    """Search, territory and theme: what every list of the platform filters on."""

    # The text fields the SQLite fallback searches; PostgreSQL's trigger decides its own.
    search_fields: list[str] = []

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    territory = TerritoryWithinFilter(
        label=_("Territory"),
        queryset=_territories_in_code_order,
        to_field_name="code",
        empty_label=_("All territories"),
    )
    theme = theme_filter()

    def filter_search(self, queryset, name, value):
        return search(queryset, value, fields=self.search_fields)
