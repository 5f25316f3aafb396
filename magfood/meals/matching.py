"""Food words -> ranked FDC foods, with scores 0-100 and the next best alternatives.

FDC descriptions are inverted and wordy ("Seeds, pumpkin and squash seed kernels,
roasted, without salt"); people write "pumpkin seeds". The stages, in order:

1. **Read** the words (``query``): regional words and British spellings in US English,
   singular lowercase tokens without stop words, the synonym table (``SYNONYMS``),
   spelling slips corrected (``spelling``), diary words set aside, a head and an anchor.
2. **Find** the candidates through the inverted index (``index``, built once per table):
   only foods sharing a word, or a name's word (``names``), with the query are looked at,
   so a 400,000-food table stays fast.
3. **Weigh** each candidate's features (``features``: coverage of the query's words, the
   anchor, the description's first words, extra words, the cooking state and everyday
   form, the prior against brands and baby foods ...) by the weights in ``ranking.toml``;
   the best ``SHORTLIST`` also by the closeness of their words to the query's
   (rapidfuzz's token_sort_ratio), which favours short, close descriptions.
4. Among twins (one food as two releases or two salt forms describe it) the salt the
   user said comes first.

Below ``CUTOFF`` a food is not taken; the caller lists the candidates instead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from magfood.meals.features import FEATURES, candidates
from magfood.meals.index import FoodIndex, food_index
from magfood.meals.query import Query, read_query
from magfood.meals.words import (
    COOKING_WORDS,
    DEFAULT_FORMS,
    NEGATED,
    PENALTIES,
    PREP_WORDS,
    SALT_WORDS,
    SIZE_WORDS,
    STATE_ALSO,
    STOP_WORDS,
    SYNONYMS,
    apply_synonyms,
    normalise,
    singular,
    words,
)
from magfood.table import Portion

__all__ = [
    "COOKING_WORDS",
    "CUTOFF",
    "DEFAULT_FORMS",
    "PENALTIES",
    "PREP_WORDS",
    "SIZE_WORDS",
    "STATE_ALSO",
    "STOP_WORDS",
    "SYNONYMS",
    "Alternative",
    "FoodIndex",
    "Portion",
    "Query",
    "apply_synonyms",
    "food_index",
    "match",
    "normalise",
    "read_query",
    "singular",
    "twins_of",
    "words",
]

#: Scores below this are not a match: the item is "unmatched" with its candidates listed.
CUTOFF = 60.0
#: Only this many of the best candidates by features are compared word by word.
SHORTLIST = 40
#: Twins differ by at most this share in magnesium and in energy per 100 g.
TWIN_TOLERANCE = 0.15


@dataclass(frozen=True)
class Ranking:
    """The weights of the features (``features.FEATURES``), read from ``ranking.toml``."""

    weights: npt.NDArray[np.float64]
    closeness: float
    bias: float


def _ranking() -> Ranking:
    text = resources.files(__package__).joinpath("ranking.toml").read_text("utf-8")
    data = tomllib.loads(text)
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"ranking.toml weighs {sorted(weights)}; the features are {FEATURES}")
    vector = np.asarray([float(weights[f]) for f in FEATURES])
    return Ranking(vector, float(data["closeness"]), float(data["bias"]))


RANKING = _ranking()


@dataclass(frozen=True)
class Alternative:
    """One candidate food with its match score (0-100)."""

    fdc_id: int
    food: str
    score: float


def match(words: str, index: FoodIndex, limit: int = 6) -> tuple[Alternative, ...]:
    """The best foods for some food words, best first (possibly none)."""
    query = read_query(words, index)
    if query.head is None:
        return ()  # no word names a food: numbers, cooking words or markup alone
    rows, scores = _score(query, index)
    if rows.size == 0:
        return ()  # only words no food has, e.g. a lone cooking word
    order = _twin_first(query, rows, np.argsort(-scores, kind="stable"), index)[:limit]
    scores[order[0]] = max(scores[order[0]], scores.max())  # the best twin's score
    scale = 100.0 / max(100.0, float(scores[order[0]]))
    return tuple(
        Alternative(
            int(index.fdc_ids[rows[i]]),
            index.descriptions[rows[i]],
            round(float(np.clip(scores[i] * scale, 0.0, 100.0)), 1),
        )
        for i in order
    )


def _score(query: Query, index: FoodIndex) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """Each candidate's score: its features weighed (``ranking.toml``), then, for the best
    ``SHORTLIST``, the closeness of its words to the query's."""
    found = candidates(query, index)
    if found.rows.size == 0:
        return found.rows, np.zeros(0)
    score = found.features @ RANKING.weights
    keep = np.argsort(-score, kind="stable")[:SHORTLIST]
    rows, score = found.rows[keep], score[keep]
    text = " ".join(query.words)
    closeness = process.cdist(
        [text], [index.normalised[r] for r in rows], scorer=fuzz.token_sort_ratio, workers=1
    )[0]
    return rows, score + RANKING.closeness * closeness + RANKING.bias


def twins_of(row: int, rows: npt.NDArray[np.int32], index: FoodIndex) -> npt.NDArray[np.bool_]:
    """Which rows are twins of ``row``: the same words once salt and "NFS" wording are set
    aside, and magnesium and energy per 100 g within ``TWIN_TOLERANCE`` of each other -
    one food as two releases or two salt forms describe it."""
    same = index.twin[rows] == index.twin[row]
    for values in (index.magnesium, index.kcal):
        mine, theirs = values[row], values[rows]
        close = np.abs(theirs - mine) <= TWIN_TOLERANCE * np.maximum(np.maximum(theirs, mine), 1.0)
        same &= close  # NaN on either side is never close
    result: npt.NDArray[np.bool_] = same
    return result


def _twin_first(
    query: Query, rows: npt.NDArray[np.int32], order: npt.NDArray[np.intp], index: FoodIndex
) -> npt.NDArray[np.intp]:
    """The ranking with the best food's preferred twin first: salt as the user said it
    ("salted butter"), otherwise the form that says nothing about salt, then the one
    without salt; among equals the better score."""
    twins = np.flatnonzero(twins_of(int(rows[order[0]]), rows, index))
    if twins.size < 2:
        return order
    said = set(query.words)
    if said & {"unsalted", NEGATED + "salt"}:
        preference = (1, 0, 1)
    elif said & SALT_WORDS:
        preference = (1, 2, 0)
    else:
        preference = (0, 0, 1)
    position = np.empty(order.size, dtype=np.intp)
    position[order] = np.arange(order.size)
    chosen = min(twins, key=lambda i: (preference[int(index.salt[rows[i]])], position[i]))
    return np.concatenate(([chosen], order[order != chosen]))
