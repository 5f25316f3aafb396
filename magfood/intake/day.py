"""A day's intake: meals and supplements against the person's reference intake.

Food and supplement magnesium both count toward the day's total, which is compared
with the RDA/AI. Only supplemental magnesium is compared with the Tolerable Upper
Intake Level: food above 350 mg is never a warning (IOM 2000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from magfood.intake.log import DayLog, log_from_texts, split_supplements
from magfood.intake.reference import SAFETY_NOTES, Profile, SafetyNote, Target, target_for
from magfood.intake.supplements import (
    SupplementItem,
    UlCheck,
    parse_supplement,
    supplement_ul_check,
    total_elemental_mg,
)
from magfood.meals import (
    Meal,
    MealItem,
    food_index,
    item_to_dict,
    meal_from_items,
    meal_to_dict,
    parse_pieces,
)
from magfood.mealtimes import MEAL_PATTERN, MEALS, MealTime, meal_of
from magfood.table import FoodTable, load_table

#: How a day's food with no meal named is headed ("magfood day" text without labels).
UNLABELLED = "meals"
_LABEL = re.compile(rf"^\s*({MEAL_PATTERN}|supplements?)\s*[:\-–]\s*", re.IGNORECASE)
_CHUNK = re.compile(r"[,;\n]")


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

    meals: tuple[tuple[MealTime | None, Meal], ...]
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

    @property
    def energy_kcal(self) -> float:
        """Calories of the counted foods whose energy value is known."""
        return sum(item.kcal for item in self.items if item.status.counts and item.kcal is not None)


def split_day_text(text: str) -> tuple[dict[str, str], str]:
    """Free text -> meal texts by meal name, and the text under a "supplements:" label.

    "breakfast: oats, 1 banana" opens a meal, at the start of a line or of any piece
    ("breakfast: oats; lunch: rice"); pieces before any label go to ``UNLABELLED``.
    """
    meals: dict[str, list[str]] = {}
    supplements: list[str] = []
    current = UNLABELLED
    for piece in _CHUNK.split(text or ""):
        match = _LABEL.match(piece)
        if match:
            meal = meal_of(match.group(1))
            current = str(meal) if meal is not None else "supplements"
            piece = piece[match.end() :]
        if not piece.strip():
            continue
        (supplements if current == "supplements" else meals.setdefault(current, [])).append(
            piece.strip()
        )
    return {meal: ", ".join(pieces) for meal, pieces in meals.items()}, "\n".join(supplements)


def day_from_text(text: str, profile: Profile, table: FoodTable | None = None) -> Day:
    """A day from one block of text (meal labels optional, supplements mixed in)."""
    meal_texts, supplements = split_day_text(text)
    source = table or load_table()
    return evaluate(log_from_texts(date.today(), meal_texts, supplements, source), profile, source)


def evaluate(
    log: DayLog,
    profile: Profile,
    table: FoodTable | None = None,
    supplement_items: tuple[SupplementItem, ...] | None = None,
) -> Day:
    """A logged day against the person's target: its items by meal, in day order.

    ``supplement_items`` replaces parsing the log's supplement lines (the page passes items
    whose elemental/compound reading the person switched).
    """
    items = log.items(table or load_table())
    order = (*MEALS, None)
    meals = tuple(
        (
            meal,
            meal_from_items(i for i, e in zip(items, log.entries, strict=True) if e.meal == meal),
        )
        for meal in order
        if any(e.meal == meal for e in log.entries)
    )
    if supplement_items is None:
        supplement_items = parse_supplements(log.supplements)
    return summarise(profile, meals, supplement_items)


def parse_supplements(text: str) -> tuple[SupplementItem, ...]:
    """Supplement items, one per line or comma-separated piece that reads as one."""
    items = (parse_supplement(piece) for piece in _CHUNK.split(text or "") if piece.strip())
    return tuple(item for item in items if item is not None)


def summarise(
    profile: Profile,
    meals: tuple[tuple[MealTime | None, Meal], ...],
    supplements: tuple[SupplementItem, ...],
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
            MealTotal(meal_label(name), round(meal.total_magnesium_mg, 1), meal.counted_items)
            for name, meal in meals
        ),
        safety_notes=SAFETY_NOTES if supplements else (),
    )


def coverage(
    meals: tuple[tuple[MealTime | None, Meal], ...], supplements: tuple[SupplementItem, ...]
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


def top_foods(
    meals: tuple[tuple[MealTime | None, Meal], ...], limit: int = 5
) -> tuple[Contributor, ...]:
    """The foods that brought the most magnesium, summed over meals."""
    totals: dict[int, Contributor] = {}
    for _, meal in meals:
        for item in meal.items:
            if item.fdc_id is None or not item.magnesium_mg or not item.counted:
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
        for item in meal.items:
            items.append({**item_to_dict(item), "meal": meal_label(name), "kind": "food"})
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
        "status": str(item.status),
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
        "status": str(item.status),
        "message": item.message,
    }


def meal_label(meal: MealTime | None) -> str:
    """A meal's name as shown: "breakfast", or ``UNLABELLED`` for food no meal names."""
    return UNLABELLED if meal is None else str(meal)


@dataclass(frozen=True)
class TypedMeal:
    """What one meal box or ``magfood meal`` text holds: its foods, and any magnesium
    supplements typed among them (read under the supplement rules, never as a food)."""

    meal: Meal
    supplements: tuple[SupplementItem, ...]

    @property
    def supplement_magnesium_mg(self) -> float:
        """Elemental magnesium of the supplements."""
        return total_elemental_mg(self.supplements)


def read_meal(text: str, table: FoodTable | None = None) -> TypedMeal:
    """A meal's text -> its food items and, apart, the supplements among its pieces
    ("1 banana, 200 mg magnesium glycinate")."""
    source = table or load_table()
    foods, supplements = split_supplements(text, source)
    return TypedMeal(parse_pieces(foods, food_index(source)), tuple(supplements))


def typed_meal_to_dict(typed: TypedMeal) -> dict[str, Any]:
    """The JSON shape of ``magfood meal --json``: the meal's, with the supplements."""
    return {
        **meal_to_dict(typed.meal),
        "supplements": [_supplement_item(s) for s in typed.supplements],
        "supplement_magnesium_mg": round(typed.supplement_magnesium_mg, 1),
    }
