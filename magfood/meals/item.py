"""What a meal was read as: items with their FDC food, grams, magnesium and status.

Every matched item carries its ``fdc_id``, the FDC description, the score and the portion
the grams came from; a status says how sure the figure is and never hides a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from magfood.meals.matching import Alternative
from magfood.mealtimes import MealTime

#: FDC entries for one food "disagree" when their magnesium differs by more than this share.
DISAGREEMENT = 0.25
EMPTY_MESSAGE = "Nothing to read: type foods like '1 cup spinach'."


class Status(StrEnum):
    """How an item's figure was reached."""

    MATCHED = "matched"  #: the food and an FDC portion or mass for the amount
    ESTIMATED = "estimated"  #: the food, with an amount assumed (a serving, 1 g per ml)
    CHECK = "check"  #: the ranking's best guess at the food, not sure enough: check it
    UNMATCHED = "unmatched"  #: no food in the table matched well enough
    INVALID = "invalid"  #: an amount that cannot be right (zero, unreadable, too much)

    @property
    def counts(self) -> bool:
        """Whether an item of this status adds to the total (when its magnesium is known)."""
        return self in (Status.MATCHED, Status.ESTIMATED, Status.CHECK)


@dataclass(frozen=True)
class MealItem:
    """One food of a meal: what was understood, the FDC food, grams and magnesium."""

    text: str
    quantity: float | None
    unit: str | None
    grams: float | None
    fdc_id: int | None
    food: str | None
    magnesium_mg: float | None
    kcal: float | None
    status: Status
    portion: str | None
    grams_rule: str | None
    score: float | None
    alternatives: tuple[Alternative, ...]
    message: str
    meal: MealTime | None = None
    notes: tuple[str, ...] = ()
    #: (lowest, highest) magnesium of the FDC entries that read as this food just as well,
    #: when they disagree by more than ``DISAGREEMENT``; the item's own figure is one of them
    magnesium_range_mg: tuple[float, float] | None = None

    @property
    def counted(self) -> bool:
        """Whether the item adds to the meal total."""
        return self.status.counts and self.magnesium_mg is not None


@dataclass(frozen=True)
class Meal:
    """The items of a meal and their magnesium total (a lower bound if flagged)."""

    items: tuple[MealItem, ...]
    total_magnesium_mg: float
    counted_items: int
    estimated_items: int
    unmatched_items: int
    invalid_items: int
    lower_bound: bool
    message: str
    check_items: int = 0  #: counted best guesses at the food that ask for a check
    #: the total's (lowest, highest) when FDC entries for some items disagree, else None
    total_range_mg: tuple[float, float] | None = None
    #: Pieces of the text past ``MAX_ITEMS`` that were not read (0: the whole text was read).
    skipped_pieces: int = 0


def meal_from_items(items: Iterable[MealItem]) -> Meal:
    """A meal with its totals recomputed from the items."""
    items = tuple(items)
    counted = [i for i in items if i.counted]
    total = sum(i.magnesium_mg or 0.0 for i in counted)
    estimated = sum(1 for i in counted if i.status is Status.ESTIMATED)
    unmatched = sum(1 for i in items if i.status is Status.UNMATCHED)
    invalid = sum(1 for i in items if i.status is Status.INVALID)
    check = sum(1 for i in counted if i.status is Status.CHECK)
    spread = None
    if any(i.magnesium_range_mg for i in counted):
        ranges = [i.magnesium_range_mg or (i.magnesium_mg or 0.0,) * 2 for i in counted]
        spread = (sum(r[0] for r in ranges), sum(r[1] for r in ranges))
    lower = any(i.status.counts and i.magnesium_mg is None for i in items)
    return Meal(
        items,
        total,
        len(counted),
        estimated,
        unmatched,
        invalid,
        lower,
        _summary(items, len(counted), estimated, unmatched, invalid, lower, check)
        + _range_text(spread),
        check,
        spread,
    )


def _summary(
    items: tuple[MealItem, ...],
    counted: int,
    estimated: int,
    unmatched: int,
    invalid: int,
    lower: bool,
    check: int = 0,
) -> str:
    if not items:
        return EMPTY_MESSAGE
    parts = [f"{counted} of {len(items)} item{'s' if len(items) != 1 else ''} counted"]
    if estimated:
        parts.append(f"{estimated} with an estimated amount")
    if check:
        parts.append(f"{check} best guess{'es' if check != 1 else ''} at the food to check")
    if unmatched:
        parts.append(f"{unmatched} not matched (pick a food from the candidates)")
    if invalid:
        parts.append(f"{invalid} with an amount that cannot be right")
    text = "; ".join(parts) + "."
    if lower:
        text += " The total is a lower bound: FDC has no magnesium value for some foods."
    return text


def _range_text(spread: tuple[float, float] | None) -> str:
    if spread is None:
        return ""
    return f" FDC entries disagree for some foods: {spread[0]:.0f}-{spread[1]:.0f} mg in all."


def meal_to_dict(meal: Meal) -> dict[str, Any]:
    """The meal as the JSON object of ``magfood meal --json``."""
    return {
        "items": [item_to_dict(item) for item in meal.items],
        "total_magnesium_mg": round(meal.total_magnesium_mg, 1),
        "counted_items": meal.counted_items,
        "estimated_items": meal.estimated_items,
        "check_items": meal.check_items,
        "total_range_mg": _rounded(meal.total_range_mg),
        "unmatched_items": meal.unmatched_items,
        "invalid_items": meal.invalid_items,
        "lower_bound": meal.lower_bound,
        "message": meal.message,
        "skipped_pieces": meal.skipped_pieces,
    }


def item_to_dict(item: MealItem) -> dict[str, Any]:
    """One item as JSON-ready data."""
    return {
        "text": item.text,
        "quantity": item.quantity,
        "unit": item.unit,
        "grams": None if item.grams is None else round(item.grams, 1),
        "fdc_id": item.fdc_id,
        "food": item.food,
        "magnesium_mg": None if item.magnesium_mg is None else round(item.magnesium_mg, 1),
        "kcal": None if item.kcal is None else round(item.kcal),
        "status": str(item.status),
        "portion": item.portion,
        "grams_rule": item.grams_rule,
        "score": item.score,
        "alternatives": [
            {"fdc_id": a.fdc_id, "food": a.food, "score": a.score} for a in item.alternatives
        ],
        "message": item.message,
        "meal": None if item.meal is None else str(item.meal),
        "notes": list(item.notes),
        "magnesium_range_mg": _rounded(item.magnesium_range_mg),
    }


def _rounded(spread: tuple[float, float] | None) -> list[float] | None:
    return None if spread is None else [round(spread[0], 1), round(spread[1], 1)]
