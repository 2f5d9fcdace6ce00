"""One FilterSet per list, shared by the HTML pages (GET forms) and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ecosystem.models import Territory, Theme
from ecosystem.search import search

from .models import Initiative, Learning, PriorityPopulation


def _territories(request):
    return Territory.objects.in_code_order()


@extend_schema_field(OpenApiTypes.STR)  # a territory code; the schema cannot guess it from the model
class _TerritoryFilter(django_filters.ModelChoiceFilter):
    """A territory and everything inside it (choosing an RSS finds its local territories)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.in_territory(value)


def _population_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Priority population"),
        field_name=field_name,
        queryset=PriorityPopulation.objects.all(),
        to_field_name="slug",
        empty_label=_("All populations"),
    )


class _SearchableFilter(django_filters.FilterSet):
    """Search, territory and theme: what every list of the platform filters on."""

    # The text fields the SQLite fallback searches; PostgreSQL's trigger decides its own.
    search_fields: list[str] = []

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    territory = _TerritoryFilter(
        label=_("Territory"), queryset=_territories, to_field_name="code", empty_label=_("All territories")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

    def filter_search(self, queryset, name, value):
        return search(queryset, value, fields=self.search_fields)


class InitiativeFilter(_SearchableFilter):
    search_fields = ["title", "summary", "description"]

    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Initiative.Phase.choices, empty_label=_("All phases"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Initiative.Kind.choices, empty_label=_("All kinds"))
    population = _population_filter("populations")

    class Meta:
        model = Initiative
        fields = ["q", "territory", "theme", "phase", "kind", "population"]


class LearningFilter(_SearchableFilter):
    search_fields = ["title", "statement", "transfer_conditions"]

    phase = django_filters.ChoiceFilter(
        label=_("Phase of the initiative"),
        field_name="initiative__phase",
        choices=Initiative.Phase.choices,
        empty_label=_("All phases"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Learning.Kind.choices, empty_label=_("All kinds"))
    knowledge_type = django_filters.ChoiceFilter(
        label=_("Type of knowledge"), choices=Learning.KnowledgeType.choices, empty_label=_("All types")
    )
    population = _population_filter("initiative__populations")
    initiative = django_filters.CharFilter(
        label=_("Initiative (identifier)"),
        field_name="initiative__slug",
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Learning
        fields = ["q", "territory", "theme", "phase", "kind", "knowledge_type", "population", "initiative"]
