"""The names people use for foods, as USDA lists them, read for matching.

FNDDS "additional descriptions" and SR Legacy common names (``data/names.parquet``) mix
three kinds of entry: names ("Stilton", "collard greens", "Manwich"), qualifiers a food
code covers ("any source", "sugar free", "pre-sliced") and what it is made with ("cooking
spray", "2% milk" on a latte). Only names are kept:

* a name made only of qualifier words (``QUALIFIER_WORDS``, cooking and fat words) is a
  qualifier;
* a name that another food answers to better - its own description holds every word of
  the name, with the name's last word in its first segment - says what this food is made
  with, unless that food is this food's main ingredient (FNDDS "Orange, canned, NFS" is
  "mandarin orange" because its ingredient is SR's canned tangerines).

A kept name of an FNDDS food also names its main ingredient (an ``input_food`` share of at
least ``MAIN_SHARE``) and the ingredient's other SR forms, the same food cooked, frozen or
salted: FNDDS calls its collards "collard greens", and so are SR's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from magfood.meals.words import (
    COOKING_WORDS,
    FAT_LEVEL_WORDS,
    NEGATED,
    NEUTRAL_WORDS,
    NOT_SPECIFIED,
    PREP_WORDS,
    PROCESSING_WORDS,
    QUALIFIER_WORDS,
    SALT_WORDS,
    VARIANT_WORDS,
    negated,
    normalise,
)

__all__ = ["MAIN_SHARE", "food_names", "identity"]

#: An ingredient with at least this share of an FNDDS food's weight is the food.
MAIN_SHARE = 0.9
_QUALIFYING = (
    QUALIFIER_WORDS
    | COOKING_WORDS
    | PREP_WORDS
    | PROCESSING_WORDS
    | VARIANT_WORDS
    | FAT_LEVEL_WORDS
    | NEUTRAL_WORDS
    | SALT_WORDS
)
_ATTRIBUTE = COOKING_WORDS | PREP_WORDS | PROCESSING_WORDS | NEUTRAL_WORDS | SALT_WORDS
_OR_PAIR = re.compile(r"\b([\w'-]+) or ([\w'-]+)\b")

Names = dict[int, tuple[frozenset[str], ...]]


def identity(tokens: frozenset[str]) -> frozenset[str]:
    """A description's words without its cooking, processing, cut and salt words: the
    foods with one identity are one food in different states ("Collards, raw" and
    "Collards, frozen, chopped, boiled, drained, with salt"); what a food lacks ("without
    salt") is not what it is."""
    return frozenset(t for t in tokens - _ATTRIBUTE if not t.startswith(NEGATED))


def food_names(
    row_of: Mapping[int, int],
    names: pd.DataFrame,
    ingredients: pd.DataFrame,
    tokens: Sequence[frozenset[str]],
    postings: Mapping[str, npt.NDArray[np.int32]],
    first: Mapping[str, npt.NDArray[np.int32]],
    sr: npt.NDArray[np.bool_],
) -> Names:
    """Row -> the token sets of the names it answers to (see the module notes)."""
    main = _main_ingredients(row_of, ingredients)
    said: dict[int, list[frozenset[str]]] = {}
    for fdc_id, name in zip(names["fdc_id"].tolist(), names["name"].tolist(), strict=True):
        row = row_of.get(int(fdc_id))
        if row is None:
            continue
        for text in _alternatives(NOT_SPECIFIED.sub(" ", str(name).lower())):
            words = frozenset(t for t in negated(normalise(text)) if t not in NEUTRAL_WORDS)
            if words and not all(t in _QUALIFYING or t.startswith(NEGATED) for t in words):
                said.setdefault(row, []).append(words)
    kept: dict[int, list[frozenset[str]]] = {}
    answers = _Answers(postings, first)
    for row, sets in said.items():
        own = {row, *main.get(row, ())}
        for words in dict.fromkeys(sets):
            if answers.others(words, own):
                continue  # another food is what this name says: "2% milk" on a latte
            kept.setdefault(row, []).append(words)
    by_identity = _sr_identities(tokens, sr)
    for row, ingredient_rows in main.items():
        for words in kept.get(row, ()):
            for ingredient in ingredient_rows:
                for form in by_identity.get(identity(tokens[ingredient]), (ingredient,)):
                    kept.setdefault(form, []).append(words)
    return {row: tuple(dict.fromkeys(sets)) for row, sets in kept.items()}


class _Answers:
    """Which foods a name's words describe: every word in the description, one of them in
    its first segment."""

    def __init__(
        self,
        postings: Mapping[str, npt.NDArray[np.int32]],
        first: Mapping[str, npt.NDArray[np.int32]],
    ) -> None:
        self.postings = postings
        self.first = first

    def others(self, words: frozenset[str], own: set[int]) -> bool:
        rows: npt.NDArray[np.int32] | None = None
        for word in words:
            found = self.postings.get(word)
            if found is None:
                return False
            rows = found if rows is None else np.intersect1d(rows, found, assume_unique=True)
            if rows.size == 0:
                return False
        assert rows is not None
        return any(int(r) not in own for r in rows.tolist())


def _main_ingredients(row_of: Mapping[int, int], ingredients: pd.DataFrame) -> dict[int, set[int]]:
    main = ingredients[ingredients["share"] >= MAIN_SHARE]
    found: dict[int, set[int]] = {}
    for food, ingredient in zip(
        main["fdc_id"].tolist(), main["ingredient_fdc_id"].tolist(), strict=True
    ):
        row, part = row_of.get(int(food)), row_of.get(int(ingredient))
        if row is not None and part is not None:
            found.setdefault(row, set()).add(part)
    return found


def _sr_identities(
    tokens: Sequence[frozenset[str]], sr: npt.NDArray[np.bool_]
) -> dict[frozenset[str], list[int]]:
    found: dict[frozenset[str], list[int]] = {}
    for row in np.flatnonzero(sr).tolist():
        found.setdefault(identity(tokens[row]), []).append(row)
    return found


def _alternatives(text: str) -> list[str]:
    """ "hot or lean pocket" -> "hot pocket", "lean pocket": each word an "or" offers."""
    found = _OR_PAIR.search(text)
    if found is None:
        return [text]
    start, end = found.span()
    return [
        *_alternatives(text[:start] + found.group(1) + text[end:]),
        *_alternatives(text[:start] + found.group(2) + text[end:]),
    ]
