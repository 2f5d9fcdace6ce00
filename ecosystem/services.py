"""Writes on the shared references. Every caller (views, admin, commands, tasks) goes through here."""

import csv
import io
import json
import secrets
import zipfile
from collections.abc import Iterable
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .consents import CONSENT_TEXTS
from .models import AuditEvent, Consent, DataExport, Notification, Organization, Territory, User
from .pages import csv_cell
from .personal_data import hooks

M = TypeVar("M", bound=models.Model)


def _upsert(model: type[M], *, lookup: dict, values: dict) -> tuple[M, bool]:
    """Create the row identified by ``lookup``, or update it only if a value differs."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    if created or any(getattr(instance, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(instance, field, value)
        instance.full_clean()
        instance.save()
    return instance, created


@transaction.atomic
def user_ensure(
    *, email: str, display_name: str, password: str | None = None, is_staff: bool = False
) -> tuple[User, bool]:
    """Create the account if it does not exist, with a verified e-mail address.

    An existing account keeps its password unless one is given; without any password the
    account cannot sign in until its owner resets it.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email)
    changed = created or user.display_name != display_name or user.is_staff != is_staff
    user.display_name = display_name
    user.is_staff = user.is_superuser = is_staff
    if password is not None and not user.check_password(password):
        user.set_password(password)
        changed = True
    elif created:
        user.set_unusable_password()
    if changed:
        user.full_clean(exclude=["password"])
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user, created


@transaction.atomic
def organization_ensure(
    *,
    slug: str,
    name: str,
    kind: str,
    sector: str,
    acronym: str = "",
    website: str = "",
    description: str = "",
    territory_codes: Iterable[str] = (),
) -> tuple[Organization, bool]:
    """Create or update an organization identified by its slug, and the territories it serves."""
    values = {
        "name": name,
        "kind": kind,
        "sector": sector,
        "acronym": acronym,
        "website": website,
        "description": description,
    }
    organization, created = _upsert(Organization, lookup={"slug": slug}, values=values)

    codes = list(territory_codes)
    territories = list(Territory.objects.filter(code__in=codes).exclude(kind=Territory.Kind.PROVINCE))
    if codes and len(territories) != len(set(codes)):
        missing = sorted(set(codes) - {territory.code for territory in territories})
        raise ValidationError(
            {"territories_served": _("Unknown territory codes: %(codes)s") % {"codes": ", ".join(missing)}}
        )
    if set(organization.territories_served.all()) != set(territories):
        organization.territories_served.set(territories)
    return organization, created


@transaction.atomic
def territory_ensure(
    *, kind: str, code: str, name_fr: str, name_en: str, parent_code: str, rurality: str = ""
) -> tuple[Territory, bool]:
    """Create or update a local territory under an existing parent, identified by kind and code."""
    parent = Territory.objects.get(code=parent_code, kind__in=[Territory.Kind.PROVINCE, Territory.Kind.RSS])
    values = {"name_fr": name_fr, "name_en": name_en, "parent": parent, "rurality": rurality}
    return _upsert(Territory, lookup={"kind": kind, "code": code}, values=values)


@transaction.atomic
def api_token_create(*, user: User) -> str:
    """Give ``user`` a new personal API token and return its key; any previous token stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


@transaction.atomic
def api_token_revoke(*, user: User) -> None:
    """Delete ``user``'s personal API token, if any: requests that send it are refused from now on."""
    Token.objects.filter(user=user).delete()


def notification_send(
    *, recipients: Iterable[User], kind: str, url: str, actor: User | None = None, target: str = "", place: str = ""
) -> list[Notification]:
    """Tell each recipient (but never the actor themself) that something happened."""
    notifications = [
        Notification(recipient=recipient, kind=kind, actor=actor, target=target[:200], place=place[:200], url=url)
        for recipient in {recipient.pk: recipient for recipient in recipients}.values()
        if actor is None or recipient.pk != actor.pk
    ]
    return Notification.objects.bulk_create(notifications)


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (those in ``ids``, or all); returns how many changed."""
    unread = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


# --- Personal information: consents, audit trail, exports, erasure ----------------------------


def audit_record(*, actor: User | None, subject: User, action: str, what: str) -> AuditEvent:
    """Note that ``actor`` viewed or changed ``subject``'s personal information (``what`` names
    the information, never its values)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject_id=subject.pk,
        action=action,
        what=what[:300],
    )


def audit_views(*, actor: User, subjects: Iterable[tuple[int, str]]) -> None:
    """Note that ``actor`` viewed each (person id, which information) a page shows, in one query."""
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, subject_id=subject_id, action=AuditEvent.Action.VIEWED, what=what[:300])
        for subject_id, what in subjects
    )


