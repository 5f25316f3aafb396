"""A day's intake: meals and supplements against the person's reference intake.

Food and supplement magnesium both count toward the day's total, which is compared
with the RDA/AI. Only supplemental magnesium is compared with the Tolerable Upper
Intake Level: food above 350 mg is never a warning (IOM 2000).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from magfood.intake.reference import SAFETY_NOTES, Profile, SafetyNote, Target, target_for
from magfood.intake.supplements import (
    SupplementItem,
    UlCheck,
    parse_supplement,
    supplement_ul_check,
    total_elemental_mg,
)
from magfood.meals.parse import Meal, MealItem, meal_from_items, meal_to_dict, parse_meal
from magfood.table.load import FoodTable, load_table

MEALS = ("breakfast", "lunch", "dinner", "snacks")
_UNLABELLED = "meals"
_LABEL = re.compile(
    r"^\s*(breakfast|brunch|lunch|dinner|supper|snacks?|dessert|supplements?)\s*[:\-–]\s*",
    re.IGNORECASE,
)
_LABEL_NAMES = {
    "supper": "dinner",
    "snack": "snacks",
    "dessert": "snacks",
    "supplement": "supplements",
}
_CHUNK = re.compile(r"[,;\n]")
#: Words that join two items in one piece (the meal parser splits on them too).
_JOINER = re.compile(r"\s+(?:and|with|plus|&)\s+|\s*&\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Contributor:
    """One food's share of the day's magnesium."""

    fdc_id: int
    food: str
    magnesium_mg: float
    grams: float


@dataclass(frozen=True)
class MealTotal:
    """Magnesium of one meal box."""

    meal: str
    magnesium_mg: float
    counted_items: int


@dataclass(frozen=True)
class Coverage:
    """How many items have a known magnesium value, in plain words."""

    known: int
    items: int
    lower_bound: bool
    text: str


@dataclass(frozen=True)
class Day:
    """A day's result: what was eaten and taken, totals, and how they compare."""

    meals: tuple[tuple[str, Meal], ...]
    supplements: tuple[SupplementItem, ...]
    target: Target
    food_magnesium_mg: float
    supplement_magnesium_mg: float
    total_magnesium_mg: float
    percent_of_target: float
    gap_mg: float
    ul: UlCheck
    coverage: Coverage
    top_foods: tuple[Contributor, ...]
    meal_totals: tuple[MealTotal, ...]
    safety_notes: tuple[SafetyNote, ...]

    @property
    def items(self) -> tuple[MealItem, ...]:
        return tuple(item for _, meal in self.meals for item in meal.items)


