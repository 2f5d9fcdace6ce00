"""One FilterSet per list, shared by the HTML pages (GET forms) and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecosystem.filters import SearchableFilter

from .models import Call, Level, PartnerType, Sphere, holds_any


class CallFilter(SearchableFilter):
    """The calls board's filters. Calls carry no ``search_vector`` (they are few and short-lived),
    so the search is the same on both databases: every word in the title or the description."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    partner_type = django_filters.ChoiceFilter(
        label=_("Partner type sought"),
        choices=PartnerType.choices,
        empty_label=_("All partner types"),
        method="filter_partner_type",
    )
    sphere = django_filters.ChoiceFilter(label=_("Sphere"), choices=Sphere.choices, empty_label=_("All spheres"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices, empty_label=_("All levels"))

    class Meta:
        model = Call
        fields = ["q", "territory", "theme", "partner_type", "sphere", "level"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_partner_type(self, queryset, name, value):
        return queryset.filter(holds_any("partner_types", [value]))
