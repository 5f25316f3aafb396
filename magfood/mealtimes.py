"""The meals of a day, and the words people use for them: one definition for every stage.

A diary day has four meals (``MealTime``); every word that names a meal ("brunch",
"supper", "dessert", "snacktime") files food under one of them, and the planner's meal
slots ("morning snack") map onto them too.
"""

from __future__ import annotations

import re
from enum import StrEnum


class MealTime(StrEnum):
    """One of the four meals a diary day is kept in, in day order."""

    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACKS = "snacks"


MEALS: tuple[MealTime, ...] = tuple(MealTime)

#: Words naming a meal -> the meal they file food under.
MEAL_WORDS: dict[str, MealTime] = {
    "breakfast": MealTime.BREAKFAST,
    "brunch": MealTime.BREAKFAST,
    "lunch": MealTime.LUNCH,
    "lunchtime": MealTime.LUNCH,
    "dinner": MealTime.DINNER,
    "dinnertime": MealTime.DINNER,
    "supper": MealTime.DINNER,
    "dessert": MealTime.SNACKS,
    "snack": MealTime.SNACKS,
    "snacks": MealTime.SNACKS,
    "snacktime": MealTime.SNACKS,
}
#: A regular-expression alternation of the meal words, longest first.
MEAL_PATTERN = "|".join(sorted(MEAL_WORDS, key=len, reverse=True))
_SLOT = re.compile(rf"\b({MEAL_PATTERN})\b", re.IGNORECASE)


def meal_of(word: str | None) -> MealTime | None:
    """The meal a word or planner slot names ("Supper", "afternoon snack"), or None."""
    if not word:
        return None
    found = _SLOT.search(word)
    return MEAL_WORDS[found.group(1).lower()] if found else None
