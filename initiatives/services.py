"""Writes on initiatives and learnings. Views, the API, the admin and seed_demo all call these."""

import datetime
from collections.abc import Container, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem.db import free_slug
from ecosystem.models import Organization, Territory, Theme, User
from ecosystem.text import check_markdown, find_personal_information

from .models import (
    DESCRIPTION_MAX_BYTES,
    Initiative,
    InitiativePartner,
    Learning,
    PhaseChange,
    PriorityPopulation,
)

INITIATIVE_FIELDS = {
    "title",
    "summary",
    "description",
    "kind",
    "phase",
    "action_type",
    "lead_organization",
    "start_date",
    "end_date",
    "visibility",
}
INITIATIVE_RELATIONS = {"territories", "themes", "populations"}
LEARNING_FIELDS = {"title", "statement", "kind", "knowledge_type", "transfer_conditions", "territory", "licence"}
LEARNING_RELATIONS = {"themes"}

PERSONAL_INFORMATION_LABELS = {
    "email": gettext_lazy("an e-mail address"),
    "phone": gettext_lazy("a phone number"),
    "postal_code": gettext_lazy("a postal code"),
}


def _check_can_change(obj: Initiative | Learning, user: User) -> None:
    if not obj.can_change(user):
        raise PermissionDenied(_("You cannot change this item."))


def _check_version(obj: Initiative | Learning, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != obj.version:
        raise ValidationError(
            _(
                "Someone else saved a change since you opened this form. "
                "Reload the page to see their version, then make your change again."
            ),
            code="stale",
        )


def initiative_slug(title: str, *, taken: Container[str] | None = None) -> str:
    """A free slug for ``title``: never a reserved path, never one in ``taken`` (the database by
    default; bulk generation passes the set it keeps)."""
    return free_slug(title, model=Initiative, fallback="initiative", taken=taken)


def _require_territories(territories: list[Territory]) -> None:
    if not territories:
        raise ValidationError({"territories": _("Choose at least one territory.")})


@transaction.atomic
def initiative_create(
    *,
    by: User,
    title: str,
    summary: str,
    kind: str,
    territories: Iterable[Territory],
    description: str = "",
    phase: str = Initiative.Phase.IDEA,
    action_type: str = "",
    lead_organization: Organization | None = None,
    themes: Iterable[Theme] = (),
    populations: Iterable[PriorityPopulation] = (),
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    visibility: str = Initiative._meta.get_field("visibility").default,
    phase_changed_on: datetime.date | None = None,
) -> Initiative:
    """Create an initiative; its author becomes the first member of its team."""
    territories = list(territories)
    description_html = check_markdown(description, field="description", max_bytes=DESCRIPTION_MAX_BYTES)
    initiative = Initiative(
        title=title,
        slug=initiative_slug(title),
        summary=summary,
        description=description,
        description_html=description_html,
        kind=kind,
        phase=phase,
        action_type=action_type,
        lead_organization=lead_organization,
        start_date=start_date,
        end_date=end_date,
        visibility=visibility,
        created_by=by,
    )
    initiative.full_clean()
    _require_territories(territories)
    initiative._history_user = by
    initiative.save()
    initiative.territories.set(territories)
    initiative.themes.set(themes)
    initiative.populations.set(populations)
    initiative.team.add(by)
    PhaseChange.objects.create(
        initiative=initiative, phase=phase, changed_on=phase_changed_on or timezone.localdate(), changed_by=by
    )
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, by: User, expected_version: int | None = None, **changes
) -> Initiative:
    """Change an initiative's fields and relations. ``expected_version`` is the version the
    person saw: if someone saved in between, nothing is written and they are told."""
    unknown = set(changes) - INITIATIVE_FIELDS - INITIATIVE_RELATIONS
    if unknown:
        raise TypeError(f"initiative_update() got unexpected fields: {sorted(unknown)}")
    _check_can_change(initiative, by)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    _check_version(initiative, expected_version)

    previous_phase = initiative.phase
    for field in INITIATIVE_FIELDS & set(changes):
        setattr(initiative, field, changes[field])
    if "description" in changes:
        initiative.description_html = check_markdown(
            initiative.description, field="description", max_bytes=DESCRIPTION_MAX_BYTES
        )
    initiative.full_clean()
    if "territories" in changes:
        _require_territories(list(changes["territories"]))
    initiative.version += 1
    initiative._history_user = by
    initiative.save()
    for relation in INITIATIVE_RELATIONS & set(changes):
        getattr(initiative, relation).set(changes[relation])
    if initiative.phase != previous_phase:
        PhaseChange.objects.create(
            initiative=initiative, phase=initiative.phase, changed_on=timezone.localdate(), changed_by=by
        )
    return initiative


