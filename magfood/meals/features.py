"""What the ranking knows about each candidate food for a query: one row of features.

``candidates`` finds the foods sharing a word (or a name's word) with the query and
computes, per food, the features the ranking weighs (``FEATURES``, in order):

- ``same_name``: the description's head noun is the query's head;
- ``coverage``: the share of the query's (weighted) words the food has - in its
  description, a state word its description accepts (``STATE_ALSO``), or its names;
- ``in_first``: the share in the description's first segment, naming aside or a name;
- ``head``: the food has the query's anchor;
- ``extra``: sqrt of the weight of description words the query did not ask for;
- ``stray_tail``: the description's head noun is a word the query does not have;
- ``cut`` / ``cut_names``: a cut word of the query ("slice", "stick") is in the
  description / names the food ("Fish, stick");
- ``variants``: the food is a variant the query did not ask for (lowfat, powder);
- ``state``: the cooking state and the everyday form (``DEFAULT_FORMS``);
- ``kind_penalty`` / ``brand_penalty``: the penalty of an unlikely kind (baby food,
  restaurant, ``PENALTIES``) or a brand, unless the query names it;
- ``sr_legacy``, ``no_magnesium``: the food's release, and whether FDC lacks its Mg;
- ``idf_coverage``: the share of the query's words the food has, each weighed by how
  rare it is among descriptions;
- ``naming_said``: the share of the description's naming words the query says, so
  weighed (coverage the other way);
- ``length``: log of the number of description words;
- ``name_hit``: one of the food's names (``names``) is said in full;
- ``recipes``, ``unspecified``, ``common``: the everyday signals of ``Everyday``.

The ranking (``matching``) scores a food as the weighted sum of its features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from magfood.meals.columns import sorted_union
from magfood.meals.derived import derived, names_holding
from magfood.meals.index import FoodIndex
from magfood.meals.query import Query
from magfood.meals.words import (
    COOKED_MEAT,
    COOKING_WORDS,
    DEFAULT_FORMS,
    FAT_LEVEL_WORDS,
    METHOD_WORDS,
    PREP_WORDS,
    STATE_ALSO,
    VARIANT_WORDS,
)

__all__ = ["FEATURES", "Candidates", "candidates"]

FEATURES = (
    "same_name",
    "coverage",
    "in_first",
    "head",
    "extra",
    "stray_tail",
    "cut",
    "cut_names",
    "variants",
    "state",
    "kind_penalty",
    "brand_penalty",
    "sr_legacy",
    "no_magnesium",
    "idf_coverage",
    "naming_said",
    "length",
    "name_hit",
    "recipes",
    "unspecified",
    "common",
)

#: A word only a food's names hold counts for this share of a word of its description.
_NAME_WORD = 0.5
#: Weight of a diary word in a phrase (a food word weighs 1).
_DIARY_WEIGHT = 0.2
#: A word in a naming aside ("Crackers, cheese (Goldfish)") names the food, at this share
#: of a word in the description's first segment.
_ASIDE_NAMING = 0.6
_NONE = np.zeros(0, dtype=np.int32)
#: Points off a canned food when no state is said and the food is eaten raw by default:
#: fruit comes fresh or dried first ("3 prunes"), but some foods come only canned
#: (tomato paste, hominy), so less than a cooking method costs.
_CANNED = 3.0


@dataclass(frozen=True)
class Candidates:
    """The foods a query could mean (index rows) and their features, one row each."""

    rows: npt.NDArray[np.int32]
    features: npt.NDArray[np.float64]  # rows.size x len(FEATURES)


def candidates(query: Query, index: FoodIndex) -> Candidates:
    """Every food sharing a word with the query, with its features."""
    weights = {t: _query_weight(t, query) for t in query.words}
    cutting = [t for t, w in weights.items() if w == 0.0]  # cut words pick a portion
    total = sum(weights.values())
    parts = [index.rows_with(t) for t in query.words]
    found = sorted_union(parts) if parts else np.zeros(0, dtype=np.int32)
    if found.size == 0:
        return Candidates(found, np.zeros((0, len(FEATURES))))
    rows = found.astype(np.intp)  # numpy gathers by intp rows twice as fast as by int32
    matched = np.zeros(rows.size)
    rare = np.zeros(rows.size)
    rare_total = 0.0
    naming_said = np.zeros(rows.size)
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
        has = np.maximum(np.maximum(present, also), by_name)
        matched += weight * has
        specific = index.specificity(token) if token in index.postings else 0.0
        rare += specific * has
        rare_total += specific
        first = index.member(rows, index.first.get(token))
        naming_said += specific * first
        explained += extra_weight
        in_first += weight * np.maximum(
            np.maximum(first, by_name),
            _ASIDE_NAMING * index.member(rows, index.aside.get(token)),
        )
    for token in _implied(query):  # the everyday form's words are not extra words
        explained += _lookup(rows, token, index)[1]
    explained += _whole(query, rows, index)
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
    asked = [index.token_id.get(t, -3) for t in query.words]
    tail = index.tail_id[rows]
    stray_tail = (tail >= 0) & ~_among(tail, asked) & (head_in_aside == 0)
    same_name = index.name_id[rows] == index.token_id.get(query.head or "", -2)
    kind_penalty, brand_penalty = _penalties(query, rows, index)
    name_hit = np.zeros(rows.size)
    for covered in named.values():
        name_hit = np.maximum(name_hit, covered)
    everyday = index.everyday
    columns = {
        "same_name": same_name,
        "coverage": matched / total,
        "in_first": in_first / total,
        "head": head,
        "extra": np.sqrt(np.minimum(extra, 14.0)),
        "stray_tail": stray_tail,
        "cut": cut,
        "cut_names": cut_names,
        "variants": np.maximum(
            _any(rows, _unasked_variants(query), index), _part_alone(query, rows, index)
        ),
        "state": _state(query, rows, index),
        "kind_penalty": kind_penalty,
        "brand_penalty": brand_penalty,
        "sr_legacy": index.sr[rows],
        "no_magnesium": np.isnan(index.magnesium[rows]),
        "idf_coverage": rare / max(rare_total, 1e-9),
        "naming_said": naming_said / np.maximum(index.naming_weight[rows], 1e-6),
        "length": np.log(np.maximum(index.length[rows], 1.0)),
        "name_hit": name_hit,
        "recipes": everyday.recipes[rows],
        "unspecified": everyday.unspecified[rows],
        "common": everyday.common[rows],
    }
    matrix = np.empty((rows.size, len(FEATURES)))
    for j, feature in enumerate(FEATURES):
        matrix[:, j] = columns[feature]  # a scalar fills its column
    return Candidates(found, matrix)


def _name_cover(
    query: Query, rows: npt.NDArray[np.intp], index: FoodIndex
) -> dict[str, npt.NDArray[np.float64]]:
    """Per query word, 1.0 for each row one of whose names the query says in full, holding
    the query's anchor: such a name reads as the food's description's first words ("hot
    pocket", "Manwich"). Not "cheese" on a beef quesadilla for "cheese quesadilla": FNDDS
    lists variants a food code covers among its names too, so a name must hold the anchor."""
    said = frozenset(query.words)
    cover: dict[str, npt.NDArray[np.float64]] = {}
    for row, name in names_holding(index, query.anchor or ""):
        if name <= said:
            i = int(np.searchsorted(rows, row))  # rows are sorted
            if i < rows.size and rows[i] == row:
                for token in name:
                    cover.setdefault(token, np.zeros(rows.size))[i] = 1.0
    return cover


#: A comma segment that names one part of a food FDC also gives whole ("Potatoes, baked,
#: skin" and "..., flesh" beside "..., flesh and skin"), the other part said nowhere in the
#: description: unasked, the part is a variant.
_PART = re.compile(r"^(skin|flesh|peel)(?: only)?$")


def _part_alone(
    query: Query, rows: npt.NDArray[np.intp], index: FoodIndex
) -> npt.NDArray[np.float64]:
    """1.0 for each food whose description names one part of it alone, a part the query
    does not say ("baked potato" is flesh and skin; "potato skins" says the skin)."""
    said = tuple(k for k, name in enumerate(_PART_NAMES) if name in query.words)

    def alone() -> npt.NDArray[np.float64]:  # once per index and parts said, over all foods
        part = _parts(index)
        found: npt.NDArray[np.float64] = ((part >= 0) & ~_among(part, said)).astype(float)
        return found

    found: npt.NDArray[np.float64] = derived(index, ("part_alone", said), alone)[rows]
    return found


_PART_NAMES = ("skin", "flesh", "peel")


def _among(values: npt.NDArray[np.integer], wanted: Iterable[int]) -> npt.NDArray[np.bool_]:
    """``np.isin(values, wanted)`` for the few ids a query has, one comparison each
    (``np.isin`` costs tens of microseconds whatever the size)."""
    found = np.zeros(values.shape, dtype=np.bool_)
    for value in wanted:
        found |= values == value
    return found


def _whole(query: Query, rows: npt.NDArray[np.intp], index: FoodIndex) -> npt.NDArray[np.float64]:
    """The extra-word weight of "flesh" and "skin" in a food that has both (the whole,
    "Potatoes, baked, flesh and skin"), when the query names no part: the whole is what
    an unqualified "baked potato" means, so its part words are not extra words."""
    if set(_PART_NAMES) & set(query.words):
        return np.zeros(rows.size)

    def whole() -> npt.NDArray[np.float64]:  # once per index, over all its foods
        every = _every_row(index)
        flesh, flesh_weight = _lookup(every, "flesh", index)
        skin, skin_weight = _lookup(every, "skin", index)
        found: npt.NDArray[np.float64] = flesh * skin * (flesh_weight + skin_weight)
        return found

    return derived(index, ("whole",), whole)[rows]


def _every_row(index: FoodIndex) -> npt.NDArray[np.intp]:
    return np.arange(len(index.descriptions), dtype=np.intp)


_PARTS: dict[int, npt.NDArray[np.int8]] = {}


def _parts(index: FoodIndex) -> npt.NDArray[np.int8]:
    """Which part (``_PART_NAMES``) each food's description names alone, -1 for none;
    read once per index."""
    key = id(index)
    if key not in _PARTS:
        named = np.full(len(index.descriptions), -1, dtype=np.int8)
        for row, description in enumerate(index.descriptions):
            lowered = description.lower()
            for segment in lowered.split(",")[1:]:
                found = _PART.match(segment.strip())
                others = [p for p in _PART_NAMES if found and p != found.group(1)]
                if found and not any(p in lowered for p in others):
                    # "Sweet potato, baked in skin, flesh" is the whole baked sweet potato
                    named[row] = _PART_NAMES.index(found.group(1))
        _PARTS.clear()  # one table at a time
        _PARTS[key] = named
    return _PARTS[key]


def _unasked_variants(query: Query) -> tuple[str, ...]:
    """Variant words ("lowfat", "pre-cooked", "powder") the query neither says nor implies;
    a percentage said ("2% milk") is a fat level, so fat-level words are not unasked."""
    return tuple(sorted(VARIANT_WORDS - {*query.words, *_implied(query)}))


def _implied(query: Query) -> tuple[str, ...]:
    """Words the query implies without saying them: its head's everyday form, and a fat
    level when it gives a percentage ("2% milk" is reduced fat)."""
    also = sorted(FAT_LEVEL_WORDS) if any(t.endswith("%") for t in query.words) else []
    if any(t in COOKING_WORDS for t in query.words):
        return tuple(also)
    form = DEFAULT_FORMS.get(query.head or "", ((), ()))[0]
    return tuple(t for t in (*form, *also) if t not in query.words)


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
    rows: npt.NDArray[np.intp], token: str, index: FoodIndex
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.floating[Any]]]:
    """Whether each row has the token, and the token's extra-word weight there."""
    posting = index.postings.get(token)
    if posting is None:
        return np.zeros(rows.size), np.zeros(rows.size)
    foods = len(index.descriptions)
    kept = _WEIGHT_BYTES // (4 * foods)
    if kept >= _WEIGHTS_KEPT:  # a table this small: the weights over all foods, kept

        def spread() -> npt.NDArray[np.float32]:
            every = np.zeros(foods, dtype=np.float32)  # 0 where the token is not
            every[posting] = index.weights[token]
            return every

        return index.member(rows, posting), derived(index, ("weights", token), spread, kept)[rows]
    at = np.minimum(posting.searchsorted(rows), posting.size - 1)
    present = posting[at] == rows
    return present.astype(float), np.where(present, index.weights[token][at], 0.0)


