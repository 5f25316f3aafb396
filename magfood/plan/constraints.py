"""The week's constraints as sparse rows: one binary variable per (day, slot, food,
servings), grouped as the named constraint groups of ``problem.Group``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from magfood.plan.problem import Choice, Goal, Group, Problem

if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint


@dataclass
class Rows:
    """Sparse constraint rows collected before one LinearConstraint is built."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)

    def add(self, cols: Sequence[Any], vals: Sequence[Any], lo: float, hi: float) -> None:
        row = len(self.lower)
        self.rows += [row] * len(cols)
        self.cols += list(cols)
        self.vals += list(vals)
        self.lower.append(lo)
        self.upper.append(hi)

    def constraint(self, n_vars: int) -> LinearConstraint:
        from scipy.optimize import LinearConstraint
        from scipy.sparse import coo_array

        matrix = coo_array(
            (self.vals, (self.rows, self.cols)), shape=(len(self.lower), n_vars)
        ).tocsr()
        return LinearConstraint(matrix, np.array(self.lower), np.array(self.upper))


@dataclass(frozen=True)
class Layout:
    """One binary variable per (day, slot, candidate row, servings): "eat ``servings``
    base portions of this food here". A food's variables in one slot sum to at most 1."""

    day: np.ndarray
    slot: np.ndarray
    row: np.ndarray
    servings: np.ndarray

    @property
    def n(self) -> int:
        return len(self.row)


def layout_of(problem: Problem) -> Layout:
    """The program's variables: one per (day, slot, candidate row, servings). A slot with
    ``max_item_kcal`` gets no servings above it, except of a food locked there."""
    pool, families = problem.pool, problem.pool["role"].to_numpy()
    low = pool["min_servings"].to_numpy(int)
    high = pool["max_servings"].to_numpy(int)
    kcal = pool["kcal"].to_numpy(float)
    parts: list[tuple[int, int, int, int]] = []
    for s, template in enumerate(problem.slots):
        fits = np.flatnonzero(np.isin(families, template.families))
        locked = [lock.row for lock in problem.locks if lock.slot == s]
        cap = np.inf if template.max_item_kcal is None else template.max_item_kcal
        for row in np.union1d(fits, np.array(locked, dtype=int)):
            counts = [
                k
                for k in range(int(low[row]), int(high[row]) + 1)
                if row in locked or kcal[row] * k <= cap
            ]
            parts += [(d, s, int(row), k) for d in range(problem.days) for k in counts]
    columns = np.array(parts, dtype=int).reshape(-1, 4).T
    return Layout(*columns)


def groups(keys: np.ndarray) -> list[np.ndarray]:
    """Variable indices grouped by equal key rows (e.g. day, slot, row)."""
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    order = np.argsort(inverse.ravel(), kind="stable")
    splits = np.flatnonzero(np.diff(inverse.ravel()[order])) + 1
    return np.split(order, splits)


def one_portion_size(rows: Rows, layout: Layout) -> None:
    """A food in a slot on a day is eaten in one portion size, or not at all."""
    keys = np.stack([layout.day, layout.slot, layout.row], axis=1)
    for members in groups(keys):
        if len(members) > 1:
            rows.add(list(members), [1.0] * len(members), 0.0, 1.0)


def locks(rows: Rows, problem: Problem, layout: Layout) -> None:
    for lock in problem.locks:
        hit = (layout.day == lock.day) & (layout.slot == lock.slot) & (layout.row == lock.row)
        if lock.servings is not None:
            hit &= layout.servings == lock.servings
        members = list(np.flatnonzero(hit))
        rows.add(members, [1.0] * len(members), 1.0, 1.0)


def composition(rows: Rows, problem: Problem, layout: Layout) -> None:
    """Each slot's components hold between min and max foods."""
    families = problem.pool["role"].to_numpy()[layout.row]
    for s, template in enumerate(problem.slots):
        in_slot = layout.slot == s
        for d in range(problem.days):
            here = np.flatnonzero(in_slot & (layout.day == d))
            for part in template.components:
                members = list(here[np.isin(families[here], part.families)])
                rows.add(members, [1.0] * len(members), part.min_items, part.max_items)


