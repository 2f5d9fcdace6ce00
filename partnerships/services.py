"""Every write on partner profiles, diversity answers, engagements, calls and applications.

Who may do what: a person changes their own profile and answers; the organizers of an
initiative (its team), a space (its co-facilitators) or a governance body (its organizers),
and staff, record engagements and open calls on it; a partner confirms their engagements and
applies to calls.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from ecosystem.consents import UNDER_14, UNDER_14_MESSAGE
from ecosystem.exceptions import ApplicationError
from ecosystem.models import AuditEvent, Notification, Purpose, Territory, Theme, User, is_signed_in
from ecosystem.selectors import consent_in_force
from ecosystem.services import audit_record, notification_send
from initiatives.models import Initiative

from .models import (
    Application,
    Call,
    Compensation,
    DiversityAnswers,
    Engagement,
    PartnerProfile,
    Target,
)
from .selectors import organizes

PROFILE_FIELDS = [
    "partner_types",
    "region",
    "languages",
    "contact_channels",
    "availability_hours",
    "training",
    "bio",
]
LIVED_EXPERIENCE_FIELDS = ["experience_themes", "experience_words"]


# --- Profile and diversity -----------------------------------------------------------------------


def _require_self_or_staff(user: User, by: User) -> None:
    if not (is_signed_in(by) and (by.pk == user.pk or by.is_staff)):
        raise PermissionDenied(_("Only the person may change their own information."))


@transaction.atomic
def partner_profile_save(
    *,
    user: User,
    by: User,
    partner_types: list[str],
    region: Territory,
    languages: list[str],
    contact_channels: list[str] = (),
    availability_hours: int | None = None,
    training: str = "",
    bio: str = "",
    experience_themes: Iterable[Theme] = (),
    experience_words: str = "",
) -> PartnerProfile:
    """Create or update ``user``'s partner profile. Lived experience (experiential domains and
    words) is kept only while the person's lived-experience consent is in force."""
    _require_self_or_staff(user, by)
    experience_themes = list(experience_themes)
    experience_words = experience_words.strip()
    profile = PartnerProfile.objects.filter(user=user).first()
    created = profile is None
    profile = profile or PartnerProfile(user=user)
    before = {} if created else {name: getattr(profile, name) for name in [*PROFILE_FIELDS, "experience_words"]}
    before_themes = set() if created else set(profile.experience_themes.values_list("pk", flat=True))
    # What was stored under an older text of the consent may be sent back unchanged; anything
    # new needs the consent in force.
    new_themes = {theme.pk for theme in experience_themes}
    changes_experience = (new_themes, experience_words) != (before_themes, before.get("experience_words", ""))
    if (
        changes_experience
        and (experience_themes or experience_words)
        and not consent_in_force(user=user, purpose=Purpose.LIVED_EXPERIENCE)
    ):
        raise ValidationError(
            {"experience_words": _("Give your consent to share your lived experience before describing it.")}
        )
    values = {
        "partner_types": list(partner_types),
        "region": region,
        "languages": list(languages),
        "contact_channels": list(contact_channels),
        "availability_hours": availability_hours,
        "training": training.strip(),
        "bio": bio.strip(),
        "experience_words": experience_words,
    }
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    profile.experience_themes.set(experience_themes)
    if created:
        changed = [*PROFILE_FIELDS, "experience_words", "experience_themes"]
    else:
        changed = [name for name, value in before.items() if value != getattr(profile, name)]
        if before_themes != new_themes:
            changed.append("experience_themes")
    if changed:
        audit_record(
            actor=by,
            subject=user,
            action=AuditEvent.Action.CHANGED,
            what=f"partner profile: {', '.join(changed)}",
        )
    return profile


@transaction.atomic
def diversity_answers_save(*, user: User, by: User, answers: dict[str, str]) -> DiversityAnswers:
    """Save ``user``'s self-declared diversity answers. Refused without the diversity consent in
    force; every question is optional ("" is unanswered, "declined" is prefer not to answer)."""
    _require_self_or_staff(user, by)
    if by.pk != user.pk:
        raise PermissionDenied(_("Only the person may answer the diversity questions."))
    if not consent_in_force(user=user, purpose=Purpose.DIVERSITY):
        raise ApplicationError(_("Give your consent to the diversity questions before answering them."))
    questions = {field for field, _choices, _label in DiversityAnswers.QUESTIONS}
    unknown = set(answers) - questions
    if unknown:
        raise ValidationError({field: _("This question does not exist.") for field in sorted(unknown)})
    if answers.get("age_band") == UNDER_14:
        raise ValidationError({"age_band": UNDER_14_MESSAGE})
    record = DiversityAnswers.objects.filter(user=user).first() or DiversityAnswers(user=user)
    for field, value in answers.items():
        setattr(record, field, value or "")
    record.full_clean()
    record.save()
    audit_record(actor=by, subject=user, action=AuditEvent.Action.CHANGED, what="diversity answers")
    return record


def diversity_answers_erase(*, user: User) -> None:
    DiversityAnswers.objects.filter(user=user).delete()


def lived_experience_erase(*, user: User) -> None:
    profile = PartnerProfile.objects.filter(user=user).first()
    if profile is None:
        return
    profile.experience_words = ""
    profile.save(update_fields=["experience_words", "updated_at"])
    profile.experience_themes.clear()


# --- What a partner takes part in -----------------------------------------------------------------


def _require_organizer(user: User, target) -> None:
    if not organizes(user=user, target=target):
        raise PermissionDenied(_("Only the organizers of this initiative, space or body may do this."))


def _organizers(target) -> list[User]:
    if isinstance(target, Initiative):
        return list(target.team.filter(is_active=True))
    if isinstance(target, Community):
        return [
            membership.user
            for membership in target.memberships.active().co_facilitators().select_related("user")
            if membership.user.is_active
        ]
    return list(target.organizers.filter(is_active=True))


def _require_partner(partner: User) -> None:
    if not PartnerProfile.objects.filter(user=partner, user__is_active=True).exists():
        raise ValidationError({"partner": _("This person has no partner profile.")})


ENGAGEMENT_FIELDS = [
    "level",
    "sphere",
    "governance_level",
    "from_start",
    "started_on",
    "ended_on",
    "hours",
    "compensation",
    "outcome",
]


@transaction.atomic
def engagement_record(
    *,
    by: User,
    partner: User,
    target,
    level: str,
    sphere: str,
    governance_level: str,
    from_start: bool = False,
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    hours=None,
    compensation: str = Engagement.Compensation.VOLUNTEER,
    outcome: str = "",
) -> Engagement:
    """An organizer records a partner's engagement on what they organize. The partner is
    notified and confirms it."""
    _require_organizer(by, target)
    _require_partner(partner)
    engagement = Engagement(
        partner=partner,
        **{Target.field_for(target): target},
        level=level,
        sphere=sphere,
        governance_level=governance_level,
        from_start=from_start,
        started_on=started_on or timezone.localdate(),
        ended_on=ended_on,
        hours=hours,
        compensation=compensation,
        outcome=outcome.strip(),
        recorded_by=by,
    )
    engagement.full_clean()
    engagement.save()
    notification_send(
        recipients=[partner],
        kind=Notification.Kind.ENGAGEMENT_PROPOSED,
        actor=by,
        place=str(target),
        url=reverse("partnerships:engagement-detail", kwargs={"pk": engagement.pk}),
    )
    return engagement


