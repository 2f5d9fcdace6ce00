"""Writes on the shared references. Every caller (views, admin, commands, tasks) goes through here."""

from collections.abc import Iterable
from typing import TypeVar

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .models import Notification, Organization, Territory, User

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