@transaction.atomic
def consent_give(*, user: User, purpose: str, channel: str = Consent.Channel.WEB) -> Consent:
    """Record ``user``'s consent to the current text of ``purpose``. Giving it again to the same
    text changes nothing; a consent to an older text is closed and a new one opened."""
    if purpose not in CONSENT_TEXTS:
        raise ValidationError({"purpose": _("Unknown purpose.")})
    version = CONSENT_TEXTS[purpose].version
    open_consent = Consent.objects.select_for_update().filter(user=user, purpose=purpose, withdrawn_at=None).first()
    if open_consent is not None:
        if open_consent.version == version:
            return open_consent
        open_consent.withdrawn_at = timezone.now()
        open_consent.save(update_fields=["withdrawn_at"])
    consent = Consent(user=user, purpose=purpose, version=version, channel=channel)
    consent.full_clean()
    consent.save()
    audit_record(actor=user, subject=user, action=AuditEvent.Action.CONSENT_GIVEN, what=purpose)
    return consent


@transaction.atomic
def consent_withdraw(*, user: User, purpose: str) -> bool:
    """Withdraw ``user``'s consent to ``purpose`` and erase, in the same transaction, what was
    kept under it (each app says what, see ``ecosystem.personal_data``). Returns whether a
    consent was open."""
    if purpose not in CONSENT_TEXTS:
        raise ValidationError({"purpose": _("Unknown purpose.")})
    withdrawn = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at=None).update(
        withdrawn_at=timezone.now()
    )
    for hook in hooks("consent_withdrawn"):
        hook(user, purpose)
    if withdrawn:
        audit_record(actor=user, subject=user, action=AuditEvent.Action.CONSENT_WITHDRAWN, what=purpose)
    return bool(withdrawn)


def data_export_request(*, user: User) -> DataExport:
    """Ask for a download of ``user``'s data; a Celery task builds it (see ``data_export_build``).
    A request made while one is being prepared returns that one."""
    with transaction.atomic():
        pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
        if pending is not None:
            return pending
        now = timezone.now()
        export = DataExport.objects.create(user=user, requested_at=now, expires_at=now + DataExport.LIFETIME)
    # Imported here: the tasks module imports this one.
    from .tasks import build_data_export

    transaction.on_commit(lambda: build_data_export.delay(export.pk))
    return export


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the export's archive: ``data.json`` and one CSV per section, of everything its
    owner gave, from every app. Safe to run twice; nothing for an export since deleted."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status == DataExport.Status.READY:
        return export
    user = export.user
    sections: dict[str, list[dict]] = {}
    for hook in hooks("export"):
        sections.update(hook(user))
    generated_at = timezone.now()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        document = {"generated_at": generated_at, "person": user.email, "sections": sections}
        zipped.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for name, rows in sections.items():
            zipped.writestr(f"{name}.csv", _csv_text(rows))
    export.file.save(f"{secrets.token_urlsafe(24)}.zip", ContentFile(archive.getvalue()), save=False)
    export.status = DataExport.Status.READY
    export.ready_at = generated_at
    export.save(update_fields=["file", "status", "ready_at"])
    audit_record(actor=user, subject=user, action=AuditEvent.Action.EXPORTED, what="data export")
    return export


def _csv_text(rows: list[dict]) -> str:
    """One section as CSV, UTF-8 with a byte order mark so spreadsheets read the accents."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    columns = list(dict.fromkeys(column for row in rows for column in row))
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def data_exports_purge(*, now=None) -> int:
    """Delete the exports whose seven days are over, and their files. Returns how many."""
    expired = list(DataExport.objects.expired(now))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(expired)


def account_erase(*, user: User) -> None:
    """Delete ``user``'s account and personal information everywhere. What they contributed to
    shared work (published learnings, posts, engagements in partnership figures) stays, credited
    to "former member". Export files are deleted once the transaction has committed."""
    files = [export.file.name for export in DataExport.objects.filter(user=user).exclude(file="")]
    subject_id = user.pk
    with transaction.atomic():
        for hook in reversed(hooks("erase")):
            hook(user)
        Session.objects.filter(session_key__in=_session_keys(user)).delete()
        user.delete()
        AuditEvent.objects.filter(subject_id=subject_id).exclude(action=AuditEvent.Action.ERASED).delete()
        AuditEvent.objects.create(subject_id=subject_id, action=AuditEvent.Action.ERASED, what="account")
    storage = DataExport._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


def _session_keys(user: User) -> list[str]:
    """The keys of the database sessions signed in as ``user`` (sessions are stored signed)."""
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys
