"""Co-built indicators: definitions in versions, their co-construction record, equity strata,
measurements imported in batches, and targets per governance level.

An indicator's definition lives in its versions. A version that someone endorsed or that was
adopted is frozen: changing it creates the next version. Measurements belong to a version and
are public once that version has been adopted; a count (or a rate's numerator) from 1 to
``SMALL_COUNT_THRESHOLD`` - 1 is stored with ``suppressed`` set, and so is the cell that would
reveal it from its stratum's other cells (complementary suppression).
"""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecosystem.models import BilingualName, Organization, Territory, Theme, is_signed_in

# --- Vocabularies ----------------------------------------------------------------------------


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Number")
    RATE_1000 = "rate_1000", _("Rate per 1,000")
    RATE_100000 = "rate_100000", _("Rate per 100,000")
    SCORE = "score", _("Score")
    DAYS = "days", _("Duration in days")

    @classmethod
    def multiplier(cls, unit: str) -> int:
        """What numerator / denominator is multiplied by to give the value."""
        return {cls.PERCENT: 100, cls.RATE_1000: 1000, cls.RATE_100000: 100_000}.get(unit, 1)


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NEITHER = "neither", _("Neither: read in context")


class Family(models.TextChoices):
    PREM = "prem", _("Patient-reported experience (PREM)")
    PROM = "prom", _("Patient-reported outcome (PROM)")
    PARTNERSHIP = "partnership", _("Partnership activity")
    PROCESS = "process", _("Process")
    OUTCOME = "outcome", _("Outcome")
    EQUITY = "equity", _("Equity")
    WORKFORCE = "workforce", _("Care workers' well-being")


class AimDimension(models.TextChoices):
    """The quintuple aim (outside the seeds' text: to be validated with partners)."""

    POPULATION_HEALTH = "population_health", _("Population health")
    EXPERIENCE = "experience", _("Experience of care")
    VALUE = "value", _("Costs and value")
    WORKFORCE = "workforce", _("Care team well-being")
    EQUITY = "equity", _("Health equity")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Every year")
    QUARTERLY = "quarterly", _("Every quarter")
    MONTHLY = "monthly", _("Every month")
    WEEKLY = "weekly", _("Every week")
    DAILY = "daily", _("Every day")
    OCCASIONAL = "occasional", _("Occasionally")


