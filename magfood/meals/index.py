"""The token index of a food table: what each FDC description says, built once per table.

Each description is read into tokens with the weight each has as an extra word the user
did not ask for (by comma segment: the first names the food, the second its kind, the
rest details; SR boilerplate and neutral words weigh nothing; "no X"/"without X" are
indexed as "no_x"; "70-85%" as every percentage in it), the words that name the food,
and its head noun. Postings are grouped column-wise with numpy; penalties (``PENALTIES``),
brand names and the SR Legacy bonus make each food's prior. The refresh stores the index
with the table (``store_index``, ``index_store``); ``food_index`` loads it, one per table,
and ``matching`` scores queries against it.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from magfood.meals.columns import (
    Everyday,
    everyday_signals,
    gc_paused,
    grouped,
    penalties,
    sorted_union,
)
from magfood.meals.english import EnglishWords
from magfood.meals.index_store import IndexProblem, read_parts, write_parts
from magfood.meals.names import food_names
from magfood.meals.words import (
    BRAND_PENALTY,
    COOKING_WORDS,
    FILLER,
    FLESH_CATEGORIES,
    GROUP_WORDS,
    NEGATED,
    NEUTRAL_WORDS,
    NOT_BRANDS,
    PLAIN_COOKING_WORDS,
    PREP_WORDS,
    PROCESSING_WORDS,
    VARIANT_WORDS,
    negated,
    normalise,
    salt_said,
    served_on_head,
    twin_key,
)
from magfood.table import (
    REFRESH_HINT,
    FoodTable,
    Portion,
    Serving,
    per_table,
    portions_by_food,
    read_table,
)

__all__ = ["FoodIndex", "food_index", "store_index"]

log = logging.getLogger("magfood")

#: Weight of an unmatched description word by where it stands: the first comma segment
#: names the food, the second its kind, the rest details.
_POSITION_WEIGHTS = (4.0, 2.0, 0.4)
_INCLUDES = re.compile(r"\(includes foods for usda's[^)]*\)", re.IGNORECASE)
_PERCENT_RANGE = re.compile(r"(\d+)%?\s*-\s*(\d+)\s*%")
_BRAND_RUN = re.compile(r"[A-Za-z'&.]*[A-Z]{3,}[A-Za-z'&.]*")
_BRAND_MARKS = re.compile(r"'S$|[.'&]")
_OPTION = re.compile(r"\bor\s+([\w-]+)")
_ASIDES = re.compile(r"\([^)]*\)?")
#: An aside that is a note on what the food covers, not a name: "(includes sourdough)".
_NOTE = re.compile(r"\(\s*(?:includes?|may contain|formerly|also|made by)\b")
#: A comma segment naming a maker in capitals: "MARS SNACKFOOD US", "POST", "KELLOGG".
_MAKER = re.compile(r"^[A-Z][A-Z0-9&'. -]*[A-Z]$")


_NONE = np.zeros(0, dtype=np.int32)
#: What the index derives from the table (built here, or loaded as the refresh stored it).
DERIVED = (
    "flesh", "tokens", "normalised", "extra", "tail", "name", "postings", "weights", "first",
    "names", "name_postings", "aside", "lifts", "brand_lifts", "lift_amount", "brand_amount",
    "sr", "everyday", "vocabulary", "naming_df", "length", "naming_weight", "token_id",
    "tail_id", "name_id", "twin", "salt", "english",
)  # fmt: skip
#: Dense posting masks kept per index (each is one byte per food): as many as fit in
#: ``MASK_BYTES`` (a few thousand for the shipped table), and at least ``MASKS_KEPT``.
MASKS_KEPT, MASK_BYTES = 256, 1 << 25


class FoodIndex:
    """Token index and per-food arrays over one FoodTable; ``FoodIndex(table)`` builds it,
    ``food_index`` loads the copy the refresh stored.

    Built column-wise: each description is read once into (token, extra weight) pairs
    (segment readings are cached, FDC repeats them), then postings are grouped with
    numpy over the exploded tokens; penalties and priors are vectorised string tests.
    """

    def __init__(self, table: FoodTable) -> None:
        self._columns(table)
        with gc_paused():
            self._build(table)

    @classmethod
    def from_parts(cls, table: FoodTable, parts: Mapping[str, Any]) -> FoodIndex:
        """An index of ``table`` from its derived parts (``DERIVED``), as stored."""
        index = cls.__new__(cls)
        index._columns(table)
        vars(index).update({name: parts[name] for name in DERIVED})
        if isinstance(index.everyday, Mapping):
            index.everyday = Everyday(**index.everyday)
        return index

    def parts(self) -> dict[str, Any]:
        """What the index derives from its table (``DERIVED``), and its foods' ids."""
        return {"fdc_ids": self.fdc_ids, **{name: getattr(self, name) for name in DERIVED}}

    def _columns(self, table: FoodTable) -> None:
        """What the index reads straight from the table, never stored."""
        foods = table.foods
        self.fdc_ids: npt.NDArray[np.int64] = foods["fdc_id"].to_numpy(dtype=np.int64)
        self.descriptions: list[str] = foods["description"].astype(object).tolist()
        self.magnesium = foods["magnesium_mg_per_100g"].to_numpy(dtype=float)
        self.kcal = foods["energy_kcal_per_100g"].to_numpy(dtype=float)
        categories = foods["category"].fillna("").astype(object).tolist()
        lowered = {c: str(c).lower() for c in set(categories)}  # a few hundred kinds
        self.category = [lowered[c] for c in categories]
        self.row_of = dict(zip(self.fdc_ids.tolist(), range(len(self.fdc_ids)), strict=True))
        self.portions: Mapping[int, tuple[Portion, ...]] = portions_by_food(table)
        self._table = table  # the index is kept with its table (per_table)
        self._masks: dict[int, npt.NDArray[np.bool_]] = {}
        self.masks_kept = max(MASKS_KEPT, MASK_BYTES // max(len(self.fdc_ids), 1))
        self._unions: dict[str, npt.NDArray[np.int32]] = {}
        self._unions_of: dict[tuple[int, tuple[str, ...]], npt.NDArray[np.bool_]] = {}

    def _build(self, table: FoodTable) -> None:
        foods = table.foods
        self.flesh = np.fromiter((c in FLESH_CATEGORIES for c in self.category), bool)
        texts = pd.Series(self.descriptions, dtype=object)
        plain = [_makers_aside(d) for d in texts.str.replace(_INCLUDES, " ", regex=True)]
        lowered = [text.lower() for text in plain]
        readings = [_read(text) for text in lowered]
        self.tokens: Sequence[frozenset[str]] = [frozenset(r.weighted) for r in readings]
        self.normalised: Sequence[str] = [r.extra_words for r in readings]
        self.extra = np.fromiter((r.extra for r in readings), np.float32, len(readings))
        self.tail = [served_on_head(lowered[i]) or r.tail for i, r in enumerate(readings)]
        self.name = self.tail
        self.postings, self.weights = grouped(
            [r.weighted for r in readings], [r.weighted.values() for r in readings]
        )
        self.first = grouped([r.naming for r in readings])[0]
        sr = foods["data_type"].to_numpy(dtype=object) == "sr_legacy"
        names = food_names(
            self.row_of, table.names, table.ingredients, self.tokens, self.postings, self.first, sr
        )
        #: Each food's names as token sets, and per token the rows with a name holding it.
        self.names: Mapping[int, tuple[frozenset[str], ...]] = names
        self.name_postings = grouped(
            [[t for name in names.get(row, ()) for t in name] for row in range(len(readings))]
        )[0]
        self.aside = grouped([r.aside for r in readings])[0]
        penalty, lift = penalties(lowered)
        brands = [_brand_tokens(d) for d in self.descriptions]
        branded = np.fromiter((bool(b) for b in brands), bool, len(brands))
        brand_lift: dict[str, npt.NDArray[np.int32]] = {}
        for brand, rows in grouped(brands)[0].items():
            mostly = brand in self.postings and self.postings[brand].size <= 2 * rows.size
            if mostly:  # a word brand names use most: naming it lifts the brand penalty
                brand_lift[brand] = rows.astype(np.int32)
        self.lifts = {t: r.astype(np.int32) for t, r in lift.items()}
        self.brand_lifts = brand_lift
        self.lift_amount = penalty.astype(np.float32)
        self.brand_amount = (BRAND_PENALTY * branded).astype(np.float32)
        self.sr = sr
        self.everyday = everyday_signals(table, lowered, self.row_of)
        self.vocabulary = sorted(self.postings.keys() | self.name_postings.keys())
        naming = grouped(
            [
                (*r.naming, *r.aside, *(t for n in names.get(i, ()) for t in n))
                for i, r in enumerate(readings)
            ]
        )[0]
        #: How many foods a word names (in a description's naming words or a name people
        #: use for it): a word that names no food is not what a phrase is about.
        self.naming_df = {t: int(rows.size) for t, rows in naming.items()}
        #: Per food: how many words its description has, and the summed specificity of
        #: its naming words (how much of what names it a query can say).
        self.length = np.fromiter((len(t) for t in self.tokens), np.float32, len(readings))
        self.naming_weight = np.fromiter(
            (sum(self.specificity(t) for t in r.naming) for r in readings),
            np.float32,
            len(readings),
        )
        self.token_id = {t: i for i, t in enumerate(self.vocabulary)}
        self.tail_id = np.asarray([self.token_id.get(t, -1) for t in self.tail], dtype=np.int32)
        self.name_id = self.tail_id
        keys = [twin_key(text) for text in lowered]
        key_ids = {key: i for i, key in enumerate(dict.fromkeys(keys))}
        self.twin = np.fromiter((key_ids[k] for k in keys), np.int32, len(keys))
        self.salt = np.fromiter((salt_said(text) for text in lowered), np.int8, len(keys))
        #: wordfreq's Zipf figure of each word the index knows, and of its plural.
        said = [*self.vocabulary, *sorted(COOKING_WORDS | PREP_WORDS)]
        self.english = EnglishWords.of(w for t in said for w in (t, t + "s"))

    def member(
        self, rows: npt.NDArray[np.integer[Any]], posting: npt.NDArray[np.int32] | None
    ) -> npt.NDArray[np.float64]:
        """1.0 for each row in one of this index's posting lists, else 0.0.

        A posting list is turned into a dense mask over all foods the first time it is
        asked for, so each later test is one array lookup (the scorer asks dozens per
        query, often for the same few cooking and variant words). At most ``masks_kept``
        masks are kept, oldest dropped first, so a Branded-size table stays bounded."""
        if posting is None or posting.size == 0:
            return np.zeros(rows.size)
        mask = self._masks.get(id(posting))
        if mask is None:
            mask = np.zeros(len(self.descriptions), dtype=np.bool_)
            mask[posting] = True
            if len(self._masks) >= self.masks_kept:
                del self._masks[next(iter(self._masks))]
            self._masks[id(posting)] = mask
        found: npt.NDArray[np.float64] = mask[rows].astype(np.float64)
        return found

    def knows(self, token: str) -> bool:
        """Whether a food's description or one of its names has the word."""
        return token in self.postings or token in self.name_postings

    def rows_with(self, token: str) -> npt.NDArray[np.int32]:
        """The rows whose description or names have the word, ascending."""
        found, named = self.postings.get(token), self.name_postings.get(token)
        if found is None or named is None:
            return found if found is not None else named if named is not None else _NONE
        union = self._unions.get(token)
        if union is None:  # merged once per word
            union = self._unions[token] = sorted_union([found, named])
        return union

    def any_of(
        self,
        rows: npt.NDArray[np.integer[Any]],
        tokens: Iterable[str],
        postings: Mapping[str, npt.NDArray[np.int32]] | None = None,
    ) -> npt.NDArray[np.float64]:
        """1.0 for each row in the posting list of any of the words (in ``postings``, the
        descriptions' by default), else 0.0. The union of a word set is made into one mask
        the first time it is asked for (the scorer asks the same few sets for every
        query), kept like ``member``'s."""
        lookup = self.postings if postings is None else postings
        said = tuple(t for t in tokens if t in lookup)
        if not said:
            return np.zeros(rows.size)
        if len(said) == 1:
            return self.member(rows, lookup[said[0]])
        key = (id(lookup), said)
        mask = self._unions_of.get(key)
        if mask is None:
            mask = np.zeros(len(self.descriptions), dtype=np.bool_)
            for token in said:
                mask[lookup[token]] = True
            if len(self._unions_of) >= self.masks_kept:
                del self._unions_of[next(iter(self._unions_of))]
            self._unions_of[key] = mask
        found: npt.NDArray[np.float64] = mask[rows].astype(np.float64)
        return found

    def specificity(self, token: str) -> float:
        """How rare a word is among the descriptions: log(foods / foods with it)."""
        found = self.postings.get(token)
        return math.log(len(self.descriptions) / (found.size if found is not None else 1))

    def zipf(self, word: str) -> float:
        """How common a word is in English (``english.EnglishWords``, stored at refresh)."""
        return self.english.zipf(word)

    def portions_of(self, fdc_id: int) -> tuple[Portion, ...]:
        return self.portions.get(fdc_id, ())

    def serving_of(self, fdc_id: int) -> Serving | None:
        """The food's one serving (read from the table when first asked for)."""
        return self._table.serving_of(fdc_id)


@dataclass(frozen=True)
class _Reading:
    """One description as the index keeps it."""

    weighted: dict[str, float]  # every token -> its weight as an unasked extra word
    naming: tuple[str, ...]  # the words that name the food (first segment or two)
    tail: str  # the last word of the name: its head noun
    extra: float  # the sum of the extra-word weights
    extra_words: str  # the words that count as extra, for the closeness tie-break
    aside: tuple[str, ...] = ()  # words of a naming aside: "(Triscuit)", "(mandarin oranges)"


def _read(lowered: str) -> _Reading:
    """Read one lowercased description into tokens, extra weights and naming words."""
    if "," not in lowered and "(" not in lowered and "%" not in lowered:
        return _reading(dict(_segment(lowered, 0, False)), normalise(lowered), [])
    found = _ASIDES.findall(lowered)
    asides = [negated(normalise(aside)) for aside in found]
    weighted = dict.fromkeys((t for aside in asides for t in aside), 0.0)
    naming_aside = tuple(
        dict.fromkeys(
            t
            for text, aside in zip(found, asides, strict=True)
            if not _NOTE.match(text)
            for t in aside
        )
    )
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
        second = normalise(segments[1]) if len(segments) > 1 else []
        return _reading(weighted, head, second, aside=naming_aside)
    name = normalise(segments[1])
    nouns = [t for t in name if t not in GROUP_WORDS]
    return _reading(weighted, [*head, *name], [], nouns[-1] if nouns else "", naming_aside)


def _reading(
    weighted: dict[str, float],
    head: list[str],
    second: list[str],
    tail: str | None = None,
    aside: tuple[str, ...] = (),
) -> _Reading:
    """A reading; a one-word first segment is named together with the second
    ("Cheese, cottage"), and the tail is the last word of the first segment. A naming
    aside is kept apart: it names the food too ("Crackers, woven wheat, plain (Triscuit)")."""
    naming = [*head, *second] if len(head) == 1 else head
    extra_words = " ".join(t for t, w in weighted.items() if w > 0)
    last = head[-1] if head else ""
    return _Reading(
        weighted,
        tuple(dict.fromkeys(naming)),
        last if tail is None else tail,
        sum(weighted.values()),
        extra_words,
        aside,
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


@lru_cache(maxsize=1 << 16)
def _extra_weight(token: str, position: int, with_part: bool, grouped: bool) -> float:
    """How much an unmatched description word counts against the food."""
    if token in NEUTRAL_WORDS or token in PLAIN_COOKING_WORDS or (grouped and token in GROUP_WORDS):
        return 0.0
    weight = _POSITION_WEIGHTS[min(position, len(_POSITION_WEIGHTS) - 1)]
    variant = token in PROCESSING_WORDS or token in VARIANT_WORDS
    weight = max(weight, 2.0) if with_part or variant else weight
    if token in PREP_WORDS or token.startswith(NEGATED):
        return 0.3 * weight  # how it is cut; what it lacks
    return 0.5 * weight if token in COOKING_WORDS and token not in PROCESSING_WORDS else weight


def _makers_aside(description: str) -> str:
    """The description with inner maker segments moved to a closing aside.

    "Candies, MARS SNACKFOOD US, SNICKERS Bar" -> "Candies, SNICKERS Bar (made by MARS
    SNACKFOOD US)": who makes a food says nothing of what it is, so the maker's words are
    indexed but neither name the food nor count against it.
    """
    if description.count(",") < 2:
        return description
    segments = description.split(",")
    kept = [segments[0]]
    makers: list[str] = []
    for segment in segments[1:-1]:
        text = segment.strip()
        maker = _MAKER.match(text) is not None and _BRAND_MARKS.sub("", text) not in NOT_BRANDS
        (makers if maker else kept).append(text if maker else segment)
    if not makers:
        return description
    return ",".join([*kept, segments[-1]]) + f" (made by {' '.join(makers)})"


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


@per_table
def food_index(table: FoodTable) -> FoodIndex:
    """The index of a table, kept with it: as the refresh stored it for a table read from a
    folder; built here for a table made in memory, or (with one warning line naming the
    fix) when the stored one is missing, stale or corrupt."""
    if "sources" not in table.manifest:
        return FoodIndex(table)
    try:
        return FoodIndex.from_parts(table, read_parts(table))
    except IndexProblem as exc:
        log.warning("magfood: %s; building it in this process. Fix: %s.", exc, REFRESH_HINT)
        return FoodIndex(table)


def store_index(directory: Path) -> dict[str, Any]:
    """Build the index of the table in ``directory`` (a staged refresh) and store it there
    (``index_store.write_parts``); returns the manifest's record of it."""
    return write_parts(directory, FoodIndex(read_table(directory)).parts())