#: A word's extra weights over all foods are kept per index while at least
#: ``_WEIGHTS_KEPT`` of them fit in ``_WEIGHT_BYTES`` (4 bytes a food; the shipped table
#: keeps 634); a larger table searches the word's postings for each query instead.
_WEIGHT_BYTES, _WEIGHTS_KEPT = 1 << 25, 256


def _also(rows: npt.NDArray[np.intp], token: str, index: FoodIndex) -> npt.NDArray[np.float64]:
    found = np.zeros(rows.size)
    for other in STATE_ALSO.get(token, ()):
        found = np.maximum(found, 0.7 * index.member(rows, index.postings.get(other)))
    return found


def _state(
    query: Query, rows: npt.NDArray[np.intp], index: FoodIndex
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
    query: Query, rows: npt.NDArray[np.intp], index: FoodIndex
) -> npt.NDArray[np.float64]:
    """Points for the everyday kind of the head ("white" bread) whatever its cooking."""
    preferred = DEFAULT_FORMS.get(query.head or "", ((), ()))[0]
    bonus = np.zeros(rows.size)
    for token in preferred:
        if token not in COOKING_WORDS and token not in query.words:
            bonus += 2.0 * index.member(rows, index.postings.get(token))
    return bonus


def _form_bonus(
    rows: npt.NDArray[np.intp],
    form: tuple[tuple[str, ...], tuple[str, ...]],
    index: FoodIndex,
) -> npt.NDArray[np.float64]:
    """Points for a food in the preferred form, less for an avoided one; raw by default
    (worked out once per index and form, over all its foods)."""
    key = ("form_bonus", form)
    every = derived(index, key, lambda: _form_points(_every_row(index), form, index), _FORMS_KEPT)
    found: npt.NDArray[np.float64] = every[rows]
    return found


