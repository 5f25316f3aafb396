"""Column-wise helpers of the index build (``index``): postings grouped with numpy, the
cycle collector paused while millions of small objects are made, the penalties as
vectorised string tests, and the signals per food that it is the everyday form people
mean."""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
import pandas as pd

from magfood.meals.words import NOT_SPECIFIED, PENALTIES
from magfood.table import FoodTable

__all__ = ["Everyday", "everyday_signals", "gc_paused", "grouped", "penalties", "sorted_union"]


@dataclass(frozen=True)
class Everyday:
    """Signals, per food, that it is the everyday form people mean."""

    #: log(1 + how many FNDDS recipes use the food as an ingredient): SR's everyday forms
    #: ("Squash, summer, zucchini, includes skin, raw") are in many, odd ones in none.
    recipes: npt.NDArray[np.float32]
    #: FNDDS's "NFS" / "NS as to ..." entry: its default when the kind is not said.
    unspecified: npt.NDArray[np.bool_]
    #: magfood's commonly_eaten column (foods/kinds.py), built at refresh.
    common: npt.NDArray[np.bool_]


def everyday_signals(table: FoodTable, lowered: list[str], row_of: dict[int, int]) -> Everyday:
    uses = np.zeros(len(lowered), dtype=np.float32)
    counts = table.ingredients["ingredient_fdc_id"].value_counts()
    for fdc_id, count in zip(counts.index.tolist(), counts.tolist(), strict=True):
        row = row_of.get(int(fdc_id))
        if row is not None:
            # Python's log1p, not numpy's: numpy picks a SIMD float32 log1p by CPU, which
            # put three foods one float32 step apart between machines (index not reproducible).
            uses[row] = math.log1p(count)
    unspecified = np.fromiter((bool(NOT_SPECIFIED.search(t)) for t in lowered), bool, len(lowered))
    foods = table.foods
    common = (
        foods["commonly_eaten"].fillna(False).to_numpy(dtype=bool)
        if "commonly_eaten" in foods
        else np.ones(len(lowered), dtype=bool)
    )
    return Everyday(uses, unspecified, common)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector: a build makes millions of acyclic objects, and
    collecting them as they come took longer than reading 400,000 descriptions."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def grouped(
    rows: Sequence[Collection[str]], values: Sequence[Iterable[float]] | None = None
) -> tuple[dict[str, npt.NDArray[np.int32]], dict[str, npt.NDArray[np.float32]]]:
    """Postings (sorted rows per token) from per-row tokens, and per-token values if given.

    The tokens are exploded into one array, factorised and stably sorted, so each token's
    rows come out ascending without a Python append per token.
    """
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    count = int(lengths.sum())
    if count == 0:
        return {}, {}
    row_ids = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
    tokens = np.fromiter(chain.from_iterable(rows), dtype=object, count=count)
    codes, vocabulary = pd.factorize(tokens)
    order = np.argsort(codes, kind="stable")
    cuts = np.cumsum(np.bincount(codes, minlength=len(vocabulary)))[:-1]
    postings = dict(zip(vocabulary, np.split(row_ids[order], cuts), strict=True))
    if values is None:
        return postings, {}
    flat = np.fromiter(chain.from_iterable(values), dtype=np.float32, count=count)
    return postings, dict(zip(vocabulary, np.split(flat[order], cuts), strict=True))


def sorted_union(arrays: Sequence[npt.NDArray[np.int32]]) -> npt.NDArray[np.int32]:
    """The ascending distinct rows of some row arrays: ``np.unique`` of them joined, by a
    sort (numpy's hashing unique is several times slower on posting lists)."""
    joined = np.sort(np.concatenate(arrays))
    if joined.size < 2:
        return joined
    kept: npt.NDArray[np.int32] = joined[np.concatenate(([True], joined[1:] != joined[:-1]))]
    return kept


def penalties(
    lowered: list[str],
) -> tuple[npt.NDArray[np.float64], dict[str, npt.NDArray[np.int32]]]:
    """Each food's penalty (``PENALTIES``) and, per lifting word, the rows it lifts."""
    texts = pd.Series(lowered, dtype=object)
    penalty = np.zeros(len(lowered))
    lift: dict[str, npt.NDArray[np.int32]] = {}
    for markers, amount, lifting in PENALTIES:
        pattern = "|".join(re.escape(m) for m in markers)
        hit = texts.str.contains(pattern, regex=True).to_numpy(dtype=bool)
        penalty += amount * hit
        rows = np.flatnonzero(hit).astype(np.int32)
        for word in lifting:
            lift[word] = np.union1d(lift[word], rows) if word in lift else rows
    return penalty, lift
