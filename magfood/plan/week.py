"""The weekly menu plan: seven days that meet the magnesium target within a calorie range.

``plan_week`` turns a :class:`PlanRequest` into a :class:`WeekPlan` (days, meals, items
with household portions, a shopping list) or an :class:`Infeasible` that says which
constraint blocks and what to relax. Meal composition and the candidate pool live in
``slots``; the mixed-integer program in ``model``; the explanations in ``diagnosis``;
the result types in ``result``; exports and saved-plan records in ``export``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import replace

import pandas as pd

from magfood.errors import PlanError
from magfood.plan import menu, model
from magfood.plan.diagnosis import explain, no_foods_for
from magfood.plan.problem import Lock, Problem, Solution
from magfood.plan.request import LockedItem, PlanRequest
from magfood.plan.result import (
    Infeasible,
    PlannedDay,
    PlannedItem,
    WeekPlan,
    assemble,
    planned_day,
    planned_item,
    planned_meal,
)
from magfood.plan.shape import ROLE_ORDER
from magfood.plan.slots import (
    PER_ROLE,
    STAPLE_ROLES,
    TEMPLATES,
    SlotTemplate,
    candidate_pool,
    whole_grains_suffice,
)
from magfood.table import FoodTable

#: Cost of a food that is not a favourite (favourites cost 0), against the seeded
#: tie-break of up to ``model.TIE_BREAK_WEIGHT``.
UNFAMILIAR_COST = 1.0


def plan_week(table: FoodTable, request: PlanRequest) -> WeekPlan | Infeasible:
    """Plan a week for the request; an infeasible request gets an explanation, not an error.

    First a week a person would follow (``menu``: a small pool, rotating breakfasts and
    snacks, dinners that are the next lunch, every day within the magnesium ceiling); when
    none fits, or the request wants no food twice, every meal is planned on its own
    (``model``), and an infeasible request is explained from that program."""
    week = _menu_week(table, request)
    if week is not None:
        return week
    pool = _pool(table, request)
    empty = _empty_components(pool, request)
    if empty:
        return no_foods_for(request, empty)
    problem = _problem(pool, request)
    solution = model.solve(problem)
    if not solution.found:
        return explain(request, problem, solution.status)
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
    cap = _templates(request)[request.meals.index(meal)].max_item_kcal
    places = _linked(plan, day, meal)
    best = _closest(pool[pool["role"] == old.role], plan, places, old, set(skip), cap) or _closest(
        pool[pool["role"].isin(kin)], plan, places, old, set(skip), cap
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
    new = planned_item(row, servings, locked=False)
    for at_day, at_meal in places:
        plan = _replace_item(plan, at_day, at_meal, old, new)
    return plan


def _linked(plan: WeekPlan, day: int, meal: str) -> list[tuple[int, str]]:
    """The meal and, in a week of leftovers, the other meal that is the same dish (a
    dinner and the next day's lunch): a swap changes both."""
    places = [(day, meal)]
    for d in plan.days:
        for m in d.meals:
            if meal == "dinner" and m.leftover_from == day and (d.day, m.meal) != (day, meal):
                places.append((d.day, m.meal))
    this = next(m for m in plan.days[day - 1].meals if m.meal == meal)
    if this.leftover_from is not None:
        places.append((this.leftover_from, "dinner"))
    return places


def _component_roles(request: PlanRequest, meal: str, role: str) -> tuple[str, ...]:
    """The roles of the meal component an item of ``role`` fills (just ``role`` if none)."""
    template = _templates(request)[request.meals.index(meal)]
    return next((c.families for c in template.components if role in c.families), (role,))


def _closest(
    candidates: pd.DataFrame,
    plan: WeekPlan,
    places: list[tuple[int, str]],
    old: PlannedItem,
    skip: set[int],
    cap: float | None = None,
) -> tuple[pd.Series, int] | None:
    """The food and servings nearest the old item in magnesium and kcal (relative
    distance) that keep every day of ``places`` (the meal and its leftover twin) in range,
    no food prepared more than its weekly repeats and the item within ``cap`` kcal (a
    snack's ``max_item_kcal``)."""
    request = plan.request
    days = [plan.days[d - 1] for d in dict.fromkeys(d for d, _ in places)]
    fresh = Counter(
        i.fdc_id for d in plan.days for m in d.meals if m.leftover_from is None for i in m.items
    )
    today = {i.fdc_id for the_day in days for m in the_day.meals for i in m.items}
    options: list[tuple[float, int, int, int]] = []
    for position, record in enumerate(candidates.to_dict("records")):
        fdc_id = int(record["fdc_id"])
        if fdc_id in today or fdc_id in skip or fresh[fdc_id] >= request.max_repeats:
            continue
        mg, kcal = float(record["magnesium_mg"]), float(record["kcal"])
        for n in range(int(record["min_servings"]), int(record["max_servings"]) + 1):
            if cap is not None and n * kcal > cap:
                continue
            if not all(_day_fits(request, d, old, n * mg, n * kcal) for d in days):
                continue
            distance = abs(n * mg - old.magnesium_mg) / max(old.magnesium_mg, 1.0)
            distance += abs(n * kcal - old.kcal) / max(old.kcal, 1.0)
            options.append((distance, fdc_id, n, position))
    if not options:
        return None
    _, _, servings, position = min(options)
    return candidates.iloc[position], servings


def _day_fits(
    request: PlanRequest, day: PlannedDay, old: PlannedItem, mg: float, kcal: float
) -> bool:
    day_mg = day.magnesium_mg - old.magnesium_mg + mg
    day_kcal = day.kcal - old.kcal + kcal
    return day_mg >= request.target_mg and request.kcal_min <= day_kcal <= request.kcal_max


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
        planned_meal(m.meal, tuple(new if i == old else i for i in m.items), m.leftover_from)
        if m.meal == meal
        else m
        for m in the_day.meals
    )
    days[day - 1] = planned_day(the_day.day, meals, the_day.target_mg)
    return assemble(plan.request, tuple(days), plan.status)


