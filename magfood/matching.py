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
    "sunflower seed": "sunflower seed kernel",
    "zucchini": "squash summer zucchini",
    "green bean": "bean snap green",
    "garbanzo bean": "chickpea",
    "garbanzo": "chickpea",
    "pb": "peanut butter",
    "pbj": "peanut butter jelly sandwich",
    "yoghurt": "yogurt",
    "mac": "macaroni",
    "spaghetti": "spaghetti pasta",
    "penne": "pasta",
    "mac cheese": "macaroni cheese",
    "hot dog": "frankfurter",
    "hotdog": "frankfurter",
    "string cheese": "mozzarella part skim",
    "ketchup": "catsup",
    "nutella": "chocolate hazelnut spread",
    "oj": "orange juice",
    "coke": "cola soft drink",
    "soda": "soft drink",
    "hemp heart": "hemp seed hulled",
    "flax seed": "flaxseed",
    "flax": "flaxseed",
    "baby spinach": "spinach",
    "porridge": "oatmeal",
    "evoo": "olive oil",
    "aubergine": "eggplant",
    "courgette": "squash summer zucchini",
    "scallion": "onion spring scallion",
    "cilantro": "coriander leaf",
    "spud": "potato",
    "fry": "french fry",
}

_COOKED_FORM = (("cooked", "boiled", "prepared"), ("raw", "dry", "uncooked", "unprepared"))
_COOKED_MEAT = (
    ("cooked", "roasted", "baked", "grilled", "broiled", "heated"),
    ("raw", "canned", "smoked"),
)

#: Head word -> (description words preferred, words avoided) when the user names no
#: cooking state: cooked for foods nobody eats raw, the everyday form of a few others.
#: A judgement, tested entry by entry; every other food prefers "raw".
DEFAULT_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **dict.fromkeys(
        [
            "rice",
            "pasta",
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
            "corn",
        ],
        _COOKED_FORM,
    ),
    **dict.fromkeys(
        [
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
            "frankfurter",
            "breast",
            "thigh",
            "drumstick",
            "wing",
            "fillet",
            "sirloin",
        ],
        _COOKED_MEAT,
    ),
    "tuna": (("canned", "light", "water"), ()),
    "oatmeal": (("cooked", "water"), ("dry",)),
    "oat": (("dry", "regular", "quick"), ()),
    "egg": (("whole", "fresh"), ()),
    "yogurt": (("plain",), ()),
}

#: (description markers, score penalty, user words that lift it): foods most people do
#: not mean unless they say so.
PENALTIES: tuple[tuple[tuple[str, ...], float, tuple[str, ...]], ...] = (
    (("babyfood",), 35.0, ("babyfood", "infant", "toddler")),
    (("infant formula",), 35.0, ("infant", "formula")),
    (("toddler",), 25.0, ("toddler",)),
    (("fast food", "restaurant"), 10.0, ("fast", "restaurant", "takeout")),
    (("as ingredient in recipe",), 12.0, ("ingredient", "recipe")),
    (("topping from",), 10.0, ("topping",)),
    (("usda commodity",), 6.0, ("commodity",)),
    (
        ("navajo", "hopi", "apache", "alaska native", "northern plains", "shoshone"),
        10.0,
        ("navajo", "hopi", "apache", "alaska", "native", "shoshone"),
    ),
    (("imitation",), 6.0, ("imitation",)),
    (("fat added",), 3.0, ("fat", "butter", "oil", "margarine")),
    ((", roll,", "luncheon", "deli"), 6.0, ("roll", "deli", "luncheon", "lunchmeat", "sliced")),
)
_BRAND_PENALTY = 12.0
_NOT_BRANDS = frozenset({"NFS", "NS", "USDA", "DHA", "ARA", "BBQ", "NLEA", "UHT", "II"})

