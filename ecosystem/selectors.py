from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .consents import CONSENT_TEXTS, ConsentText
from .models import AuditEvent, Consent, DataExport, Notification, Organization, Territory, Theme, is_signed_in


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


# --- Personal information ----------------------------------------------------------------------


def consent_in_force(*, user, purpose: str) -> bool:
    """Whether ``user`` consents, to the current text, to ``purpose``."""
    return is_signed_in(user) and Consent.objects.in_force().filter(user=user, purpose=purpose).exists()


def consents_in_force(*, user) -> set[str]:
    if not is_signed_in(user):
        return set()
    return set(Consent.objects.in_force().filter(user=user).values_list("purpose", flat=True))


@dataclass(frozen=True)
class ConsentState:
    """One purpose as the person sees it: its current text and where their consent stands."""

    purpose: str
    text: ConsentText
    consent: Consent | None  # the open consent, to this text or an older one

    @property
    def given(self) -> bool:
        return self.consent is not None and self.consent.version == self.text.version

    @property
    def outdated(self) -> bool:
        """Given to an older text: it no longer counts until the person consents again."""
        return self.consent is not None and self.consent.version != self.text.version


def consent_overview(*, user) -> list[ConsentState]:
    """Every purpose, in a fixed order, with ``user``'s open consent to it (one query)."""
    open_consents = {consent.purpose: consent for consent in Consent.objects.filter(user=user, withdrawn_at=None)}
    return [ConsentState(purpose, text, open_consents.get(purpose)) for purpose, text in CONSENT_TEXTS.items()]


def consent_history(*, user) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user)


def audit_trail(*, user) -> QuerySet[AuditEvent]:
    """Who viewed or changed ``user``'s personal information, newest first."""
    return AuditEvent.objects.filter(subject_id=user.pk).select_related("actor")


def data_export_list(*, user) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user)


def data_export_get(*, user, pk: int) -> DataExport:
    """``user``'s own export (anyone else's answers 404)."""
    return get_object_or_404(DataExport, pk=pk, user=user)