# --- a week a person would follow ----------------------------------------------------------

#: Candidates per role (densest first) the menu's small pool is chosen from.
MENU_CANDIDATES = 20


def _menu_week(table: FoodTable, request: PlanRequest) -> WeekPlan | None:
    """The week of rotating dishes and leftovers, or None when none fits its rules (or
    the request allows no repeats, which leftovers and rotations are)."""
    found = week_menu(table, request)
    return (
        None if found is None else assemble(request, menu.menu_days(request, found), found.status)
    )


def week_menu(table: FoodTable, request: PlanRequest) -> menu.Menu | None:
    """The dishes of a week of rotations and leftovers for the request, or None."""
    if request.max_repeats < 2:
        return None
    candidates = _candidates(table, request, per_role=MENU_CANDIDATES)
    keep = frozenset({*request.favourites, *request.pantry, *_locked(request)})
    per_gram = dict(request.prices)
    everyday = table.foods["everyday_score"]
    aim = menu.AIM_SHARE * request.target_mg / ((request.kcal_min + request.kcal_max) / 2)
    for offset, scale in menu.POOL_TRIES:
        pool = menu.select_pool(
            candidates,
            everyday,
            scale=scale,
            seed=request.seed * 100 + offset,
            density_aim=aim,
            keep=keep,
        )
        price = {
            int(f): per_gram[int(f)] * float(g)
            for f, g in zip(pool["fdc_id"], pool["grams"], strict=True)
            if int(f) in per_gram
        }
        found = menu.plan_dishes(
            pool, request, preferred=frozenset(request.pantry), price_per_serving=price
        )
        if found.found:
            return found
    return None


def _locked(request: PlanRequest) -> list[int]:
    return [lock.fdc_id for lock in request.locked]


def _candidates(table: FoodTable, request: PlanRequest, per_role: int = PER_ROLE) -> pd.DataFrame:
    """The foods the request allows, its favourites and pantry preferred, its locks kept."""
    return candidate_pool(
        table,
        diet=request.diet,
        exclude=request.exclude,
        favourites=(*request.favourites, *request.pantry),
        required=_locked(request),
        per_role=per_role,
    )


# --- building the problem -----------------------------------------------------------------


def _pool(table: FoodTable, request: PlanRequest) -> pd.DataFrame:
    """The candidates; starchy staples only when whole grains cannot fill the week's grain
    servings (a gluten-free week), or when the user chose or locked one."""
    pool = _candidates(table, request)
    if not whole_grains_suffice(pool, _templates(request), request.days, request.max_repeats):
        return pool
    keep = (
        ~pool["role"].isin(STAPLE_ROLES) | pool["favourite"] | pool["fdc_id"].isin(_locked(request))
    )
    return pool[keep].reset_index(drop=True)


def _templates(request: PlanRequest) -> tuple[SlotTemplate, ...]:
    return tuple(TEMPLATES["snack" if "snack" in meal else meal] for meal in request.meals)


def _problem(pool: pd.DataFrame, request: PlanRequest) -> Problem:
    pool = pool.assign(preference=(~pool["favourite"]).astype(float) * UNFAMILIAR_COST)
    row_of = {int(fdc_id): i for i, fdc_id in enumerate(pool["fdc_id"])}
    locks = tuple(
        Lock(lock.day - 1, request.meals.index(lock.meal), row_of[lock.fdc_id], lock.servings)
        for lock in request.locked
    )
    return Problem(
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


def _week(request: PlanRequest, pool: pd.DataFrame, solution: Solution) -> WeekPlan:
    locked = {
        (lock.day - 1, request.meals.index(lock.meal), lock.fdc_id) for lock in request.locked
    }
    days = []
    for d in range(request.days):
        meals = []
        for s, meal in enumerate(request.meals):
            chosen = sorted(
                (c for c in solution.choices if c.day == d and c.slot == s),
                key=lambda c: (ROLE_ORDER.get(str(pool.iloc[c.row]["role"]), 99), c.row),
            )
            items = tuple(
                planned_item(
                    pool.iloc[c.row], c.servings, (d, s, int(pool.iloc[c.row]["fdc_id"])) in locked
                )
                for c in chosen
            )
            meals.append(planned_meal(meal, items))
        days.append(planned_day(d + 1, tuple(meals), request.target_mg))
    return assemble(request, tuple(days), solution.status)
