"""Writes on co-learning spaces. Views, the API, the admin, tasks and seed_demo all call these.

Who may do what: any signed-in person may create a space (and co-facilitates it); members
register for gatherings, post and share resources; co-facilitators approve requests, invite,
remove, moderate, schedule gatherings and harvest learnings; platform staff may act as
co-facilitators. A space always keeps at least one co-facilitator.
"""

import datetime
from collections.abc import Iterable

import filetype
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem.db import free_slug
from ecosystem.exceptions import ApplicationError
from ecosystem.models import Notification, Organization, Purpose, Territory, Theme, User, is_signed_in, with_consent
from ecosystem.services import notification_send
from ecosystem.text import check_markdown
from initiatives.models import Initiative, Learning
from initiatives.services import learning_create

from . import emails
from .emails import DIGEST_UNSUBSCRIBE_SALT
from .models import (
    ATTACHMENT_MAX_BYTES,
    DEFAULT_CHARTER,
    Community,
    Gathering,
    Harvest,
    Membership,
    Post,
    Registration,
    Resource,
    Thread,
)
from .selectors import digest_activity

COMMUNITY_FIELDS = {
    "name",
    "kind",
    "purpose",
    "charter",
    "scope",
    "governance",
    "founded_year",
    "membership_policy",
    "visibility",
}
COMMUNITY_RELATIONS = {"territories", "themes", "host_organizations"}
GATHERING_FIELDS = {"title", "starts_at", "ends_at", "format", "place", "link", "agenda", "notes"}

# The types a shared file may be, detected from its first bytes (never from its name).
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/png": "png",
    "image/jpeg": "jpg",
}


# --- Who may act ------------------------------------------------------------------------------


def membership_of(community: Community, user: User) -> Membership | None:
    if not is_signed_in(user):
        return None
    return Membership.objects.filter(community=community, user=user).first()


def can_facilitate(community: Community, user: User) -> bool:
    return Community.objects.facilitated_by(user).filter(pk=community.pk).exists()


def _require_co_facilitator(community: Community, user: User) -> None:
    if not can_facilitate(community, user):
        raise PermissionDenied(_("Only the space's co-facilitators may do this."))


def _require_active_member(community: Community, user: User) -> None:
    membership = membership_of(community, user)
    if membership is None or not membership.is_active:
        if membership is not None and membership.is_pending:
            raise ApplicationError(_("Your membership is still waiting for approval: you cannot take part yet."))
        raise ApplicationError(_("Only the space's members may do this. Join the space first."))


def _keep_a_co_facilitator(community: Community, leaving: Membership) -> None:
    """Refuse when ``leaving`` is the space's last active co-facilitator."""
    if not leaving.is_co_facilitator:
        return
    others = (
        Membership.objects.select_for_update()
        .active()
        .co_facilitators()
        .filter(community=community)
        .exclude(pk=leaving.pk)
    )
    if not others.exists():
        raise ApplicationError(
            _("A space always keeps at least one co-facilitator. Name another co-facilitator first.")
        )


def _co_facilitators(community: Community) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.active()
        .co_facilitators()
        .filter(community=community)
        .select_related("user")
    ]


# --- Spaces -----------------------------------------------------------------------------------


def _require_territories(territories: list[Territory]) -> None:
    if not territories:
        raise ValidationError({"territories": _("Choose at least one territory.")})


@transaction.atomic
def community_create(
    *,
    by: User,
    name: str,
    kind: str,
    purpose: str,
    scope: str,
    territories: Iterable[Territory],
    charter: str = DEFAULT_CHARTER,
    governance: str = "",
    founded_year: int | None = None,
    themes: Iterable[Theme] = (),
    host_organizations: Iterable[Organization] = (),
    membership_policy: str = Community.Policy.ON_REQUEST,
    visibility: str = Community.Visibility.PUBLIC,
) -> Community:
    """Create a space; the person who creates it is its first co-facilitator."""
    territories = list(territories)
    community = Community(
        name=name,
        slug=free_slug(name, model=Community, fallback="communaute"),
        kind=kind,
        purpose=purpose,
        charter=charter,
        charter_html=check_markdown(charter, field="charter"),
        scope=scope,
        governance=governance,
        founded_year=founded_year,
        membership_policy=membership_policy,
        visibility=visibility,
        created_by=by,
    )
    community.full_clean()
    _require_territories(territories)
    community.save()
    community.territories.set(territories)
    community.themes.set(themes)
    community.host_organizations.set(host_organizations)
    now = timezone.now()
    Membership.objects.create(
        community=community,
        user=by,
        role=Membership.Role.CO_FACILITATOR,
        status=Membership.Status.ACTIVE,
        requested_at=now,
        joined_at=now,
    )
    return community


