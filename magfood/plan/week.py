"""The weekly menu plan: seven days that meet the magnesium target within a calorie range.

``plan_week`` turns a :class:`PlanRequest` into a :class:`WeekPlan` (days, meals, items
with household portions, a shopping list) or an :class:`Infeasible` that says which
constraint blocks and what to relax. Meal composition and the candidate pool live in
``menu_slots``; the mixed-integer program in ``menu_model``; the explanations in
``menu_diagnosis``; exports in ``menu_export``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from magfood.errors import PlanError
from magfood.foods.families import DIETS, FAMILIES
from magfood.plan import model as menu_model
from magfood.plan.diagnosis import Infeasible as Infeasible
from magfood.plan.diagnosis import explain, no_foods_for
from magfood.plan.export import CSV_COLUMNS as CSV_COLUMNS
from magfood.plan.export import base_portion as base_portion
from magfood.plan.export import plan_record as plan_record
from magfood.plan.export import plan_to_csv as plan_to_csv
from magfood.plan.export import plan_to_dict as plan_to_dict
from magfood.plan.export import plan_to_markdown as plan_to_markdown
from magfood.plan.export import times_portion as times_portion
from magfood.plan.slots import (
    STAPLE_ROLES,
    TEMPLATES,
    SlotTemplate,
    candidate_pool,
    whole_grains_suffice,
)
from magfood.table.load import FoodTable

#: Meal slots in day order, by number of snacks.
MEALS_BY_SNACKS: dict[int, tuple[str, ...]] = {
    0: ("breakfast", "lunch", "dinner"),
    1: ("breakfast", "lunch", "snack", "dinner"),
    2: ("breakfast", "morning snack", "lunch", "afternoon snack", "dinner"),
}
DAYS = 7
#: Cost of a food that is not a favourite (favourites cost 0), against the seeded
#: tie-break of up to ``menu_model.TIE_BREAK_WEIGHT``.
UNFAMILIAR_COST = 1.0


@dataclass(frozen=True)
class LockedItem:
    """A food the plan must keep: day (1–7), meal name, FDC id, servings (None: any)."""

    day: int
    meal: str
    fdc_id: int
    servings: int | None = None


@dataclass(frozen=True)
class PlanRequest:
    """What the user asks for. ``exclude`` holds exclusion names (nuts, peanuts, soy,
    dairy, fish, gluten) or any food word; ``family_limits`` caps servings of a family
    per week, e.g. ``(("leafy greens", 3),)``. Raises PlanError if malformed."""

    target_mg: float
    kcal_min: float
    kcal_max: float
    snacks: int = 1
    diet: str = "omnivore"
    exclude: tuple[str, ...] = ()
    favourites: tuple[int, ...] = ()
    max_repeats: int = 3
    family_limits: tuple[tuple[str, int], ...] = ()
    locked: tuple[LockedItem, ...] = ()
    seed: int = 0
    days: int = DAYS
    time_limit_s: float = 2.0

    def __post_init__(self) -> None:
        problems = _request_problems(self)
        if problems:
            raise PlanError("This plan request cannot be read: " + "; ".join(problems) + ".")

    @property
    def meals(self) -> tuple[str, ...]:
        return MEALS_BY_SNACKS[self.snacks]


def _request_problems(request: PlanRequest) -> list[str]:
    problems = []
    if not request.target_mg > 0:
        problems.append(f"the target must be above 0 mg (got {request.target_mg})")
    elif not math.isfinite(request.target_mg):
        problems.append(f"the target must be a finite number of mg (got {request.target_mg})")
    if not 0 < request.kcal_min <= request.kcal_max:
        problems.append(
            f"the calorie range must run from a positive minimum up to the maximum "
            f"(got {request.kcal_min:g}-{request.kcal_max:g})"
        )
    elif not math.isfinite(request.kcal_max):
        problems.append(f"the calorie range must be finite (got {request.kcal_min:g}-inf)")
    if request.snacks not in MEALS_BY_SNACKS:
        problems.append(f"snacks must be 0, 1 or 2 (got {request.snacks})")
    if request.diet not in DIETS:
        problems.append(f"the diet must be one of {', '.join(DIETS)} (got {request.diet!r})")
    if request.max_repeats < 1:
        problems.append(f"max_repeats must be at least 1 (got {request.max_repeats})")
    if not 1 <= request.days <= DAYS:
        problems.append(f"days must be 1 to {DAYS} (got {request.days})")
    for family, limit in request.family_limits:
        if family not in FAMILIES or limit < 0:
            problems.append(
                f"a weekly limit names a food family and 0 or more servings (got {family}={limit})"
            )
    meals = MEALS_BY_SNACKS.get(request.snacks, ())
    for lock in request.locked:
        if not 1 <= lock.day <= request.days or lock.meal not in meals:
            problems.append(f"locked item {lock.fdc_id} is on day {lock.day} {lock.meal!r}")
    return problems


#: A single calorie figure is read as a range this wide on each side.
SINGLE_KCAL_SLACK = 0.05


def request_from_options(
    *,
    target_mg: float,
    kcal: str,
    diet: str = "omnivore",
    exclude: Sequence[str] = (),
    snacks: int = 1,
    seed: int = 0,
    max_repeats: int = 3,
    favourites: Sequence[int] = (),
    limits: Sequence[str] = (),
    locks: Sequence[str] = (),
) -> PlanRequest:
    """A PlanRequest from command-line text: ``kcal`` "1800-2200" (one number such as "2000"
    means about that: +-5 %, since household portions seldom add up to an exact figure),
    exclusions possibly comma-separated, limits "leafy greens=3", locks "2:dinner:2707361".
    Raises PlanError."""
    low, _, high = kcal.partition("-")
    try:
        if high.strip():
            kcal_min, kcal_max = float(low), float(high)
        else:
            kcal_min, kcal_max = (
                float(low) * (1 - SINGLE_KCAL_SLACK),
                float(low) * (1 + SINGLE_KCAL_SLACK),
            )
        family_limits = tuple(
            (name.strip(), int(count)) for name, _, count in (x.rpartition("=") for x in limits)
        )
        locked = tuple(
            LockedItem(int(day), meal.strip(), int(fdc_id))
            for day, meal, fdc_id in (x.split(":") for x in locks)
        )
    except ValueError:
        raise PlanError(
            "Write calories as MIN-MAX (e.g. 1800-2200), limits as FAMILY=N and locks as "
            "DAY:MEAL:FDC_ID (e.g. 2:dinner:2707361)."
        ) from None
    words = tuple(w.strip() for item in exclude for w in item.split(",") if w.strip())
    return PlanRequest(
        target_mg=target_mg,
        kcal_min=kcal_min,
        kcal_max=kcal_max,
        snacks=snacks,
        diet=diet,
        exclude=words,
        favourites=tuple(favourites),
        max_repeats=max_repeats,
        family_limits=family_limits,
        locked=locked,
        seed=seed,
    )


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
    """A meal's foods and totals."""

    meal: str
    items: tuple[PlannedItem, ...]
    magnesium_mg: float
    kcal: float


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
    """One food for the week, in grams and in practical units (e.g. "3 cups")."""

    fdc_id: int
    food: str
    grams: float
    servings: int
    practical: str


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


