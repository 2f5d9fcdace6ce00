"""Co-learning spaces: communities of practice where health partners and professionals meet as
equals, hold gatherings, discuss, share resources and harvest what they learn."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ecosystem.models import Organization, Territorial, TerritorialQuerySet, Territory, Theme, is_signed_in
from initiatives.models import Learning

# The charter a new space starts from (seed 001: "l'abandon des titres au profit des prénoms
# et du tutoiement"). Written in French, the platform's language; each space adapts it.
DEFAULT_CHARTER = """\
- **Prénoms, pas de titres.** On se présente par son prénom et on se tutoie ; les titres \
professionnels restent à la porte.
- **Voix égales.** La parole d'une personne partenaire vaut celle d'une ou d'un professionnel ; \
personne ne décide pour les autres.
- **Confidentialité.** Ce qui est partagé ici reste ici ; on ne récolte un apprentissage qu'avec \
l'accord des personnes concernées, sans les nommer.
- **Bienveillance.** On critique les idées, jamais les personnes.
"""

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class CommunityKind(models.TextChoices):
    PRACTICE = "practice", _("Community of practice")
    LEARNING_COMMUNITY = "learning_community", _("Learning community")
    CONCERTATION = "concertation", _("Concertation table")
    LIVING_LAB = "living_lab", _("Living lab")
    LEARNING_CIRCLE = "learning_circle", _("Learning circle")
    COMMITTEE = "committee", _("Committee")


class Scope(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")
    PROVINCIAL = "provincial", _("Provincial")


class Governance(models.TextChoices):
    SELF_MANAGED = "self_managed", _("Self-managed by partners")
    FACILITATED = "facilitated", _("Facilitated by trained people")
    CO_FACILITATED = "co_facilitated", _("Co-facilitated by a partner and a professional")


class MembershipPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone signed in may join")
    ON_REQUEST = "on_request", _("On request: co-facilitators approve")
    INVITATION = "invitation", _("By invitation of the co-facilitators")


class CommunityVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: everyone may read")
    MEMBERS = "members", _("Members only")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    CO_FACILITATOR = "co_facilitator", _("Co-facilitator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class CommunityQuerySet(TerritorialQuerySet):
    def readable_by(self, user) -> "CommunityQuerySet":
        """Communities whose gatherings, threads and resources ``user`` may read: public ones,
        and the members-only ones where they are an active member. Staff read all.

        Every space, members-only too, is listed in the directory with its purpose, charter and
        number of members, so that people can ask to join; only what is said inside is kept."""
        if is_signed_in(user) and user.is_staff:
            return self
        public = Q(visibility=CommunityVisibility.PUBLIC)
        if not is_signed_in(user):
            return self.filter(public)
        return self.filter(public | Exists(Membership.objects.active().filter(community=OuterRef("pk"), user=user)))

    def facilitated_by(self, user) -> "CommunityQuerySet":
        """Communities ``user`` co-facilitates (all of them for staff)."""
        if not is_signed_in(user):
            return self.none()
        if user.is_staff:
            return self
        return self.filter(
            Exists(Membership.objects.active().co_facilitators().filter(community=OuterRef("pk"), user=user))
        )


class Community(Territorial, models.Model):
    Kind = CommunityKind
    Scope = Scope
    Governance = Governance
    Policy = MembershipPolicy
    Visibility = CommunityVisibility

    # Path segments that follow "communities/" in either language: never a community's slug.
    RESERVED_SLUGS = frozenset({"new", "nouvelle", "unsubscribe", "desabonnement"})

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    purpose = models.TextField(
        _("purpose"), max_length=2000, help_text=_("Why the space exists and what its members do together.")
    )
    charter = models.TextField(
        _("charter"),
        max_length=10000,
        default=DEFAULT_CHARTER,
        help_text=_("The ground rules everyone agrees to. Markdown: **bold**, *italics*, lists."),
    )
    charter_html = models.TextField(editable=False, blank=True)
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    governance = models.CharField(_("governance"), max_length=20, choices=Governance.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    territories = models.ManyToManyField(Territory, verbose_name=_("territories"), related_name="communities")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="communities", blank=True)
    host_organizations = models.ManyToManyField(
        Organization, verbose_name=_("host organizations"), related_name="hosted_communities", blank=True
    )
    membership_policy = models.CharField(
        _("membership policy"), max_length=12, choices=Policy.choices, default=Policy.ON_REQUEST
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creator"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-learning space")
        verbose_name_plural = _("co-learning spaces")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CommunityKind.values), name="community_kind_valid"),
            models.CheckConstraint(condition=Q(scope__in=Scope.values), name="community_scope_valid"),
            models.CheckConstraint(
                condition=Q(membership_policy__in=MembershipPolicy.values), name="community_policy_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=CommunityVisibility.values), name="community_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1900, founded_year__lte=2100),
                name="community_founded_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.founded_year and self.founded_year > timezone.localdate().year:
            raise ValidationError({"founded_year": _("The year it was founded cannot be in the future.")})

    @property
    def is_public(self) -> bool:
        return self.visibility == CommunityVisibility.PUBLIC


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def pending(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.PENDING)

    def co_facilitators(self) -> "MembershipQuerySet":
        return self.filter(role=MembershipRole.CO_FACILITATOR)


class Membership(models.Model):
    """A person in a space. Pending is either a request (waiting for a co-facilitator) or an
    invitation (``invited_by`` set, waiting for the person to accept)."""

    Role = MembershipRole
    Status = MembershipStatus

    community = models.ForeignKey(
        Community, verbose_name=_("co-learning space"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.CharField(
        _("message to the co-facilitators"),
        max_length=1000,
        blank=True,
        help_text=_("Optional: why you would like to join."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested on"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined on"), null=True, blank=True)
    left_at = models.DateTimeField(_("left on"), null=True, blank=True)
    weekly_digest = models.BooleanField(
        _("weekly e-mail digest"),
        default=False,
        help_text=_("Once a week, an e-mail with the space's new gatherings, threads and resources."),
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community", "role", "user__display_name", "id"]  # co-facilitators first
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                name="membership_once_per_community",
                violation_error_message=_("This person already belongs to this space."),
            ),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="membership_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.ACTIVE) | Q(joined_at__isnull=False),
                name="membership_active_has_joined_date",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="membership_by_person"),
            models.Index(fields=["community", "status", "role"], name="membership_by_community"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.community}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipStatus.PENDING

    @property
    def is_invitation(self) -> bool:
        return self.is_pending and self.invited_by_id is not None

    @property
    def is_co_facilitator(self) -> bool:
        return self.is_active and self.role == MembershipRole.CO_FACILITATOR


class GatheringFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class InsideASpaceQuerySet(models.QuerySet):
    """For what is said inside a space (its gatherings, threads, resources): readable where the
    space is (``CommunityQuerySet.readable_by``)."""

    def readable_by(self, user) -> "InsideASpaceQuerySet":
        return self.filter(community__in=Community.objects.readable_by(user))


class GatheringQuerySet(InsideASpaceQuerySet):
    def upcoming(self) -> "GatheringQuerySet":
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "id")

    def past(self) -> "GatheringQuerySet":
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-id")


class Gathering(models.Model):
    """A meeting of a space: a forum, a workshop, a monthly circle."""

    Format = GatheringFormat

    community = models.ForeignKey(
        Community, verbose_name=_("co-learning space"), on_delete=models.CASCADE, related_name="gatherings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Address or room, for in person."))
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Video call link, shown only to the space's members."),
    )
    agenda = models.TextField(_("agenda"), max_length=10000, blank=True, help_text=_("Markdown."))
    agenda_html = models.TextField(editable=False, blank=True)
    notes = models.TextField(
        _("notes"),
        max_length=20000,
        blank=True,
        help_text=_("What happened, for the members who could not come. Markdown; no names without consent."),
    )
    notes_html = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creator"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="gathering_ends_after_it_starts",
                violation_error_message=_("A gathering must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(format__in=GatheringFormat.values), name="gathering_format_valid"),
        ]
        indexes = [models.Index(fields=["community", "starts_at"], name="gathering_by_community")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("communities:gathering-detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A gathering must end after it starts.")
        if self.format in (GatheringFormat.IN_PERSON, GatheringFormat.HYBRID) and not self.place.strip():
            errors["place"] = _("Say where the gathering takes place.")
        if self.format in (GatheringFormat.VIRTUAL, GatheringFormat.HYBRID) and not self.link:
            errors["link"] = _("Give the link to join online.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(models.Model):
    """A member's registration to a gathering; co-facilitators record who attended."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("gathering"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="registrations"
    )
    registered_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    # None until a co-facilitator takes attendance.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"],
                name="registration_once_per_gathering",
                violation_error_message=_("You are already registered for this gathering."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.gathering}"


