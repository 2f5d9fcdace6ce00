import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Organization, Territory


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