def plan_week(table: FoodTable, request: PlanRequest) -> WeekPlan | Infeasible:
    """Plan a week for the request; an infeasible request gets an explanation, not an error."""
    pool = _pool(table, request)
    empty = _empty_components(pool, request)
    if empty:
        return no_foods_for(request, empty)
    problem = _problem(pool, request)
    start = time.perf_counter()
    solution = menu_model.solve(problem)
    if not solution.found:
        return explain(request, problem, solution.status, time.perf_counter() - start)
    return _week(request, pool, solution)


def shuffle(table: FoodTable, plan: WeekPlan) -> WeekPlan | Infeasible:
    """Another valid week for the same request (the next seed)."""
    return plan_week(table, replace(plan.request, seed=plan.request.seed + 1))


def lock_item(
    table: FoodTable, plan: WeekPlan, day: int, meal: str, fdc_id: int
) -> WeekPlan | Infeasible:
    """Re-plan the week around one food kept in place (with its planned servings, if any)."""
    servings = next(
        (item.servings for item in _items(plan, day, meal) if item.fdc_id == fdc_id), None
    )
    locked = (*plan.request.locked, LockedItem(day, meal, fdc_id, servings))
    return plan_week(table, replace(plan.request, locked=locked))


def swap_item(
    table: FoodTable,
    plan: WeekPlan,
    day: int,
    meal: str,
    fdc_id: int,
    skip: Collection[int] = (),
) -> WeekPlan | Infeasible:
    """Swap one item for the food with the closest magnesium and kcal that keeps the day
    within its target and calories and respects variety: a food of the same role if one
    fits, else one of another role of the same meal component (bread for a grain). ``skip``
    lists foods already offered, so repeated swaps cycle through alternatives."""
    request = plan.request
    old = next((i for i in _items(plan, day, meal) if i.fdc_id == fdc_id), None)
    if old is None:
        raise PlanError(f"Food {fdc_id} is not in day {day} {meal}; swap an item of the plan.")
    pool = _pool(table, request)
    kin = _component_roles(request, meal, old.role)
    best = _closest(pool[pool["role"] == old.role], plan, day, old, set(skip)) or _closest(
        pool[pool["role"].isin(kin)], plan, day, old, set(skip)
    )
    if best is None:
        return Infeasible(
            request,
            f"No other {' or '.join(kin)} keeps day {day} at {request.target_mg:g} mg or "
            f"more and within {request.kcal_min:g}-{request.kcal_max:g} kcal.",
            ("swap",),
            ("Keep this item, or shuffle the week for other foods.",),
        )
    row, servings = best
    return _replace_item(plan, day, meal, old, _item(row, servings, locked=False))


