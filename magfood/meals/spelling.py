"""A word no food has, read as the food word it most likely is."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from magfood.meals.index import FoodIndex

__all__ = ["correct"]


def correct(token: str, index: FoodIndex) -> str | None:
    if len(token) < 4 or token.isdigit():
        return None
    best = process.extractOne(
        token, index.vocabulary, scorer=fuzz.ratio, score_cutoff=84, processor=None
    )
    if best is None or str(best[0])[0] != token[0]:
        return None  # typos keep the first letter: 'order' is not 'border'
    return str(best[0])