@transaction.atomic
def community_update(*, community: Community, by: User, **changes) -> Community:
    unknown = set(changes) - COMMUNITY_FIELDS - COMMUNITY_RELATIONS
    if unknown:
        raise TypeError(f"community_update() got unexpected fields: {sorted(unknown)}")
    _require_co_facilitator(community, by)
    community = Community.objects.select_for_update().get(pk=community.pk)
    for field in COMMUNITY_FIELDS & set(changes):
        setattr(community, field, changes[field])
    if "charter" in changes:
        community.charter_html = check_markdown(community.charter, field="charter")
    community.full_clean()
    if "territories" in changes:
        _require_territories(list(changes["territories"]))
    community.save()
    for relation in COMMUNITY_RELATIONS & set(changes):
        getattr(community, relation).set(changes[relation])
    return community


# --- Membership -------------------------------------------------------------------------------


def _activate(membership: Membership) -> None:
    membership.status = Membership.Status.ACTIVE
    membership.joined_at = timezone.now()
    membership.left_at = None


@transaction.atomic
def membership_join(*, community: Community, by: User, message: str = "") -> Membership:
    """Join an open space, ask to join one on request, or accept an invitation waiting for ``by``."""
    membership = Membership.objects.select_for_update().filter(community=community, user=by).first()
    if membership is not None and membership.is_active:
        raise ApplicationError(_("You are already a member of this space."))
    if membership is not None and membership.is_invitation:
        return membership_accept_invitation(membership=membership, by=by)
    if membership is not None and membership.is_pending:
        raise ApplicationError(_("Your request to join is already waiting for a co-facilitator."))
    if community.membership_policy == Community.Policy.INVITATION:
        raise ApplicationError(_("This space welcomes new members by invitation of its co-facilitators."))

    membership = membership or Membership(community=community, user=by)
    membership.role = Membership.Role.MEMBER
    membership.message = message
    membership.invited_by = None
    membership.requested_at = timezone.now()
    membership.left_at = None
    if community.membership_policy == Community.Policy.OPEN:
        _activate(membership)
    else:
        membership.status = Membership.Status.PENDING
        membership.joined_at = None
    membership.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # the same person joining twice at the same moment
        raise ApplicationError(_("You are already a member of this space.")) from None
    if membership.is_pending:
        notification_send(
            recipients=_co_facilitators(community),
            kind=Notification.Kind.JOIN_REQUEST,
            actor=by,
            place=community.name,
            url=reverse("communities:manage", kwargs={"slug": community.slug}),
        )
    return membership


@transaction.atomic
def membership_invite(*, community: Community, by: User, user: User) -> Membership:
    """Invite ``user``; they become a member once they accept. Inviting someone whose request
    is waiting approves it."""
    _require_co_facilitator(community, by)
    membership = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if membership is not None and membership.is_active:
        raise ApplicationError(_("%(name)s is already a member of this space.") % {"name": user.display_name})
    if membership is not None and membership.is_pending and membership.invited_by_id is None:
        return membership_approve(membership=membership, by=by)
    if membership is not None and membership.is_invitation:
        raise ApplicationError(_("%(name)s has already been invited.") % {"name": user.display_name})
    membership = membership or Membership(community=community, user=user)
    membership.status = Membership.Status.PENDING
    membership.role = Membership.Role.MEMBER
    membership.invited_by = by
    membership.requested_at = timezone.now()
    membership.joined_at = membership.left_at = None
    membership.full_clean(validate_unique=False)
    membership.save()
    notification_send(
        recipients=[user],
        kind=Notification.Kind.INVITATION,
        actor=by,
        place=community.name,
        url=community.get_absolute_url(),
    )
    return membership


