"""The weekly plan in other forms: household portions as text, JSON-ready data, CSV,
Markdown, and the record a saved plan is stored as (``menus.plan_from_record`` reads it
back).

``menus`` builds every item's portion text with :func:`times_portion`, so this module
imports the plan types from ``menus`` only for type checking.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from magfood.plan.diagnosis import Infeasible
from magfood.units import canonical_unit, unit_in_text, unit_kind, volume_ml

if TYPE_CHECKING:
    from magfood.plan.week import PlannedItem, WeekPlan

#: The version of the saved-plan record written by :func:`plan_record`.
RECORD_FORMAT = 1
CSV_COLUMNS = ("day", "meal", "fdc_id", "food", "portion", "grams", "magnesium_mg", "kcal")
_ITEM_FIELDS = (
    "fdc_id",
    "food",
    "portion",
    "grams",
    "magnesium_mg",
    "kcal",
    "servings",
    "family",
    "locked",
)

# --- household portions ---------------------------------------------------------------------

_AMOUNT = re.compile(r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)\s+(.+)$")


def times_portion(portion: str, servings: int) -> str:
    """ "1/2 cup, chopped" x 3 -> "1 1/2 cups, chopped"; "1 slice" x 2 -> "2 slices"."""
    amount, rest = _split_portion(portion)
    if amount is None:
        return portion if servings == 1 else f"{servings} x {portion}"
    return _format(amount * servings, rest)


def base_portion(item: PlannedItem) -> str:
    """The base household portion an item's portion is a multiple of."""
    amount, rest = _split_portion(item.portion)
    if amount is None:
        return item.portion
    return _format(amount / item.servings, rest)


def portion_cups(portion: str) -> float | None:
    """ "1 1/2 cups, cooked" -> 1.5; "2 tbsp" -> 0.125; None when the portion is not a
    volume ("1 slice", "3 oz", "Quantity not specified")."""
    amount, rest = _split_portion(portion)
    unit = unit_in_text(rest) if amount is not None else None
    if amount is None or unit is None or unit_kind(unit) != "volume":
        return None
    return volume_ml(float(amount), unit) / volume_ml(1.0, "cup")


def _split_portion(portion: str) -> tuple[Fraction | None, str]:
    match = _AMOUNT.match(portion)
    if not match:
        return None, portion
    number = match.group(1).split()
    amount = sum((Fraction(part) for part in number), Fraction(0))
    return amount, match.group(2)


def _format(amount: Fraction, rest: str) -> str:
    whole, part = divmod(amount.limit_denominator(8), 1)
    number = f"{whole} {part}" if whole and part else str(part or whole)
    head, _, tail = rest.partition(",")
    words = head.split()
    if amount > 1 and words:
        words[-1] = _plural(words[-1])
    return " ".join([number, *words]) + ("," + tail if tail else "")


def _plural(word: str) -> str:
    unit = canonical_unit(word)
    if unit is not None and unit_kind(unit) != "household":
        return word if word != "cup" else "cups"
    if unit in ("medium", "large", "small") or word.endswith("s"):
        return word
    return word + "es" if word.endswith(("ch", "sh", "x")) else word + "s"


# --- JSON-ready data ------------------------------------------------------------------------


def plan_to_dict(plan: WeekPlan | Infeasible) -> dict[str, Any]:
    """The plan as JSON-ready data: days with meals and items, the shopping list, a summary;
    or ``{"error": "infeasible", "explanation", "blocking", "suggestions"}``."""
    if isinstance(plan, Infeasible):
        return {
            "error": "infeasible",
            "explanation": plan.explanation,
            "blocking": list(plan.blocking),
            "suggestions": list(plan.suggestions),
        }
    return {
        "target_mg": plan.request.target_mg,
        "kcal_range": [plan.request.kcal_min, plan.request.kcal_max],
        "days": [
            {
                "day": day.day,
                "magnesium_mg": day.magnesium_mg,
                "kcal": day.kcal,
                "meets_target": day.meets_target,
                "meals": [
                    {
                        "meal": meal.meal,
                        "magnesium_mg": meal.magnesium_mg,
                        "kcal": meal.kcal,
                        "items": [_item_dict(item) for item in meal.items],
                    }
                    for meal in day.meals
                ],
            }
            for day in plan.days
        ],
        "shopping_list": [asdict(line) for line in plan.shopping_list],
        "summary": asdict(plan.summary),
        "status": plan.status,
    }


def _item_dict(item: PlannedItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in _ITEM_FIELDS}


def plan_record(plan: WeekPlan) -> dict[str, Any]:
    """What a saved plan stores: the request and every item with its day and meal, enough
    to show the plan again without solving (totals and the shopping list are re-added)."""
    return {
        "format": RECORD_FORMAT,
        "request": asdict(plan.request),
        "status": plan.status,
        "items": [
            {"day": day.day, "meal": meal.meal, **asdict(item)}
            for day in plan.days
            for meal in day.meals
            for item in meal.items
        ],
    }


# --- CSV and Markdown -----------------------------------------------------------------------


def plan_to_csv(plan: WeekPlan) -> str:
    """One row per planned item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                writer.writerow(
                    (
                        day.day,
                        meal.meal,
                        item.fdc_id,
                        _safe_cell(item.food),
                        item.portion,
                        item.grams,
                        item.magnesium_mg,
                        item.kcal,
                    )
                )
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """Spreadsheet-safe text: a leading = + - @ would be read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def plan_to_markdown(plan: WeekPlan | Infeasible) -> str:
    """A readable week: one section per day, a table per day, then the shopping list."""
    if isinstance(plan, Infeasible):
        return "\n".join(
            ["**No plan fits.** " + plan.explanation, "", *[f"- {s}" for s in plan.suggestions]]
        )
    request, summary = plan.request, plan.summary
    lines = [
        f"# Week plan: {request.target_mg:g} mg magnesium a day, "
        f"{request.kcal_min:g}-{request.kcal_max:g} kcal",
        "",
        f"Average {summary.mean_magnesium_mg:g} mg and {summary.mean_kcal:g} kcal a day; "
        f"{summary.days_meeting_target} of {len(plan.days)} days meet the target; "
        f"{summary.distinct_foods} different foods.",
    ]
    for day in plan.days:
        lines += [
            "",
            f"## Day {day.day}: {day.magnesium_mg:g} mg, {day.kcal:g} kcal",
            "",
            "| Meal | Food | Portion | g | Mg (mg) | kcal |",
            "|---|---|---|---:|---:|---:|",
        ]
        for meal in day.meals:
            for item in meal.items:
                food = item.food.replace("|", "/")
                lines.append(
                    f"| {meal.meal} | {food} | {item.portion} | {item.grams:g} | "
                    f"{item.magnesium_mg:g} | {item.kcal:g} |"
                )
    lines += ["", "## Shopping list", ""]
    lines += [f"- {s.food}: {s.practical} ({s.grams:g} g)" for s in plan.shopping_list]
    return "\n".join(lines) + "\n"
