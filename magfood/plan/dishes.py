"""Choosing the week's dishes from a small pool, by a bounded search rather than one program.

Every possible dish of a meal template is listed from the pool (a breakfast of this cereal
with that milk, in these servings; a dinner of a protein, a grain and one or two
vegetables). The rotating dishes (breakfasts, snacks) are chosen first, each the closest
to its share of the day's aim; then the dinners one day at a time, each chosen so that it
and the previous dinner (today's lunch) bring the day to its aim, backtracking when a day
cannot close. The search counts the dishes it tries and stops at ``SEARCH_STEPS``: the
same request always gives the same week, whatever the machine's speed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from magfood.plan.request import PlanRequest
from magfood.plan.shape import Dish, WeekShape, slot_templates
from magfood.plan.slots import SlotTemplate

#: Dishes the dinner search may try before it gives up (a week is usually found in a few
#: hundred; an impossible one is abandoned after this many).
SEARCH_STEPS = 3000
#: Dinner candidates considered at each day of the search, best first.
BRANCHING = 60
#: Every day between the target and this share of it.
CEILING_SHARE = 1.6
#: A day aims at this share of the target (every day is held between the target and the
#: request's ceiling); calories aim at the middle of the range.
MG_AIM = 1.2
#: A dish's cost (-1 per favourite or pantry food, plus the price of its servings)
#: against its relative distance from the aim: for the rotating dishes (chosen first,
#: where a favourite is most often eaten), and for lunches and dinners (a larger weight
#: there leaves the dinner search stuck on far-off dishes).
ROTATION_COST_WEIGHT = 0.1
COST_WEIGHT = 0.1
#: Of a day's aim, what one dish of each rotating meal should bring.
ROTATION_SHARE = {"breakfast": 0.3, "snack": 0.14}


@dataclass(frozen=True)
class DishPlan:
    """One dish's foods: (pool row, servings) pairs with the dish's totals."""

    items: tuple[tuple[int, int], ...]
    mg: float
    kcal: float
    cost: float
    rows: frozenset[int]
    mask: int


@dataclass(frozen=True)
class Pool:
    """The week's pool as arrays: fdc_id, role, group, per-serving magnesium and kcal,
    serving range, and each food's cost of use (0 preferred, 1 otherwise, plus price)."""

    frame: pd.DataFrame
    cost_per_serving: np.ndarray
    cost_of_use: np.ndarray


def make_pool(
    frame: pd.DataFrame,
    preferred: frozenset[int],
    price_per_serving: Mapping[int, float] | None,
    price_weight: float,
) -> Pool:
    fdc_ids = frame["fdc_id"].to_numpy(int)
    liked = frame["favourite"].to_numpy(bool) | np.isin(fdc_ids, list(preferred))
    prices = price_per_serving or {}
    price = np.array([prices.get(int(f), 0.0) for f in fdc_ids]) * price_weight
    return Pool(frame, price, np.where(liked, -1.0, 1.0))


def dish_options(
    pool: Pool,
    template: SlotTemplate,
    groups: tuple[str, ...],
    kcal_bounds: tuple[float, float],
    required: tuple[tuple[int, int | None], ...] = (),
) -> list[DishPlan]:
    """Every dish of ``template`` from the pool foods of ``groups`` (and kept foods) whose
    kcal lie within ``kcal_bounds``; with ``required`` (row, servings or None), only the
    dishes holding those foods."""
    frame = pool.frame
    roles = frame["role"].to_numpy()
    in_group = frame["group"].isin((*groups, "kept")).to_numpy()
    mg = frame["magnesium_mg"].to_numpy(float)
    kcal = frame["kcal"].to_numpy(float)
    low = frame["min_servings"].to_numpy(int)
    high = frame["max_servings"].to_numpy(int)
    cap = np.inf if template.max_item_kcal is None else template.max_item_kcal
    locked = {row for row, _ in required}

    def servings(row: int) -> list[int]:
        return [
            n
            for n in range(int(low[row]), int(high[row]) + 1)
            if row in locked or kcal[row] * n <= cap
        ]

    parts: list[list[tuple[tuple[int, int], ...]]] = []
    for part in template.components:
        rows = [
            int(r)
            for r in np.flatnonzero(
                np.isin(roles, part.families)
                & (in_group | np.isin(np.arange(len(roles)), list(locked)))
            )
        ]
        choices: list[tuple[tuple[int, int], ...]] = []
        for size in range(part.min_items, part.max_items + 1):
            for combo in itertools.combinations(rows, size):
                for counts in itertools.product(*(servings(r) for r in combo)):
                    choices.append(tuple(zip(combo, counts, strict=True)))
        parts.append(choices)
    options = []
    for pieces in itertools.product(*parts):
        items = tuple(item for piece in pieces for item in piece)
        used = [row for row, _ in items]
        if len(used) != len(set(used)):
            continue
        if any(
            not any(row == r and (n is None or n == k) for r, k in items) for row, n in required
        ):
            continue
        total_kcal = sum(kcal[r] * k for r, k in items)
        if not kcal_bounds[0] <= total_kcal <= kcal_bounds[1]:
            continue
        cost = sum(pool.cost_of_use[r] + pool.cost_per_serving[r] * k for r, k in items)
        options.append(
            DishPlan(
                items,
                sum(mg[r] * k for r, k in items),
                total_kcal,
                cost,
                frozenset(used),
                sum(1 << r for r in used),
            )
        )
    return options


