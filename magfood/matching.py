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
   head noun, the last word, counts double, so "pumpkin seeds" never becomes
   "Pumpkin, raw"), words in the description's first segment, few extra words, the
   cooking state ("raw" unless a cooking word is given; cooked for foods nobody eats
   raw, ``DEFAULT_FORMS``), and a prior against baby foods, brands, restaurant items
   and obscure entries (``PENALTIES``). rapidfuzz's token_sort_ratio breaks ties in
   favour of short, close descriptions.

Below ``CUTOFF`` a food is not taken; the caller lists the candidates instead.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from magfood.foods import FoodTable
from magfood.units import unit_in_text


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


#: Scores below this are not a match: the item is "unmatched" with its candidates listed.
CUTOFF = 60.0

#: User words -> FDC words. Each entry has its own test case in tests/test_matching.py.
SYNONYMS: dict[str, str] = {
    "pepita": "pumpkin seed kernel",
    "pumpkin seed": "pumpkin seed kernel",
    "garbanzo bean": "chickpea",
    "garbanzo": "chickpea",
    "pb": "peanut butter",
    "pbj": "peanut butter jelly sandwich",
    "yoghurt": "yogurt",
    "mac": "macaroni",
    "mac cheese": "macaroni cheese",
    "hot dog": "frankfurter",
    "hotdog": "frankfurter",
    "string cheese": "mozzarella part skim",
    "ketchup": "catsup",
    "oj": "orange juice",
    "coke": "cola",
    "soda": "cola",
    "hemp heart": "hemp seed hulled",
    "flax seed": "flaxseed",
    "flax": "flaxseed",
    "baby spinach": "spinach",
    "porridge": "oatmeal",
    "evoo": "olive oil",
    "aubergine": "eggplant",
    "courgette": "zucchini",
    "scallion": "onion spring scallion",
    "cilantro": "coriander leaf",
    "edamame": "edamame",
    "greek yogurt": "yogurt greek",
    "spud": "potato",
    "fry": "french fry",
    "chip": "chip",
}

#: Head word -> description words preferred when the user names no cooking state:
#: cooked for foods nobody eats raw, the everyday form otherwise (judgement, tested).
DEFAULT_FORMS: dict[str, tuple[str, ...]] = {
    **{
        word: ("cooked", "boiled", "prepared")
        for word in (
            "rice",
            "pasta",
            "spaghetti",
            "penne",
            "macaroni",
            "noodle",
            "quinoa",
            "barley",
            "bulgur",
            "couscous",
            "lentil",
            "bean",
            "chickpea",
            "edamame",
            "soybean",
            "pea",
            "oatmeal",
            "grit",
        )
    },
    **{
        word: ("cooked", "roasted", "baked", "grilled", "broiled", "heated")
        for word in (
            "chicken",
            "turkey",
            "salmon",
            "cod",
            "tilapia",
            "shrimp",
            "steak",
            "pork",
            "lamb",
            "fish",
            "bacon",
            "sausage",
            "breast",
            "frankfurter",
        )
    },
    "tuna": ("canned", "light", "water"),
    "oat": ("dry", "regular", "quick"),
}

#: Description marker -> score penalty, lifted when the user wrote the marker's word.
PENALTIES: tuple[tuple[str, float, str], ...] = (
    ("babyfood", 35.0, "baby food"),
    ("infant formula", 35.0, "infant formula"),
    ("toddler", 25.0, "toddler food"),
    ("fast food", 12.0, "fast food"),
    ("restaurant", 12.0, "restaurant"),
    ("as ingredient in recipe", 12.0, "ingredient"),
    ("usda commodity", 6.0, "commodity"),
    ("navajo", 10.0, "regional"),
    ("hopi", 10.0, "regional"),
    ("apache", 10.0, "regional"),
    ("alaska native", 10.0, "regional"),
    ("northern plains indian", 10.0, "regional"),
    ("shoshone", 10.0, "regional"),
    ("imitation", 6.0, "imitation"),
    ("whole", 2.0, "whole"),
)
_BRAND_PENALTY = 12.0
_NOT_BRANDS = frozenset({"NFS", "NS", "USDA", "DHA", "ARA", "BBQ", "NLEA", "UHT", "II"})

