"""Initiatives that organizers run in their communities, and what they learn from them."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.models import (
    BilingualName,
    Organization,
    Territorial,
    TerritorialQuerySet,
    Territory,
    Theme,
    is_signed_in,
)

SUMMARY_MAX_LENGTH = 500
DESCRIPTION_MAX_BYTES = 50 * 1024


class PriorityPopulation(BilingualName):
    """A group an initiative reaches out to first (aînés vivant seuls, jeunes de 12 à 25 ans…)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("priority population")
        verbose_name_plural = _("priority populations")
        ordering = ["name_fr"]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Signed-in members")
    TEAM = "team", _("Initiative team only")


class InitiativeQuerySet(TerritorialQuerySet):
    def visible_to(self, user) -> "InitiativeQuerySet":
        """What ``user`` may read: public items, members' items once signed in, their teams' items."""
        if is_signed_in(user) and user.is_staff:
            return self
        if not is_signed_in(user):
            return self.filter(visibility=Visibility.PUBLIC)
        on_team = Initiative.team.through.objects.filter(initiative=OuterRef("pk"), user=user)
        return self.filter(Q(visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS]) | Exists(on_team))

    def editable_by(self, user) -> "InitiativeQuerySet":
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(team=user)


class InitiativeKind(models.TextChoices):
    PILOT = "pilot", _("Pilot project")
    COMMUNITY = "community", _("Community initiative")
    LIVING_LAB = "living_lab", _("Living lab")
    PROGRAM = "program", _("Program")


class Phase(models.TextChoices):
    IDEA = "idea", _("Idea")
    STARTUP = "startup", _("Start-up")
    EXPERIMENTATION = "experimentation", _("Experimentation")
    EVALUATION = "evaluation", _("Evaluation")
    SCALING = "scaling", _("Scaling out")
    COMPLETED = "completed", _("Completed")


class ActionType(models.TextChoices):
    PREVENTION = "prevention", _("Direct prevention")
    DETERMINANTS = "determinants", _("Social and environmental determinants")


