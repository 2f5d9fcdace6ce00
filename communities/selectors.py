"""Reads on co-learning spaces, scoped to what the person may see and shaped for their consumer.

Every space is listed with its purpose and charter; what is said inside (gatherings, threads,
resources, the member list) is read only where ``Community.objects.readable_by`` allows, and
anything else answers 404.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecosystem.models import Territory, is_signed_in
from initiatives.models import Learning
from initiatives.selectors import learning_list

from .models import Community, Gathering, Membership, Post, Registration, Resource, Thread

RECENT_ON_COMMUNITY_PAGE = 5


def _active_members() -> Count:
    return Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE), distinct=True)


def community_list(*, user) -> QuerySet[Community]:
    """The directory: every space, with its number of active members and what a card shows."""
    queryset = (
        Community.objects.annotate(member_count=_active_members())
        .prefetch_related(Prefetch("territories", queryset=Territory.objects.in_code_order()), "themes")
        .order_by("name", "id")
    )
    if user and user.is_authenticated:
        mine = Membership.objects.filter(community=OuterRef("pk"), user=user)
        queryset = queryset.annotate(
            is_mine=Exists(mine.active()),
            is_pending_mine=Exists(mine.pending()),
        )
    return queryset


def community_get(*, user, slug: str) -> Community:
    """One space with what its page shows, or 404. ``can_read`` says whether ``user`` may read
    what is said inside; ``membership`` is theirs (or None), ``is_active_member`` and
    ``can_facilitate`` what they may do there."""
    try:
        community = (
            community_list(user=user)
            .prefetch_related("host_organizations")
            .annotate(
                can_read=Exists(Community.objects.readable_by(user).filter(pk=OuterRef("pk"))),
            )
            .get(slug=slug)
        )
    except Community.DoesNotExist:
        raise Http404 from None
    community.membership = (
        Membership.objects.filter(community=community, user=user).first() if is_signed_in(user) else None
    )
    # Takes part: registers, posts, shares (services decide; pages use it to offer their forms).
    community.is_active_member = bool(community.membership and community.membership.is_active)
    # CommunityQuerySet.facilitated_by's rule, read from the membership already at hand.
    community.can_facilitate = (is_signed_in(user) and user.is_staff) or bool(
        community.membership and community.membership.is_co_facilitator
    )
    return community


def community_get_readable(*, user, slug: str) -> Community:
    """A space whose inside ``user`` may read (public, or theirs), or 404."""
    community = community_get(user=user, slug=slug)
    if not community.can_read:
        raise Http404
    return community


def community_get_for_facilitation(*, user, slug: str) -> Community:
    """A space ``user`` co-facilitates (staff: any), or 404."""
    community = community_get(user=user, slug=slug)
    if not community.can_facilitate:
        raise Http404
    return community


def community_members(*, community: Community) -> QuerySet[Membership]:
    """Active members, co-facilitators first, shown by display name only."""
    return community.memberships.active().select_related("user").order_by("role", "user__display_name", "id")


def community_pending(*, community: Community) -> QuerySet[Membership]:
    """Requests waiting for a co-facilitator, then invitations waiting for their person."""
    return (
        community.memberships.pending()
        .select_related("user", "invited_by")
        .order_by(F("invited_by").asc(nulls_first=True), "requested_at", "id")
    )


def community_activity(*, community: Community, days: int = 30) -> dict:
    """What happened in a space lately, for its co-facilitators."""
    since = timezone.now() - datetime.timedelta(days=days)
    return {
        "days": days,
        "new_members": community.memberships.active().filter(joined_at__gte=since).count(),
        "pending": community.memberships.pending().filter(invited_by__isnull=True).count(),
        "gatherings": community.gatherings.filter(starts_at__gte=since).count(),
        "registrations": Registration.objects.filter(gathering__community=community, registered_at__gte=since).count(),
        "threads": community.threads.filter(created_at__gte=since).count(),
        "posts": Post.objects.filter(thread__community=community, created_at__gte=since).count(),
        "resources": community.resources.filter(created_at__gte=since).count(),
        "harvested": Learning.objects.filter(harvest__gathering__community=community, created_at__gte=since).count(),
    }


# --- Gatherings -------------------------------------------------------------------------------


def gathering_list(*, user, community: Community | None = None) -> QuerySet[Gathering]:
    queryset = (
        Gathering.objects.readable_by(user)
        .select_related("community")
        .annotate(registration_count=Count("registrations", distinct=True))
    )
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset


def gathering_get(*, user, community: Community, pk: int) -> Gathering:
    try:
        gathering = gathering_list(user=user, community=community).get(pk=pk)
    except Gathering.DoesNotExist:
        raise Http404 from None
    gathering.community = community  # already resolved, with the person's membership
    gathering.my_registration = (
        Registration.objects.filter(gathering=gathering, user=user).first() if user.is_authenticated else None
    )
    return gathering


def gathering_registrations(*, gathering: Gathering) -> QuerySet[Registration]:
    return gathering.registrations.select_related("user").order_by("user__display_name", "id")


def gathering_learnings(*, user, gathering: Gathering) -> QuerySet[Learning]:
    """The learnings harvested from a gathering that ``user`` may read (drafts for their author)."""
    return learning_list(user=user).filter(harvest__gathering=gathering)


def community_learnings(*, user, community: Community) -> QuerySet[Learning]:
    return learning_list(user=user).filter(harvest__gathering__community=community)


# --- Discussions ------------------------------------------------------------------------------


def thread_list(*, user, community: Community) -> QuerySet[Thread]:
    """A space's threads, most recently active first, with their number of messages."""
    return (
        Thread.objects.readable_by(user)
        .filter(community=community)
        .select_related("author")
        .annotate(post_count=Count("posts"))
        # Explicit: a grouped query does not follow Meta.ordering.
        .order_by("-last_activity_at", "-id")
    )