def kcal_bounds(request: PlanRequest, shape: WeekShape, k: int) -> tuple[float, float]:
    """A dish's calories in every slot it is served at (a dinner is also a lunch)."""
    templates = slot_templates(request)
    slots = {s for day in shape.served for s, dish in enumerate(day) if dish == k}
    floor = max(templates[s].kcal_floor for s in slots) * request.kcal_min
    share = min(templates[s].kcal_share for s in slots) * request.kcal_max
    return floor, share


def rotation_kind(dish: Dish) -> str | None:
    """ "breakfast" or "snack" for a rotating dish, None for a dinner or lunch."""
    meal = dish.template.meal
    return meal if meal in ROTATION_SHARE else None


def choose_week(
    pool: Pool,
    request: PlanRequest,
    shape: WeekShape,
    options: list[list[DishPlan]],
    jitter: np.ndarray,
    ceiling: float = CEILING_SHARE,
) -> list[DishPlan] | None:
    """One DishPlan per dish of ``shape`` meeting every day's rules, or None. ``options``
    are each dish's possible plans; ``jitter`` a seeded tie-break per dish and option;
    every day's magnesium is held below ``ceiling`` times the target."""
    rotating = [k for k, dish in enumerate(shape.dishes) if rotation_kind(dish) is not None]
    mains = [k for k, dish in enumerate(shape.dishes) if rotation_kind(dish) is None]
    budget = [SEARCH_STEPS]
    for tried, chosen in enumerate(_rotations(request, shape, options, jitter, rotating, budget)):
        if tried >= ROTATION_TRIES:
            break
        used = {row for plan in chosen.values() for row in plan.rows}
        fixed_mg = [sum(chosen[k].mg for k in day if k in chosen) for day in shape.served]
        fixed_kcal = [sum(chosen[k].kcal for k in day if k in chosen) for day in shape.served]
        search = _MainSearch(pool, request, shape, options, jitter, used, fixed_mg, fixed_kcal)
        search.ceiling = ceiling
        found = search.run(mains)
        if found is None:
            continue
        week = {**chosen, **found}
        if search.families_ok(week):
            return [week[k] for k in range(len(shape.dishes))]
    return None


#: Sets of rotating dishes (breakfasts, snacks) the dinner search is tried with.
ROTATION_TRIES = 6


def _rotations(
    request: PlanRequest,
    shape: WeekShape,
    options: list[list[DishPlan]],
    jitter: np.ndarray,
    rotating: list[int],
    budget: list[int],
) -> Iterator[dict[int, DishPlan]]:
    """Sets of rotating dishes with no food in two of them, each dish the closest to its
    share of the day's aim first (a bounded depth-first search)."""
    aim_mg = MG_AIM * request.target_mg
    aim_kcal = (request.kcal_min + request.kcal_max) / 2

    def extend(
        i: int, chosen: dict[int, DishPlan], used: frozenset[int]
    ) -> Iterator[dict[int, DishPlan]]:
        if i == len(rotating):
            yield dict(chosen)
            return
        k = rotating[i]
        share = ROTATION_SHARE[str(rotation_kind(shape.dishes[k]))]
        plans = options[k]
        fitting = [j for j in range(len(plans)) if not plans[j].rows & used]
        ranked = _ranked(
            [plans[j] for j in fitting],
            jitter[k],
            share * aim_mg,
            share * aim_kcal,
            ROTATION_COST_WEIGHT,
        )
        for j in ranked[:ROTATION_BRANCHING]:
            budget[0] -= 1
            if budget[0] < 0:
                return
            plan = plans[fitting[j]]
            chosen[k] = plan
            yield from extend(i + 1, chosen, used | plan.rows)
            del chosen[k]

    yield from extend(0, {}, frozenset())


#: Rotating-dish candidates tried per dish, best first.
ROTATION_BRANCHING = 4


def _best(
    plans: list[DishPlan],
    jitter: np.ndarray,
    aim_mg: float,
    aim_kcal: float,
    fits: object,
) -> DishPlan | None:
    ranked = _ranked(plans, jitter, aim_mg, aim_kcal)
    return next((plans[i] for i in ranked if fits(plans[i])), None)  # type: ignore[operator]


def _ranked(
    plans: list[DishPlan],
    jitter: np.ndarray,
    aim_mg: float,
    aim_kcal: float,
    cost_weight: float = COST_WEIGHT,
) -> np.ndarray:
    """Plan indices, closest to the aim first (relative distance, plus cost and jitter)."""
    if not plans:
        return np.array([], dtype=int)
    mg = np.array([p.mg for p in plans])
    kcal = np.array([p.kcal for p in plans])
    cost = np.array([p.cost for p in plans])
    score = np.abs(mg - aim_mg) / aim_mg + np.abs(kcal - aim_kcal) / aim_kcal
    score = score + cost_weight * cost + jitter[: len(plans)]
    return np.argsort(score, kind="stable")


class _MainSearch:
    """Depth-first choice of the lunches and dinners, bounded by ``SEARCH_STEPS``."""

    def __init__(
        self,
        pool: Pool,
        request: PlanRequest,
        shape: WeekShape,
        options: list[list[DishPlan]],
        jitter: np.ndarray,
        used: set[int],
        fixed_mg: list[float],
        fixed_kcal: list[float],
    ) -> None:
        self.pool, self.request, self.shape = pool, request, shape
        self.options, self.jitter = options, jitter
        self.fixed_mg, self.fixed_kcal = fixed_mg, fixed_kcal
        self.rotation_mask = sum(1 << r for r in used)
        self.steps = 0
        self.ceiling = CEILING_SHARE
        families = pool.frame["family"].to_numpy()
        self.family = families
        self.eaten = [len(shape.days_of(k)) for k in range(len(shape.dishes))]
        self.days_of = [shape.days_of(k) for k in range(len(shape.dishes))]
        self.mains_of = [
            [k for k in day if rotation_kind(shape.dishes[k]) is None] for day in shape.served
        ]

    def run(self, mains: list[int]) -> dict[int, DishPlan] | None:
        return self._extend(mains, 0, {}, Counter())

    def _day_ok(self, d: int, placed: Mapping[int, DishPlan]) -> bool | None:
        """Whether day ``d`` is within its bounds (None: not all its mains placed yet)."""
        mains = self.mains_of[d]
        if any(k not in placed for k in mains):
            return None
        plans = [placed[k] for k in mains]
        rows = [r for p in plans for r in p.rows]
        if len(rows) != len(set(rows)):
            return False
        mg = self.fixed_mg[d] + sum(p.mg for p in plans)
        kcal = self.fixed_kcal[d] + sum(p.kcal for p in plans)
        request = self.request
        return bool(
            request.target_mg <= mg <= self.ceiling * request.target_mg
            and request.kcal_min <= kcal <= request.kcal_max
        )

    def _aim(self, k: int, placed: Mapping[int, DishPlan]) -> tuple[float, float]:
        """What dish ``k`` should bring: per day it is eaten, the day's aim less what is
        already there, shared with the day's other unplaced mains."""
        mg_aims, kcal_aims = [], []
        aim_kcal = (self.request.kcal_min + self.request.kcal_max) / 2
        for d in self.days_of[k]:
            mains = self.mains_of[d]
            open_ = [j for j in mains if j not in placed]
            have_mg = sum(placed[j].mg for j in mains if j in placed)
            have_kcal = sum(placed[j].kcal for j in mains if j in placed)
            mg_aims.append(
                (MG_AIM * self.request.target_mg - self.fixed_mg[d] - have_mg) / len(open_)
            )
            kcal_aims.append((aim_kcal - self.fixed_kcal[d] - have_kcal) / len(open_))
        return max(float(np.mean(mg_aims)), 1.0), max(float(np.mean(kcal_aims)), 1.0)

    def _extend(
        self, mains: list[int], i: int, placed: dict[int, DishPlan], fresh: Counter[int]
    ) -> dict[int, DishPlan] | None:
        if i == len(mains):
            return dict(placed)
        k = mains[i]
        aim_mg, aim_kcal = self._aim(k, placed)
        taken = {p.items for p in placed.values()}
        blocked = self.rotation_mask
        for d in self.days_of[k]:
            for j in self.shape.served[d]:
                if j in placed:
                    blocked |= placed[j].mask
        for r, times in fresh.items():
            if times >= self.request.max_repeats:
                blocked |= 1 << r
        plans = [
            plan for plan in self.options[k] if not plan.mask & blocked and plan.items not in taken
        ]
        for j in _ranked(plans, self.jitter[k], aim_mg, aim_kcal)[:BRANCHING]:
            self.steps += 1
            if self.steps > SEARCH_STEPS:
                return None
            plan = plans[j]
            placed[k] = plan
            if all(self._day_ok(d, placed) is not False for d in self.days_of[k]):
                for r in plan.rows:
                    fresh[r] += 1
                found = self._extend(mains, i + 1, placed, fresh)
                for r in plan.rows:
                    fresh[r] -= 1
                if found is not None:
                    return found
            del placed[k]
            if self.steps > SEARCH_STEPS:
                return None
        return None

    def families_ok(self, placed: Mapping[int, DishPlan]) -> bool:
        if not self.request.family_limits:
            return True
        servings: Counter[str] = Counter()
        for k, plan in placed.items():
            for row, n in plan.items:
                servings[str(self.family[row])] += n * self.eaten[k]
        return all(servings[family] <= limit for family, limit in self.request.family_limits)


def dish_items(plans: list[DishPlan]) -> Iterator[tuple[int, int, int]]:
    """(dish, pool row, servings) for every item of the chosen dishes."""
    for k, plan in enumerate(plans):
        for row, n in plan.items:
            yield k, row, n
