"""One FilterSet per list, shared by the HTML pages (GET forms) and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ecosystem.filters import SearchableFilter

from .models import Initiative, Learning, PriorityPopulation


def _population_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Priority population"),
        field_name=field_name,
        queryset=PriorityPopulation.objects.all(),
        to_field_name="slug",
        empty_label=_("All populations"),
    )


class InitiativeFilter(SearchableFilter):
    search_fields = ["title", "summary", "description"]

    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Initiative.Phase.choices, empty_label=_("All phases"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Initiative.Kind.choices, empty_label=_("All kinds"))
    population = _population_filter("populations")

    class Meta:
        model = Initiative
        fields = ["q", "territory", "theme", "phase", "kind", "population"]


class LearningFilter(SearchableFilter):
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