@transaction.atomic
def membership_accept_invitation(*, membership: Membership, by: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != by.pk or not membership.is_invitation:
        raise ApplicationError(_("There is no invitation waiting for you in this space."))
    _activate(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, by: User) -> Membership:
    """Accept a request to join."""
    _require_co_facilitator(membership.community, by)
    membership = Membership.objects.select_for_update().select_related("community").get(pk=membership.pk)
    if not membership.is_pending or membership.invited_by_id is not None:
        raise ApplicationError(_("This request is no longer waiting."))
    _activate(membership)
    membership.save()
    notification_send(
        recipients=[membership.user],
        kind=Notification.Kind.JOIN_APPROVED,
        actor=by,
        place=membership.community.name,
        url=membership.community.get_absolute_url(),
    )
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, by: User) -> None:
    """Turn down a request (a co-facilitator), or withdraw one's own request or decline one's
    own invitation. Nothing is kept of a request that was turned down."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_pending:
        raise ApplicationError(_("This request is no longer waiting."))
    if membership.user_id != by.pk:
        _require_co_facilitator(membership.community, by)
    membership.delete()


def _end(membership: Membership) -> None:
    membership.status = Membership.Status.LEFT
    membership.role = Membership.Role.MEMBER
    membership.left_at = timezone.now()
    membership.weekly_digest = False


@transaction.atomic
def membership_leave(*, community: Community, by: User) -> Membership:
    membership = Membership.objects.select_for_update().filter(community=community, user=by).first()
    if membership is None or not membership.is_active:
        raise ApplicationError(_("You are not a member of this space."))
    _keep_a_co_facilitator(community, membership)
    _end(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> Membership:
    _require_co_facilitator(membership.community, by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ApplicationError(_("This person is not a member of this space."))
    _keep_a_co_facilitator(membership.community, membership)
    _end(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, by: User, role: str) -> Membership:
    _require_co_facilitator(membership.community, by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ApplicationError(_("Only an active member can be given a role."))
    if role != Membership.Role.CO_FACILITATOR:
        _keep_a_co_facilitator(membership.community, membership)
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_set_digest(*, membership: Membership, by: User, weekly_digest: bool) -> Membership:
    if membership.user_id != by.pk:
        raise PermissionDenied(_("Only you can change your e-mail preferences."))
    if weekly_digest and not membership.is_active:
        raise ApplicationError(_("Only the space's members receive its digest."))
    membership.weekly_digest = weekly_digest
    membership.save(update_fields=["weekly_digest"])
    return membership


def membership_from_unsubscribe_token(token: str) -> Membership:
    """The membership an unsubscribe link is for (the unsubscribe page shows its space before
    anything changes); a refusal for a link that was tampered with or whose membership is gone."""
    try:
        pk = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise ApplicationError(_("This unsubscribe link is not valid.")) from None
    membership = Membership.objects.select_related("community").filter(pk=pk).first()
    if membership is None:
        raise ApplicationError(_("This unsubscribe link is not valid."))
    return membership


@transaction.atomic
def membership_unsubscribe(*, token: str) -> Membership:
    """Stop a weekly digest from the link in the e-mail, without signing in."""
    membership = membership_from_unsubscribe_token(token)
    if membership.weekly_digest:
        membership.weekly_digest = False
        membership.save(update_fields=["weekly_digest"])
    return membership


# --- Gatherings -------------------------------------------------------------------------------


def _render_gathering_text(gathering: Gathering) -> None:
    gathering.agenda_html = check_markdown(gathering.agenda, field="agenda")
    gathering.notes_html = check_markdown(gathering.notes, field="notes")


@transaction.atomic
def gathering_create(
    *,
    community: Community,
    by: User,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    format: str,
    place: str = "",
    link: str = "",
    agenda: str = "",
    notes: str = "",
) -> Gathering:
    """Schedule a gathering; the space's members are told."""
    _require_co_facilitator(community, by)
    gathering = Gathering(
        community=community,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        format=format,
        place=place,
        link=link,
        agenda=agenda,
        notes=notes,
        created_by=by,
    )
    _render_gathering_text(gathering)
    gathering.full_clean()
    gathering.save()
    members = Membership.objects.active().filter(community=community).select_related("user")
    notification_send(
        recipients=[membership.user for membership in members],
        kind=Notification.Kind.NEW_GATHERING,
        actor=by,
        target=gathering.title,
        place=community.name,
        url=gathering.get_absolute_url(),
    )
    return gathering


