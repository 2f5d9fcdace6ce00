"""Small-count suppression on aggregated cells (research/reliability-security.md D2–D3)."""

import itertools
import random

import pytest

from loop.suppression import Relation, suppress


def test_the_worked_example_hides_the_small_age_group_and_the_next_smallest():
    cells = {"18-34": 12, "35-64": 3, "65+": 9, "total": 24}

    assert suppress(cells, [Relation(("18-34", "35-64", "65+"), "total")]) == {"35-64", "65+"}


def test_zero_is_published_and_never_chosen_to_protect_a_cell():
    cells = {"a": 0, "b": 2, "c": 0, "total": 2}

    # Every other part is zero: only hiding the total keeps b from being read back.
    assert suppress(cells, [Relation(("a", "b", "c"), "total")]) == {"b", "total"}


def test_hiding_spreads_through_relations_that_share_a_cell():
    # A 2 × 2 table with its margins: hiding one inner cell needs a second one in its row, and
    # then one in each column.
    cells = {"r1c1": 3, "r1c2": 10, "r2c1": 20, "r2c2": 30, "r1": 13, "r2": 50, "c1": 23, "c2": 40, "all": 63}
    relations = [
        Relation(("r1c1", "r1c2"), "r1"),
        Relation(("r2c1", "r2c2"), "r2"),
        Relation(("r1c1", "r2c1"), "c1"),
        Relation(("r1c2", "r2c2"), "c2"),
        Relation(("r1", "r2"), "all"),
        Relation(("c1", "c2"), "all"),
    ]

    hidden = suppress(cells, relations)

    assert {"r1c1", "r1c2", "r2c1", "r2c2"} <= hidden
    _assert_protected(cells, relations, hidden)


def _assert_protected(cells, relations, hidden):
    assert not [key for key, count in cells.items() if key not in hidden and 0 < count < 5]
    for relation in relations:
        members = [key for key in (*relation.parts, relation.total) if key in cells]
        assert sum(key in hidden for key in members) != 1, relation


@pytest.mark.parametrize("seed", range(300))
def test_random_tables_with_margins_never_publish_a_small_count_or_a_lone_hidden_cell(seed):
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 5), rng.randint(1, 5)
    cells = {
        (r, c): rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 40])
        for r, c in itertools.product(range(rows), range(columns))
    }
    relations = []
    for r in range(rows):
        cells[(r, "total")] = sum(cells[(r, c)] for c in range(columns))
        relations.append(Relation(tuple((r, c) for c in range(columns)), (r, "total")))
    for c in range(columns):
        cells[("total", c)] = sum(cells[(r, c)] for r in range(rows))
        relations.append(Relation(tuple((r, c) for r in range(rows)), ("total", c)))
    cells[("total", "total")] = sum(cells[(r, "total")] for r in range(rows))
    relations.append(Relation(tuple((r, "total") for r in range(rows)), ("total", "total")))
    relations.append(Relation(tuple(("total", c) for c in range(columns)), ("total", "total")))

    _assert_protected(cells, relations, suppress(cells, relations))
