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


#: What the confidence reads of a candidate: its score and lead over the best food that is
#: not its twin, the query's word count and spelling corrections, and the ranking's features.
CONFIDENCE_INPUTS = ("score", "lead", "words", "corrections", *FEATURES, "closeness")


@dataclass(frozen=True)
class Confidence:
    """How sure a match is: the chance that a candidate is a food the person meant,
    ``1 / (1 + exp(-(inputs . weights + bias)))`` over ``CONFIDENCE_INPUTS``, fitted by
    ``scripts/fit_confidence.py`` on the labelled phrases. A food is sure from ``sure`` up;
    below it the item asks for a check."""

    weights: npt.NDArray[np.float64]
    bias: float
    sure: float

    def chances(self, inputs: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The fitted chance (0-1) for each row of inputs (candidates x inputs)."""
        logit = np.clip(inputs @ self.weights + self.bias, -50.0, 50.0)
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-logit))
        return result


@dataclass(frozen=True)
class Ranking:
    """The weights of the features (``features.FEATURES``) and the confidence fitted on
    them, read from ``ranking.toml``."""

    weights: npt.NDArray[np.float64]
    closeness: float
    bias: float
    confidence: Confidence


def _ranking() -> Ranking:
    text = resources.files(__package__).joinpath("ranking.toml").read_text("utf-8")
    data = tomllib.loads(text)
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"ranking.toml weighs {sorted(weights)}; the features are {FEATURES}")
    vector = np.asarray([float(weights[f]) for f in FEATURES])
    sure = data["confidence"]
    if set(sure["weights"]) != set(CONFIDENCE_INPUTS):
        raise ValueError(f"ranking.toml's confidence weighs {sorted(sure['weights'])}")
    confidence = Confidence(
        np.asarray([float(sure["weights"][f]) for f in CONFIDENCE_INPUTS]),
        float(sure["bias"]),
        float(sure["sure"]),
    )
    return Ranking(vector, float(data["closeness"]), float(data["bias"]), confidence)


RANKING = _ranking()


@dataclass(frozen=True)
class Alternative:
    """One candidate food with its match score (0-100) and how sure the match is."""

    fdc_id: int
    food: str
    score: float
    chance: float = 1.0  #: the fitted chance that this is the food meant (``Confidence``)

    @property
    def sure(self) -> bool:
        """Whether the match is sure enough to stand without a check."""
        return self.chance >= RANKING.confidence.sure


def match(
    words: str, index: FoodIndex, limit: int = 6, *, query: Query | None = None
) -> tuple[Alternative, ...]:
    """The best foods for some food words, best first (possibly none); ``query`` is the
    words as ``read_query`` reads them, when the caller has read them already."""
    return ranked(words, index, limit, query=query)[0]


def ranked(
    words: str, index: FoodIndex, limit: int = 6, *, query: Query | None = None
) -> tuple[tuple[Alternative, ...], npt.NDArray[np.float64]]:
    """``match`` with the ``CONFIDENCE_INPUTS`` of each food (one row each), which
    ``scripts/fit_ranking.py`` fits the confidence on."""
    nothing = np.zeros((0, len(CONFIDENCE_INPUTS)))
    query = read_query(words, index) if query is None else query
    if query.head is None:
        return (), nothing  # no word names a food: numbers, cooking words or markup alone
    rows, scores, features = _score(query, index)
    if rows.size == 0:
        return (), nothing  # only words no food has, e.g. a lone cooking word
    order = _twin_first(query, rows, np.argsort(-scores, kind="stable"), index)[:limit]
    scores[order[0]] = max(scores[order[0]], scores.max())  # the best twin's score
    scale = 100.0 / max(100.0, float(scores[order[0]]))
    shown = np.clip(scores * scale, 0.0, 100.0)
    said = np.asarray([len(query.words), len(query.corrections)], dtype=np.float64)
    lead = _leads(scores, order, index.twin[rows])
    inputs = confidence_inputs(scores[order], lead, said, features[order])
    chance = RANKING.confidence.chances(inputs)
    found = tuple(
        Alternative(
            int(index.fdc_ids[rows[i]]),
            index.descriptions[rows[i]],
            round(float(shown[i]), 1),
            round(float(c), 3),
        )
        for i, c in zip(order, chance, strict=True)
    )
    return found, inputs


def _leads(
    scores: npt.NDArray[np.float64], order: npt.NDArray[np.intp], twin: npt.NDArray[np.int32]
) -> npt.NDArray[np.float64]:
    """For the candidates in ``order``, each score minus the best score among the
    candidates of another twin group (the whole score when there is none)."""
    others = twin[np.newaxis, :] != twin[order][:, np.newaxis]  # one row per candidate
    best = np.where(others, scores[np.newaxis, :], -np.inf).max(axis=1, initial=-np.inf)
    lead: npt.NDArray[np.float64] = scores[order] - np.where(others.any(axis=1), best, 0.0)
    return lead


def confidence_inputs(
    scores: npt.NDArray[np.float64],
    leads: npt.NDArray[np.float64],
    said: npt.NDArray[np.float64],
    features: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The ``CONFIDENCE_INPUTS`` of some candidates (one row each): their scores and leads,
    what the query said (words, corrections) and their features with closeness."""
    return np.column_stack([scores, leads, np.tile(said, (scores.size, 1)), features])


def _score(
    query: Query, index: FoodIndex
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The best ``SHORTLIST`` candidates by their features weighed (``ranking.toml``),
    their scores with the closeness of their words to the query's, and their features
    with that closeness as a last column."""
    found = candidates(query, index)
    if found.rows.size == 0:
        return found.rows, np.zeros(0), np.zeros((0, len(FEATURES) + 1))
    score = found.features @ RANKING.weights
    keep = _best_first(score, SHORTLIST)
    rows, score = found.rows[keep], score[keep]
    text = " ".join(query.words)
    closeness = process.cdist(
        [text], [index.normalised[r] for r in rows], scorer=fuzz.token_sort_ratio, workers=1
    )[0]
    features = np.column_stack([found.features[keep], closeness])
    return rows, score + RANKING.closeness * closeness + RANKING.bias, features


def _best_first(score: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.intp]:
    """``np.argsort(-score, kind="stable")[:count]`` without sorting every candidate: the
    ones at least as good as the count-th best are picked first, in row order, then sorted
    (a stable sort keeps row order among equals, so ties fall as a full sort has them)."""
    negated = -score
    if score.size <= 4 * count or np.isnan(score).any():
        return np.argsort(negated, kind="stable")[:count]
    kth = np.partition(negated, count - 1)[count - 1]
    near = np.flatnonzero(negated <= kth)
    kept: npt.NDArray[np.intp] = near[np.argsort(negated[near], kind="stable")][:count]
    return kept


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
