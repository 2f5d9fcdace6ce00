"""The learning loop: watch signals from the field, dated synthesis snapshots, and the decisions
that record what the syntheses, learnings, signals and indicators changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from ecosystem.models import Organization, Territory, Theme, is_signed_in
from indicators.models import GovernanceLevel, Granularity, Indicator, Period
from initiatives.models import Initiative, Learning

# --- Strategic watch ---------------------------------------------------------------------------


class SignalKind(models.TextChoices):
    NEED = "need", _("Need")
    ISSUE = "issue", _("Issue")
    PRACTICE = "practice", _("Innovative practice")
    COLLABORATION = "collaboration", _("Collaboration opportunity")


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("Under review")
    HANDLED = "handled", _("Handled")
    LINKED = "linked", _("Linked to an initiative or a space")


class SignalQuerySet(models.QuerySet["Signal"]):
    def reviewed(self) -> "SignalQuerySet":
        """Signals a co-facilitator or staff member has looked at: the public ones (free text is
        never published before someone reads it)."""
        return self.exclude(status=SignalStatus.NEW)

    def open(self) -> "SignalQuerySet":
        return self.filter(status__in=[SignalStatus.NEW, SignalStatus.IN_REVIEW])

    def visible_to(self, user) -> "SignalQuerySet":
        """Reviewed signals for everyone; a person's own signals; every signal for those who triage."""
        if not is_signed_in(user):
            return self.reviewed()
        if can_triage(user):
            return self
        return self.filter(~Q(status=SignalStatus.NEW) | Q(submitted_by=user))


def can_triage(user) -> bool:
    """Staff and the co-facilitators of a co-learning space triage signals."""
    if not is_signed_in(user):
        return False
    # Kept on the user object, as Django keeps permissions: a page asks several times.
    if not hasattr(user, "_can_triage"):
        user._can_triage = user.is_staff or Community.objects.facilitated_by(user).exists()
    return user._can_triage