def _component_roles(request: PlanRequest, meal: str, role: str) -> tuple[str, ...]:
    """The roles of the meal component an item of ``role`` fills (just ``role`` if none)."""
    template = _templates(request)[request.meals.index(meal)]
    return next((c.families for c in template.components if role in c.families), (role,))


def _closest(
    candidates: pd.DataFrame, plan: WeekPlan, day: int, old: PlannedItem, skip: set[int]
) -> tuple[pd.Series, int] | None:
    """The food and servings nearest the old item in magnesium and kcal (relative
    distance) that keep the day in range and no food over its weekly repeats."""
    request, the_day = plan.request, plan.days[day - 1]
    week = [i.fdc_id for d in plan.days for m in d.meals for i in m.items]
    today = {i.fdc_id for m in the_day.meals for i in m.items}
    options: list[tuple[float, int, int, int]] = []
    for position, record in enumerate(candidates.to_dict("records")):
        fdc_id = int(record["fdc_id"])
        if fdc_id in today or fdc_id in skip or week.count(fdc_id) >= request.max_repeats:
            continue
        mg, kcal = float(record["magnesium_mg"]), float(record["kcal"])
        for n in range(int(record["min_servings"]), int(record["max_servings"]) + 1):
            day_mg = the_day.magnesium_mg - old.magnesium_mg + n * mg
            day_kcal = the_day.kcal - old.kcal + n * kcal
            if day_mg < request.target_mg or not request.kcal_min <= day_kcal <= request.kcal_max:
                continue
            distance = abs(n * mg - old.magnesium_mg) / max(old.magnesium_mg, 1.0)
            distance += abs(n * kcal - old.kcal) / max(old.kcal, 1.0)
            options.append((distance, fdc_id, n, position))
    if not options:
        return None
    _, _, servings, position = min(options)
    return candidates.iloc[position], servings


