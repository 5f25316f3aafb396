"""What the diary keeps: a saved day (its log, the totals computed when it was saved) and a
saved plan. The store reads and writes these; the CSV export and import carry them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from magfood.intake import Day, DayLog, Entry, log_from_texts
from magfood.table import FoodTable


@dataclass(frozen=True)
class Override:
    """A correction saved by magfood before it kept entries (schema 3 and older CSVs): the
    food, amount or grams set for the item at ``position`` of a meal's text."""

    meal: str
    position: int
    text: str
    fdc_id: int | None = None
    grams: float | None = None
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class LegacyDay:
    """A day saved as meal texts with corrections by position, before entries were kept."""

    meals: Mapping[str, str] = field(default_factory=dict)
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class DayFood:
    """One counted food of a saved day, as computed when it was saved (for top foods)."""

    meal: str
    fdc_id: int | None
    food: str
    grams: float | None
    magnesium_mg: float | None


@dataclass(frozen=True)
class SavedDay:
    """A logged day as saved: its log, the totals and counted foods computed when it was
    saved, and when. ``legacy`` holds what an older magfood saved instead of entries."""

    log: DayLog
    total_mg: float | None = None
    target_mg: float | None = None
    foods: tuple[DayFood, ...] = ()
    saved_at: str = ""
    legacy: LegacyDay | None = None

    @property
    def day(self) -> date:
        return self.log.day

    def open(self, table: FoodTable) -> DayLog:
        """The day's log, read from meal texts and corrections for a day an older magfood
        saved."""
        if self.legacy is None:
            return self.log
        corrections = [
            (o.meal, o.position, Entry(0, None, o.text, o.fdc_id, o.quantity, o.unit, o.grams))
            for o in self.legacy.overrides
        ]
        return log_from_texts(
            self.day, self.legacy.meals, self.log.supplements, table, corrections
        ).add_entries(self.log.entries)


def saved_day(log: DayLog, result: Day) -> SavedDay:
    """What is saved for a day: its log, with the totals and counted foods of its result."""
    foods = tuple(
        DayFood(str(name or ""), item.fdc_id, item.food or "", item.grams, item.magnesium_mg)
        for name, meal in result.meals
        for item in meal.items
        if item.fdc_id is not None and item.status.counts
    )
    return SavedDay(
        log=log,
        total_mg=result.total_magnesium_mg,
        target_mg=float(result.target.rda_mg),
        foods=foods,
    )


@dataclass(frozen=True)
class SavedPlan:
    """A saved week plan: its id and name, when it was saved, and the plan's record (the
    request and items as JSON-ready data, from ``plan.plan_record``; ``{}`` if unreadable).
    ``plan.plan_from_record`` turns the record back into the plan."""

    id: int
    name: str
    saved_at: str
    record: Mapping[str, Any]
