"""What a container says of the food in it: "a can of kidney beans" is canned beans."""

from __future__ import annotations

import re

from magfood.meals.amounts import Amount
from magfood.meals.matching import COOKING_WORDS, Alternative, FoodIndex, match

__all__ = ["canned_if_in_a_can"]

#: Units that hold a food canned: "a can of kidney beans" is canned kidney beans.
_CANNING_UNITS = frozenset({"can"})
_CANNED = re.compile(r"\bcanned\b")


def canned_if_in_a_can(
    candidates: tuple[Alternative, ...], amount: Amount, index: FoodIndex
) -> tuple[Alternative, ...]:
    """The candidates for a food in a can (``_CANNING_UNITS``): when the best is not a
    canned food and the phrase says no state of its own ("a can of soup, heated"), the
    food's canned form, if the table has one ("Beans, kidney, red, mature seeds, canned");
    a drink that comes in cans ("a can of cola") keeps its own."""
    said = re.findall(r"[a-z]+", amount.food.lower())
    if amount.unit not in _CANNING_UNITS or not candidates or any(w in COOKING_WORDS for w in said):
        return candidates
    if _CANNED.search(candidates[0].food.lower()):
        return candidates
    canned = match(f"canned {amount.food}", index)
    return canned if canned and _CANNED.search(canned[0].food.lower()) else candidates