def _items(plan: WeekPlan, day: int, meal: str) -> tuple[PlannedItem, ...]:
    if not 1 <= day <= len(plan.days):
        raise PlanError(f"The plan has days 1 to {len(plan.days)} (got {day}).")
    for planned in plan.days[day - 1].meals:
        if planned.meal == meal:
            return planned.items
    raise PlanError(f"Day {day} has no meal {meal!r}.")


def _replace_item(
    plan: WeekPlan, day: int, meal: str, old: PlannedItem, new: PlannedItem
) -> WeekPlan:
    days = list(plan.days)
    the_day = days[day - 1]
    meals = tuple(
        _meal(m.meal, tuple(new if i == old else i for i in m.items)) if m.meal == meal else m
        for m in the_day.meals
    )
    days[day - 1] = _day(the_day.day, meals, the_day.target_mg)
    return _assemble(plan.request, tuple(days), plan.status)


# --- building the problem -----------------------------------------------------------------


def _pool(table: FoodTable, request: PlanRequest) -> pd.DataFrame:
    """The candidates; starchy staples only when whole grains cannot fill the week's grain
    servings (a gluten-free week), or when the user chose or locked one."""
    locked = [lock.fdc_id for lock in request.locked]
    pool = candidate_pool(
        table,
        diet=request.diet,
        exclude=request.exclude,
        favourites=request.favourites,
        required=locked,
    )
    if not whole_grains_suffice(pool, _templates(request), request.days, request.max_repeats):
        return pool
    keep = ~pool["role"].isin(STAPLE_ROLES) | pool["favourite"] | pool["fdc_id"].isin(locked)
    return pool[keep].reset_index(drop=True)


def _templates(request: PlanRequest) -> tuple[SlotTemplate, ...]:
    return tuple(TEMPLATES["snack" if "snack" in meal else meal] for meal in request.meals)


def _problem(pool: pd.DataFrame, request: PlanRequest) -> menu_model.Problem:
    pool = pool.assign(preference=(~pool["favourite"]).astype(float) * UNFAMILIAR_COST)
    row_of = {int(fdc_id): i for i, fdc_id in enumerate(pool["fdc_id"])}
    locks = tuple(
        menu_model.Lock(
            lock.day - 1, request.meals.index(lock.meal), row_of[lock.fdc_id], lock.servings
        )
        for lock in request.locked
    )
    return menu_model.Problem(
        pool=pool,
        slots=_templates(request),
        days=request.days,
        target_mg=request.target_mg,
        kcal_min=request.kcal_min,
        kcal_max=request.kcal_max,
        max_repeats=request.max_repeats,
        family_limits=request.family_limits,
        locks=locks,
        seed=request.seed,
        time_limit_s=request.time_limit_s,
    )


def _empty_components(pool: pd.DataFrame, request: PlanRequest) -> list[str]:
    roles = set(pool["role"])
    empty = []
    for meal, template in zip(request.meals, _templates(request), strict=True):
        for part in template.components:
            if part.min_items > 0 and not roles & set(part.families):
                empty.append(f"the {part.name} of {meal} ({', '.join(part.families)})")
    return list(dict.fromkeys(empty))


# --- assembling the result ------------------------------------------------------------------


def _week(request: PlanRequest, pool: pd.DataFrame, solution: menu_model.Solution) -> WeekPlan:
    locked = {
        (lock.day - 1, request.meals.index(lock.meal), lock.fdc_id) for lock in request.locked
    }
    days = []
    for d in range(request.days):
        meals = []
        for s, meal in enumerate(request.meals):
            chosen = sorted(
                (c for c in solution.choices if c.day == d and c.slot == s),
                key=lambda c: (_ROLE_ORDER.get(str(pool.iloc[c.row]["role"]), 99), c.row),
            )
            items = tuple(
                _item(
                    pool.iloc[c.row], c.servings, (d, s, int(pool.iloc[c.row]["fdc_id"])) in locked
                )
                for c in chosen
            )
            meals.append(_meal(meal, items))
        days.append(_day(d + 1, tuple(meals), request.target_mg))
    return _assemble(request, tuple(days), solution.status)