_STOP = words(
    "and or with without of the a an in on to for from as by at made type nfs ns "
    "include includes food distribution program usda s"
)
#: Description words that do not count as extra words against a food.
_NEUTRAL = words(
    "raw fresh all commercial variety regular plain salt added no not fortified "
    "enriched unenriched mature drained solid meat only ready eat rte"
)
#: Words about cutting and size: used to pick a portion, ignored when matching.
PREP_WORDS = words(
    "chopped sliced diced mashed shredded grated minced cubed cube halved halve piece "
    "slice small medium large extra jumbo big little"
)
_COOKED = words(
    "cooked boiled steamed roasted baked fried grilled broiled toasted stewed braised "
    "poached scrambled sauteed microwaved heated prepared canned dried dry uncooked raw "
    "frozen"
)
#: A cooking word in the query also accepts these description words, at a discount.
_STATE_ALSO: dict[str, tuple[str, ...]] = {
    "steamed": ("boiled", "cooked"),
    "boiled": ("cooked",),
    "cooked": ("boiled", "prepared", "roasted", "baked", "heated"),
    "grilled": ("broiled", "roasted", "cooked"),
    "broiled": ("grilled", "roasted", "cooked"),
    "baked": ("roasted", "cooked"),
    "roasted": ("baked", "cooked"),
    "sauteed": ("fried", "cooked"),
    "uncooked": ("raw", "dry"),
    "dry": ("raw", "uncooked"),
    "fresh": ("raw",),
    "canned": ("can",),
}

_IRREGULAR = {"leaves": "leaf", "loaves": "loaf", "halves": "half", "fries": "fry"}


@dataclass(frozen=True)
class Alternative:
    """One candidate food with its match score (0-100)."""

    fdc_id: int
    food: str
    score: float


@dataclass(frozen=True)
class Portion:
    """One FDC household portion: ``gram_weight`` grams for ``amount`` of ``unit``."""

    amount: float
    unit: str | None
    measure: str
    gram_weight: float


@dataclass(frozen=True)
class Query:
    """Food words as the matcher reads them."""

    words: tuple[str, ...]
    head: str | None
    corrections: tuple[str, ...] = ()


