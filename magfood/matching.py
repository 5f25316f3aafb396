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

The word tables live in ``food_words``, the portions in ``portions``.

Below ``CUTOFF`` a food is not taken; the caller lists the candidates instead.
"""

from __future__ import annotations

import gc
import math
import re
import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import numpy.typing as npt
import pandas as pd
from rapidfuzz import fuzz, process

from magfood.food_words import (
    BRAND_PENALTY,
    COOKING_WORDS,
    DEFAULT_FORMS,
    FILLER,
    GROUP_WORDS,
    METHOD_WORDS,
    NEGATED,
    NEUTRAL_WORDS,
    NOT_BRANDS,
    PENALTIES,
    PLAIN_COOKING_WORDS,
    PREP_WORDS,
    PROCESSING_WORDS,
    SIZE_WORDS,
    STATE_ALSO,
    STOP_WORDS,
    SYNONYMS,
    apply_synonyms,
    negated,
    normalise,
    singular,
    words,
)
from magfood.foods import FoodTable
from magfood.portions import Portion, portions_by_food

__all__ = [
    "CUTOFF",
    "DEFAULT_FORMS",
    "PENALTIES",
    "PREP_WORDS",
    "SIZE_WORDS",
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
    "words",
]

#: Scores below this are not a match: the item is "unmatched" with its candidates listed.
CUTOFF = 60.0
#: Weight of an unmatched description word by where it stands: the first comma segment
#: names the food, the second its kind, the rest details.
_POSITION_WEIGHTS = (4.0, 2.0, 0.4)
_SR_BONUS = 6.0

_KEY_RATIO = 1.8
_CUT_BONUS = 2.0
_EXTRA_COST = 5.0
_INCLUDES = re.compile(r"\(includes foods for usda's[^)]*\)", re.IGNORECASE)
_PERCENT_RANGE = re.compile(r"(\d+)%?\s*-\s*(\d+)\s*%")
_BRAND_RUN = re.compile(r"[A-Za-z'&.]*[A-Z]{3,}[A-Za-z'&.]*")
_BRAND_MARKS = re.compile(r"'S$|[.'&]")
_OPTION = re.compile(r"\bor\s+([\w-]+)")
_ASIDES = re.compile(r"\([^)]*\)?")


@dataclass(frozen=True)
class Alternative:
    """One candidate food with its match score (0-100)."""

    fdc_id: int
    food: str
    score: float


@dataclass(frozen=True)
class Query:
    """Food words as the matcher reads them."""

    words: tuple[str, ...]
    head: str | None
    corrections: tuple[str, ...] = ()
    key: str | None = None

    @property
    def anchor(self) -> str | None:
        """The word the food must have: the head, or a far more specific word before it."""
        return self.key or self.head


class FoodIndex:
    """Token index and per-food arrays over one FoodTable; build with ``food_index``.

    Built column-wise: each description is read once into (token, extra weight) pairs
    (segment readings are cached, FDC repeats them), then postings are grouped with
    numpy over the exploded tokens; penalties and priors are vectorised string tests.
    """

    def __init__(self, table: FoodTable) -> None:
        with _gc_paused():
            self._build(table)

    def _build(self, table: FoodTable) -> None:
        foods = table.foods
        self.fdc_ids: npt.NDArray[np.int64] = foods["fdc_id"].to_numpy(dtype=np.int64)
        self.descriptions: list[str] = [str(d) for d in foods["description"]]
        self.magnesium = foods["magnesium_mg_per_100g"].to_numpy(dtype=float)
        self.kcal = foods["energy_kcal_per_100g"].to_numpy(dtype=float)
        self.category = [str(c).lower() for c in foods["category"].fillna("")]
        self.row_of = {int(fid): row for row, fid in enumerate(self.fdc_ids)}
        texts = pd.Series(self.descriptions, dtype=object)
        lowered: list[str] = texts.str.replace(_INCLUDES, " ", regex=True).str.lower().tolist()
        readings = [_read(text) for text in lowered]
        self.tokens: list[frozenset[str]] = [frozenset(r.weighted) for r in readings]
        self.normalised = [r.extra_words for r in readings]
        self.extra = np.fromiter((r.extra for r in readings), np.float32, len(readings))
        self.tail = [r.tail for r in readings]
        self.name = self.tail
        self.postings, self.weights = _grouped(
            [r.weighted for r in readings], [r.weighted.values() for r in readings]
        )
        self.first = _grouped([r.naming for r in readings])[0]
        penalty, lift = _penalties(lowered)
        brands = [_brand_tokens(d) for d in self.descriptions]
        branded = np.fromiter((bool(b) for b in brands), bool, len(brands))
        for brand, rows in _grouped(brands)[0].items():
            only = brand in self.postings and self.postings[brand].size == rows.size
            if only:  # a word only brand names use: naming it lifts the brand penalty
                lift[brand] = np.union1d(lift.get(brand, rows[:0]), rows)
        self.lifts = {t: r.astype(np.int32) for t, r in lift.items()}
        self.lift_amount = (penalty + BRAND_PENALTY * branded).astype(np.float32)
        sr = foods["data_type"].to_numpy(dtype=object) == "sr_legacy"
        self.prior = (-self.lift_amount + _SR_BONUS * sr - 3.0 * np.isnan(self.magnesium)).astype(
            np.float32
        )
        self.vocabulary = sorted(self.postings)
        self.token_id = {t: i for i, t in enumerate(self.vocabulary)}
        self.tail_id = np.asarray([self.token_id.get(t, -1) for t in self.tail], dtype=np.int32)
        self.name_id = self.tail_id
        self.portions = portions_by_food(table)

    def specificity(self, token: str) -> float:
        """How rare a word is among the descriptions: log(foods / foods with it)."""
        found = self.postings.get(token)
        return math.log(len(self.descriptions) / (found.size if found is not None else 1))

    def portions_of(self, fdc_id: int) -> tuple[Portion, ...]:
        return self.portions.get(fdc_id, ())


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: a build makes millions of acyclic objects, and
    collecting them as they come took longer than reading 400,000 descriptions."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _Reading:
    """One description as the index keeps it."""

    weighted: dict[str, float]  # every token -> its weight as an unasked extra word
    naming: tuple[str, ...]  # the words that name the food (first segment or two)
    tail: str  # the last word of the name: its head noun
    extra: float  # the sum of the extra-word weights
    extra_words: str  # the words that count as extra, for the closeness tie-break


def _read(lowered: str) -> _Reading:
    """Read one lowercased description into tokens, extra weights and naming words."""
    if "," not in lowered and "(" not in lowered and "%" not in lowered:
        return _reading(dict(_segment(lowered, 0, False)), normalise(lowered), [])
    asides = [negated(normalise(aside)) for aside in _ASIDES.findall(lowered)]
    weighted = dict.fromkeys((t for aside in asides for t in aside), 0.0)
    outside = _ASIDES.sub(" ", lowered) if asides else lowered
    if "%" in outside:
        weighted.update(dict.fromkeys(_percents_within(outside), 0.0))
    segments = outside.split(",")
    head = normalise(segments[0])
    grouped = len(segments) > 1 and set(head) - NEUTRAL_WORDS <= GROUP_WORDS
    for position, segment in enumerate(segments):
        place = max(position - 1, 0) if grouped and position else position
        for token, weight in _segment(segment, place, grouped):
            if weighted.get(token, 0.0) == 0.0:
                weighted[token] = weight
    if not grouped:
        return _reading(weighted, head, normalise(segments[1]) if len(segments) > 1 else [])
    name = normalise(segments[1])
    nouns = [t for t in name if t not in GROUP_WORDS]
    return _reading(weighted, [*head, *name], [], nouns[-1] if nouns else "")


def _reading(
    weighted: dict[str, float], head: list[str], second: list[str], tail: str | None = None
) -> _Reading:
    """A reading; a one-word first segment is named together with the second
    ("Cheese, cottage"), and the tail is the last word of the first segment."""
    naming = [*head, *second] if len(head) == 1 else head
    extra_words = " ".join(t for t, w in weighted.items() if w > 0)
    last = head[-1] if head else ""
    return _Reading(
        weighted,
        tuple(dict.fromkeys(naming)),
        last if tail is None else tail,
        sum(weighted.values()),
        extra_words,
    )


@lru_cache(maxsize=1 << 17)
def _segment(segment: str, place: int, grouped: bool) -> tuple[tuple[str, float], ...]:
    """Tokens of one comma segment with their extra weights (0 for filler words)."""
    with_part = segment.strip().startswith("with ")
    options = set(normalise(" ".join(_OPTION.findall(segment)))) if " or " in segment else set()
    plain = FILLER.sub(" ", segment)
    out: dict[str, float] = {}
    for token in negated(normalise(plain)):
        if out.get(token, 0.0) == 0.0 and token not in options:
            out[token] = _extra_weight(token, place, with_part, grouped)
    if plain != segment:
        for token in negated(normalise(segment)):
            out.setdefault(token, 0.0)
    for token in options:
        out.setdefault(token, 0.0)
    return tuple(out.items())


def _grouped(
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


def _penalties(
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


@lru_cache(maxsize=1 << 16)
def _extra_weight(token: str, position: int, with_part: bool, grouped: bool) -> float:
    """How much an unmatched description word counts against the food."""
    if token in NEUTRAL_WORDS or token in PLAIN_COOKING_WORDS or (grouped and token in GROUP_WORDS):
        return 0.0
    weight = _POSITION_WEIGHTS[min(position, len(_POSITION_WEIGHTS) - 1)]
    weight = max(weight, 2.0) if with_part or token in PROCESSING_WORDS else weight
    if token in PREP_WORDS or token.startswith(NEGATED):
        return 0.3 * weight  # how it is cut; what it lacks
    return 0.5 * weight if token in COOKING_WORDS and token not in PROCESSING_WORDS else weight


def _percents_within(text: str) -> list[str]:
    """Every whole percentage a range in the text covers ("70-85%" -> "70%" ... "85%")."""
    found: list[str] = []
    for low, high in _PERCENT_RANGE.findall(text):
        if int(low) < int(high) <= 100:
            found.extend(f"{value}%" for value in range(int(low), int(high) + 1))
    return found


def _brand_tokens(description: str) -> list[str]:
    """Tokens of the capitalised brand names in a description ("QUAKER", "McDONALD'S")."""
    text = _INCLUDES.sub(" ", description) if "(" in description else description
    runs = _BRAND_RUN.findall(text)
    names = [r for r in runs if _BRAND_MARKS.sub("", r) not in NOT_BRANDS]
    return normalise(" ".join(names)) if names else []


_INDEXES: dict[int, tuple[weakref.ref[FoodTable], FoodIndex]] = {}


def food_index(table: FoodTable) -> FoodIndex:
    """The index of a table, built on first use and kept while the table lives."""
    key = id(table)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0]() is table:
        return cached[1]
    index = FoodIndex(table)
    _INDEXES[key] = (weakref.ref(table, lambda _ref: _INDEXES.pop(key, None)), index)
    return index


def read_query(words: str, index: FoodIndex) -> Query:
    """Normalised, synonym-rewritten, spelling-corrected query words."""
    text = re.sub(r"\bpb\s*&\s*j\b|\bpb\s+and\s+j\b", "pbj", words.lower())
    text = re.sub(r"\bmac\s*(?:&|and|n|'n')\s*cheese\b", "mac cheese", text)
    tokens = apply_synonyms([t for t in negated(normalise(text)) if t not in SIZE_WORDS])[:12]
    corrections: list[str] = []
    known: list[str] = []
    for token in dict.fromkeys(tokens):
        if token in index.postings or token in COOKING_WORDS:
            known.append(token)  # cooking words steer the state even if no food has them
            continue
        if token.startswith(NEGATED):
            continue  # "without X" that no food says: nothing to look for
        fixed = _correct(token, index)
        if fixed is not None:
            corrections.append(f"read '{token}' as '{fixed}'")
            known.append(fixed)
    named = [t for t in known if not t.startswith(NEGATED) and not t[0].isdigit()]
    content = [t for t in named if t not in COOKING_WORDS and t not in PREP_WORDS]
    content = content or [t for t in named if t not in COOKING_WORDS]
    head = content[-1] if content else None
    return Query(tuple(known), head, tuple(corrections), _key(content, index))


def _key(content: list[str], index: FoodIndex) -> str | None:
    """The head, unless a word before it is far rarer in the table ("collard greens")."""
    if len(content) < 2:
        return None
    rarest = max(content[:-1], key=index.specificity)
    far = index.specificity(rarest) >= _KEY_RATIO * index.specificity(content[-1])
    return rarest if far else None


def _correct(token: str, index: FoodIndex) -> str | None:
    if len(token) < 4 or token.isdigit():
        return None
    best = process.extractOne(
        token, index.vocabulary, scorer=fuzz.ratio, score_cutoff=84, processor=None
    )
    return str(best[0]) if best else None


def match(words: str, index: FoodIndex, limit: int = 6) -> tuple[Alternative, ...]:
    """The best foods for some food words, best first (possibly none)."""
    query = read_query(words, index)
    if not query.words:
        return ()
    rows, scores = _score(query, index)
    if rows.size == 0:
        return ()  # only words no food has, e.g. a lone cooking word
    order = np.argsort(-scores, kind="stable")[:limit]
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
    parts = [index.postings[t] for t in query.words if t in index.postings]
    rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
    if rows.size == 0:
        return rows, np.zeros(0)
    matched = np.zeros(rows.size)
    in_first = np.zeros(rows.size)
    explained = np.zeros(rows.size)
    for token, weight in weights.items():
        present, extra_weight = _lookup(rows, token, index)
        matched += weight * np.maximum(present, _also(rows, token, index))
        explained += extra_weight
        in_first += weight * _member(rows, index.first.get(token))
    for token in _implied(query):  # the everyday form's words are not extra words
        explained += _lookup(rows, token, index)[1]
    head = _member(rows, index.postings.get(query.anchor or "")) if query.anchor else 1.0
    cut = _any(rows, cutting, index) if cutting else 0.0
    extra = np.maximum(index.extra[rows] - explained, 0.0)
    asked = np.asarray([index.token_id.get(t, -3) for t in query.words], dtype=np.int32)
    tail = index.tail_id[rows]
    stray_tail = (tail >= 0) & ~np.isin(tail, asked)
    same_name = index.name_id[rows] == index.token_id.get(query.head or "", -2)
    score = (
        5.0 * same_name
        + 70.0 * matched / total
        + 15.0 * in_first / total
        + 15.0 * head
        - _EXTRA_COST * np.sqrt(np.minimum(extra, 14.0))
        - 10.0 * stray_tail
        + _CUT_BONUS * cut
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


def _implied(query: Query) -> tuple[str, ...]:
    """Words the query implies without saying them: its head's everyday form."""
    if any(t in COOKING_WORDS for t in query.words):
        return ()
    return tuple(
        t for t in DEFAULT_FORMS.get(query.head or "", ((), ()))[0] if t not in query.words
    )