@transaction.atomic
def initiative_move_phase(
    *,
    initiative: Initiative,
    by: User,
    phase: str,
    changed_on: datetime.date | None = None,
    note: str = "",
) -> PhaseChange:
    """Move an initiative to ``phase`` and record the dated step."""
    _check_can_change(initiative, by)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    changed_on = changed_on or timezone.localdate()
    if phase == initiative.phase:
        raise ValidationError({"phase": _("The initiative is already in this phase.")})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("The date of a phase change cannot be in the future.")})
    change = PhaseChange(initiative=initiative, phase=phase, changed_on=changed_on, note=note, changed_by=by)
    change.full_clean()
    change.save()
    initiative.phase = phase
    initiative.version += 1
    initiative._history_user = by
    initiative.save(update_fields=["phase", "version", "updated_at"])
    return change


@transaction.atomic
def initiative_partner_add(
    *, initiative: Initiative, by: User, organization: Organization, role: str
) -> InitiativePartner:
    _check_can_change(initiative, by)
    partner = InitiativePartner(initiative=initiative, organization=organization, role=role)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def initiative_partner_remove(*, partner: InitiativePartner, by: User) -> None:
    _check_can_change(partner.initiative, by)
    partner.delete()


@transaction.atomic
def initiative_team_add(*, initiative: Initiative, by: User, member: User) -> None:
    _check_can_change(initiative, by)
    initiative.team.add(member)


@transaction.atomic
def initiative_team_remove(*, initiative: Initiative, by: User, member: User) -> None:
    _check_can_change(initiative, by)
    team = initiative.team.select_for_update()
    if team.filter(pk=member.pk).exists() and team.count() == 1:
        raise ValidationError(_("An initiative keeps at least one person on its team."))
    initiative.team.remove(member)


# --- Learnings --------------------------------------------------------------------------------


def _check_no_personal_information(learning: Learning) -> None:
    """Refuse publication while the text holds e-mail addresses, phone numbers or postal codes."""
    errors: dict[str, list[str]] = {}
    for field in ("title", "statement", "transfer_conditions"):
        for found in find_personal_information(getattr(learning, field)):
            errors.setdefault(field, []).append(
                _("Remove %(what)s before publishing: « %(passage)s »")
                % {"what": PERSONAL_INFORMATION_LABELS[found.kind], "passage": found.passage}
            )
    if errors:
        raise ValidationError(errors, code="personal_information")


@transaction.atomic
def learning_create(
    *,
    by: User,
    title: str,
    statement: str,
    kind: str,
    knowledge_type: str,
    initiative: Initiative | None = None,
    transfer_conditions: str = "",
    themes: Iterable[Theme] | None = None,
    territory: Territory | None = None,
    licence: str = Learning.Licence.CC_BY_NC,
) -> Learning:
    """Write a learning as a draft. On an initiative, only its team may add one; the territory
    and themes default to the initiative's."""
    if initiative is not None:
        _check_can_change(initiative, by)
    learning = Learning(
        initiative=initiative,
        title=title,
        statement=statement,
        kind=kind,
        knowledge_type=knowledge_type,
        transfer_conditions=transfer_conditions,
        territory=territory or (initiative.default_learning_territory() if initiative else None),
        author=by,
        licence=licence,
    )
    learning.full_clean()
    learning._history_user = by
    learning.save()
    if themes is None:
        themes = initiative.themes.all() if initiative is not None else ()
    learning.themes.set(themes)
    return learning


@transaction.atomic
def learning_update(*, learning: Learning, by: User, expected_version: int | None = None, **changes) -> Learning:
    unknown = set(changes) - LEARNING_FIELDS - LEARNING_RELATIONS
    if unknown:
        raise TypeError(f"learning_update() got unexpected fields: {sorted(unknown)}")
    _check_can_change(learning, by)
    learning = Learning.objects.select_for_update().get(pk=learning.pk)
    _check_version(learning, expected_version)
    for field in LEARNING_FIELDS & set(changes):
        setattr(learning, field, changes[field])
    learning.full_clean()
    if learning.is_published:
        _check_no_personal_information(learning)
    learning.version += 1
    learning._history_user = by
    learning.save()
    if "themes" in changes:
        learning.themes.set(changes["themes"])
    return learning


@transaction.atomic
def learning_publish(*, learning: Learning, by: User) -> Learning:
    """Publish a draft under its licence, once its text holds no personal information."""
    _check_can_change(learning, by)
    learning = Learning.objects.select_for_update().get(pk=learning.pk)
    if learning.is_published:
        return learning
    _check_no_personal_information(learning)
    learning.status = Learning.Status.PUBLISHED
    learning.published_at = timezone.now()
    learning.version += 1
    learning._history_user = by
    learning.save(update_fields=["status", "published_at", "version", "updated_at"])
    return learning