class FoodIndex:
    """Token index and per-food arrays over one FoodTable; build with ``food_index``."""

    def __init__(self, table: FoodTable) -> None:
        foods = table.foods
        self.fdc_ids: npt.NDArray[np.int64] = foods["fdc_id"].to_numpy(dtype=np.int64)
        self.descriptions: list[str] = [str(d) for d in foods["description"]]
        self.magnesium = foods["magnesium_mg_per_100g"].to_numpy(dtype=float)
        self.kcal = foods["energy_kcal_per_100g"].to_numpy(dtype=float)
        self.category = [str(c).lower() for c in foods["category"].fillna("")]
        self.row_of = {int(fid): row for row, fid in enumerate(self.fdc_ids)}
        size = len(self.descriptions)
        self.tokens: list[frozenset[str]] = []
        self.normalised: list[str] = []
        self.extra = np.zeros(size, dtype=np.float32)
        self.prior = np.zeros(size, dtype=np.float32)
        self.lift_amount = np.zeros(size, dtype=np.float32)
        postings: dict[str, list[int]] = defaultdict(list)
        first: dict[str, list[int]] = defaultdict(list)
        lift: dict[str, list[int]] = defaultdict(list)
        data_types = [str(t) for t in foods["data_type"]]
        for row, description in enumerate(self.descriptions):
            self._add(row, description, data_types[row], postings, first, lift)
        self.postings = {t: np.asarray(r, dtype=np.int32) for t, r in postings.items()}
        self.first = {t: np.asarray(r, dtype=np.int32) for t, r in first.items()}
        self.lifts = {t: np.asarray(r, dtype=np.int32) for t, r in lift.items()}
        self.vocabulary = sorted(self.postings)
        self.portions = _portions_by_food(table)

    def _add(
        self,
        row: int,
        description: str,
        data_type: str,
        postings: dict[str, list[int]],
        first: dict[str, list[int]],
        lift: dict[str, list[int]],
    ) -> None:
        cleaned = re.sub(r"\(includes foods for usda's[^)]*\)", " ", description.lower())
        tokens = normalise(cleaned)
        head = normalise(cleaned.split(",")[0])
        words = frozenset(tokens)
        self.tokens.append(words)
        self.normalised.append(" ".join(tokens))
        for token in words:
            postings[token].append(row)
        for token in frozenset(head):
            first[token].append(row)
        self.extra[row] = len(words - _NEUTRAL - _COOKED) + 0.5 * len(words & _COOKED)
        text = " ".join(tokens)
        penalty = sum(p for marker, p, _ in PENALTIES if marker in text)
        lifts = {w for marker, _, w in PENALTIES if marker in text}
        brands = re.findall(r"[A-Za-z'&.]*[A-Z]{3,}[A-Za-z'&.]*", description)
        brands = [b for b in brands if b.strip("'.&") not in _NOT_BRANDS]
        if brands:
            penalty += _BRAND_PENALTY
            lifts.update(normalise(" ".join(brands)))
        for word in lifts:
            lift[word].append(row)
        self.lift_amount[row] = penalty
        prior = -penalty
        prior += 2.0 if data_type == "sr_legacy" else 0.0
        prior += 3.0 if " nfs" in f" {description.lower()}" else 0.0
        prior -= 3.0 if np.isnan(self.magnesium[row]) else 0.0
        self.prior[row] = prior

    def portions_of(self, fdc_id: int) -> tuple[Portion, ...]:
        return self.portions.get(fdc_id, ())


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


