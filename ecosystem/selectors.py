from django.db.models import Prefetch, QuerySet

from .models import Notification, Organization, Territory, Theme


def territory_list() -> QuerySet[Territory]:
    return Territory.objects.select_related("parent").in_code_order()


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.all()


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.prefetch_related(
        Prefetch("territories_served", queryset=Territory.objects.only("id", "kind", "code"))
    )


def notification_list(*, user) -> QuerySet[Notification]:
    """``user``'s notifications, newest first, with who caused them."""
    return Notification.objects.filter(recipient=user).select_related("actor")


def notification_unread_count(*, user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user).unread().count()
