"""Small counts removed from aggregate tables before they are stored (PRODUCT.md §4,
research/reliability-security.md D2–D3).

Primary suppression hides every count from 1 to threshold − 1. Complementary suppression then
walks every linear relation a reader could use (a total and its parts: phases and their total,
the 18 RSS and Québec, four quarters and their year): when a relation has exactly one hidden
cell, the smallest other cell that is not zero is hidden too (or the total, if every other part
is zero), until no relation has exactly one hidden cell. This works on aggregated cells, never
on rows.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from ecosystem.figures import is_small


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts`` (or bounds it: hiding one part still must not help)."""

    parts: tuple[Hashable, ...]
    total: Hashable


def suppress(cells: Mapping[Hashable, int], relations: Iterable[Relation]) -> set[Hashable]:
    """The keys of ``cells`` that must not be published."""
    hidden = {key for key, count in cells.items() if is_small(count)}
    relations = [relation for relation in relations if relation.total in cells]
    by_key: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for key in (*relation.parts, relation.total):
            by_key.setdefault(key, []).append(relation)
    pending = list(relations)
    while pending:
        relation = pending.pop()
        members = [key for key in (*relation.parts, relation.total) if key in cells]
        if sum(1 for key in members if key in hidden) != 1:
            continue
        shown = [key for key in relation.parts if key in cells and key not in hidden and cells[key] > 0]
        if shown:
            extra = min(shown, key=lambda key: (cells[key], str(key)))
        elif relation.total not in hidden:
            extra = relation.total
        else:  # the total is the hidden cell and every part is zero: nothing to recompute
            continue
        hidden.add(extra)
        pending.extend(by_key.get(extra, ()))
    return hidden
