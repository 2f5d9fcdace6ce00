"""Read-only API of the shared references. Both languages are returned explicitly."""

from rest_framework import serializers, viewsets

from . import selectors
from .filters import OrganizationFilter, TerritoryFilter


class TerritorySerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    rurality = serializers.CharField()


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_fr = serializers.CharField()
    name_en = serializers.CharField()


class OrganizationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.CharField()
    sector = serializers.CharField()
    website = serializers.URLField()
    territories_served = serializers.SerializerMethodField()

    def get_territories_served(self, organization) -> list[str]:
        return [territory.code for territory in organization.territories_served.all()]


class TerritoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Québec, its 18 régions sociosanitaires (RSS) and local territories, in code order."""

    serializer_class = TerritorySerializer
    filterset_class = TerritoryFilter
    lookup_field = "code"

    def get_queryset(self):
        return selectors.territory_list()


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return selectors.theme_list()


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.organization_list()


class MyConsentViewSet(viewsets.ViewSet):
    """Placeholder: replaced by the consents API."""
