"""Adding food to a saved day and reading days back, for ``magfood log``, ``history`` and
the Today page's quick-add (:func:`recent_foods`) and "copy the last day" (:func:`previous_day`).

:func:`log_text` adds what was typed to a day of the same database the Today page saves
to, inside one transaction (``History.update_days``): two calls for one day add up, never
overwrite each other. :func:`days_to_dict` is the JSON shape of ``magfood history``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from magfood.diary.records import SavedDay, saved_day
from magfood.diary.store import History
from magfood.errors import MagfoodError
from magfood.intake import DayLog, Profile, evaluate, make_profile, parse_supplements
from magfood.mealtimes import MEALS, MealTime, meal_of
from magfood.table import FoodTable

#: Evaluating a day needs a person; with none saved, the totals are the same for anyone and
#: the day is saved with no target.
_ANYONE = make_profile(sex="female", age_years=30)
#: The meal of the clock hour (local time), for food logged now with no meal named.
_MEAL_HOURS = ((11, MealTime.BREAKFAST), (15, MealTime.LUNCH), (17, MealTime.SNACKS))


def meal_at(moment: datetime) -> MealTime:
    """Breakfast before 11, lunch before 15, snacks before 17, dinner before 22, else snacks."""
    for hour, meal in _MEAL_HOURS:
        if moment.hour < hour:
            return meal
    return MealTime.DINNER if moment.hour < 22 else MealTime.SNACKS


def with_totals(log: DayLog, profile: Profile | None, table: FoodTable) -> SavedDay:
    """What is saved for a log: its totals and counted foods (no target without a person)."""
    saved = saved_day(log, evaluate(log, profile or _ANYONE, table))
    return saved if profile is not None else replace(saved, target_mg=None)


def log_text(
    history: History,
    day: date,
    text: str,
    table: FoodTable,
    profile: Profile | None = None,
    meal: MealTime | None = None,
) -> tuple[SavedDay, int]:
    """Add ``text`` to the saved day (food to ``meal`` unless a phrase names its own,
    supplements to the day's supplement lines) in one transaction; return the day as
    saved and how many entries were added. MagfoodError, with nothing written, when the
    text holds no food and no supplement."""
    added = 0

    def change(key: date, saved: SavedDay | None) -> SavedDay:
        nonlocal added
        old = DayLog(key) if saved is None else saved.open(table)
        new = old.add_text(meal, text, table)
        added = len(new.entries) - len(old.entries)
        if not added and new.supplements == old.supplements:
            raise MagfoodError(f"nothing to log in {text.strip()[:60]!r}; nothing was saved.")
        if any(entry.meal is None for entry in new.entries[len(old.entries) :]):
            raise MagfoodError(
                "say which meal: --meal " + "/".join(MEALS) + ', or "for lunch" in the text; '
                "nothing was saved."
            )
        return with_totals(new, profile, table)

    (saved,) = history.update_days([day], change)
    return saved, added


@dataclass(frozen=True)
class RecentFood:
    """A food of the saved diary as it was last eaten: its FDC id and description, the
    grams and meal of that time, and the day."""

    fdc_id: int
    food: str
    grams: float
    meal: MealTime | None
    day: date


def recent_foods(days: Sequence[SavedDay], limit: int = 12) -> tuple[RecentFood, ...]:
    """The counted foods of the saved days, each once as last eaten: the latest day first,
    within a day the food logged last first."""
    seen: set[int] = set()
    found: list[RecentFood] = []
    for saved in sorted(days, key=lambda d: d.day, reverse=True):
        for food in reversed(saved.foods):
            if food.fdc_id is None or not food.grams or food.fdc_id in seen:
                continue
            seen.add(food.fdc_id)
            found.append(
                RecentFood(food.fdc_id, food.food, food.grams, meal_of(food.meal), saved.day)
            )
            if len(found) >= limit:
                return tuple(found)
    return tuple(found)


def previous_day(days: Sequence[SavedDay], day: date) -> SavedDay | None:
    """The latest saved day before ``day`` with any food or supplement logged."""
    before = [d for d in days if d.day < day and (d.log.entries or d.log.supplements.strip())]
    return max(before, key=lambda d: d.day, default=None)


def days_to_dict(days: tuple[SavedDay, ...], table: FoodTable) -> dict[str, Any]:
    """``{"days": [{"date", "magnesium_mg", "items": [{"meal", "text", "fdc_id", "food",
    "grams", "magnesium_mg"}]}]}``, each day read against the table; supplements are items
    of the meal "supplements", so a day's magnesium is the sum of its items."""
    out = []
    for saved in days:
        log = saved.open(table)
        items: list[dict[str, Any]] = [
            {
                "meal": None if item.meal is None else str(item.meal),
                "text": item.text,
                "fdc_id": item.fdc_id,
                "food": item.food,
                "grams": _rounded(item.grams),
                "magnesium_mg": _rounded(item.magnesium_mg if item.counted else None),
            }
            for item in log.items(table)
        ]
        items.extend(
            {
                "meal": "supplements",
                "text": supplement.text,
                "fdc_id": None,
                "food": None,
                "grams": None,
                "magnesium_mg": _rounded(supplement.elemental_mg),
            }
            for supplement in parse_supplements(log.supplements)
        )
        total = evaluate(log, _ANYONE, table).total_magnesium_mg
        out.append({"date": saved.day.isoformat(), "magnesium_mg": total, "items": items})
    return {"days": out}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
