"""Health partners: their private profile, consents per purpose, self-declared diversity answers
(kept apart), engagements by level and sphere, and calls for partners with applications.

Nothing here is public. A profile is read by its owner and by the organizers of what its owner
takes part in; diversity answers are read by their owner only and otherwise used in aggregates
where groups under ``SMALL_COUNT_THRESHOLD`` are shown as "< 5".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from ecosystem.models import (
    Organization,
    Purpose,
    Territorial,
    TerritorialQuerySet,
    Territory,
    Theme,
    is_signed_in,
    with_consent,
)
from initiatives.models import Initiative

# --- Vocabularies ----------------------------------------------------------------------------


class PartnerType(models.TextChoices):
    PATIENT = "patient", _("Patient")
    SERVICE_USER = "usager", _("Service user")
    CAREGIVER = "proche_aidant", _("Caregiver")
    CITIZEN = "citoyen", _("Citizen")
    PEER_HELPER = "pair_aidant", _("Peer helper")
    YOUTH = "jeune", _("Young person")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    MANDARIN = "zh", _("Mandarin")
    PORTUGUESE = "pt", _("Portuguese")
    VIETNAMESE = "vi", _("Vietnamese")
    INUKTITUT = "iu", _("Inuktitut")
    CREE = "cr", _("Cree")
    INNU = "innu", _("Innu-aimun")
    ATIKAMEKW = "atj", _("Atikamekw")
    SIGN_LSQ = "lsq", _("Quebec Sign Language (LSQ)")
    SIGN_ASL = "asl", _("American Sign Language (ASL)")


class ContactChannel(models.TextChoices):
    PLATFORM = "platform", _("Notification on the platform")
    EMAIL = "email", _("E-mail, through the platform")
    PHONE = "phone", _("Phone call, after a first message")
    IN_PERSON = "in_person", _("In person, through an organization I know")


class Level(models.TextChoices):
    """How much say a partner has, from being informed to leading together (ordered)."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    COLLABORATION = "collaboration", _("Collaboration")
    CO_CONSTRUCTION = "co_construction", _("Co-construction")
    CO_LEADERSHIP = "co_leadership", _("Co-leadership")

    @classmethod
    def at_least(cls, level: str) -> list[str]:
        """``level`` and every level above it."""
        return cls.values[cls.values.index(level) :]


class Sphere(models.TextChoices):
    GOVERNANCE = "governance", _("Governance")
    CARE = "care", _("Care and services")
    COMMUNITIES = "communities", _("Communities")
    RESEARCH = "research", _("Research")
    TEACHING = "teaching", _("Teaching")


class GovernanceLevel(models.TextChoices):
    TEAM = "team", _("Team")
    ESTABLISHMENT = "establishment", _("Establishment")
    TERRITORIAL = "territorial", _("Territorial")
    REGIONAL = "regional", _("Regional")
    PROVINCIAL = "provincial", _("Provincial")


