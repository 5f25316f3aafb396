"""What the scorer (``features``) derives from an index on first use, kept with the index.

Some of a candidate's features do not depend on the query beyond a word or a form: the
names holding a word, or the points a food gets for being in a form. Each is worked out
once per index, over all its foods, and kept as long as the index is (a weak mapping: a
table dropped drops them too); a query then reads its candidates' rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from magfood.meals.index import FoodIndex

__all__ = ["derived", "names_holding"]

_T = TypeVar("_T")
_KEPT: WeakKeyDictionary[FoodIndex, dict[Hashable, Any]] = WeakKeyDictionary()


def derived(index: FoodIndex, key: Hashable, build: Callable[[], _T], kept: int = 0) -> _T:
    """``build()`` for ``index`` and ``key``, made on the first call and then kept; with
    ``kept``, at most that many values of one kind (``key[0]``) are kept, oldest dropped."""
    found = _KEPT.get(index)
    if found is None:
        found = _KEPT[index] = {}
    if key in found:
        value: _T = found[key]
        return value
    value = build()
    if kept and isinstance(key, tuple):
        same = [k for k in found if isinstance(k, tuple) and k[:1] == key[:1]]
        for old in same[: max(len(same) - kept + 1, 0)]:
            del found[old]
    found[key] = value
    return value


def names_holding(index: FoodIndex, token: str) -> tuple[tuple[int, frozenset[str]], ...]:
    """(row, name) for each name of a food that holds the word, rows ascending: the
    names a query anchored on the word may say in full."""

    def build() -> tuple[tuple[int, frozenset[str]], ...]:
        rows = index.name_postings.get(token)
        if rows is None:
            return ()
        return tuple(
            (row, name)
            for row in dict.fromkeys(rows.tolist())
            for name in index.names.get(row, ())
            if token in name
        )

    return derived(index, ("names_holding", token), build)
