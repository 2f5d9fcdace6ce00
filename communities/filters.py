"""One FilterSet per list, shared by the HTML pages (GET forms) and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ecosystem.filters import SearchableFilter, theme_filter

from .models import Community, Gathering, Resource


class CommunityFilter(SearchableFilter):
    search_fields = ["name", "purpose"]

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Community.Kind.choices, empty_label=_("All kinds"))
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=Community.Scope.choices, empty_label=_("All scopes"))

    class Meta:
        model = Community
        fields = ["q", "territory", "theme", "kind", "scope"]


class GatheringFilter(django_filters.FilterSet):
    community = django_filters.CharFilter(label=_("Space (identifier)"), field_name="community__slug")
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=Gathering.Format.choices, empty_label=_("All formats")
    )
    starts_after = django_filters.IsoDateTimeFilter(label=_("Starts after"), field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(label=_("Starts before"), field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Gathering
        fields = ["community", "format", "starts_after", "starts_before"]


class ResourceFilter(django_filters.FilterSet):
    community = django_filters.CharFilter(label=_("Space (identifier)"), field_name="community__slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Resource.Kind.choices, empty_label=_("All kinds"))
    theme = theme_filter()

    class Meta:
        model = Resource
        fields = ["community", "kind", "theme"]
