"""Food words -> ranked FDC foods, with scores 0-100 and the next best alternatives.

FDC descriptions are inverted and wordy ("Seeds, pumpkin and squash seed kernels,
roasted, without salt"); people write "pumpkin seeds". The strategy, in order:

1. **Normalise** both sides to singular lowercase tokens without stop words, and rewrite
   the user's words through a small synonym table (``SYNONYMS``: "pepitas" -> pumpkin
   seed kernels, "PB" -> peanut butter ...). Unknown words are corrected against the
   table's vocabulary with rapidfuzz.
2. **Prefilter** through an inverted token index (built once per table, cached): only
   foods sharing a word with the query are scored, so a 400,000-food table stays fast.
3. **Score** each candidate: the share of the query's words in the description (the
   anchor word counts double: the head noun, the last word, so "pumpkin seeds" never
   becomes "Pumpkin, raw", unless a word before it is far rarer in the table, so
   "collard greens" must have collard), words in the description's first segment, few
   extra words (5 x sqrt of their weight: the first unasked qualifier costs most, so the
   plain everyday form wins), the cooking state ("raw" unless a cooking word is given;
   cooked for foods nobody eats raw, ``DEFAULT_FORMS``), and a prior against baby
   foods, brands, restaurant items and obscure entries (``PENALTIES``). "No X" and
   "without X" mark X as lacking on both sides ("Pizza, no cheese" has no cheese);
   a percentage matches a description's range ("70%" in "70-85%"); cut words
   ("sliced", "fillet") pick a portion more than a food. rapidfuzz's token_sort_ratio
   breaks ties in favour of short, close descriptions.

The word tables live in ``food_words``, the index in ``food_index``, the portions in
``portions``.

Below ``CUTOFF`` a food is not taken; the caller lists the candidates instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from magfood.meals.index import FoodIndex, food_index
from magfood.meals.query import Query, read_query
from magfood.meals.words import (
    COOKED_MEAT,
    COOKING_WORDS,
    DEFAULT_FORMS,
    FAT_LEVEL_WORDS,
    METHOD_WORDS,
    NEGATED,
    PENALTIES,
    PREP_WORDS,
    SALT_WORDS,
    SIZE_WORDS,
    STATE_ALSO,
    STOP_WORDS,
    SYNONYMS,
    VARIANT_WORDS,
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

_CUT_BONUS = 2.0
_CUT_NAMING = 6.0
#: A word only a food's names hold counts for this share of a word of its description.
_NAME_WORD = 0.5
#: Weight of a diary word in a phrase (a food word weighs 1).
_DIARY_WEIGHT = 0.2
_EXTRA_COST = 5.0
_VARIANT_COST = 4.0
#: Twins differ by at most this share in magnesium and in energy per 100 g.
TWIN_TOLERANCE = 0.15
#: A word in a naming aside ("Crackers, cheese (Goldfish)") names the food, at this share
#: of a word in the description's first segment.
_ASIDE_NAMING = 0.6


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
    weights = {t: _query_weight(t, query) for t in query.words}
    cutting = [t for t, w in weights.items() if w == 0.0]  # cut words pick a portion
    total = sum(weights.values())
    parts = [index.rows_with(t) for t in query.words]
    rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
    if rows.size == 0:
        return rows, np.zeros(0)
    matched = np.zeros(rows.size)
    in_first = np.zeros(rows.size)
    explained = np.zeros(rows.size)
    named = _name_cover(query, rows, index)
    for token, weight in weights.items():
        present, extra_weight = _lookup(rows, token, index)
        by_name = named.get(token, 0.0)
        also = np.maximum(
            _also(rows, token, index),
            _NAME_WORD * index.member(rows, index.name_postings.get(token)),
        )
        matched += weight * np.maximum(np.maximum(present, also), by_name)
        explained += extra_weight
        in_first += weight * np.maximum(
            np.maximum(index.member(rows, index.first.get(token)), by_name),
            _ASIDE_NAMING * index.member(rows, index.aside.get(token)),
        )
    for token in _implied(query):  # the everyday form's words are not extra words
        explained += _lookup(rows, token, index)[1]
    head = (
        np.maximum(
            index.member(rows, index.postings.get(query.anchor)), named.get(query.anchor, 0.0)
        )
        if query.anchor
        else 1.0
    )
    head_in_aside = index.member(rows, index.aside.get(query.anchor or "")) * (  # "(Triscuit)"
        1.0 - index.member(rows, index.first.get(query.anchor or ""))
    )
    cut = _any(rows, cutting, index) if cutting else 0.0
    # a cut word that names the food ("Fish, stick"; "Cheese, string") is the food's name
    cut_names = _any(rows, cutting, index, index.first) if cutting else 0.0
    extra = np.maximum(index.extra[rows] - explained, 0.0)
    asked = np.asarray([index.token_id.get(t, -3) for t in query.words], dtype=np.int32)
    tail = index.tail_id[rows]
    stray_tail = (tail >= 0) & ~np.isin(tail, asked) & (head_in_aside == 0)
    same_name = index.name_id[rows] == index.token_id.get(query.head or "", -2)
    score = (
        5.0 * same_name
        + 70.0 * matched / total
        + 15.0 * in_first / total
        + 15.0 * head
        - _EXTRA_COST * np.sqrt(np.minimum(extra, 14.0))
        - 10.0 * stray_tail
        + _CUT_BONUS * cut
        + _CUT_NAMING * cut_names
        - _VARIANT_COST * _any(rows, _unasked_variants(query), index)
        + _state(query, rows, index)
        + _prior(query, rows, index)
    )
    keep = np.argsort(-score, kind="stable")[:40]
    rows, score = rows[keep], score[keep]
    text = " ".join(query.words)
    closeness = process.cdist(
        [text], [index.normalised[r] for r in rows], scorer=fuzz.token_sort_ratio, workers=1
    )[0]
    return rows, score + 0.05 * closeness - 5.0


def _name_cover(
    query: Query, rows: npt.NDArray[np.int32], index: FoodIndex
) -> dict[str, npt.NDArray[np.float64]]:
    """Per query word, 1.0 for each row one of whose names the query says in full, holding
    the query's anchor: such a name reads as the food's description's first words ("hot
    pocket", "Manwich"). Not "cheese" on a beef quesadilla for "cheese quesadilla": FNDDS
    lists variants a food code covers among its names too, so a name must hold the anchor."""
    said = frozenset(query.words)
    if query.anchor is None:
        return {}
    near = [index.name_postings.get(t) for t in said]
    named = np.unique(np.concatenate([p for p in near if p is not None] or [_NONE]))
    where = {int(r): i for i, r in enumerate(rows)}
    cover: dict[str, npt.NDArray[np.float64]] = {}
    for row in named.tolist():
        i = where.get(row)
        if i is None:
            continue
        for name in index.names.get(row, ()):
            if query.anchor in name and name <= said:
                for token in name:
                    cover.setdefault(token, np.zeros(rows.size))[i] = 1.0
    return cover


_NONE = np.zeros(0, dtype=np.int32)


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


def _unasked_variants(query: Query) -> tuple[str, ...]:
    """Variant words ("lowfat", "pre-cooked", "powder") the query neither says nor implies;
    a percentage said ("2% milk") is a fat level, so fat-level words are not unasked."""
    return tuple(sorted(VARIANT_WORDS - {*query.words, *_implied(query)}))


def _implied(query: Query) -> tuple[str, ...]:
    """Words the query implies without saying them: its head's everyday form, and a fat
    level when it gives a percentage ("2% milk" is reduced fat)."""
    fat = FAT_LEVEL_WORDS if any(t.endswith("%") for t in query.words) else ()
    if any(t in COOKING_WORDS for t in query.words):
        return tuple(sorted(fat))
    form = DEFAULT_FORMS.get(query.head or "", ((), ()))[0]
    return tuple(t for t in (*form, *sorted(fat)) if t not in query.words)


def _query_weight(token: str, query: Query) -> float:
    if token == query.anchor:
        return 2.0
    if token in query.diary:
        return _DIARY_WEIGHT
    if token in COOKING_WORDS:
        return 0.6
    if token in PREP_WORDS:  # a cut word says how it was cut, seldom which food it was
        return 0.0 if any(t not in PREP_WORDS for t in query.words) else 1.0
    return 1.0


def _lookup(
    rows: npt.NDArray[np.int32], token: str, index: FoodIndex
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Whether each row has the token, and the token's extra-word weight there."""
    posting = index.postings.get(token)
    if posting is None:
        return np.zeros(rows.size), np.zeros(rows.size)
    at = np.minimum(np.searchsorted(posting, rows), posting.size - 1)
    present = posting[at] == rows
    return present.astype(float), np.where(present, index.weights[token][at], 0.0)


