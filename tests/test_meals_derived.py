"""What the scorer derives from an index on first use (``meals.derived``): the same as
working it out for each query, kept per index and bounded."""

from __future__ import annotations

import numpy as np
import pytest

from magfood.meals import features
from magfood.meals.derived import derived, names_holding
from magfood.meals.index import food_index
from magfood.table.load import FoodTable


@pytest.mark.parametrize("token", ["pocket", "cheese", "milk", "quesadilla", "no_such_word", ""])
def test_names_holding_are_every_name_with_the_word(table: FoodTable, token: str) -> None:
    index = food_index(table)
    rows = index.name_postings.get(token)
    wanted = [] if rows is None else sorted(set(rows.tolist()))
    expected = [(r, name) for r in wanted for name in index.names.get(r, ()) if token in name]
    found = names_holding(index, token)
    assert list(found) == expected
    assert [r for r, _ in found] == sorted(r for r, _ in found)
    assert names_holding(index, token) is found  # kept with the index


def test_derived_keeps_a_value_per_key_and_drops_the_oldest_of_a_kind(table: FoodTable) -> None:
    index = food_index(table)
    calls: list[int] = []

    def make(value: int) -> int:
        calls.append(value)
        return value

    for value in (1, 2, 3):
        assert derived(index, ("test_kind", value), lambda v=value: make(v), kept=2) == value
    assert derived(index, ("test_kind", 3), lambda: make(99), kept=2) == 3  # kept
    assert derived(index, ("test_kind", 2), lambda: make(98), kept=2) == 2  # kept
    assert derived(index, ("test_kind", 1), lambda: make(97), kept=2) == 97  # dropped, remade
    assert calls == [1, 2, 3, 97]


@pytest.mark.parametrize("token", ["cooked", "rice", "raw", "skin", "no_such_word"])
def test_word_weights_kept_per_index_equal_the_posting_search(
    table: FoodTable, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = food_index(table)
    rows = np.unique(
        np.concatenate([index.rows_with("rice"), index.rows_with("cooked"), np.arange(0, 900, 7)])
    ).astype(np.int32)
    kept = features._lookup(rows, token, index)  # the shipped table keeps weights
    monkeypatch.setattr(features, "_WEIGHTS_KEPT", 10**9)  # as a Branded-size table would
    searched = features._lookup(rows, token, index)
    for a, b in zip(kept, searched, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert kept[0].sum() == np.isin(rows, index.postings.get(token, [])).sum()