@transaction.atomic
def gathering_update(*, gathering: Gathering, by: User, **changes) -> Gathering:
    unknown = set(changes) - GATHERING_FIELDS
    if unknown:
        raise TypeError(f"gathering_update() got unexpected fields: {sorted(unknown)}")
    _require_co_facilitator(gathering.community, by)
    gathering = Gathering.objects.select_for_update().get(pk=gathering.pk)
    for field, value in changes.items():
        setattr(gathering, field, value)
    _render_gathering_text(gathering)
    gathering.full_clean()
    gathering.save()
    return gathering


@transaction.atomic
def registration_create(*, gathering: Gathering, by: User) -> Registration:
    _require_active_member(gathering.community, by)
    if gathering.is_past:
        raise ApplicationError(_("This gathering is over: registration is closed."))
    if Registration.objects.filter(gathering=gathering, user=by).exists():
        raise ApplicationError(_("You are already registered for this gathering."))
    try:
        with transaction.atomic():
            return Registration.objects.create(gathering=gathering, user=by)
    except IntegrityError:
        raise ApplicationError(_("You are already registered for this gathering.")) from None


@transaction.atomic
def registration_cancel(*, gathering: Gathering, by: User) -> None:
    if gathering.is_past:
        raise ApplicationError(_("This gathering is over: registration is closed."))
    deleted, _rows = Registration.objects.filter(gathering=gathering, user=by).delete()
    if not deleted:
        raise ApplicationError(_("You are not registered for this gathering."))


@transaction.atomic
def attendance_record(*, gathering: Gathering, by: User, attended_user_ids: Iterable[int]) -> int:
    """Record who came: registered people in ``attended_user_ids`` attended, the others did not.
    Returns how many attended."""
    _require_co_facilitator(gathering.community, by)
    if gathering.starts_at > timezone.now():
        raise ApplicationError(_("Attendance can be taken once the gathering has started."))
    attended = set(attended_user_ids)
    registrations = gathering.registrations.select_for_update()
    unknown = attended - set(registrations.values_list("user_id", flat=True))
    if unknown:
        raise ValidationError(_("Only people registered for the gathering can be marked present."))
    registrations.filter(user_id__in=attended).update(attended=True)
    registrations.exclude(user_id__in=attended).update(attended=False)
    return len(attended)


@transaction.atomic
def gathering_harvest(
    *,
    gathering: Gathering,
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
    """Harvest a learning from a gathering: a draft ``Learning`` like any other (its author
    publishes it under the same rules), filed in the space's territory and themes unless said
    otherwise, and linked to the gathering."""
    community = gathering.community
    _require_co_facilitator(community, by)
    if gathering.starts_at > timezone.now():
        raise ApplicationError(_("Learnings are harvested once the gathering has taken place."))
    if territory is None and initiative is None:
        territory = community.default_learning_territory()
    if themes is None and initiative is None:
        themes = community.themes.all()
    learning = learning_create(
        by=by,
        title=title,
        statement=statement,
        kind=kind,
        knowledge_type=knowledge_type,
        initiative=initiative,
        transfer_conditions=transfer_conditions,
        themes=themes,
        territory=territory,
        licence=licence,
    )
    Harvest.objects.create(gathering=gathering, learning=learning, harvested_by=by)
    return learning


# --- Discussions ------------------------------------------------------------------------------


def _post(thread: Thread, by: User, body: str) -> Post:
    post = Post(thread=thread, author=by, body=body, body_html=check_markdown(body, field="body"))
    post.full_clean()
    post._history_user = by
    post.save()
    return post


@transaction.atomic
def thread_create(*, community: Community, by: User, title: str, body: str) -> Thread:
    """Open a thread with its first message."""
    _require_active_member(community, by)
    now = timezone.now()
    thread = Thread(community=community, title=title, author=by, created_at=now, last_activity_at=now)
    thread.full_clean()
    thread.save()
    _post(thread, by, body)
    return thread


@transaction.atomic
def post_create(*, thread: Thread, by: User, body: str) -> Post:
    """Reply in a thread; its author is told."""
    _require_active_member(thread.community, by)
    post = _post(thread, by, body)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    if thread.author is not None:
        notification_send(
            recipients=[thread.author],
            kind=Notification.Kind.THREAD_REPLY,
            actor=by,
            target=thread.title,
            place=thread.community.name,
            url=f"{thread.get_absolute_url()}#post-{post.pk}",
        )
    return post


@transaction.atomic
def post_update(*, post: Post, by: User, body: str) -> Post:
    """Its author corrects a message; the earlier text stays in the history."""
    if post.author_id != by.pk:
        raise PermissionDenied(_("Only its author can change a message."))
    _require_active_member(post.thread.community, by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden:
        raise ApplicationError(_("A hidden message cannot be changed."))
    post.body = body
    post.body_html = check_markdown(body, field="body")
    post.edited_at = timezone.now()
    post.full_clean()
    post._history_user = by
    post.save()
    return post


@transaction.atomic
def post_hide(*, post: Post, by: User, reason: str) -> Post:
    """A co-facilitator hides a message from everyone, saying why."""
    _require_co_facilitator(post.thread.community, by)
    if not reason.strip():
        raise ValidationError({"hidden_reason": _("Say why the message is hidden.")})
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.hidden_at = timezone.now()
    post.hidden_by = by
    post.hidden_reason = reason.strip()
    post.full_clean()
    post._history_user = by
    post.save()
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: User) -> Post:
    _require_co_facilitator(post.thread.community, by)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    post._history_user = by
    post.save()
    return post


# --- Resources --------------------------------------------------------------------------------


def _check_attachment(upload: UploadedFile) -> str:
    """The file's type read from its content; a clear refusal for anything else."""
    name = upload.name or ""
    if not name or "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise ValidationError({"file": _("The file name cannot contain a path. Rename the file and try again.")})
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB): at most 10 MB.")
                % {"size": number_format(upload.size / (1024 * 1024), decimal_pos=1)}
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": _("This kind of file cannot be shared. Accepted: PDF, Word (DOCX), Excel (XLSX), PNG, JPEG.")}
        )
    return kind.mime