#: Forms whose points over all foods are kept per index (each is 8 bytes a food).
_FORMS_KEPT = 32


def _form_points(
    rows: npt.NDArray[np.intp],
    form: tuple[tuple[str, ...], tuple[str, ...]],
    index: FoodIndex,
) -> npt.NDArray[np.float64]:
    preferred, avoided = form
    bonus = 6.0 * _any(rows, preferred, index) - 8.0 * _any(rows, avoided, index)
    for token in preferred:
        bonus = bonus + 2.0 * index.member(rows, index.postings.get(token))
    if "cooked" not in preferred:
        bonus = bonus - 8.0 * _any(rows, METHOD_WORDS, index)
        bonus = bonus - _CANNED * index.member(rows, index.postings.get("canned"))
        bonus = bonus + 2.0 * index.member(rows, index.postings.get("raw"))
    return bonus


def _any(
    rows: npt.NDArray[np.intp],
    tokens: Iterable[str],
    index: FoodIndex,
    postings: dict[str, npt.NDArray[np.int32]] | None = None,
) -> npt.NDArray[np.float64]:
    return index.any_of(rows, tokens, postings)


def _penalties(
    query: Query, rows: npt.NDArray[np.intp], index: FoodIndex
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The kind and brand penalties, each given back when the user named what it is for:
    the brand's for the brand ("Oreos"), the kind's for the kind ("fast food"), each alone
    (naming Oreo does not make a McFlurry with Oreo an everyday food)."""
    kind = index.lift_amount[rows] * (1.0 - _any(rows, query.words, index, index.lifts))
    brand = index.brand_amount[rows] * (1.0 - _any(rows, query.words, index, index.brand_lifts))
    return -kind, -brand