def _query_weight(token: str, query: Query) -> float:
    if token == query.anchor:
        return 2.0
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
        found = np.maximum(found, 0.7 * _member(rows, index.postings.get(other)))
    return found


def _member(
    rows: npt.NDArray[np.int32], posting: npt.NDArray[np.int32] | None
) -> npt.NDArray[np.float64]:
    if posting is None or posting.size == 0:
        return np.zeros(rows.size)
    at = np.minimum(np.searchsorted(posting, rows), posting.size - 1)
    found: npt.NDArray[np.float64] = (posting[at] == rows).astype(float)
    return found


def _state(
    query: Query, rows: npt.NDArray[np.int32], index: FoodIndex
) -> npt.NDArray[np.float64] | float:
    """Raw unless a cooking word is given; the everyday form for foods nobody eats raw."""
    if any(t in COOKING_WORDS for t in query.words):
        if set(query.words) & {"raw", "uncooked", "dry"}:
            return -8.0 * _any(rows, ("cooked", "boiled", "roasted", "baked", "fried"), index)
        return -10.0 * _member(rows, index.postings.get("raw"))
    preferred, avoided = DEFAULT_FORMS.get(query.head or "", ((), ()))
    bonus = 6.0 * _any(rows, preferred, index) - 8.0 * _any(rows, avoided, index)
    for token in preferred:
        bonus = bonus + 2.0 * _member(rows, index.postings.get(token))
    if "cooked" not in preferred:
        bonus = bonus - 8.0 * _any(rows, METHOD_WORDS, index)
        bonus = bonus + 2.0 * _member(rows, index.postings.get("raw"))
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
            found = np.maximum(found, _member(rows, lookup[token]))
    return found


def _prior(query: Query, rows: npt.NDArray[np.int32], index: FoodIndex) -> npt.NDArray[np.float64]:
    """The food's prior; its penalty is given back when the user named the brand or kind."""
    prior: npt.NDArray[np.float64] = index.prior[rows].astype(float)
    lifted = _any(rows, query.words, index, index.lifts)
    given_back: npt.NDArray[np.float64] = lifted * index.lift_amount[rows]
    return prior + given_back