class Initiative(Territorial, models.Model):
    Kind = InitiativeKind

    Phase = Phase

    ActionType = ActionType

    # Path segments that follow "initiatives/" in either language: never an initiative's slug.
    RESERVED_SLUGS = frozenset({"new", "nouvelle"})

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary in plain language"),
        max_length=SUMMARY_MAX_LENGTH,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
        help_text=_("What the initiative does, for whom, in words everyone understands (at most 500 characters)."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, *italics*, lists, [links](https://…).")
    )
    # The description rendered to HTML and sanitized when saved; sanitized again when shown.
    description_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.IDEA)
    action_type = models.CharField(_("type of action"), max_length=20, choices=ActionType.choices, blank=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="led_initiatives",
        null=True,
        blank=True,
    )
    territories = models.ManyToManyField(Territory, verbose_name=_("territories"), related_name="initiatives")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="initiatives", blank=True)
    populations = models.ManyToManyField(
        PriorityPopulation, verbose_name=_("priority populations"), related_name="initiatives", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="initiative_teams", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Incremented by every update: a form submitted from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Filled by a database trigger on PostgreSQL (see the migrations); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "description_html", "updated_at"])

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="initiative_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(condition=Q(kind__in=InitiativeKind.values), name="initiative_kind_valid"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="initiative_phase_valid"),
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="initiative_visibility_valid"),
        ]
        indexes = [models.Index(fields=["visibility", "-updated_at"], name="initiative_listing")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        # The same rule as the check constraint, reported on the field people must correct.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def can_change(self, user) -> bool:
        if not is_signed_in(user):
            return False
        return user.is_staff or self.has_on_team(user)

    def has_on_team(self, user) -> bool:
        # Through all(): the selectors prefetch the team, so a page asks no extra query.
        return any(member.pk == user.pk for member in self.team.all())


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead (porteur)")
    INTERVENTION = "intervention", _("Intervention partner")
    ADVISORY = "advisory", _("Advisory expertise")
    SCIENTIFIC = "scientific", _("Scientific collaboration")
    FUNDER = "funder", _("Funder")


class InitiativePartner(models.Model):
    """An organization taking part in an initiative, in a given role."""

    Role = PartnerRole

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="initiative_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organization", "role"],
                name="initiative_partner_role_once",
                violation_error_message=_("This organization already has this role in the initiative."),
            ),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="initiative_partner_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class PhaseChange(models.Model):
    """A dated step in an initiative's life: it entered ``phase`` on ``changed_on``."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Initiative.Phase.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["changed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} ({self.changed_on:%Y-%m-%d})"


class LearningQuerySet(models.QuerySet["Learning"]):
    def published(self) -> "LearningQuerySet":
        return self.filter(status=Learning.Status.PUBLISHED)

    def visible_to(self, user) -> "LearningQuerySet":
        """Published learnings of initiatives ``user`` may read (or of no initiative), and the
        drafts ``user`` wrote or whose initiative team they are on."""
        if is_signed_in(user) and user.is_staff:
            return self
        published = Q(status=LearningStatus.PUBLISHED)
        if not is_signed_in(user):
            return self.filter(published & (Q(initiative__isnull=True) | Q(initiative__visibility=Visibility.PUBLIC)))
        # A team sees all its initiatives' learnings, drafts included; that covers the published
        # learnings of team-only initiatives too, so no nested visibility check is needed.
        on_team = Initiative.team.through.objects.filter(initiative=OuterRef("initiative_id"), user=user)
        readable = Q(initiative__isnull=True) | Q(initiative__visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
        return self.filter((published & readable) | Q(author=user) | Exists(on_team))

    def in_territory(self, territory: Territory) -> "LearningQuerySet":
        return self.filter(territory__in=Territory.objects.within(territory))


class LearningKind(models.TextChoices):
    SUCCESS_CONDITION = "success_condition", _("Condition for success")
    OBSTACLE = "obstacle", _("Obstacle")
    ADAPTATION = "adaptation", _("Adaptation")
    UNEXPECTED_EFFECT = "unexpected_effect", _("Unexpected effect")
    OPEN_QUESTION = "open_question", _("Open question")


class KnowledgeType(models.TextChoices):
    EXPERIENTIAL = "experiential", _("Experiential")
    PRACTICAL = "practical", _("Practical")
    SCIENTIFIC = "scientific", _("Scientific")


class LearningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Licence(models.TextChoices):
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0")
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")


class Learning(models.Model):
    """Something learned in the field (an apprentissage), written to be reused elsewhere."""

    Kind = LearningKind

    KnowledgeType = KnowledgeType

    Status = LearningStatus

    Licence = Licence

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="learnings",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("what was learned"), max_length=5000)
    kind = models.CharField(_("kind of learning"), max_length=20, choices=Kind.choices)
    knowledge_type = models.CharField(_("type of knowledge"), max_length=20, choices=KnowledgeType.choices)
    transfer_conditions = models.TextField(
        _("conditions for transfer elsewhere"),
        max_length=3000,
        blank=True,
        help_text=_("What another community would need for this to work there too."),
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="learnings", blank=True)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="learnings",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="learnings", editable=False
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_NC)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    objects = LearningQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning")
        verbose_name_plural = _("learnings")
        ordering = [models.F("published_at").desc(nulls_first=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="learning_published_has_date",
            ),
            models.CheckConstraint(condition=Q(kind__in=LearningKind.values), name="learning_kind_valid"),
            models.CheckConstraint(
                condition=Q(knowledge_type__in=KnowledgeType.values), name="learning_knowledge_type_valid"
            ),
            models.CheckConstraint(condition=Q(status__in=LearningStatus.values), name="learning_status_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="learning_feed"),
            # The feed's order: lets a permission-scoped page read the newest rows and stop.
            models.Index(fields=["-published_at", "-id"], name="learning_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:learning-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def can_change(self, user) -> bool:
        if not is_signed_in(user):
            return False
        if user.is_staff or (self.author_id and self.author_id == user.pk):
            return True
        return self.initiative is not None and self.initiative.has_on_team(user)
