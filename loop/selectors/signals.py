"""Reads on the strategic watch, scoped to who asks.

A signal's free text is published only once someone has triaged it: the public board lists
reviewed signals, a person reads their own signals from the start, and co-facilitators and staff
(``can_triage``) read and triage every signal. Whatever a person may not read answers 404. Counts
of the board are aggregated by RSS in one query and shown through ``ecosystem.figures.Figure``
("< 5" from 1 to 4), territories in official code order."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.models import Community
from ecosystem.figures import Figure
from ecosystem.models import Territory, is_signed_in
from initiatives.models import Initiative

from ..models import Signal, SignalKind, can_triage
from ..suppression import Relation, suppress

__all__ = [
    "SignalCountRow",
    "SignalCounts",
    "signal_board_list",
    "signal_can_triage",
    "signal_community_choices",
    "signal_counts_by_region",
    "signal_get",
    "signal_get_for_triage",
    "signal_initiative_choices",
    "signal_linked_initiative",
    "signal_shows_author",
    "signal_triage_queue",
]


def _shaped(queryset: QuerySet[Signal]) -> QuerySet[Signal]:
    """What a list row or a signal's page shows: its territory and its themes."""
    return queryset.select_related("territory").prefetch_related("themes")


def signal_board_list(*, user) -> QuerySet[Signal]:
    """The public board: reviewed signals only (the same for everyone, signed in or not)."""
    return _shaped(Signal.objects.visible_to(user).reviewed())


def signal_can_triage(*, user) -> bool:
    return can_triage(user)


def signal_get(*, user, pk: int) -> Signal:
    """A signal ``user`` may read, with its links and author, or 404."""
    return get_object_or_404(
        _shaped(Signal.objects.visible_to(user)).select_related("submitted_by", "initiative", "community"), pk=pk
    )


def signal_shows_author(*, user, signal: Signal) -> bool:
    """Authors are named only to themselves and to those who triage."""
    if not is_signed_in(user):
        return False
    return signal.submitted_by_id == user.pk or can_triage(user)


def signal_linked_initiative(*, user, signal: Signal) -> Initiative | None:
    """The initiative the signal is linked to, if ``user`` may read it (a team-only initiative
    is not named to others)."""
    if signal.initiative_id is None:
        return None
    return Initiative.objects.visible_to(user).filter(pk=signal.initiative_id).first()


def signal_triage_queue(*, user) -> QuerySet[Signal]:
    """Every signal, for those who triage (anyone else: 404): open ones first (new, then under
    review), then the most recent."""
    if not can_triage(user):
        raise Http404
    is_open = Case(
        When(status=Signal.Status.NEW, then=Value(0)),
        When(status=Signal.Status.IN_REVIEW, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        _shaped(Signal.objects.all())
        .select_related("submitted_by")
        .annotate(open_rank=is_open)
        .order_by("open_rank", "-created_at", "-pk")
    )


def signal_get_for_triage(*, user, pk: int) -> Signal:
    """A signal ``user`` may triage, or 404 (for everyone who does not triage)."""
    return get_object_or_404(signal_triage_queue(user=user).select_related("initiative", "community"), pk=pk)


def signal_initiative_choices(*, user) -> QuerySet[Initiative]:
    """The initiatives a signal may be linked to: those ``user`` may read."""
    return Initiative.objects.visible_to(user).order_by("title", "pk")


def signal_community_choices(*, user) -> QuerySet[Community]:
    """The co-learning spaces a signal may be linked to: those whose inside ``user`` may read."""
    return Community.objects.readable_by(user).order_by("name", "pk")


# --- Counts by RSS ------------------------------------------------------------------------------


def _rss() -> Case:
    """The RSS of a signal's territory: itself, its parent or its grandparent (None for Québec
    as a whole)."""
    return Case(
        When(territory__kind=Territory.Kind.RSS, then=F("territory")),
        When(territory__parent__kind=Territory.Kind.RSS, then=F("territory__parent")),
        When(territory__parent__parent__kind=Territory.Kind.RSS, then=F("territory__parent__parent")),
        default=None,
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class SignalCountRow:
    """One row of the board's table: a territory (None for the signals about Québec as a whole),
    a figure per kind in ``SignalKind`` order, and the row's total."""

    territory: Territory | None
    by_kind: list[Figure]
    total: Figure


@dataclass(frozen=True)
class SignalCounts:
    kinds: list[tuple[str, str]]
    regions: list[SignalCountRow]
    province_only: SignalCountRow
    province: SignalCountRow


def signal_counts_by_region(*, queryset: QuerySet[Signal]) -> SignalCounts:
    """Counts of ``queryset`` by RSS × kind (two queries: the regions and one aggregate), each
    region in official code order, then the signals filed under Québec as a whole and the total
    for Québec. Counts of 1–4 read "< 5", and so does any cell that would give one back from a
    row or column total (complementary suppression)."""
    regions = list(Territory.objects.regions().select_related("parent"))
    cells: dict[tuple[int | None, str], int] = {}
    rows = queryset.order_by().annotate(rss=_rss()).values("rss", "kind").annotate(count=Count("pk", distinct=True))
    for row in rows:
        key = (row["rss"], row["kind"])
        cells[key] = cells.get(key, 0) + row["count"]
    kinds = [value for value, _label in SignalKind.choices]
    # The table's cells, keyed (row, column): a row per region, "québec" for the signals filed
    # under Québec as a whole and "all" for the total; a column per kind and "total".
    rows = [region.pk for region in regions] + ["québec"]
    table: dict[tuple, int] = {}
    for row in rows:
        rss_id = None if row == "québec" else row
        for kind in kinds:
            table[(row, kind)] = cells.get((rss_id, kind), 0)
        table[(row, "total")] = sum(table[(row, kind)] for kind in kinds)
    for column in [*kinds, "total"]:
        table[("all", column)] = sum(table[(row, column)] for row in rows)
    relations = [Relation(tuple((row, kind) for kind in kinds), (row, "total")) for row in [*rows, "all"]]
    relations += [Relation(tuple((row, column) for row in rows), ("all", column)) for column in [*kinds, "total"]]
    hidden = suppress(table, relations)

    def row_for(territory: Territory | None, row) -> SignalCountRow:
        return SignalCountRow(
            territory=territory,
            by_kind=[Figure(table[(row, kind)], hidden=(row, kind) in hidden) for kind in kinds],
            total=Figure(table[(row, "total")], hidden=(row, "total") in hidden),
        )

    return SignalCounts(
        kinds=[(value, str(label)) for value, label in SignalKind.choices],
        regions=[row_for(region, region.pk) for region in regions],
        province_only=row_for(None, "québec"),
        province=row_for(regions[0].parent if regions else None, "all"),
    )