def daily(
    rows: Rows,
    problem: Problem,
    layout: Layout,
    dropped: frozenset[Group],
    goal: Goal,
    mg: np.ndarray,
    kcal: np.ndarray,
    aim: int,
) -> None:
    """Magnesium and calories per day, each meal's calorie share, and the goal bound."""
    for d in range(problem.days):
        today = np.flatnonzero(layout.day == d)
        mg_today, kcal_today = list(mg[today]), list(kcal[today])
        if "magnesium" not in dropped:
            rows.add(list(today), mg_today, problem.target_mg, np.inf)
        lo = -np.inf if "calorie minimum" in dropped else problem.kcal_min
        hi = np.inf if "calorie maximum" in dropped else problem.kcal_max
        rows.add(list(today), kcal_today, lo, hi)
        for s, template in enumerate(problem.slots):
            meal = today[layout.slot[today] == s]
            floor = 0.0 if lo == -np.inf else template.kcal_floor * lo
            rows.add(list(meal), list(kcal[meal]), floor, template.kcal_share * hi)
        if goal == "max_min_mg":
            rows.add([*today, aim], [*mg_today, -1.0], 0.0, np.inf)
        elif goal == "max_min_kcal":
            rows.add([*today, aim], [*kcal_today, -1.0], 0.0, np.inf)
        elif goal == "min_max_kcal":
            rows.add([*today, aim], [*kcal_today, -1.0], -np.inf, 0.0)


def aim_band(rows: Rows, problem: Problem, layout: Layout, kcal: np.ndarray, band: float) -> None:
    """Keep each day's calories within ``band`` of the half-range around the middle."""
    mid = (problem.kcal_min + problem.kcal_max) / 2
    half = band * (problem.kcal_max - problem.kcal_min) / 2
    for d in range(problem.days):
        today = np.flatnonzero(layout.day == d)
        rows.add(list(today), list(kcal[today]), mid - half, mid + half)


def variety(
    rows: Rows,
    problem: Problem,
    layout: Layout,
    cuts: Sequence[tuple[int, int, tuple[int, ...]]],
) -> None:
    """A food at most ``max_repeats`` times a week and once a day; cuts against twin days."""
    food = problem.pool["fdc_id"].to_numpy(int)[layout.row]
    eaten = dict(problem.eaten)
    for members in groups(food.reshape(-1, 1)):
        left = max(problem.max_repeats - eaten.get(int(food[members[0]]), 0), 0)
        rows.add(list(members), [1.0] * len(members), 0, left)
    for members in groups(np.stack([food, layout.day], axis=1)):
        if len(np.unique(layout.slot[members])) > 1:
            rows.add(list(members), [1.0] * len(members), 0, 1)
    for first, second, pattern in cuts:
        cols: list[int] = []
        for d in (first, second):
            for s, r in pairs(pattern):
                hit = (layout.day == d) & (layout.slot == s) & (layout.row == r)
                cols += list(np.flatnonzero(hit))
        rows.add(cols, [1.0] * len(cols), 0, len(pattern) - 1)  # |P| pairs on two days
    for pattern in problem.avoid:  # an earlier day's pattern; this problem is one day
        cols = []
        for s, r in pairs(pattern):
            cols += list(np.flatnonzero((layout.slot == s) & (layout.row == r)))
        rows.add(cols, [1.0] * len(cols), 0, len(pattern) // 2 - 1)


def family_limits(rows: Rows, problem: Problem, layout: Layout) -> None:
    """At most N servings of a family in the week (e.g. leafy greens)."""
    families = problem.pool["family"].to_numpy()[layout.row]
    for family, limit in problem.family_limits:
        mine = np.flatnonzero(families == family)
        rows.add(list(mine), list(layout.servings[mine].astype(float)), 0, limit)


def pattern(choices: Iterable[Choice], day: int) -> tuple[int, ...]:
    """A day's (slot, row) pairs flattened, sorted, as a hashable signature."""
    pairs = sorted((c.slot, c.row) for c in choices if c.day == day)
    return tuple(v for pair in pairs for v in pair)


def pairs(pattern: tuple[int, ...]) -> list[tuple[int, int]]:
    return list(zip(pattern[::2], pattern[1::2], strict=True))