class Signal(models.Model):
    """Something noticed in the field (veille stratégique): a need, an issue, an innovative
    practice or an opportunity to work together, in a territory."""

    Kind = SignalKind
    Status = SignalStatus

    kind = models.CharField(_("kind of signal"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="signals"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="signals", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
    )
    created_at = models.DateTimeField(_("posted on"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("linked initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("linked co-learning space"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals",
    )
    triage_note = models.TextField(_("triage note"), max_length=2000, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(_("triaged on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("watch signal")
        verbose_name_plural = _("watch signals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SignalKind.values), name="signal_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SignalStatus.values), name="signal_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=SignalStatus.LINKED) | Q(initiative__isnull=False) | Q(community__isnull=False),
                name="signal_linked_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- Syntheses ---------------------------------------------------------------------------------


FIRST_YEAR = 2000  # syntheses cover this year to the current one


class LearningWord(models.Model):
    """A word of the title of an obstacle or a condition of success, written when the learning
    is saved (``loop.words``), so the synthesis counts recurring words in SQL."""

    learning = models.ForeignKey(Learning, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learning", "word"], name="learning_word_once")]

    def __str__(self) -> str:
        return self.word


class SynthesisGranularity(models.TextChoices):
    YEAR = Granularity.YEAR.value, Granularity.YEAR.label
    QUARTER = Granularity.QUARTER.value, Granularity.QUARTER.label


class RunTrigger(models.TextChoices):
    NIGHTLY = "nightly", _("Nightly")
    IMPORT = "import", _("After an import")
    MANUAL = "manual", _("On demand")
    DEMO = "demo", _("Demo data")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SynthesisRun(models.Model):
    """One computation of the syntheses of whole years (each year with its quarters, so that a
    year and its quarters are suppressed together). Its snapshots replace the previous ones in
    one transaction, when the run is done."""

    Trigger = RunTrigger
    Status = RunStatus

    years = models.JSONField(_("years"), default=list)
    trigger = models.CharField(_("started by"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("requested on"), default=timezone.now)
    started_at = models.DateTimeField(_("started on"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)
    synthesis_count = models.PositiveIntegerField(_("snapshots written"), default=0)
    failure = models.TextField(_("failure"), blank=True)

    class Meta:
        verbose_name = _("synthesis run")
        verbose_name_plural = _("synthesis runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {', '.join(str(year) for year in self.years)}"


class SynthesisQuerySet(models.QuerySet["Synthesis"]):
    def final(self) -> "SynthesisQuerySet":
        """Snapshots of periods that were over when computed: what the public reads."""
        return self.filter(provisional=False)

    def visible_to(self, user) -> "SynthesisQuerySet":
        """Final snapshots for everyone; drafts (periods still running) for decision-makers and staff."""
        if is_signed_in(user) and (user.is_staff or user.has_perm("loop.add_decision")):
            return self
        return self.final()


class Synthesis(Period):
    """A dated snapshot of one territory (Québec or an RSS), one period (a quarter or a year) and
    one theme (or all themes). ``figures`` holds aggregates only, small counts already removed
    (a suppressed count is stored as ``null``); see ``loop/synthesis.py`` for its shape."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="syntheses"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, null=True, blank=True, related_name="syntheses"
    )
    run = models.ForeignKey(SynthesisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="syntheses")
    computed_at = models.DateTimeField(_("calculated on"))
    provisional = models.BooleanField(
        _("draft"), default=False, help_text=_("The period was not over when this snapshot was calculated.")
    )
    figures = models.JSONField(_("figures"), default=dict)

    objects = SynthesisQuerySet.as_manager()

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")
        ordering = ["-period_start", "granularity", "territory__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(granularity__in=SynthesisGranularity.values), name="synthesis_granularity_valid"
            ),
            models.UniqueConstraint(
                fields=["territory", "granularity", "period_start"],
                condition=Q(theme__isnull=True),
                name="synthesis_one_per_cell_all_themes",
            ),
            models.UniqueConstraint(
                fields=["territory", "granularity", "period_start", "theme"],
                condition=Q(theme__isnull=False),
                name="synthesis_one_per_cell",
            ),
        ]
        indexes = [models.Index(fields=["period_start", "granularity"])]

    def __str__(self) -> str:
        return f"{self.territory} {self.period_label}"


# --- Decisions ---------------------------------------------------------------------------------


class DecisionQuerySet(models.QuerySet["Decision"]):
    def taken_during(self, start, end) -> "DecisionQuerySet":
        return self.filter(decided_on__gte=start, decided_on__lte=end)

    def in_territory(self, territory: Territory) -> "DecisionQuerySet":
        """Decisions in ``territory`` or a territory within it (all of them for Québec)."""
        if territory.kind == Territory.Kind.PROVINCE:
            return self
        return self.filter(territory__in=Territory.objects.within(territory))


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    ADAPTATION = "adaptation", _("Adaptation")


class Decision(models.Model):
    """A decision or an adaptation of a policy, program or practice, with what informed it.
    Decisions are public: they are how the field sees what its learnings changed."""

    Kind = DecisionKind
    Level = GovernanceLevel

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DECISION)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    level = models.CharField(_("governance level"), max_length=20, choices=Level.choices)
    decided_on = models.DateField(_("date of the decision"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="decisions"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="decisions"
    )
    learnings = models.ManyToManyField(
        Learning, verbose_name=_("learnings"), related_name="informed_decisions", blank=True
    )
    signals = models.ManyToManyField(Signal, verbose_name=_("watch signals"), related_name="decisions", blank=True)
    syntheses = models.ManyToManyField(Synthesis, verbose_name=_("syntheses"), related_name="decisions", blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), related_name="decisions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    created_at = models.DateTimeField(_("recorded on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DecisionKind.values), name="decision_kind_valid"),
            models.CheckConstraint(condition=Q(level__in=GovernanceLevel.values), name="decision_level_valid"),
        ]

    def __str__(self) -> str:
        return self.title


def can_record_decisions(user) -> bool:
    """Decision-makers are named by staff (the "decision-makers" group in the administration)."""
    return is_signed_in(user) and user.has_perm("loop.add_decision")
