"""Shared references: people, territories, organizations and themes; consents, the audit
trail of personal information and data exports."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Reference data named in both official interface languages."""

    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = get_language() or "fr"
        return self.name_en if language.startswith("en") and self.name_en else self.name_fr


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. People sign in with their e-mail address.

    Inside the platform people are shown by their display name (a first name is enough),
    never by a professional title.
    """

    class Language(models.TextChoices):
        FRENCH = "fr-ca", _("French")
        ENGLISH = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("How other people see you on the platform, for example your first name."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, default=Language.FRENCH
    )
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can sign in to the administration site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name


def is_signed_in(user) -> bool:
    """A person signed in with an active account (reading and writing rights start there)."""
    return bool(user and user.is_authenticated and user.is_active)


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def regions(self) -> "TerritoryQuerySet":
        """The 18 régions sociosanitaires, in official code order."""
        return self.filter(kind=Territory.Kind.RSS).order_by("code")

    def province(self) -> "Territory":
        return self.get(kind=Territory.Kind.PROVINCE)

    def within(self, territory: "Territory") -> "TerritoryQuerySet":
        """``territory`` and every territory inside it (the tree has three levels)."""
        return self.filter(Q(pk=territory.pk) | Q(parent=territory) | Q(parent__parent=territory))

    def in_code_order(self) -> "TerritoryQuerySet":
        """Province first, then each level of the tree, each in official code order."""
        levels = [When(kind=kind, then=Value(rank)) for rank, kind in enumerate(Territory.Kind.values)]
        return self.order_by(Case(*levels, default=Value(len(levels))), "code")


class Territory(BilingualName):
    """A place the platform reports on: Québec, its 18 RSS and the local territories within.

    Health data is published by RSS; territories are always listed in official code order,
    never ranked.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        RSS = "rss", _("Health and social services region (RSS)")
        RLS = "rls", _("Local health and social services network (RLS)")
        CLSC = "clsc", _("Local community service centre (CLSC) territory")
        MUNICIPALITY = "municipality", _("Municipality")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        COMMUNITY = "community", _("Community-defined territory")

    class Rurality(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")
        MIXED = "mixed", _("Urban and rural")
        UNKNOWN = "", _("Not specified")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Official code, for example 06 for the Montréal RSS.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    rurality = models.CharField(_("rurality"), max_length=10, choices=Rurality.choices, blank=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_code_per_kind"),
            models.CheckConstraint(
                condition=Q(kind="province") | Q(parent__isnull=False),
                name="territory_only_province_without_parent",
            ),
            models.CheckConstraint(
                condition=~Q(kind="rss") | Q(code__regex=r"^(0[1-9]|1[0-8])$"),
                name="territory_rss_official_code",
            ),
        ]

    @property
    def coded_name(self) -> str:
        """ "06 Montréal": the official code first, as health data is published."""
        return f"{self.code} {self.name}"

    def ancestors(self) -> list["Territory"]:
        """From the root down to (and excluding) this territory."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Theme(BilingualName):
    """A subject that initiatives, learnings, communities and indicators are filed under."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        # The slug is the French name without accents: "Équité…" sorts among the E, not after Z.
        ordering = ["slug"]


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def serving(self, territory: Territory) -> "OrganizationQuerySet":
        return self.filter(territories_served=territory)


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community organization")
        CISSS = "cisss", _("CISSS or CIUSSS")
        GMF = "gmf", _("Family medicine group (GMF)")
        MUNICIPALITY = "municipality", _("Municipality")
        EDUCATION = "education", _("Education")
        CULTURE = "culture", _("Culture")
        ENVIRONMENT = "environment", _("Environment")
        RESEARCH = "research", _("University or research centre")
        INDIGENOUS = "indigenous", _("Indigenous organization or authority")
        USERS_COMMITTEE = "users_committee", _("Users' committee")
        MINISTRY = "ministry", _("Ministry or public agency")
        PRIVATE = "private", _("Private business")

    class Sector(models.TextChoices):
        PUBLIC = "public", _("Public")
        COMMUNITY = "community", _("Community and non-profit")
        PRIVATE = "private", _("Private")
        PHILANTHROPIC = "philanthropic", _("Philanthropic")
        ACADEMIC = "academic", _("Academic")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    territories_served = models.ManyToManyField(
        Territory, verbose_name=_("territories served"), related_name="organizations", blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NotificationKind(models.TextChoices):
    JOIN_REQUEST = "join_request", _("Request to join")
    JOIN_APPROVED = "join_approved", _("Request accepted")
    INVITATION = "invitation", _("Invitation")
    NEW_GATHERING = "new_gathering", _("New gathering")
    THREAD_REPLY = "thread_reply", _("Reply to a thread")
    ENGAGEMENT_PROPOSED = "engagement_proposed", _("Engagement to confirm")
    APPLICATION_RECEIVED = "application_received", _("New application")
    APPLICATION_ACCEPTED = "application_accepted", _("Application accepted")
    APPLICATION_DECLINED = "application_declined", _("Application not retained")
    CALL_INVITATION = "call_invitation", _("Invitation to apply")


# What each kind says, filled in when shown so it follows the reader's language.
NOTIFICATION_MESSAGES = {
    NotificationKind.JOIN_REQUEST: _("%(actor)s asks to join %(place)s."),
    NotificationKind.JOIN_APPROVED: _("Your request to join %(place)s was accepted."),
    NotificationKind.INVITATION: _("%(actor)s invites you to join %(place)s."),
    NotificationKind.NEW_GATHERING: _("New gathering in %(place)s: %(target)s."),
    NotificationKind.THREAD_REPLY: _("%(actor)s replied to your thread “%(target)s” in %(place)s."),
    NotificationKind.ENGAGEMENT_PROPOSED: _("%(actor)s recorded your engagement in %(place)s: please confirm it."),
    NotificationKind.APPLICATION_RECEIVED: _("%(actor)s applied to your call “%(target)s”."),
    NotificationKind.APPLICATION_ACCEPTED: _("Your application to “%(target)s” was accepted."),
    NotificationKind.APPLICATION_DECLINED: _("Your application to “%(target)s” was not retained this time."),
    NotificationKind.CALL_INVITATION: _("%(actor)s invites you to apply to the call “%(target)s”."),
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened for a person, shown in the platform until they read it."""

    Kind = NotificationKind

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # What it is about (a gathering's or thread's title) and where (a space's name), as they
    # were when it happened; the link leads to the current page.
    target = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid")
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        actor = self.actor.display_name if self.actor else _("Someone")
        return NOTIFICATION_MESSAGES[self.kind] % {"actor": actor, "target": self.target, "place": self.place}

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class TerritorialQuerySet(models.QuerySet):
    """For models with a ``territories`` many-to-many: ``in_territory(t)`` finds the rows in ``t``
    or in a territory inside it (an RSS holds its RLS)."""

    def in_territory(self, territory: Territory) -> "TerritorialQuerySet":
        through = self.model.territories.through
        owner = self.model._meta.model_name  # the through table's column for this model
        rows = through.objects.filter(**{owner: OuterRef("pk")}, territory__in=Territory.objects.within(territory))
        return self.filter(Exists(rows))


class Territorial:
    """For models with a ``territories`` many-to-many (initiatives, spaces)."""

    def default_learning_territory(self) -> Territory | None:
        """Where a learning of this item is filed unless its author says otherwise: its territory
        with the lowest code (through all(), so a prefetch is used)."""
        return min(self.territories.all(), key=lambda territory: territory.code, default=None)


# --- Consent -----------------------------------------------------------------------------------


class Purpose(models.TextChoices):
    """What a person may consent to, each separately (Law 25: one purpose, one consent)."""

    DIRECTORY = "directory", _("Listed in the partner directory")
    CONTACT = "contact", _("Contacted for calls for partners")
    DIVERSITY = "diversity", _("Diversity statistics")
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience")
    DIGESTS = "digests", _("E-mail digests")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> "ConsentQuerySet":
        """Consents given to the current text of their purpose and not withdrawn."""
        from .consents import CONSENT_TEXTS

        current = Q()
        for purpose, text in CONSENT_TEXTS.items():
            current |= Q(purpose=purpose, version=text.version)
        return self.filter(current, withdrawn_at__isnull=True)

    def for_purpose(self, purpose: str) -> "ConsentQuerySet":
        return self.filter(purpose=purpose)


class Consent(models.Model):
    """One consent, given to one version of one purpose's text, until it is withdrawn.

    Rows are never deleted while the account exists: they are the history of consents."""

    Purpose = Purpose

    class Channel(models.TextChoices):
        WEB = "web", _("Web page")
        API = "api", _("API")

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(pgettext_lazy("consent", "purpose"), max_length=20, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("version of the text"))
    channel = models.CharField(_("given through"), max_length=5, choices=Channel.choices, default=Channel.WEB)
    given_at = models.DateTimeField(_("given on"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(purpose__in=Purpose.values), name="consent_purpose_valid"),
            # At most one consent at a time per purpose (an older version's stays until renewed).
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=Q(withdrawn_at__isnull=True), name="consent_one_open_per_purpose"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} (v{self.version})"


def with_consent(purpose: str) -> Exists:
    """An ``Exists`` expression: the row's person has a consent in force for ``purpose``."""
    return Exists(Consent.objects.in_force().filter(purpose=purpose, user=OuterRef("user")))


# --- Personal information: audit trail and exports ----------------------------------------------


class AuditAction(models.TextChoices):
    VIEWED = "viewed", _("Viewed")
    CHANGED = "changed", _("Changed")
    CONSENT_GIVEN = "consent_given", _("Consent given")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    EXPORTED = "exported", _("Data downloaded")
    ERASED = "erased", _("Account deleted")


class AuditEvent(models.Model):
    """Who viewed or changed a person's personal information, and when.

    ``subject_id`` is a plain number, not a foreign key: the trail outlives the account (after
    an erasure it names no one). ``what`` says which information, never its values."""

    Action = AuditAction

    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("whose information"), db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    what = models.CharField(_("information"), max_length=300)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_id", "-at"], name="audit_subject")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.what}"


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def expired(self, now=None) -> "DataExportQuerySet":
        return self.filter(expires_at__lte=now or timezone.now())


class DataExport(models.Model):
    """A person's download of their data, built by a Celery task, kept for seven days."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    LIFETIME = datetime.timedelta(days=7)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready on"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"))

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.requested_at:%Y-%m-%d}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