class Compensation(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    COMPENSATED = "compensated", _("Compensated")


@deconstructible
class ChoiceListValidator:
    """Validates a JSON list of values taken from ``choices``, each at most once."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value) -> None:
        if not isinstance(value, list) or any(item not in self.choices.values for item in value):
            raise ValidationError(_("Choose among the values offered."), code="invalid_choice")
        if len(set(value)) != len(value):
            raise ValidationError(_("Each value may be chosen only once."), code="duplicate")

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and other.choices is self.choices


def holds_any(field: str, values) -> Q:
    """Rows whose JSON list ``field`` holds one of ``values``. The list's text holds each code
    quoted, so the same lookup works on SQLite (which has no JSON ``contains``) and PostgreSQL;
    the codes are a closed vocabulary of distinct words, none a quoted part of another."""
    condition = Q()
    for value in values:
        condition |= Q(**{f"{field}__icontains": f'"{value}"'})
    return condition


def labels_of(choices: type[models.TextChoices], values: list[str]) -> list[str]:
    """The labels of ``values``, in the vocabulary's order, for pages."""
    return [label for value, label in choices.choices if value in values]


class SoughtLabels:
    """For models with ``partner_types`` and ``languages`` lists (profiles, calls)."""

    @property
    def partner_type_labels(self) -> list[str]:
        return labels_of(PartnerType, self.partner_types)

    @property
    def language_labels(self) -> list[str]:
        return labels_of(Language, self.languages)


validate_partner_types = ChoiceListValidator(PartnerType)
validate_languages = ChoiceListValidator(Language)
validate_contact_channels = ChoiceListValidator(ContactChannel)


# --- Profile -----------------------------------------------------------------------------------


class PartnerProfileQuerySet(models.QuerySet["PartnerProfile"]):
    def active(self) -> "PartnerProfileQuerySet":
        return self.filter(user__is_active=True)

    def consenting_to(self, purpose: str) -> "PartnerProfileQuerySet":
        return self.filter(with_consent(purpose))

    def readable_by(self, user) -> "PartnerProfileQuerySet":
        """Profiles ``user`` may read: their own, those of people engaged in or applying to what
        ``user`` organizes, and (with the person's consent) those listed in the directory."""
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        organized = Q(user__engagements__in=Engagement.objects.organized_by(user)) | Q(
            user__applications__call__in=Call.objects.organized_by(user)
        )
        listed = with_consent(Purpose.DIRECTORY)
        ids = self.filter(Q(user=user) | organized | listed).values("pk")
        return self.filter(pk__in=ids)


class PartnerProfile(SoughtLabels, models.Model):
    """What a health partner tells the platform about themself. Private by default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="partner_profile"
    )
    partner_types = models.JSONField(
        _("partner types"),
        default=list,
        validators=[validate_partner_types],
        help_text=_("What brings you here: you may be several of them."),
    )
    region = models.ForeignKey(
        Territory,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.RSS},
    )
    languages = models.JSONField(_("languages"), default=list, validators=[validate_languages])
    contact_channels = models.JSONField(
        _("preferred ways to be reached"), default=list, blank=True, validators=[validate_contact_channels]
    )
    availability_hours = models.PositiveSmallIntegerField(
        _("availability (hours a month)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(200)],
        help_text=_("About how many hours a month you can give. Leave empty if you do not know."),
    )
    training = models.TextField(
        _("training received"),
        max_length=1000,
        blank=True,
        help_text=_("For example a partnership training, with who gave it and when."),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    # Lived experience: sensitive (health), kept only with its own consent.
    experience_themes = models.ManyToManyField(
        Theme, verbose_name=_("experiential domains"), related_name="+", blank=True
    )
    experience_words = models.CharField(
        _("lived experience in your words"),
        max_length=300,
        blank=True,
        help_text=_("A few words, for example: COPD, caregiver for my spouse, mental health."),
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = PartnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")
        ordering = ["user__display_name", "id"]

    def __str__(self) -> str:
        return self.user.display_name

    @property
    def contact_channel_labels(self) -> list[str]:
        return labels_of(ContactChannel, self.contact_channels)

    def clean(self) -> None:
        if not self.partner_types:
            raise ValidationError({"partner_types": _("Choose at least one partner type.")})
        if not self.languages:
            raise ValidationError({"languages": _("Choose at least one language.")})
        if self.region_id and self.region.kind != Territory.Kind.RSS:
            raise ValidationError({"region": _("Choose one of the 18 health and social services regions.")})


# --- Diversity ---------------------------------------------------------------------------------

DECLINED = "declined"


class AgeBand(models.TextChoices):
    A14_17 = "14_17", _("14 to 17")
    A18_24 = "18_24", _("18 to 24")
    A25_34 = "25_34", _("25 to 34")
    A35_44 = "35_44", _("35 to 44")
    A45_54 = "45_54", _("45 to 54")
    A55_64 = "55_64", _("55 to 64")
    A65_74 = "65_74", _("65 to 74")
    A75 = "75_plus", _("75 or older")
    DECLINED = DECLINED, _("Prefer not to answer")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary person")
    OTHER = "other", _("Another identity")
    DECLINED = DECLINED, _("Prefer not to answer")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = DECLINED, _("Prefer not to answer")


class IncomeBand(models.TextChoices):
    LOW = "low", _("Less than $30,000 a year")
    MIDDLE = "middle", _("$30,000 to $69,999 a year")
    HIGH = "high", _("$70,000 a year or more")
    DECLINED = DECLINED, _("Prefer not to answer")


class Setting(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")
    DECLINED = DECLINED, _("Prefer not to answer")


class DiversityAnswers(models.Model):
    """Self-declared diversity answers, optional, stored apart from the profile and written only
    while the person's diversity consent is in force. Never shown individually to anyone but
    the person; used in aggregates where groups under 5 are shown as "< 5".

    An empty answer means "not answered"; "declined" means "prefer not to answer"."""

    # (field, choices, label): the order of the questions on the form, the export and aggregates.
    QUESTIONS = [
        ("age_band", AgeBand, _("Age group")),
        ("gender", Gender, _("Gender")),
        ("indigenous", YesNo, _("Are you a First Nations, Inuit or Métis person?")),
        ("racialized", YesNo, _("Are you a racialized person?")),
        ("disability", YesNo, _("Do you live with a disability?")),
        ("newcomer", YesNo, _("Did you arrive in Canada in the last five years?")),
        ("income_band", IncomeBand, _("Household income")),
        ("simplified_material", YesNo, _("Do you prefer simplified material (plain language, pictures)?")),
        ("setting", Setting, _("Do you live in a rural or urban area?")),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="diversity_answers"
    )
    age_band = models.CharField(_("age group"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    indigenous = models.CharField(_("Indigenous person"), max_length=10, choices=YesNo.choices, blank=True)
    racialized = models.CharField(_("racialized person"), max_length=10, choices=YesNo.choices, blank=True)
    disability = models.CharField(_("person with a disability"), max_length=10, choices=YesNo.choices, blank=True)
    newcomer = models.CharField(_("newcomer"), max_length=10, choices=YesNo.choices, blank=True)
    income_band = models.CharField(_("household income"), max_length=10, choices=IncomeBand.choices, blank=True)
    simplified_material = models.CharField(
        _("prefers simplified material"), max_length=10, choices=YesNo.choices, blank=True
    )
    setting = models.CharField(_("rural or urban"), max_length=10, choices=Setting.choices, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("diversity answers")
        verbose_name_plural = _("diversity answers")

    def __str__(self) -> str:
        return str(_("Diversity answers"))


# --- Governance bodies -------------------------------------------------------------------------


class GovernanceBodyQuerySet(models.QuerySet["GovernanceBody"]):
    def organized_by(self, user) -> "GovernanceBodyQuerySet":
        if not is_signed_in(user):
            return self.none()
        return self if user.is_staff else self.filter(organizers=user)


class GovernanceBody(models.Model):
    """A committee or board where partners sit (users' committee, board of directors, steering
    committee). Set up by staff; its organizers record the engagements of its partners."""

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="governance_bodies"
    )
    governance_level = models.CharField(_("governance level"), max_length=15, choices=GovernanceLevel.choices)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="governance_bodies"
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), related_name="organized_bodies", blank=True
    )

    objects = GovernanceBodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


# --- What partners take part in ----------------------------------------------------------------


def _organized_q(user, prefix: str = "") -> Q:
    """What ``user`` organizes: initiatives on whose team they are, spaces they co-facilitate,
    bodies they organize (as a filter on rows with ``initiative``/``community``/``governance_body``)."""
    from communities.models import Membership

    facilitated = Membership.objects.active().co_facilitators().filter(user=user).values("community_id")
    return (
        Q(**{f"{prefix}initiative__team": user})
        | Q(**{f"{prefix}community__in": facilitated})
        | Q(**{f"{prefix}governance_body__organizers": user})
    )


class TargetQuerySet(models.QuerySet):
    """For rows about one initiative, space or governance body (engagements, calls)."""

    def organized_by(self, user):
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(pk__in=self.filter(_organized_q(user)).values("pk"))


class Target(models.Model):
    """What a partner takes part in: exactly one initiative, co-learning space or governance body.

    Indicator co-construction joins the list with the indicators app, which comes after this one."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("co-learning space"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    governance_body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("governance body"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    @classmethod
    def one_target_constraint(cls, name: str) -> models.CheckConstraint:
        initiative, community, body = (Q(**{f"{field}__isnull": False}) for field in cls.TARGET_FIELDS)
        return models.CheckConstraint(
            condition=(initiative & ~community & ~body)
            | (~initiative & community & ~body)
            | (~initiative & ~community & body),
            name=name,
        )

    TARGET_FIELDS = ("initiative", "community", "governance_body")

    @staticmethod
    def field_for(target) -> str:
        """The field that holds ``target``: "initiative", "community" or "governance_body"."""
        for model, field in ((Initiative, "initiative"), (Community, "community"), (GovernanceBody, "governance_body")):
            if isinstance(target, model):
                return field
        raise ValidationError(_("Choose one initiative, co-learning space or governance body."))

    @property
    def target(self):
        return self.initiative or self.community or self.governance_body

    @property
    def target_kind(self) -> str:
        return next(field for field in self.TARGET_FIELDS if getattr(self, f"{field}_id"))

    def clean(self) -> None:
        if sum(1 for field in self.TARGET_FIELDS if getattr(self, f"{field}_id")) != 1:
            raise ValidationError(_("Choose one initiative, co-learning space or governance body."))


class EngagementStatus(models.TextChoices):
    PROPOSED = "proposed", _("To be confirmed by the partner")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined by the partner")


class EngagementQuerySet(TargetQuerySet):
    def counted(self) -> "EngagementQuerySet":
        """Engagements that count in figures: not declined by the partner."""
        return self.exclude(status=EngagementStatus.DECLINED)

    def active(self, on=None) -> "EngagementQuerySet":
        on = on or timezone.localdate()
        return self.counted().filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)

    def of_partner(self, user) -> "EngagementQuerySet":
        return self.filter(partner=user)

    def visible_to(self, user) -> "EngagementQuerySet":
        """A partner's own engagements and those on what ``user`` organizes."""
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(pk__in=self.filter(Q(partner=user) | _organized_q(user)).values("pk"))