def _portions_by_food(table: FoodTable) -> dict[int, tuple[Portion, ...]]:
    frame = table.portions.sort_values(["fdc_id", "seq_num"], kind="stable")
    grouped: dict[int, list[Portion]] = defaultdict(list)
    for fdc_id, amount, unit, measure, grams in zip(
        frame["fdc_id"].tolist(),
        frame["amount"].tolist(),
        frame["unit"].tolist(),
        frame["measure"].tolist(),
        frame["gram_weight"].tolist(),
        strict=True,
    ):
        text = str(measure)
        name = unit if isinstance(unit, str) else None
        if name is None and not text.lower().startswith("quantity not specified"):
            name = unit_in_text(text)
        grouped[int(fdc_id)].append(Portion(float(amount), name, text, float(grams)))
    return {fid: tuple(portions) for fid, portions in grouped.items()}


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A crude singular, the same for both forms of a word ("berries", "berry" -> "berry")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-1] + "y" if len(word) > 4 else word
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> list[str]:
    """Lowercase singular tokens without stop words or punctuation."""
    raw = re.findall(r"\d+(?:\.\d+)?%|[a-z0-9]+", text.lower().replace("'", ""))
    return [singular(t) for t in raw if t not in _STOP]


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    pairs = [(tuple(normalise(k)), tuple(normalise(v))) for k, v in SYNONYMS.items()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def apply_synonyms(tokens: list[str]) -> list[str]:
    """Rewrite user words into FDC words, longest synonym first, each word once."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for key, value in _synonyms():
            if tuple(tokens[i : i + len(key)]) == key:
                out.extend(value)
                i += len(key)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def read_query(words: str, index: FoodIndex) -> Query:
    """Normalised, synonym-rewritten, spelling-corrected query words."""
    text = re.sub(r"\bpb\s*&\s*j\b|\bpb\s+and\s+j\b", "pbj", words.lower())
    text = re.sub(r"\bmac\s*(?:&|and|n|'n')\s*cheese\b", "mac cheese", text)
    tokens = apply_synonyms([t for t in normalise(text) if t not in PREP_WORDS])[:12]
    corrections: list[str] = []
    known: list[str] = []
    for token in dict.fromkeys(tokens):
        if token in index.postings:
            known.append(token)
            continue
        fixed = _correct(token, index)
        if fixed is not None:
            corrections.append(f"read '{token}' as '{fixed}'")
            known.append(fixed)
    content = [t for t in known if t not in _COOKED]
    return Query(tuple(known), content[-1] if content else None, tuple(corrections))


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
    order = np.argsort(-scores, kind="stable")[:limit]
    return tuple(
        Alternative(
            int(index.fdc_ids[rows[i]]),
            index.descriptions[rows[i]],
            round(float(np.clip(scores[i], 0.0, 100.0)), 1),
        )
        for i in order
    )


def _score(query: Query, index: FoodIndex) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    weights = {t: (2.0 if t == query.head else 0.6 if t in _COOKED else 1.0) for t in query.words}
    total = sum(weights.values())
    parts = [index.postings[t] for t in query.words if t in index.postings]
    rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int32)
    if rows.size == 0:
        return rows, np.zeros(0)
    matched = np.zeros(rows.size)
    in_first = np.zeros(rows.size)
    for token, weight in weights.items():
        matched += weight * _presence(rows, token, index)
        in_first += weight * _member(rows, index.first.get(token))
    coverage = matched / total
    head = _member(rows, index.postings.get(query.head or "")) if query.head else 1.0
    extra = index.extra[rows] - np.minimum(matched, index.extra[rows])
    score = (
        70.0 * coverage
        + 15.0 * (in_first / total)
        + 15.0 * head
        - 2.5 * np.minimum(extra, 8.0)
        + _state(query, rows, index)
        + _prior(query, rows, index)
    )
    keep = np.argsort(-score, kind="stable")[:40]
    rows, score = rows[keep], score[keep]
    text = " ".join(query.words)
    closeness = process.cdist(
        [text], [index.normalised[r] for r in rows], scorer=fuzz.token_sort_ratio, workers=1
    )[0]
    return rows, score + 0.1 * closeness - 10.0


def _presence(rows: npt.NDArray[np.int32], token: str, index: FoodIndex) -> npt.NDArray[np.float64]:
    found = _member(rows, index.postings.get(token))
    for other in _STATE_ALSO.get(token, ()):
        found = np.maximum(found, 0.7 * _member(rows, index.postings.get(other)))
    return found


def _member(
    rows: npt.NDArray[np.int32], posting: npt.NDArray[np.int32] | None
) -> npt.NDArray[np.float64]:
    if posting is None:
        return np.zeros(rows.size)
    return np.isin(rows, posting, assume_unique=True).astype(float)


def _state(
    query: Query, rows: npt.NDArray[np.int32], index: FoodIndex
) -> npt.NDArray[np.float64] | float:
    """Raw unless a cooking word is given; the everyday form for foods nobody eats raw."""
    if any(t in _COOKED for t in query.words):
        if "raw" in query.words:
            return -8.0 * _any(rows, ("cooked", "boiled", "roasted", "baked", "fried"), index)
        return -10.0 * _member(rows, index.postings.get("raw"))
    form = next((DEFAULT_FORMS[t] for t in reversed(query.words) if t in DEFAULT_FORMS), None)
    if form is None:
        return 8.0 * _member(rows, index.postings.get("raw"))
    bonus = 8.0 * _any(rows, form, index)
    return bonus - 8.0 * _any(rows, ("raw", "dry", "uncooked", "unprepared"), index) * (
        "dry" not in form
    )


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
    prior = index.prior[rows].astype(float)
    lifted = _any(rows, query.words, index, index.lifts)
    return prior + lifted * index.lift_amount[rows]