_ROLE_ORDER = {
    role: i
    for i, role in enumerate(
        (
            "cereal",
            "bread",
            "grain",
            "corn or rice staple",
            "starchy vegetable",
            "legumes",
            "soy protein",
            "fish",
            "meat",
            "eggs",
            "leafy greens",
            "vegetables",
            "milk and yogurt",
            "cheese",
            "fruit",
            "nuts and seeds",
            "dark chocolate",
        )
    )
}


def _item(row: pd.Series, servings: int, locked: bool) -> PlannedItem:
    return PlannedItem(
        fdc_id=int(row["fdc_id"]),
        food=str(row["food"]),
        family=str(row["family"]),
        role=str(row["role"]),
        portion=times_portion(str(row["portion"]), servings),
        servings=servings,
        grams=round(float(row["grams"]) * servings, 1),
        magnesium_mg=round(float(row["magnesium_mg"]) * servings, 1),
        kcal=round(float(row["kcal"]) * servings, 1),
        locked=locked,
    )


def _meal(meal: str, items: tuple[PlannedItem, ...]) -> PlannedMeal:
    return PlannedMeal(
        meal,
        items,
        round(sum(i.magnesium_mg for i in items), 1),
        round(sum(i.kcal for i in items), 1),
    )


def _day(day: int, meals: tuple[PlannedMeal, ...], target_mg: float) -> PlannedDay:
    return PlannedDay(
        day,
        meals,
        round(sum(m.magnesium_mg for m in meals), 1),
        round(sum(m.kcal for m in meals), 1),
        target_mg,
    )


def _assemble(request: PlanRequest, days: tuple[PlannedDay, ...], status: str) -> WeekPlan:
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
    return WeekPlan(request, days, _shopping_list(items), summary, status)


def _shopping_list(items: Sequence[PlannedItem]) -> tuple[ShoppingItem, ...]:
    grouped: dict[int, list[PlannedItem]] = {}
    for item in items:
        grouped.setdefault(item.fdc_id, []).append(item)
    lines = []
    for fdc_id, group in grouped.items():
        servings = sum(i.servings for i in group)
        practical = times_portion(base_portion(group[0]), servings)
        grams = round(sum(i.grams for i in group), 1)
        lines.append(ShoppingItem(fdc_id, group[0].food, grams, servings, practical))
    return tuple(sorted(lines, key=lambda line: line.food.lower()))


# --- saved plans ----------------------------------------------------------------------------


def plan_from_record(record: Mapping[str, Any]) -> WeekPlan:
    """The plan a :func:`plan_record` describes, rebuilt without solving (totals, summary
    and shopping list re-added). Raises PlanError if the record cannot be read."""
    try:
        request = _request_from_dict(record["request"])
        placed = [(int(e["day"]), str(e["meal"]), _item_from_dict(e)) for e in record["items"]]
        status = str(record.get("status", "feasible"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlanError(f"This saved plan cannot be read ({type(exc).__name__}: {exc}).") from None
    days = tuple(
        _day(
            d,
            tuple(
                _meal(meal, tuple(item for on, at, item in placed if on == d and at == meal))
                for meal in request.meals
            ),
            request.target_mg,
        )
        for d in range(1, request.days + 1)
    )
    return _assemble(request, days, status)


def _request_from_dict(data: Mapping[str, Any]) -> PlanRequest:
    fields = dict(data)
    fields["exclude"] = tuple(str(word) for word in data.get("exclude", ()))
    fields["favourites"] = tuple(int(fdc_id) for fdc_id in data.get("favourites", ()))
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