def split_day_text(text: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Free text -> meal texts by label, and the pieces that are supplements.

    "breakfast: oats, 1 banana" opens a meal, at the start of a line or of any piece
    ("breakfast: oats; lunch: rice"); pieces before any label go to "meals". A piece
    read as a supplement ("200 mg magnesium glycinate") is taken out of the meal text.
    """
    meals: dict[str, list[str]] = {}
    supplements: list[str] = []
    current = _UNLABELLED
    for piece in _CHUNK.split(text or ""):
        match = _LABEL.match(piece)
        if match:
            label = match.group(1).lower()
            current = _LABEL_NAMES.get(label, label)
            piece = piece[match.end() :]
        if not piece.strip():
            continue
        if current == "supplements":
            supplements.append(piece.strip())
            continue
        food, taken = _take_supplements(piece)
        supplements.extend(taken)
        if food:
            meals.setdefault(current, []).append(food)
    return {meal: ", ".join(pieces) for meal, pieces in meals.items()}, tuple(supplements)


def _take_supplements(piece: str) -> tuple[str, tuple[str, ...]]:
    """A piece's food text and its supplement parts: "1 cup spinach and 200 mg magnesium
    glycinate" is a food and a supplement, joined by a word the meal parser also splits on."""
    if parse_supplement(piece) is None:
        return piece.strip(), ()
    parts = [p.strip() for p in _JOINER.split(piece) if p.strip()]
    taken = tuple(p for p in parts if parse_supplement(p) is not None)
    if not taken:  # only the whole reads as a supplement ("magnesium citrate and malate")
        return "", (piece.strip(),)
    return " and ".join(p for p in parts if p not in taken), taken


def day_from_text(text: str, profile: Profile, table: FoodTable | None = None) -> Day:
    """A day from one block of text (meal labels optional, supplements mixed in)."""
    meal_texts, supplement_texts = split_day_text(text)
    parsed = _file_by_meal_words(_parse_meals(meal_texts, table or load_table()))
    return summarise(profile, parsed, parse_supplements("\n".join(supplement_texts)))


def _parse_meals(meals: Mapping[str, str], table: FoodTable) -> tuple[tuple[str, Meal], ...]:
    return tuple((name, parse_meal(text, table)) for name, text in meals.items() if text.strip())


def _file_by_meal_words(parsed: tuple[tuple[str, Meal], ...]) -> tuple[tuple[str, Meal], ...]:
    """Items whose own words name a meal ("2 eggs for breakfast") join that meal: what a
    line says of itself is more specific than the label it follows."""

    def label(name: str, item: MealItem) -> str:
        return _LABEL_NAMES.get(item.meal, item.meal) if item.meal else name

    if all(label(name, item) == name for name, meal in parsed for item in meal.items):
        return parsed
    groups: dict[str, list[MealItem]] = {}
    for name, meal in parsed:
        for item in meal.items:
            groups.setdefault(label(name, item), []).append(item)
    return tuple((name, meal_from_items(items)) for name, items in groups.items())


def day_result(
    profile: Profile,
    meals: Mapping[str, str],
    supplements: str = "",
    table: FoodTable | None = None,
    supplement_items: tuple[SupplementItem, ...] | None = None,
) -> Day:
    """A day from meal boxes (name -> text) and supplement text.

    ``supplement_items`` replaces parsing ``supplements`` (the page passes items whose
    elemental/compound reading the user switched).
    """
    parsed = _parse_meals(meals, table or load_table())
    if supplement_items is None:
        supplement_items = parse_supplements(supplements)
    return summarise(profile, parsed, supplement_items)


def parse_supplements(text: str) -> tuple[SupplementItem, ...]:
    """Supplement items, one per line or comma-separated piece that reads as one."""
    items = (parse_supplement(piece) for piece in _CHUNK.split(text or "") if piece.strip())
    return tuple(item for item in items if item is not None)


def summarise(
    profile: Profile, meals: tuple[tuple[str, Meal], ...], supplements: tuple[SupplementItem, ...]
) -> Day:
    """Totals, target comparison, coverage and contributors for parsed meals and supplements."""
    target = target_for(profile)
    food_mg = round(sum(meal.total_magnesium_mg for _, meal in meals), 1)
    supplement_mg = round(total_elemental_mg(supplements), 1)
    total = round(food_mg + supplement_mg, 1)
    return Day(
        meals=meals,
        supplements=supplements,
        target=target,
        food_magnesium_mg=food_mg,
        supplement_magnesium_mg=supplement_mg,
        total_magnesium_mg=total,
        percent_of_target=round(100.0 * total / target.rda_mg, 1),
        gap_mg=round(max(0.0, target.rda_mg - total), 1),
        ul=supplement_ul_check(supplement_mg, target),
        coverage=coverage(meals, supplements),
        top_foods=top_foods(meals),
        meal_totals=tuple(
            MealTotal(name, round(meal.total_magnesium_mg, 1), meal.counted_items)
            for name, meal in meals
        ),
        safety_notes=SAFETY_NOTES if supplements else (),
    )


def coverage(
    meals: tuple[tuple[str, Meal], ...], supplements: tuple[SupplementItem, ...]
) -> Coverage:
    """ "Magnesium known for 9 of 11 items; the total is a lower bound"."""
    items = [item for _, meal in meals for item in meal.items]
    known = sum(1 for item in items if item.magnesium_mg is not None)
    known += sum(1 for item in supplements if item.elemental_mg is not None)
    count = len(items) + len(supplements)
    lower = known < count
    if count == 0:
        text = "Nothing logged yet."
    elif lower:
        text = f"Magnesium known for {known} of {count} items; the total is a lower bound."
    elif count == 1:
        text = "Magnesium known for the one item."
    else:
        text = f"Magnesium known for all {count} items."
    return Coverage(known, count, lower, text)


def top_foods(meals: tuple[tuple[str, Meal], ...], limit: int = 5) -> tuple[Contributor, ...]:
    """The foods that brought the most magnesium, summed over meals."""
    totals: dict[int, Contributor] = {}
    for _, meal in meals:
        for item in meal.items:
            if (
                item.fdc_id is None
                or not item.magnesium_mg
                or item.status not in ("matched", "estimated")
            ):
                continue
            seen = totals.get(item.fdc_id)
            mg = item.magnesium_mg + (seen.magnesium_mg if seen else 0.0)
            grams = (item.grams or 0.0) + (seen.grams if seen else 0.0)
            totals[item.fdc_id] = Contributor(
                item.fdc_id, item.food or "", round(mg, 1), round(grams, 1)
            )
    ranked = sorted(totals.values(), key=lambda c: -c.magnesium_mg)
    return tuple(ranked[:limit])


def day_to_dict(day: Day) -> dict[str, Any]:
    """The JSON shape of ``magfood day --json``."""
    items = []
    for name, meal in day.meals:
        for entry in meal_to_dict(meal)["items"]:
            items.append({**entry, "meal": name, "kind": "food"})
    items.extend(_supplement_item(s) for s in day.supplements)
    return {
        "total_magnesium_mg": day.total_magnesium_mg,
        "food_magnesium_mg": day.food_magnesium_mg,
        "supplement_magnesium_mg": day.supplement_magnesium_mg,
        "target_mg": day.target.rda_mg,
        "target_kind": day.target.kind,
        "life_stage": day.target.life_stage,
        "percent_of_target": day.percent_of_target,
        "gap_mg": day.gap_mg,
        "supplement_ul_mg": day.target.supplement_ul_mg,
        "over_supplement_ul": day.ul.over,
        "ul_message": day.ul.message,
        "coverage": day.coverage.text,
        "lower_bound": day.coverage.lower_bound,
        "meal_totals": [
            {"meal": m.meal, "magnesium_mg": m.magnesium_mg, "counted_items": m.counted_items}
            for m in day.meal_totals
        ],
        "top_foods": [
            {"fdc_id": c.fdc_id, "food": c.food, "magnesium_mg": c.magnesium_mg, "grams": c.grams}
            for c in day.top_foods
        ],
        "items": items,
        "supplements": [_supplement_dict(s) for s in day.supplements],
        "safety_notes": [note.text for note in day.safety_notes],
    }


def _supplement_item(item: SupplementItem) -> dict[str, Any]:
    """A supplement in the day's item list, with the meal items' keys: no FDC food or grams;
    its magnesium is elemental, and ``portion`` says how the label was read."""
    return {
        "text": item.text,
        "quantity": item.count,
        "unit": None,
        "grams": None,
        "fdc_id": None,
        "food": f"magnesium {item.form}" if item.form else "magnesium supplement",
        "magnesium_mg": item.elemental_mg,
        "status": item.status,
        "portion": f"{item.reading}: {item.reading_reason}",
        "score": None,
        "alternatives": [],
        "message": item.message,
        "meal": "supplements",
        "kind": "supplement",
    }


def _supplement_dict(item: SupplementItem) -> dict[str, Any]:
    return {
        "text": item.text,
        "form": item.form,
        "count": item.count,
        "dose_mg": item.dose_mg,
        "reading": item.reading,
        "reading_reason": item.reading_reason,
        "elemental_mg": item.elemental_mg,
        "status": item.status,
        "message": item.message,
    }