def _also(rows: npt.NDArray[np.int32], token: str, index: FoodIndex) -> npt.NDArray[np.float64]:
    found = np.zeros(rows.size)
    for other in STATE_ALSO.get(token, ()):
        found = np.maximum(found, 0.7 * index.member(rows, index.postings.get(other)))
    return found


def _state(
    query: Query, rows: npt.NDArray[np.int32], index: FoodIndex
) -> npt.NDArray[np.float64] | float:
    """Raw unless a cooking word is given; the everyday form for foods nobody eats raw."""
    if any(t in COOKING_WORDS for t in query.words):
        kind = _default_kind(query, rows, index)  # toast is white bread too
        if set(query.words) & {"raw", "uncooked", "dry"}:
            return kind - 8.0 * _any(rows, ("cooked", "boiled", "roasted", "baked", "fried"), index)
        return kind - 10.0 * index.member(rows, index.postings.get("raw"))
    form = DEFAULT_FORMS.get(query.head or "")
    if form is not None:
        return _form_bonus(rows, form, index)
    flesh = index.flesh[rows]  # animal flesh is eaten cooked, whatever its name
    return np.where(
        flesh,
        _form_bonus(rows, COOKED_MEAT, index),
        _form_bonus(rows, ((), ()), index),
    )


def _default_kind(
    query: Query, rows: npt.NDArray[np.int32], index: FoodIndex
) -> npt.NDArray[np.float64]:
    """Points for the everyday kind of the head ("white" bread) whatever its cooking."""
    preferred = DEFAULT_FORMS.get(query.head or "", ((), ()))[0]
    bonus = np.zeros(rows.size)
    for token in preferred:
        if token not in COOKING_WORDS and token not in query.words:
            bonus += 2.0 * index.member(rows, index.postings.get(token))
    return bonus


