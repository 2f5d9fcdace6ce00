from django.db.models import Prefetch, QuerySet

from .models import Organization, Territory, Theme


def territory_list() -> QuerySet[Territory]:
    return Territory.objects.select_related("parent").in_code_order()


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.prefetch_related(
        Prefetch("territories_served", queryset=Territory.objects.only("id", "kind", "code"))
    )