def thread_get(*, user, community: Community, pk: int) -> Thread:
    try:
        thread = Thread.objects.readable_by(user).select_related("author").get(community=community, pk=pk)
    except Thread.DoesNotExist:
        raise Http404 from None
    thread.community = community
    return thread


def thread_posts(*, thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author", "hidden_by")


def post_get(*, user, community: Community, pk: int) -> Post:
    try:
        post = (
            Post.objects.filter(thread__community__in=Community.objects.readable_by(user), thread__community=community)
            .select_related("thread", "author")
            .get(pk=pk)
        )
    except Post.DoesNotExist:
        raise Http404 from None
    post.thread.community = community
    return post


def post_history(*, post: Post) -> QuerySet:
    return post.history.select_related("history_user").order_by("-history_date", "-history_id")


# --- Resources --------------------------------------------------------------------------------


def resource_list(*, user, community: Community | None = None) -> QuerySet[Resource]:
    queryset = Resource.objects.readable_by(user).select_related("community", "added_by").prefetch_related("themes")
    if community is not None:
        queryset = queryset.filter(community=community)
    return queryset


def resource_get(*, user, community: Community, pk: int) -> Resource:
    try:
        resource = resource_list(user=user, community=community).get(pk=pk)
    except Resource.DoesNotExist:
        raise Http404 from None
    resource.community = community
    return resource


# --- Weekly digest ----------------------------------------------------------------------------


@dataclass
class DigestActivity:
    gatherings: list[Gathering] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    replies: int = 0
    resources: list[Resource] = field(default_factory=list)
    learnings: list[Learning] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.gatherings or self.threads or self.replies or self.resources or self.learnings)


def digest_activity(*, community: Community, since: datetime.datetime, user) -> DigestActivity:
    """What is new in a space since ``since``, as its member ``user`` may read it."""
    new_threads = community.threads.filter(created_at__gte=since)
    return DigestActivity(
        gatherings=list(community.gatherings.filter(created_at__gte=since, ends_at__gte=timezone.now())),
        threads=list(new_threads.select_related("author")),
        replies=Post.objects.filter(thread__community=community, created_at__gte=since, hidden_at__isnull=True)
        .exclude(thread__in=new_threads)
        .count(),
        resources=list(community.resources.filter(created_at__gte=since)),
        learnings=list(
            Learning.objects.visible_to(user)
            .published()
            .filter(harvest__gathering__community=community, published_at__gte=since)
        ),
    )
