"""Reads on initiatives and learnings, scoped to what the person may see and shaped for
their consumer. Anything a person may not see is reported as missing (404), never as forbidden."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404

from ecosystem.models import Territory
from ecosystem.search import SEARCH_CONFIG

from .models import Initiative, InitiativePartner, Learning, PhaseChange

SIMILAR_LEARNINGS = 5


def initiative_list(*, user) -> QuerySet[Initiative]:
    """Initiatives ``user`` may read, with what a list row or an export shows."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("lead_organization")
        .prefetch_related(
            Prefetch("territories", queryset=Territory.objects.in_code_order()),
            "themes",
            "populations",
        )
    )


def initiative_get(*, user, slug: str) -> Initiative:
    """One initiative with everything its page shows, or 404."""
    queryset = initiative_list(user=user).prefetch_related(
        Prefetch("partners", queryset=InitiativePartner.objects.select_related("organization")),
        Prefetch("phase_changes", queryset=PhaseChange.objects.select_related("changed_by")),
        "team",
    )
    try:
        return queryset.get(slug=slug)
    except Initiative.DoesNotExist:
        raise Http404 from None


def initiative_get_for_change(*, user, slug: str) -> Initiative:
    """An initiative ``user`` may change, or 404 (also when they may read it but not change it)."""
    try:
        return (
            Initiative.objects.editable_by(user).prefetch_related("territories", "themes", "populations").get(slug=slug)
        )
    except Initiative.DoesNotExist:
        raise Http404 from None


def initiative_history(*, initiative: Initiative) -> QuerySet:
    return initiative.history.select_related("history_user").order_by("-history_date", "-history_id")


def learning_list(*, user) -> QuerySet[Learning]:
    """Learnings ``user`` may read, with what a feed entry or an export shows."""
    return (
        Learning.objects.visible_to(user).select_related("initiative", "territory", "author").prefetch_related("themes")
    )


def learning_get(*, user, pk: int) -> Learning:
    try:
        return learning_list(user=user).get(pk=pk)
    except Learning.DoesNotExist:
        raise Http404 from None


def learning_get_for_change(*, user, pk: int) -> Learning:
    learning = learning_get(user=user, pk=pk)
    if not learning.can_change(user):
        raise Http404
    return learning


def initiative_learnings(*, user, initiative: Initiative) -> QuerySet[Learning]:
    """The learnings shown on an initiative's page: published ones, and drafts for its team."""
    return learning_list(user=user).filter(initiative=initiative)


def learnings_similar(
    *,
    user,
    theme_ids: list[int],
    territory_ids: list[int],
    text: str = "",
    exclude_initiative_id: int | None = None,
    exclude_learning_id: int | None = None,
    limit: int = SIMILAR_LEARNINGS,
) -> list[Learning]:
    """Published learnings from other territories ("Déjà essayé ailleurs?") sharing the most
    themes (and, on PostgreSQL, words) with the item being read."""
    # First the ids of the best candidates, in a lean grouped query; then their rows.
    candidates = (
        Learning.objects.visible_to(user)
        .published()
        .filter(territory__isnull=False)
        .exclude(territory_id__in=territory_ids)
    )
    if exclude_initiative_id is not None:
        candidates = candidates.exclude(initiative_id=exclude_initiative_id)
    if exclude_learning_id is not None:
        candidates = candidates.exclude(pk=exclude_learning_id)

    words = [word for word in text.split() if len(word) > 3]
    text_query = None
    if connection.vendor == "postgresql" and words:
        text_query = SearchQuery(" or ".join(words), config=SEARCH_CONFIG, search_type="websearch")

    if theme_ids:
        # Filtering on the themes before counting them restricts the join to the shared themes.
        candidates = candidates.filter(themes__in=theme_ids).values("pk").annotate(shared_themes=Count("themes"))
        ordering = ["-shared_themes"]
    elif text_query is not None:
        candidates = candidates.filter(search_vector=text_query).values("pk")
        ordering = []
    else:
        return []
    if text_query is not None:
        candidates = candidates.annotate(text_rank=SearchRank(F("search_vector"), text_query))
        ordering.append("-text_rank")
    ordering += ["-published_at", "-pk"]
    ids = [row["pk"] for row in candidates.order_by(*ordering)[:limit]]
    rows = learning_list(user=user).in_bulk(ids)
    return [rows[pk] for pk in ids]


def learnings_similar_to_initiative(*, user, initiative: Initiative) -> list[Learning]:
    return learnings_similar(
        user=user,
        theme_ids=[theme.pk for theme in initiative.themes.all()],
        territory_ids=[territory.pk for territory in initiative.territories.all()],
        text=initiative.title,
        exclude_initiative_id=initiative.pk,
    )


def learnings_similar_to_learning(*, user, learning: Learning) -> list[Learning]:
    territory_ids = [learning.territory_id] if learning.territory_id else []
    if learning.initiative_id:
        territory_ids += list(learning.initiative.territories.values_list("pk", flat=True))
    return learnings_similar(
        user=user,
        theme_ids=[theme.pk for theme in learning.themes.all()],
        territory_ids=territory_ids,
        text=learning.title,
        exclude_initiative_id=learning.initiative_id,
        exclude_learning_id=learning.pk,
    )