_STOP = words(
    "and or with of the a an in on to for from as by at made type nfs ns "
    "include includes food distribution program usda s"
)
#: Description words that do not count as extra words against a food.
_NEUTRAL = words(
    "raw fresh all commercial commercially variety regular plain salt added no not whole "
    "fortified enriched unenriched mature drained solid meat only ready eat rte year "
    "round average vitamin tap water calcium"
)
#: SR Legacy group words that open a description ("Nuts, almonds"; "Beverages, ...").
_GROUP_WORDS = words("nut seed beverage cereal snack candy candie spice fish alcoholic")
#: Size words: dropped from the query (they pick a portion, not a food).
SIZE_WORDS = words("small medium large extra jumbo big little regular")
#: Cutting and unit words: kept in the query with a small weight.
PREP_WORDS = words(
    "chopped sliced diced mashed shredded grated minced cubed cube halved half piece "
    "slice bar stick chunk strip wedge floret spear stalk leaf ring"
)
_COOKED = words(
    "cooked boiled steamed roasted baked fried grilled broiled toasted stewed braised "
    "poached scrambled sauteed microwaved heated prepared canned dried dry uncooked raw "
    "frozen"
)
#: Cooking words that say nothing a user would object to; processing words (canned,
#: frozen, dried, condensed ...) and methods (fried, roasted) still count as extra.
_PLAIN_COOKING = words("cooked boiled steamed heated prepared drained raw brewed uncooked")
_PROCESSING = words(
    "canned frozen dried dry condensed dehydrated mix powder instant sweetened sprouted"
)
_METHODS = words(
    "cooked boiled roasted baked fried grilled broiled stewed braised poached scrambled "
    "sauteed microwaved heated toasted"
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
#: Weight of an unmatched description word by where it stands: the first comma segment
#: names the food, the second its kind, the rest details.
_POSITION_WEIGHTS = (4.0, 2.0, 0.4)

#: SR boilerplate that says nothing against a food ("mature seeds", "with skin").
_FILLER = re.compile(
    r"mature seeds|all commercial varieties|with salt added|without salt|with salt|"
    r"includes skin|with skin|with peel|broilers or fryers|long-grain|all types|"
    r"with added [a-z ]*vitamin [a-z]( and vitamin [a-z])?|skin not eaten"
)
_TOKEN = re.compile(r"\d+(?:\.\d+)?%|[a-z0-9]{2,}|\d")
_ASIDES = re.compile(r"\([^)]*\)?")
_SR_BONUS = 6.0
_INCLUDES = re.compile(r"\(includes foods for usda's[^)]*\)", re.IGNORECASE)
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
        self.tail: list[str] = []
        self.name: list[str] = []
        self.brands: list[list[str]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, list[float]] = defaultdict(list)
        first: dict[str, list[int]] = defaultdict(list)
        lift: dict[str, list[int]] = defaultdict(list)
        brand_rows: dict[str, list[int]] = defaultdict(list)
        data_types = [str(t) for t in foods["data_type"]]
        for row, description in enumerate(self.descriptions):
            for token, weight in self._read(row, description, data_types[row], first, lift):
                postings[token].append(row)
                weights[token].append(weight)
            for brand in self.brands[row]:
                brand_rows[brand].append(row)
        self.postings = {t: np.asarray(r, dtype=np.int32) for t, r in postings.items()}
        self.weights = {t: np.asarray(w, dtype=np.float32) for t, w in weights.items()}
        self.first = {t: np.asarray(r, dtype=np.int32) for t, r in first.items()}
        for brand, rows in brand_rows.items():
            if len(postings[brand]) == len(rows):  # a word only brands use: naming it lifts
                lift[brand].extend(rows)
        self.lifts = {t: np.unique(np.asarray(r, dtype=np.int32)) for t, r in lift.items()}
        self.vocabulary = sorted(self.postings)
        self.token_id = {t: i for i, t in enumerate(self.vocabulary)}
        self.tail_id = np.asarray([self.token_id.get(t, -1) for t in self.tail], dtype=np.int32)
        self.name_id = np.asarray([self.token_id.get(t, -1) for t in self.name], dtype=np.int32)
        self.portions = _portions_by_food(table)

    def _read(
        self,
        row: int,
        description: str,
        data_type: str,
        first: dict[str, list[int]],
        lift: dict[str, list[int]],
    ) -> list[tuple[str, float]]:
        """Index one description; its tokens with the weight each has as an extra word."""
        lowered = _INCLUDES.sub(" ", description).lower()
        weighted = dict.fromkeys(normalise(" ".join(_ASIDES.findall(lowered))), 0.0)
        segments = _ASIDES.sub(" ", lowered).split(",")
        head = normalise(segments[0])
        grouped = len(segments) > 1 and set(head) <= _GROUP_WORDS
        for position, segment in enumerate(segments):
            place = max(position - 1, 0) if grouped and position else position
            with_part = segment.strip().startswith("with ")
            options = set(normalise(" ".join(re.findall(r"\bor\s+([\w-]+)", segment))))
            for token in normalise(_FILLER.sub(" ", segment)):
                if weighted.get(token, 0.0) == 0.0 and token not in options:
                    weighted[token] = _extra_weight(token, place, with_part, grouped)
            for token in normalise(segment):
                weighted.setdefault(token, 0.0)
        name = normalise(segments[1]) if grouped else head
        naming = [*head, *name] if grouped or len(head) == 1 else head
        if len(head) == 1 and len(segments) > 1 and not grouped:
            naming = [*head, *normalise(segments[1])]  # "Cheese, cottage": both name it
        for token in dict.fromkeys(naming):
            first[token].append(row)
        self.tail.append(name[-1] if name else "")
        self.name.append(name[-1] if name else "")
        self.tokens.append(frozenset(weighted))
        self.normalised.append(" ".join(t for t, w in weighted.items() if w > 0))
        self.extra[row] = sum(weighted.values())
        penalty = 0.0
        for markers, amount, lifting in PENALTIES:
            if any(m in lowered for m in markers):
                penalty += amount
                for word in lifting:
                    lift[word].append(row)
        self.brands.append(_brand_tokens(description))
        penalty += _BRAND_PENALTY if self.brands[row] else 0.0
        self.lift_amount[row] = penalty
        prior = -penalty + (_SR_BONUS if data_type == "sr_legacy" else 0.0)
        prior -= 3.0 if np.isnan(self.magnesium[row]) else 0.0
        self.prior[row] = prior
        return list(weighted.items())

    def portions_of(self, fdc_id: int) -> tuple[Portion, ...]:
        return self.portions.get(fdc_id, ())


def _extra_weight(token: str, position: int, with_part: bool, grouped: bool) -> float:
    """How much an unmatched description word counts against the food."""
    if token in _NEUTRAL or token in _PLAIN_COOKING or (grouped and token in _GROUP_WORDS):
        return 0.0
    weight = _POSITION_WEIGHTS[min(position, len(_POSITION_WEIGHTS) - 1)]
    weight = max(weight, 2.0) if with_part or token in _PROCESSING else weight
    if token in PREP_WORDS:
        return 0.3 * weight
    return 0.5 * weight if token in _COOKED and token not in _PROCESSING else weight


def _brand_tokens(description: str) -> list[str]:
    """Tokens of the capitalised brand names in a description ("QUAKER", "McDONALD'S")."""
    text = _INCLUDES.sub(" ", description)
    runs = re.findall(r"[A-Za-z'&.]*[A-Z]{3,}[A-Za-z'&.]*", text)
    names = [r for r in runs if re.sub(r"'S$|[.'&]", "", r) not in _NOT_BRANDS]
    return normalise(" ".join(names))


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
        return word[:-2] + "y" if len(word) > 4 else word
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def normalise(text: str) -> list[str]:
    """Lowercase singular tokens without stop words or punctuation."""
    return list(_normalised(text))


@lru_cache(maxsize=100_000)
def _normalised(text: str) -> tuple[str, ...]:
    raw = _TOKEN.findall(text.lower().replace("'", ""))
    return tuple(singular(t) for t in raw if t not in _STOP)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Synonyms keyed by their first word, longest first."""
    pairs = [(tuple(normalise(k)), tuple(normalise(v))) for k, v in SYNONYMS.items()]
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    for key, value in sorted(pairs, key=lambda pair: -len(pair[0])):
        by_first[key[0]].append((key, value))
    return {first: tuple(entries) for first, entries in by_first.items()}


def apply_synonyms(tokens: list[str]) -> list[str]:
    """Rewrite user words into FDC words, longest synonym first, each word once."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for key, value in _synonyms().get(tokens[i], ()):
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
    tokens = apply_synonyms([t for t in normalise(text) if t not in SIZE_WORDS])[:12]
    corrections: list[str] = []
    known: list[str] = []
    for token in dict.fromkeys(tokens):
        if token in index.postings or token in _COOKED:
            known.append(token)  # cooking words steer the state even if no food has them
            continue
        fixed = _correct(token, index)
        if fixed is not None:
            corrections.append(f"read '{token}' as '{fixed}'")
            known.append(fixed)
    content = [t for t in known if t not in _COOKED and t not in PREP_WORDS]
    content = content or [t for t in known if t not in _COOKED]
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
    head = _member(rows, index.postings.get(query.head or "")) if query.head else 1.0
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
        - 1.5 * np.minimum(extra, 14.0)
        - 10.0 * stray_tail
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


def _query_weight(token: str, query: Query) -> float:
    if token == query.head:
        return 2.0
    if token in _COOKED:
        return 0.6
    return 0.3 if token in PREP_WORDS else 1.0


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
    for other in _STATE_ALSO.get(token, ()):
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
    if any(t in _COOKED for t in query.words):
        if set(query.words) & {"raw", "uncooked", "dry"}:
            return -8.0 * _any(rows, ("cooked", "boiled", "roasted", "baked", "fried"), index)
        return -10.0 * _member(rows, index.postings.get("raw"))
    preferred, avoided = DEFAULT_FORMS.get(query.head or "", ((), ()))
    bonus = 6.0 * _any(rows, preferred, index) - 8.0 * _any(rows, avoided, index)
    for token in preferred:
        bonus = bonus + 2.0 * _member(rows, index.postings.get(token))
    if "cooked" not in preferred:
        bonus = bonus - 8.0 * _any(rows, _METHODS, index)
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
    prior = index.prior[rows].astype(float)
    lifted = _any(rows, query.words, index, index.lifts)
    return prior + lifted * index.lift_amount[rows]