class Granularity(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")
    WEEK = "week", _("Week")
    DAY = "day", _("Day")


class GovernanceLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")
    TEAM = "team", _("Team")


# --- Indicators and their versions -----------------------------------------------------------


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def stewarded_by(self, user) -> "IndicatorQuerySet":
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(stewards=user)


class Indicator(models.Model):
    """What is measured and why, as co-built with partners. The wording is in ``versions``;
    ``current`` is the latest version and ``in_force`` the latest adopted one."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CO_CONSTRUCTION = "co_construction", _("In co-construction")
        ADOPTED = "adopted", _("Adopted")
        RETIRED = "retired", _("Retired")

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]*$", _("Use capital letters, digits and hyphens, for example PREM-RECO.")
            )
        ],
        help_text=_("A short stable identifier used in files and in the API, for example PREM-RECO."),
    )
    family = models.CharField(_("family"), max_length=20, choices=Family.choices)
    aim_dimension = models.CharField(_("quintuple-aim dimension"), max_length=20, choices=AimDimension.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="indicators", blank=True)
    steward_organization = models.ForeignKey(
        Organization,
        verbose_name=_("steward organization"),
        on_delete=models.PROTECT,
        related_name="stewarded_indicators",
        null=True,
        blank=True,
    )
    stewards = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stewards"),
        related_name="stewarded_indicators",
        blank=True,
        help_text=_("The people who maintain the definition and import the measurements."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    current = models.ForeignKey(
        "IndicatorVersion",
        verbose_name=_("current version"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    in_force = models.ForeignKey(
        "IndicatorVersion",
        verbose_name=_("version in force"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name}" if self.current_id else self.code

    def get_absolute_url(self) -> str:
        return reverse("indicators:detail", kwargs={"code": self.code})

    @property
    def name(self) -> str:
        return self.current.name if self.current_id else self.code

    @property
    def values_version(self) -> "IndicatorVersion | None":
        """The version values follow and new measurements belong to: the one in force, or the
        draft before adoption."""
        return self.in_force if self.in_force_id else self.current

    def is_steward(self, user) -> bool:
        if not is_signed_in(user):
            return False
        return user.is_staff or self.stewards.filter(pk=user.pk).exists()


class IndicatorVersion(models.Model):
    """One wording of an indicator's definition and method."""

    DEFINITION_FIELDS = [
        "name",
        "definition",
        "rationale",
        "numerator",
        "denominator",
        "exclusions",
        "unit",
        "direction",
        "data_source",
        "frequency",
        "limitations",
    ]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition in plain language"))
    rationale = models.TextField(_("why it matters to people"))
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    exclusions = models.TextField(_("exclusions"), blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    data_source = models.CharField(_("data source"), max_length=300)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    limitations = models.TextField(_("limitations"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        ordering = ["indicator", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="indicator_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.number}"

    @property
    def is_adopted(self) -> bool:
        return self.adopted_at is not None


# --- Co-construction -------------------------------------------------------------------------


class ContributorRole(models.TextChoices):
    PARTNER = "partner", _("Health partner (patient, caregiver, citizen…)")
    PROFESSIONAL = "professional", _("Professional (care worker, manager, researcher…)")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def endorsements(self) -> "ContributionQuerySet":
        return self.filter(kind=Contribution.Kind.ENDORSEMENT, withdrawn_at__isnull=True)

    def open_proposals(self) -> "ContributionQuerySet":
        return self.filter(kind=Contribution.Kind.PROPOSAL, proposal_status=Contribution.ProposalStatus.OPEN)


class Contribution(models.Model):
    """A comment, a proposed change or an endorsement, with the contributor's role at that time.

    The name is shown only when the contributor ticked ``credited``; otherwise the record says
    "a partner" or "a professional". After an account is deleted the contribution stays,
    without a name."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        PROPOSAL = "proposal", _("Proposed change")
        ENDORSEMENT = "endorsement", _("Endorsement")

    class ProposalStatus(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="contributions")
    version = models.ForeignKey(IndicatorVersion, on_delete=models.CASCADE, related_name="contributions")
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="indicator_contributions",
    )
    role = models.CharField(_("role"), max_length=20, choices=ContributorRole.choices)
    role_detail = models.CharField(
        _("in what capacity"),
        max_length=120,
        blank=True,
        help_text=_("For example: caregiver, home-care nurse, community organizer."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("part of the definition"), max_length=20, blank=True)
    text = models.TextField(_("text"), blank=True)
    credited = models.BooleanField(
        _("show my name on the indicator sheet"),
        default=False,
        help_text=_("Otherwise the sheet only says that a partner or a professional contributed."),
    )
    proposal_status = models.CharField(_("proposal status"), max_length=10, choices=ProposalStatus.choices, blank=True)
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "contributor"],
                condition=Q(kind="endorsement", withdrawn_at__isnull=True),
                name="contribution_one_endorsement_per_version",
            ),
            models.CheckConstraint(
                condition=Q(kind="proposal", proposal_status__in=["open", "accepted", "declined"])
                | (~Q(kind="proposal") & Q(proposal_status="")),
                name="contribution_status_only_for_proposals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.indicator.code} v{self.version.number}"


# --- Strata, measurements, targets -----------------------------------------------------------


class Dimension(models.TextChoices):
    TOTAL = "total", _("Total")
    SEX = "sex", _("Sex")
    AGE = "age", _("Age group")
    DEPRIVATION = "deprivation", _("Deprivation quintile")
    LANGUAGE = "language", _("Language")
    INDIGENOUS = "indigenous", _("Indigenous identity")
    RURALITY = "rurality", _("Rural or urban area")


class Stratum(BilingualName):
    """An equity dimension and one of its categories ("Groupe d'âge: 65-74 ans"), or the total.
    The strata ship in a data migration."""

    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    code = models.SlugField(_("code"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("stratum")
        verbose_name_plural = _("strata")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="stratum_unique_code_per_dimension"),
        ]

    @property
    def is_total(self) -> bool:
        return self.dimension == Dimension.TOTAL


class Period(models.Model):
    """A year, quarter, month, ISO week or day, with its first and last day."""

    granularity = models.CharField(_("period type"), max_length=10, choices=Granularity.choices)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"))

    class Meta:
        abstract = True

    @property
    def period_label(self) -> str:
        from .periods import label

        return label(self.granularity, self.period_start)


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def public(self) -> "MeasurementQuerySet":
        """Values of adopted versions (suppressed cells stay in the set and are shown as "< 5")."""
        return self.filter(version__adopted_at__isnull=False)

    def visible_to(self, user) -> "MeasurementQuerySet":
        """Adopted versions for everyone; a draft's values for its stewards and staff."""
        if is_signed_in(user) and user.is_staff:
            return self
        if is_signed_in(user):
            # A subquery, not a join on the stewards: an indicator with two stewards would
            # otherwise give each of its values twice.
            stewarded = Indicator.objects.filter(stewards=user).values("pk")
            return self.filter(Q(version__adopted_at__isnull=False) | Q(indicator__in=stewarded))
        return self.public()


class Measurement(Period):
    """One value of an indicator for a territory, a period and a stratum."""

    # A measurement is a row of a fact table imported a million at a time: the database does not
    # check these references row by row (that would triple an import's time); importing.load
    # checks them for the whole file at once, in the import's transaction, and the PROTECT rules
    # still apply in Django. The unique constraint's index serves every lookup.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", db_index=False, db_constraint=False
    )
    version = models.ForeignKey(
        IndicatorVersion, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    stratum = models.ForeignKey(
        Stratum, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    ci_low = models.DecimalField(_("confidence interval, low"), max_digits=16, decimal_places=4, null=True, blank=True)
    ci_high = models.DecimalField(
        _("confidence interval, high"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    small = models.BooleanField(_("small count"), default=False, help_text=_("A count from 1 to 4."))
    suppressed = models.BooleanField(_("suppressed"), default=False)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "territory", "granularity", "period_start", "stratum"],
                name="measurement_one_value_per_cell",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="measurement_period"),
            models.CheckConstraint(condition=Q(small=False) | Q(suppressed=True), name="measurement_small_hidden"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.territory_id} {self.period_start} {self.stratum_id}: {self.value}"


class Target(Period):
    """The value a governance level aims at for a territory and a period, and why."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    level = models.CharField(_("governance level"), max_length=20, choices=GovernanceLevel.choices)
    territory = models.ForeignKey(Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    rationale = models.TextField(_("rationale"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "level", "territory__code", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level", "territory", "granularity", "period_start"],
                name="target_one_per_level_territory_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_level_display()} {self.territory.code} {self.period_label}"


# --- Imports ---------------------------------------------------------------------------------


class ImportBatchQuerySet(models.QuerySet["ImportBatch"]):
    def visible_to(self, user) -> "ImportBatchQuerySet":
        """A steward's own imports; staff read them all."""
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(created_by=user)


def _import_path(batch: "ImportBatch", filename: str) -> str:
    return f"indicators/imports/{datetime.date.today():%Y/%m}/{filename}"


class ImportBatch(models.Model):
    """One file of measurements: uploaded, checked (the preview), then written all at once."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VALIDATING = "validating", _("Checking")
        INVALID = "invalid", _("Errors to fix")
        VALID = "valid", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    RUNNING = (Status.UPLOADED, Status.VALIDATING, Status.IMPORTING)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=_import_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    columns = models.JSONField(_("columns of the file"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    cumulative = models.BooleanField(
        _("running totals"),
        default=False,
        help_text=_("The file gives running totals: the count of each period is its difference from the previous one."),
    )
    source = models.CharField(_("source"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    sample = models.JSONField(_("first rows as read"), default=list, blank=True)
    error_report = models.FileField(_("error report"), upload_to=_import_path, max_length=300, blank=True)
    checked = models.FileField(_("checked rows"), upload_to=_import_path, max_length=300, blank=True)
    indicator_codes = models.JSONField(_("indicators"), default=list, blank=True)
    inserted = models.PositiveIntegerField(_("new values"), default=0)
    updated = models.PositiveIntegerField(_("changed values"), default=0)
    failure = models.TextField(_("what went wrong"), blank=True)
    finished_at = models.DateTimeField(_("finished on"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:import-detail", kwargs={"pk": self.pk})

    @property
    def unchanged(self) -> int:
        """Values the file gave that were already there, identical (all of them on a re-import)."""
        if self.status != self.Status.DONE:
            return 0
        return self.row_count - self.inserted - self.updated

    unchanged.fget.short_description = _("unchanged values")

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING
