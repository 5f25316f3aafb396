"""A planned week as the planner returns it: days, meals, items with household portions, the
shopping list and a summary; or an explanation of why no week fits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from magfood.plan.request import PlanRequest
from magfood.plan.shopping import buy_text, section_of, sections
from magfood.units import times_portion


@dataclass(frozen=True)
class PlannedItem:
    """One food in a meal: its household portion (servings x the base portion) and totals."""

    fdc_id: int
    food: str
    family: str
    role: str
    portion: str
    servings: int
    grams: float
    magnesium_mg: float
    kcal: float
    locked: bool = False


@dataclass(frozen=True)
class PlannedMeal:
    """A meal's foods and totals; ``leftover_from`` is the day whose dinner this meal is
    (the lunch of a week with leftovers), else None."""

    meal: str
    items: tuple[PlannedItem, ...]
    magnesium_mg: float
    kcal: float
    leftover_from: int | None = None


@dataclass(frozen=True)
class PlannedDay:
    """One day's meals with its totals against the target."""

    day: int
    meals: tuple[PlannedMeal, ...]
    magnesium_mg: float
    kcal: float
    target_mg: float

    @property
    def meets_target(self) -> bool:
        return self.magnesium_mg >= self.target_mg - 0.05


@dataclass(frozen=True)
class ShoppingItem:
    """One food for the week, in grams and in practical units (e.g. "3 cups"); ``buy``
    says what to buy ("180 g dry lentils (3 cups cooked)", "4 veggie burger patties")
    and ``section`` where in the store."""

    fdc_id: int
    food: str
    grams: float
    servings: int
    practical: str
    section: str = ""
    buy: str = ""


@dataclass(frozen=True)
class WeekSummary:
    """The week at a glance."""

    mean_magnesium_mg: float
    min_magnesium_mg: float
    mean_kcal: float
    min_kcal: float
    max_kcal: float
    distinct_foods: int
    days_meeting_target: int


@dataclass(frozen=True)
class WeekPlan:
    """A planned week; ``status`` is "optimal" or "feasible" (solver stopped early)."""

    request: PlanRequest
    days: tuple[PlannedDay, ...]
    shopping_list: tuple[ShoppingItem, ...]
    summary: WeekSummary
    status: str


@dataclass(frozen=True)
class Infeasible:
    """No week fits the request: which constraints block it and what to relax."""

    request: PlanRequest
    explanation: str
    blocking: tuple[str, ...]
    suggestions: tuple[str, ...]


# --- assembling a result ---------------------------------------------------------------


def planned_item(row: pd.Series, servings: int, locked: bool) -> PlannedItem:
    """``servings`` times a pool row's base serving; magnesium and kcal are those of the
    item's grams as shown (to 0.01 g), so the figures agree with the grams."""
    base = float(row["grams"])
    grams = round(base * servings, 2)
    return PlannedItem(
        fdc_id=int(row["fdc_id"]),
        food=str(row["food"]),
        family=str(row["family"]),
        role=str(row["role"]),
        portion=times_portion(str(row["portion"]), servings),
        servings=servings,
        grams=grams,
        magnesium_mg=round(float(row["magnesium_mg"]) / base * grams, 1),
        kcal=round(float(row["kcal"]) / base * grams, 1),
        locked=locked,
    )


def planned_meal(
    meal: str, items: tuple[PlannedItem, ...], leftover_from: int | None = None
) -> PlannedMeal:
    return PlannedMeal(
        meal,
        items,
        round(sum(i.magnesium_mg for i in items), 1),
        round(sum(i.kcal for i in items), 1),
        leftover_from,
    )


def planned_day(day: int, meals: tuple[PlannedMeal, ...], target_mg: float) -> PlannedDay:
    return PlannedDay(
        day,
        meals,
        round(sum(m.magnesium_mg for m in meals), 1),
        round(sum(m.kcal for m in meals), 1),
        target_mg,
    )


def assemble(request: PlanRequest, days: tuple[PlannedDay, ...], status: str) -> WeekPlan:
    items = [i for d in days for m in d.meals for i in m.items]
    mg = [d.magnesium_mg for d in days]
    kcal = [d.kcal for d in days]
    summary = WeekSummary(
        mean_magnesium_mg=round(sum(mg) / len(mg), 1),
        min_magnesium_mg=min(mg),
        mean_kcal=round(sum(kcal) / len(kcal), 1),
        min_kcal=min(kcal),
        max_kcal=max(kcal),
        distinct_foods=len({i.fdc_id for i in items}),
        days_meeting_target=sum(d.meets_target for d in days),
    )
    return WeekPlan(request, days, shopping_list(items), summary, status)


def shopping_list(items: Sequence[PlannedItem]) -> tuple[ShoppingItem, ...]:
    grouped: dict[int, list[PlannedItem]] = {}
    for item in items:
        grouped.setdefault(item.fdc_id, []).append(item)
    lines = []
    for fdc_id, group in grouped.items():
        servings = sum(i.servings for i in group)
        practical = times_portion(group[0].portion, Fraction(servings, group[0].servings))
        grams = round(sum(i.grams for i in group), 1)
        first = group[0]
        buy = buy_text(first.food, first.portion, Fraction(servings, first.servings), grams)
        section = section_of(first.role, first.family)
        lines.append(ShoppingItem(fdc_id, first.food, grams, servings, practical, section, buy))
    aisle = {section.name: i for i, section in enumerate(sections())}
    return tuple(sorted(lines, key=lambda line: (aisle[line.section], line.food.lower())))