@transaction.atomic
def engagement_update(*, engagement: Engagement, by: User, **values) -> Engagement:
    """An organizer corrects an engagement (dates, hours, what changed…)."""
    _require_organizer(by, engagement.target)
    unknown = set(values) - set(ENGAGEMENT_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    for field, value in values.items():
        setattr(engagement, field, value.strip() if isinstance(value, str) and field == "outcome" else value)
    engagement.full_clean()
    engagement.save()
    return engagement


def _require_own_engagement(engagement: Engagement, by: User) -> None:
    if not (is_signed_in(by) and engagement.partner_id == by.pk):
        raise PermissionDenied(_("Only the partner may confirm or decline their engagement."))


@transaction.atomic
def engagement_confirm(*, engagement: Engagement, by: User) -> Engagement:
    _require_own_engagement(engagement, by)
    engagement.status = Engagement.Status.CONFIRMED
    engagement.confirmed_at = timezone.now()
    engagement.save(update_fields=["status", "confirmed_at", "updated_at"])
    return engagement


@transaction.atomic
def engagement_decline(*, engagement: Engagement, by: User) -> Engagement:
    """The partner says the engagement is not theirs or not right: it stops counting."""
    _require_own_engagement(engagement, by)
    engagement.status = Engagement.Status.DECLINED
    engagement.confirmed_at = None
    engagement.save(update_fields=["status", "confirmed_at", "updated_at"])
    return engagement


# --- Calls for partners --------------------------------------------------------------------------

CALL_FIELDS = [
    "title",
    "description",
    "partner_types",
    "languages",
    "sphere",
    "level",
    "governance_level",
    "compensation",
    "places",
    "deadline",
]


def _check_deadline(call: Call, *, was=None) -> None:
    if call.deadline and call.deadline < timezone.localdate() and call.deadline != was:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


@transaction.atomic
def call_create(
    *,
    by: User,
    target,
    title: str,
    description: str,
    sphere: str,
    level: str,
    governance_level: str,
    deadline: datetime.date,
    places: int = 1,
    partner_types: list[str] = (),
    languages: list[str] = (),
    compensation: str = Compensation.VOLUNTEER,
    themes: Iterable[Theme] = (),
    territories: Iterable[Territory] = (),
) -> Call:
    """An organizer opens a call for partners on what they organize."""
    _require_organizer(by, target)
    call = Call(
        **{Target.field_for(target): target},
        title=title.strip(),
        description=description.strip(),
        sphere=sphere,
        level=level,
        governance_level=governance_level,
        deadline=deadline,
        places=places,
        partner_types=list(partner_types),
        languages=list(languages),
        compensation=compensation,
        created_by=by,
    )
    call.full_clean()
    _check_deadline(call)
    call.save()
    call.themes.set(list(themes))
    call.territories.set(list(territories))
    return call


@transaction.atomic
def call_update(*, call: Call, by: User, themes=None, territories=None, **values) -> Call:
    _require_organizer(by, call.target)
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise ValidationError({field: _("This field cannot be changed.") for field in sorted(unknown)})
    was = call.deadline
    for field, value in values.items():
        setattr(call, field, value.strip() if field in ("title", "description") else value)
    call.full_clean()
    _check_deadline(call, was=was)
    call.save()
    if themes is not None:
        call.themes.set(list(themes))
    if territories is not None:
        call.territories.set(list(territories))
    return call


@transaction.atomic
def call_close(*, call: Call, by: User) -> Call:
    """Close a call before its deadline: no more applications; pending ones can still be answered."""
    _require_organizer(by, call.target)
    call.status = Call.Status.CLOSED
    call.save(update_fields=["status", "updated_at"])
    return call


def call_invite(*, call: Call, by: User, partner: User) -> None:
    """Invite a suggested partner to apply. Only people who consented to be contacted for calls."""
    _require_organizer(by, call.target)
    if not call.is_open:
        raise ApplicationError(_("This call is closed."))
    if not consent_in_force(user=partner, purpose=Purpose.CONTACT) or not partner.is_active:
        raise ApplicationError(_("This person has not agreed to be contacted for calls."))
    if Application.objects.filter(call=call, applicant=partner).exists():
        raise ApplicationError(_("This person has already applied."))
    notification_send(
        recipients=[partner],
        kind=Notification.Kind.CALL_INVITATION,
        actor=by,
        target=call.title,
        url=call.get_absolute_url(),
    )


@transaction.atomic
def application_create(*, call: Call, applicant: User, message: str) -> Application:
    """A partner applies to an open call with a message; the organizers are notified."""
    if not is_signed_in(applicant):
        raise PermissionDenied
    if not PartnerProfile.objects.filter(user=applicant).exists():
        raise ApplicationError(_("Create your partner profile before applying: the organizers will read it."))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_open:
        raise ApplicationError(_("This call is closed: its deadline has passed or its organizers closed it."))
    if Application.objects.filter(call=call, applicant=applicant).exists():
        raise ApplicationError(_("You have already applied to this call."))
    application = Application(call=call, applicant=applicant, message=message.strip())
    application.full_clean(exclude=["engagement"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ApplicationError(_("You have already applied to this call.")) from None
    notification_send(
        recipients=_organizers(call.target),
        kind=Notification.Kind.APPLICATION_RECEIVED,
        actor=applicant,
        target=call.title,
        url=reverse("partnerships:call-applications", kwargs={"pk": call.pk}),
    )
    return application


def _require_pending(application: Application) -> None:
    if application.status != Application.Status.PENDING:
        raise ApplicationError(_("This application has already been answered."))


@transaction.atomic
def application_accept(*, application: Application, by: User, started_on: datetime.date | None = None) -> Engagement:
    """Accept an application: the engagement is created, at the call's level and sphere, and
    confirmed (the partner asked for it by applying)."""
    call = application.call
    _require_organizer(by, call.target)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_pending(application)
    _require_partner(application.applicant)
    engagement = Engagement(
        partner=application.applicant,
        **{Target.field_for(call.target): call.target},
        level=call.level,
        sphere=call.sphere,
        governance_level=call.governance_level,
        compensation=call.compensation,
        started_on=started_on or timezone.localdate(),
        status=Engagement.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        recorded_by=by,
    )
    engagement.full_clean()
    engagement.save()
    application.status = Application.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.engagement = engagement
    application.save(update_fields=["status", "decided_at", "engagement"])
    notification_send(
        recipients=[application.applicant],
        kind=Notification.Kind.APPLICATION_ACCEPTED,
        actor=by,
        target=call.title,
        url=engagement.get_absolute_url(),
    )
    return engagement


@transaction.atomic
def application_decline(*, application: Application, by: User) -> Application:
    _require_organizer(by, application.call.target)
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_pending(application)
    application.status = Application.Status.DECLINED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    notification_send(
        recipients=[application.applicant],
        kind=Notification.Kind.APPLICATION_DECLINED,
        actor=by,
        target=application.call.title,
        url=application.call.get_absolute_url(),
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    if not (is_signed_in(by) and application.applicant_id == by.pk):
        raise PermissionDenied(_("Only the applicant may withdraw their application."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_pending(application)
    application.status = Application.Status.WITHDRAWN
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return application
