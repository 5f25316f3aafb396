"""A week a person would follow: a small pool of foods, a few dishes, servings per dish.

The week's shape (``shape``) fixes which dish every meal eats: rotating breakfasts and
snacks, dinners whose leftovers are the next lunch. First a small pool is chosen, a few
familiar foods per role (favourites, pantry and locked foods always among them); then one
small mixed-integer program picks each dish's foods and servings so that every day lands
between the target and ``CEILING_SHARE`` of it (above ``AIM_SHARE`` costs), within the
calorie range, with at most ``MAX_FOODS`` foods in the week. A very magnesium-dense food
gets a smaller serving rather than a day at 250 %. Like ``model``, every program is
bounded by branch-and-bound nodes, never by the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from magfood.plan.dishes import (
    MG_AIM,
    DishPlan,
    choose_week,
    dish_items,
    dish_options,
    kcal_bounds,
    make_pool,
    rotation_kind,
)
from magfood.plan.request import PlanRequest
from magfood.plan.result import PlannedDay, planned_day, planned_item, planned_meal
from magfood.plan.shape import ROLE_ORDER, WeekShape, week_shape

#: At most this many different foods in the week (a shopping list a person can carry):
#: the pool holds no more, favourites and locked foods aside.
MAX_FOODS = 25
#: The seeded tie-break between equally close dishes (in relative distance to the aim).
TIE_BREAK_WEIGHT = 0.05
#: Cost per unit of price (``price_per_serving``) against 1 per unfamiliar food.
PRICE_WEIGHT = 1.0
#: Magnesium a day aims at, as a share of the target (days stay below ``CEILING_SHARE``).
AIM_SHARE = MG_AIM
KEPT = "kept"


@dataclass(frozen=True)
class PoolGroup:
    """How many foods of these roles the week's pool holds (one meal component's worth)."""

    name: str
    roles: tuple[str, ...]
    count: int


#: The week's pool, by meal component: three breakfasts' grains and sides, one extra, four
#: proteins, grains and vegetables for seven dinners (consecutive dinners share no food,
#: since one is the other's lunch), three snacks: 22 foods, within ``MAX_FOODS``.
POOL_GROUPS: tuple[PoolGroup, ...] = (
    PoolGroup("breakfast grain", ("cereal", "bread"), 3),
    PoolGroup("breakfast side", ("milk and yogurt", "fruit", "cheese"), 3),
    PoolGroup("breakfast extra", ("nuts and seeds", "eggs"), 1),
    PoolGroup("protein", ("legumes", "soy protein", "fish", "meat", "eggs"), 4),
    PoolGroup("main grain", ("grain", "bread", "corn or rice staple", "starchy vegetable"), 4),
    PoolGroup("vegetable", ("vegetables", "leafy greens"), 4),
    PoolGroup(
        "snack", ("fruit", "nuts and seeds", "milk and yogurt", "cheese", "dark chocolate"), 3
    ),
)
#: Pools tried in turn: (seed offset, scale of every group's count). The wider pool may
#: exceed ``MAX_FOODS``; it is tried only when the smaller ones hold no week.
POOL_TRIES: tuple[tuple[int, float], ...] = ((0, 1.0), (1, 1.0), (2, 1.5), (3, 1.5))
#: How much a food's distance from the day's magnesium density counts against its
#: everyday score (per e-fold: spinach, 10x the density a day needs, loses 2.3 x this).
DENSITY_WEIGHT = 0.25
#: The seeded jitter on the everyday score, so that another seed brings other foods.
JITTER = 0.15
#: Which pool groups each kind of dish draws from (kept foods join any dish they fit).
DISH_GROUPS: dict[str, tuple[str, ...]] = {
    "breakfast": ("breakfast grain", "breakfast side", "breakfast extra"),
    "snack": ("snack",),
    "main": ("protein", "main grain", "vegetable"),
}
#: The seeded tie-break per (dish, food) is worth up to this share of one food.
TIE_BREAK_WEIGHT = 0.3
#: Cost per unit of a food's price weight (``prices``, per serving) in the objective.
PRICE_WEIGHT = 1.0
MIP_GAP = 0.05


@dataclass(frozen=True)
class MenuChoice:
    """One food in one dish: pool row and servings."""

    dish: int
    row: int
    servings: int


@dataclass(frozen=True)
class Menu:
    """The solver's dishes for the week (``status`` optimal or feasible), or none."""

    status: str
    shape: WeekShape
    pool: pd.DataFrame
    choices: tuple[MenuChoice, ...] = ()

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")


def select_pool(
    pool: pd.DataFrame,
    everyday: pd.Series,
    *,
    scale: float,
    seed: int,
    density_aim: float,
    keep: frozenset[int] = frozenset(),
) -> pd.DataFrame:
    """The week's small pool: for each of ``POOL_GROUPS``, its count (times ``scale``) of
    foods taken in turn from each of its roles, best first: the everyday score, less
    ``DENSITY_WEIGHT`` per e-fold of magnesium per kcal away from ``density_aim`` (what
    a day at the aim needs), plus a seeded jitter; foods in ``keep`` (favourites, pantry,
    locked) before all others. A food is in one group only, so breakfast's bread is not
    also dinner's."""
    rng = np.random.default_rng(seed)
    score = pool["fdc_id"].map(everyday).fillna(0.0).to_numpy(float)
    density = (pool["magnesium_mg"] / pool["kcal"]).to_numpy(float)
    off = np.abs(np.log(np.clip(density, 1e-3, None) / density_aim))
    score = score - DENSITY_WEIGHT * off + JITTER * rng.random(len(pool))
    score = score + pool["fdc_id"].isin(keep).to_numpy() * 10.0
    order = np.lexsort((pool["fdc_id"].to_numpy(), -score))
    roles = pool["role"].to_numpy()
    taken: list[int] = []
    group_of: dict[int, str] = {}
    for group in POOL_GROUPS:
        queues = [[i for i in order if roles[i] == role and i not in taken] for role in group.roles]
        want = max(1, round(group.count * scale))
        picked: list[int] = []
        while len(picked) < want and any(queues):
            for queue in queues:
                if queue and len(picked) < want:
                    picked.append(queue.pop(0))
        taken += picked
        group_of.update((i, group.name) for i in picked)
    fdc_ids = pool["fdc_id"].to_numpy(int)
    kept = [i for i in order if int(fdc_ids[i]) in keep and i not in taken]
    rows = sorted([*taken, *kept])
    chosen = pool.iloc[rows].assign(group=[group_of.get(i, KEPT) for i in rows])
    return chosen.reset_index(drop=True)