class Harvest(models.Model):
    """A learning harvested from a gathering: the same ``Learning`` as an initiative's, with the
    same publication rules, linked to where it was learned."""

    gathering = models.ForeignKey(
        Gathering, verbose_name=_("gathering"), on_delete=models.CASCADE, related_name="harvests"
    )
    learning = models.OneToOneField(
        Learning, verbose_name=_("learning"), on_delete=models.CASCADE, related_name="harvest"
    )
    harvested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("harvested by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    harvested_at = models.DateTimeField(_("harvested on"), auto_now_add=True)

    class Meta:
        verbose_name = _("harvested learning")
        verbose_name_plural = _("harvested learnings")
        ordering = ["-harvested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.learning} ← {self.gathering}"


class Thread(models.Model):
    """A discussion in a space. Its first post is the opening message."""

    community = models.ForeignKey(
        Community, verbose_name=_("co-learning space"), on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    objects = InsideASpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_activity_at", "-id"]
        indexes = [models.Index(fields=["community", "-last_activity_at", "-id"], name="thread_by_activity")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("communities:thread-detail", kwargs={"slug": self.community.slug, "pk": self.pk})


class Post(models.Model):
    """A message in a thread, in sanitized Markdown. A co-facilitator may hide it with a reason;
    every edit is kept in its history."""

    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    body = models.TextField(_("message"), max_length=20000, help_text=_("Markdown: **bold**, *italics*, lists, links."))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    edited_at = models.DateTimeField(_("corrected on"), null=True, blank=True, editable=False)
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)

    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="post_in_thread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="post_hidden_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TOOL = "tool", _("Tool")
    REPORT = "report", _("Report")
    TEMPLATE = "template", _("Template")
    VIDEO = "video", _("Video")
    BOUNDARY_OBJECT = "boundary_object", _("Boundary object")


def resource_file_path(resource: "Resource", filename: str) -> str:
    """A stored name nobody chooses: the space, then a random name with the detected extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resources/{resource.community_id}/{uuid.uuid4().hex}.{extension}"


class Resource(models.Model):
    """Something a space shares (an objet frontière): a link, or a file served as a download."""

    Kind = ResourceKind

    community = models.ForeignKey(
        Community, verbose_name=_("co-learning space"), on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=resource_file_path, max_length=200, blank=True)
    # The name the file had on the sharer's computer, offered again on download.
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="resources", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("shared by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    objects = InsideASpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(link="") & ~Q(file="")) | (~Q(link="") & Q(file="")),
                name="resource_is_a_link_or_a_file",
                violation_error_message=_("Give either a link or a file, not both."),
            ),
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"),
        ]
        indexes = [models.Index(fields=["community", "-created_at"], name="resource_by_community")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("communities:resource-detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def is_file(self) -> bool:
        return bool(self.file)