def _form_bonus(
    rows: npt.NDArray[np.int32],
    form: tuple[tuple[str, ...], tuple[str, ...]],
    index: FoodIndex,
) -> npt.NDArray[np.float64]:
    """Points for a food in the preferred form, less for an avoided one; raw by default."""
    preferred, avoided = form
    bonus = 6.0 * _any(rows, preferred, index) - 8.0 * _any(rows, avoided, index)
    for token in preferred:
        bonus = bonus + 2.0 * index.member(rows, index.postings.get(token))
    if "cooked" not in preferred:
        bonus = bonus - 8.0 * _any(rows, METHOD_WORDS, index)
        bonus = bonus + 2.0 * index.member(rows, index.postings.get("raw"))
    return bonus


def _any(
    rows: npt.NDArray[np.int32],
    tokens: Iterable[str],
    index: FoodIndex,
    postings: dict[str, npt.NDArray[np.int32]] | None = None,
) -> npt.NDArray[np.float64]:
    lookup = index.postings if postings is None else postings
    found = np.zeros(rows.size)
    for token in tokens:
        if token in lookup:
            found = np.maximum(found, index.member(rows, lookup[token]))
    return found


def _prior(query: Query, rows: npt.NDArray[np.int32], index: FoodIndex) -> npt.NDArray[np.float64]:
    """The food's prior; a penalty is given back when the user named what it is for: the
    brand penalty for the brand ("Oreos"), the kind's penalty for the kind ("fast food"),
    each alone (naming Oreo does not make a McFlurry with Oreo an everyday food)."""
    prior: npt.NDArray[np.float64] = index.prior[rows].astype(float)
    kind = _any(rows, query.words, index, index.lifts) * index.lift_amount[rows]
    brand = _any(rows, query.words, index, index.brand_lifts) * index.brand_amount[rows]
    given_back: npt.NDArray[np.float64] = kind + brand
    return prior + given_back