class Engagement(Target):
    """A partner taking part in an initiative, a space or a governance body, at a level and in a
    sphere. Recorded by an organizer, confirmed by the partner. If the partner deletes their
    account, the engagement stays without them so that partnership figures do not change."""

    Level = Level
    Sphere = Sphere
    GovernanceLevel = GovernanceLevel
    Compensation = Compensation
    Status = EngagementStatus

    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="engagements",
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    sphere = models.CharField(_("sphere"), max_length=15, choices=Sphere.choices)
    governance_level = models.CharField(_("governance level"), max_length=15, choices=GovernanceLevel.choices)
    from_start = models.BooleanField(
        _("involved from the start"),
        default=False,
        help_text=_("The partner took part from the design of the project, not only once it was under way."),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours given"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    compensation = models.CharField(
        _("volunteer or compensated"), max_length=12, choices=Compensation.choices, default=Compensation.VOLUNTEER
    )
    outcome = models.TextField(
        _("what changed thanks to the partner"),
        max_length=2000,
        blank=True,
        help_text=_("What the partner's knowledge changed in the project: a decision, a practice, a tool."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-started_on", "-id"]
        constraints = [
            Target.one_target_constraint("engagement_one_target"),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="engagement_level_valid"),
            models.CheckConstraint(condition=Q(sphere__in=Sphere.values), name="engagement_sphere_valid"),
            models.CheckConstraint(
                condition=Q(governance_level__in=GovernanceLevel.values), name="engagement_governance_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="engagement_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["partner", "status"], name="engagement_partner")]

    def __str__(self) -> str:
        return f"{self.partner} – {self.target} ({self.get_level_display()})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:engagement-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallQuerySet(TargetQuerySet, TerritorialQuerySet):
    def open(self, on=None) -> "CallQuerySet":
        on = on or timezone.localdate()
        return self.filter(status=CallStatus.OPEN, deadline__gte=on)

    def visible_to(self, user) -> "CallQuerySet":
        """Calls anyone may read: those on initiatives and spaces the reader may see (and every
        governance body's); organizers see their own calls whatever their state."""
        readable_initiatives = Initiative.objects.visible_to(user).values("pk")
        listed = Q(initiative__in=readable_initiatives) | Q(community__isnull=False) | Q(governance_body__isnull=False)
        if is_signed_in(user) and not user.is_staff:
            return self.filter(pk__in=self.filter(listed | _organized_q(user)).values("pk"))
        return self if is_signed_in(user) else self.filter(listed)


class Call(SoughtLabels, Target, Territorial):
    """A call for partners on an initiative, a space or a governance body, with the profile sought."""

    Status = CallStatus

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("what the partners will do"),
        max_length=5000,
        help_text=_("The role, the time it takes, where and when, and what support is offered."),
    )
    partner_types = models.JSONField(
        _("partner types sought"), default=list, blank=True, validators=[validate_partner_types]
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("experiential domains sought"), related_name="+", blank=True)
    territories = models.ManyToManyField(Territory, verbose_name=_("territories"), related_name="+", blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])
    sphere = models.CharField(_("sphere"), max_length=15, choices=Sphere.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    governance_level = models.CharField(_("governance level"), max_length=15, choices=GovernanceLevel.choices)
    compensation = models.CharField(
        _("volunteer or compensated"), max_length=12, choices=Compensation.choices, default=Compensation.VOLUNTEER
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    deadline = models.DateField(_("apply by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for partners")
        verbose_name_plural = _("calls for partners")
        ordering = ["deadline", "id"]
        constraints = [
            Target.one_target_constraint("call_one_target"),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="call_level_valid"),
            models.CheckConstraint(condition=Q(sphere__in=Sphere.values), name="call_sphere_valid"),
            models.CheckConstraint(condition=Q(status__in=CallStatus.values), name="call_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="call_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:call-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.OPEN and self.deadline >= timezone.localdate()


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not retained")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(models.Model):
    """A partner answering a call, with a message. Accepting it creates the engagement."""

    Status = ApplicationStatus

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.CASCADE, related_name="applications"
    )
    message = models.TextField(
        _("message"),
        max_length=2000,
        help_text=_("Why this call interests you and what you would bring. Say only what you want to share."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    engagement = models.OneToOneField(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "applicant"], name="application_once_per_call"),
            models.CheckConstraint(condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.call}"