def plan_dishes(
    frame: pd.DataFrame,
    request: PlanRequest,
    *,
    preferred: frozenset[int] = frozenset(),
    price_per_serving: Mapping[int, float] | None = None,
) -> Menu:
    """Each dish's foods and servings for the request's week, from the small pool
    ``frame`` (``select_pool``). ``preferred`` foods cost nothing to use;
    ``price_per_serving`` (fdc_id -> price of one base serving) adds a cost per serving."""
    shape = week_shape(request)
    pool = make_pool(frame, preferred, price_per_serving, PRICE_WEIGHT)
    rows_of = {int(f): i for i, f in enumerate(frame["fdc_id"])}
    required: dict[int, list[tuple[int, int | None]]] = {}
    for lock in request.locked:
        k = shape.served[lock.day - 1][request.meals.index(lock.meal)]
        required.setdefault(k, []).append((rows_of[lock.fdc_id], lock.servings))
    listed: dict[tuple[object, ...], list[DishPlan]] = {}
    options = []
    for k, dish in enumerate(shape.dishes):
        key = (
            dish.template,
            DISH_GROUPS[rotation_kind(dish) or "main"],
            kcal_bounds(request, shape, k),
            tuple(required.get(k, ())),
        )
        if key not in listed:
            listed[key] = dish_options(pool, *key)
        options.append(listed[key])
    rng = np.random.default_rng(request.seed)
    width = max(map(len, options), default=0) + 1
    jitter = TIE_BREAK_WEIGHT * rng.random((len(shape.dishes), width))
    plans = choose_week(pool, request, shape, options, jitter)
    if plans is None or len({row for plan in plans for row in plan.rows}) > MAX_FOODS:
        return Menu("infeasible", shape, frame)
    choices = tuple(MenuChoice(k, row, n) for k, row, n in dish_items(plans))
    return Menu("optimal", shape, frame, choices)


#: In a household, one person may eat up to this many times the largest serving a person
#: eats at once (seconds), and as little as one base serving.
HELPINGS = 2


def refit(menu: Menu, request: PlanRequest) -> Menu:
    """The same dishes (the same foods in each) with servings for another person's
    ``request`` (target and calorie range; the week's other settings unchanged). The
    person's days are held to their target and calories, not to a ceiling: dishes chosen
    for an adult give a child at 1,400 kcal well over a 130 mg target, from food alone."""
    shape = week_shape(request)
    frame = menu.pool.assign(min_servings=1, max_servings=menu.pool["max_servings"] * HELPINGS)
    pool = make_pool(frame, frozenset(), None, PRICE_WEIGHT)
    rows: dict[int, frozenset[int]] = {}
    for choice in menu.choices:
        rows[choice.dish] = rows.get(choice.dish, frozenset()) | {choice.row}
    options = []
    listed: dict[tuple[object, ...], list[DishPlan]] = {}
    for k, dish in enumerate(shape.dishes):
        key = (
            dish.template,
            DISH_GROUPS[rotation_kind(dish) or "main"],
            kcal_bounds(request, shape, k),
        )
        if key not in listed:
            listed[key] = dish_options(pool, *key)
        options.append([plan for plan in listed[key] if plan.rows == rows.get(k)])
    rng = np.random.default_rng(request.seed)
    width = max(map(len, options), default=0) + 1
    jitter = TIE_BREAK_WEIGHT * rng.random((len(shape.dishes), width))
    plans = choose_week(pool, request, shape, options, jitter, ceiling=np.inf)
    if plans is None:
        return Menu("infeasible", shape, menu.pool)
    choices = tuple(MenuChoice(k, row, n) for k, row, n in dish_items(plans))
    return Menu("optimal", shape, menu.pool, choices)


def menu_days(request: PlanRequest, menu: Menu) -> tuple[PlannedDay, ...]:
    """The planned days of a found menu: each meal the items of the dish it eats."""
    locked = {(lock.day - 1, lock.meal, lock.fdc_id) for lock in request.locked}
    by_dish: dict[int, list[MenuChoice]] = {}
    for choice in menu.choices:
        by_dish.setdefault(choice.dish, []).append(choice)
    days = []
    for d, dishes in enumerate(menu.shape.served):
        meals = []
        for s, meal in enumerate(request.meals):
            chosen = sorted(by_dish.get(dishes[s], []), key=lambda c: _order(menu.pool, c.row))
            items = tuple(
                planned_item(
                    menu.pool.iloc[c.row],
                    c.servings,
                    (d, meal, int(menu.pool.iloc[c.row]["fdc_id"])) in locked,
                )
                for c in chosen
            )
            meals.append(planned_meal(meal, items, menu.shape.leftover[d][s]))
        days.append(planned_day(d + 1, tuple(meals), request.target_mg))
    return tuple(days)


def _order(pool: pd.DataFrame, row: int) -> tuple[int, int]:
    return ROLE_ORDER.get(str(pool.iloc[row]["role"]), 99), row
