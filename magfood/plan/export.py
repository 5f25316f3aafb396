"""The weekly plan in other forms: JSON-ready data, CSV, Markdown, and the record a saved
plan is stored as (:func:`plan_record`, read back by :func:`plan_from_record`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from magfood.errors import PlanError
from magfood.intake import DayLog
from magfood.mealtimes import MealTime, meal_of
from magfood.plan.household import HouseholdPlan
from magfood.plan.request import LockedItem, PlanRequest
from magfood.plan.result import (
    Infeasible,
    PlannedDay,
    PlannedItem,
    ShoppingItem,
    WeekPlan,
    assemble,
    planned_day,
    planned_meal,
)
from magfood.table import FoodTable
from magfood.text import neutralise_formula

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
            {"day": day.day, "meal": meal.meal, "leftover_from": meal.leftover_from, **asdict(item)}
            for day in plan.days
            for meal in day.meals
            for item in meal.items
        ],
    }


# --- CSV and Markdown -----------------------------------------------------------------------


def plan_to_csv(plan: WeekPlan) -> str:
    """One row per planned item; text cells are formula-neutralised (``text.neutralise_formula``,
    the same rule as the diary's CSV)."""
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
                        neutralise_formula(item.food),
                        neutralise_formula(item.portion),
                        item.grams,
                        item.magnesium_mg,
                        item.kcal,
                    )
                )
    return out.getvalue()


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
            label = meal.meal
            if meal.leftover_from is not None:
                label = f"{meal.meal} (day {meal.leftover_from}'s dinner)"
            for item in meal.items:
                food = item.food.replace("|", "/")
                lines.append(
                    f"| {label} | {food} | {item.portion} | {item.grams:g} | "
                    f"{item.magnesium_mg:g} | {item.kcal:g} |"
                )
    return "\n".join([*lines, *_shopping_lines(plan.shopping_list)]) + "\n"


def _shopping_lines(items: Sequence[ShoppingItem]) -> list[str]:
    lines = ["", "## Shopping list"]
    section = None
    for line in items:
        if line.section != section:
            section = line.section
            lines += ["", f"### {section}", ""]
        lines.append(f"- {line.buy}: {line.food} ({line.grams:g} g as eaten)")
    return lines


def household_to_markdown(plan: HouseholdPlan | Infeasible) -> str:
    """Each person's week of the shared dishes, then one shopping list for everyone."""
    if isinstance(plan, Infeasible):
        return plan_to_markdown(plan)
    parts = []
    for person, week in zip(plan.people, plan.weeks, strict=True):
        text = plan_to_markdown(week).split("\n## Shopping list")[0].rstrip()
        parts.append(text.replace("# Week plan:", f"# {person.label}:", 1))
    return "\n\n".join([*parts, "\n".join(_shopping_lines(plan.shopping_list)).strip()]) + "\n"


def household_to_dict(plan: HouseholdPlan | Infeasible) -> dict[str, Any]:
    """The household plan as JSON-ready data: per person their week, and the list."""
    if isinstance(plan, Infeasible):
        return plan_to_dict(plan)
    return {
        "people": [
            {**asdict(person), "week": plan_to_dict(week)}
            for person, week in zip(plan.people, plan.weeks, strict=True)
        ],
        "shopping_list": [asdict(line) for line in plan.shopping_list],
    }


# --- saved plans ----------------------------------------------------------------------------


def plan_from_record(record: Mapping[str, Any]) -> WeekPlan:
    """The plan a :func:`plan_record` describes, rebuilt without solving (totals, summary
    and shopping list re-added). Raises PlanError if the record cannot be read."""
    try:
        request = _request_from_dict(record["request"])
        placed = [(int(e["day"]), str(e["meal"]), _item_from_dict(e)) for e in record["items"]]
        leftovers = {
            (int(e["day"]), str(e["meal"])): int(e["leftover_from"])
            for e in record["items"]
            if e.get("leftover_from") is not None
        }
        status = str(record.get("status", "feasible"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlanError(f"This saved plan cannot be read ({type(exc).__name__}: {exc}).") from None
    days = tuple(
        planned_day(
            d,
            tuple(
                planned_meal(
                    meal,
                    tuple(item for on, at, item in placed if on == d and at == meal),
                    leftovers.get((d, meal)),
                )
                for meal in request.meals
            ),
            request.target_mg,
        )
        for d in range(1, request.days + 1)
    )
    return assemble(request, days, status)


#: Request keys older saved plans hold that no longer mean anything: ``time_limit_s``
#: (the search is bounded by solver nodes now, not by seconds).
_RETIRED_REQUEST_KEYS = ("time_limit_s",)


def _request_from_dict(data: Mapping[str, Any]) -> PlanRequest:
    fields = {key: value for key, value in data.items() if key not in _RETIRED_REQUEST_KEYS}
    fields["exclude"] = tuple(str(word) for word in data.get("exclude", ()))
    fields["favourites"] = tuple(int(fdc_id) for fdc_id in data.get("favourites", ()))
    fields["pantry"] = tuple(int(fdc_id) for fdc_id in data.get("pantry", ()))
    fields["prices"] = tuple((int(f), float(p)) for f, p in data.get("prices", ()))
    fields["family_limits"] = tuple(
        (str(family), int(limit)) for family, limit in data.get("family_limits", ())
    )
    fields["locked"] = tuple(
        LockedItem(
            int(lock["day"]),
            str(lock["meal"]),
            int(lock["fdc_id"]),
            None if lock.get("servings") is None else int(lock["servings"]),
        )
        for lock in data.get("locked", ())
    )
    return PlanRequest(**fields)


def _item_from_dict(data: Mapping[str, Any]) -> PlannedItem:
    return PlannedItem(
        fdc_id=int(data["fdc_id"]),
        food=str(data["food"]),
        family=str(data["family"]),
        role=str(data["role"]),
        portion=str(data["portion"]),
        servings=int(data["servings"]),
        grams=float(data["grams"]),
        magnesium_mg=float(data["magnesium_mg"]),
        kcal=float(data["kcal"]),
        locked=bool(data.get("locked", False)),
    )


# --- into the diary ----------------------------------------------------------------------


def copy_planned_day(log: DayLog, day: PlannedDay, table: FoodTable) -> DayLog:
    """The log with a planned day's foods added to their meals, each with its exact FDC id,
    household portion and grams."""
    for meal in day.meals:
        slot = meal_of(meal.meal) or MealTime.SNACKS
        for item in meal.items:
            log = log.add_food(slot, item.fdc_id, item.grams, item.portion, table)
    return log