@transaction.atomic
def resource_create(
    *,
    community: Community,
    by: User,
    title: str,
    kind: str,
    description: str = "",
    link: str = "",
    file: UploadedFile | None = None,
    themes: Iterable[Theme] = (),
) -> Resource:
    """Share a link or a file with the space."""
    _require_active_member(community, by)
    if bool(link) == bool(file):
        raise ValidationError({"link": _("Give either a link or a file, not both.")})
    resource = Resource(community=community, title=title, kind=kind, description=description, link=link, added_by=by)
    if file is not None:
        content_type = _check_attachment(file)
        original_name = file.name
        file.name = f"{slugify(original_name.rsplit('.', 1)[0])[:80] or 'fichier'}.{ATTACHMENT_TYPES[content_type]}"
        resource.file = file
        resource.file_name = file.name
        resource.file_size = file.size
        resource.content_type = content_type
    resource.full_clean()
    resource.save()
    resource.themes.set(themes)
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by: User) -> None:
    """Its sharer or a co-facilitator removes a resource, and its file."""
    if resource.added_by_id != by.pk:
        _require_co_facilitator(resource.community, by)
    file = resource.file
    resource.delete()
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))


# --- Weekly digest ----------------------------------------------------------------------------

DIGEST_INTERVAL = datetime.timedelta(days=7)
# A digest is not sent twice in a week, even if the scheduler runs the task again.
DIGEST_MIN_GAP = datetime.timedelta(days=6)


def digest_send(*, user_id: int, now: datetime.datetime | None = None) -> bool:
    """Send ``user_id`` the week's activity of the spaces whose digest they asked for.
    Returns whether an e-mail went out (nothing new, nothing sent). Safe to run twice."""
    now = now or timezone.now()
    with transaction.atomic():
        memberships = list(
            Membership.objects.select_for_update(of=("self",))
            .active()
            .filter(user_id=user_id, user__is_active=True, weekly_digest=True)
            .filter(with_consent(Purpose.DIGESTS))
            .exclude(digest_sent_at__gt=now - DIGEST_MIN_GAP)
            .select_related("community", "user")
        )
        if not memberships:
            return False
        sections = []
        for membership in memberships:
            since = max(filter(None, [membership.digest_sent_at, now - DIGEST_INTERVAL]))
            activity = digest_activity(community=membership.community, since=since, user=membership.user)
            if activity.is_empty:
                continue
            sections.append((membership, activity))
        Membership.objects.filter(pk__in=[membership.pk for membership in memberships]).update(digest_sent_at=now)
        if not sections:
            return False
        # Sent inside the transaction: if sending fails, nothing is marked and a retry sends it.
        emails.send_digest(user=memberships[0].user, sections=sections)
    return True
