"""The weekly menu as a mixed-integer program, solved with SciPy's ``milp`` (HiGHS).

For every day, meal slot and candidate food there are two variables: ``servings``
(an integer multiple of the food's base household portion) and ``used`` (0 or 1).
Constraints come in named groups so an infeasible request can be diagnosed by dropping
one group at a time (``diagnosis``). Calories are first held in a band around the
middle of the range (falling back to the full range). Every objective term is
non-negative, so HiGHS's relative gap criterion stops the search long before the time
limit and a seed gives the same week.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

from magfood.plan.slots import SlotTemplate

if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint

Group = Literal[
    "magnesium",
    "calorie minimum",
    "calorie maximum",
    "meal composition",
    "variety",
    "family limits",
    "locked items",
]
GROUPS: tuple[Group, ...] = get_args(Group)
Goal = Literal["plan", "feasible", "max_min_mg", "min_max_kcal", "max_min_kcal"]

#: The seeded tie-break is worth up to half an unfamiliar (non-favourite) food.
#: First try every day within this share of the half-range around the calorie midpoint
#: (a hard band solves far faster than an absolute-deviation objective); fall back to
#: the full range when the band admits no week.
AIM_BAND = 0.5
TIE_BREAK_WEIGHT = 0.5
MIP_GAP = 0.05
_MAX_CUT_ROUNDS = 6
#: The plan search (all days, and the whole-week fallback) shares ``Problem.time_limit_s``;
#: one day gets at most ``DAY_LIMIT_S`` of it (a day that needs longer has a calorie window
#: too narrow for household portions; its best plan so far is kept).
DAY_LIMIT_S = 0.5
#: Below this much time left, a solve is not started.
MIN_SOLVE_S = 0.05


@dataclass(frozen=True)
class Lock:
    """A food that must be in a given day and slot, optionally with fixed servings."""

    day: int
    slot: int
    row: int
    servings: int | None = None


@dataclass(frozen=True)
class Problem:
    """Everything the solver needs: the candidate pool and the week's rules.

    ``pool`` has one row per candidate (positional index) with columns ``fdc_id``,
    ``role`` (what slot templates match), ``family`` (what family limits count),
    ``magnesium_mg`` and ``kcal`` (per base serving), ``min_servings``,
    ``max_servings`` and ``preference`` (a non-negative cost; 0 for favourites).
    ``eaten`` counts (fdc_id, times) planned on earlier days and ``avoid`` holds their
    (slot, row) patterns, when the week is solved one day at a time. ``time_limit_s``
    bounds one :func:`solve` call as a whole.
    """

    pool: pd.DataFrame
    slots: tuple[SlotTemplate, ...]
    days: int
    target_mg: float
    kcal_min: float
    kcal_max: float
    max_repeats: int
    family_limits: tuple[tuple[str, int], ...] = ()
    locks: tuple[Lock, ...] = ()
    seed: int = 0
    time_limit_s: float = 2.0
    eaten: tuple[tuple[int, int], ...] = ()
    avoid: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class Choice:
    """One food in one slot of one day, with its servings (multiples of the base portion)."""

    day: int
    slot: int
    row: int
    servings: int


@dataclass(frozen=True)
class Solution:
    """The solver's answer: ``status`` is optimal, feasible (stopped early), infeasible
    or timeout (no week found in time); ``value`` is the goal's figure, if any."""

    status: Literal["optimal", "feasible", "infeasible", "timeout"]
    choices: tuple[Choice, ...] = ()
    value: float | None = None

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")


@dataclass
class _Rows:
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
class _Layout:
    """One binary variable per (day, slot, candidate row, servings): "eat ``servings``
    base portions of this food here". A food's variables in one slot sum to at most 1."""

    day: np.ndarray
    slot: np.ndarray
    row: np.ndarray
    servings: np.ndarray

    @property
    def n(self) -> int:
        return len(self.row)


def _layout(problem: Problem) -> _Layout:
    pool, families = problem.pool, problem.pool["role"].to_numpy()
    low = pool["min_servings"].to_numpy(int)
    high = pool["max_servings"].to_numpy(int)
    parts: list[tuple[int, int, int, int]] = []
    for s, template in enumerate(problem.slots):
        fits = np.flatnonzero(np.isin(families, template.families))
        locked = [lock.row for lock in problem.locks if lock.slot == s]
        for row in np.union1d(fits, np.array(locked, dtype=int)):
            counts = range(int(low[row]), int(high[row]) + 1)
            parts += [(d, s, int(row), k) for d in range(problem.days) for k in counts]
    columns = np.array(parts, dtype=int).reshape(-1, 4).T
    return _Layout(*columns)


def solve(problem: Problem, drop: Iterable[Group] = (), goal: Goal = "plan") -> Solution:
    """Solve the week without the dropped constraint groups.

    A plan is first built one day at a time (small programs that solve in a fraction of
    a second and never hit the time limit, so a seed always gives the same week), each
    day respecting what earlier days used; if that gets stuck, the whole week is solved
    at once, with cuts until no two days are the same foods in the same slots, unless its
    linear relaxation already shows no week fits.
    """
    dropped = frozenset(drop)
    deadline = time.perf_counter() + problem.time_limit_s
    if goal == "plan" and problem.days > 1:
        daily = _solve_day_by_day(problem, dropped, deadline)
        if daily is not None:
            return daily
    return _solve_week(problem, dropped, goal, deadline)


def _left(deadline: float) -> float:
    return deadline - time.perf_counter()


def _solve_day_by_day(
    problem: Problem, dropped: frozenset[Group], deadline: float
) -> Solution | None:
    """The week built one day at a time; infeasible when the first day alone has no plan
    (no week can then have one: the week's rules restricted to one day are that day's
    rules); None when a later day got stuck on what earlier days used."""
    fdc_ids = problem.pool["fdc_id"].to_numpy(int)
    families = problem.pool["family"].to_numpy()
    eaten: Counter[int] = Counter()
    family_use: Counter[str] = Counter()
    patterns: list[tuple[int, ...]] = []
    choices: list[Choice] = []
    status: Literal["optimal", "feasible"] = "optimal"
    for d in range(problem.days):
        if _left(deadline) < MIN_SOLVE_S:
            return None
        today = replace(
            problem,
            days=1,
            locks=tuple(replace(lock, day=0) for lock in problem.locks if lock.day == d),
            family_limits=tuple(
                (family, max(limit - family_use[family], 0))
                for family, limit in problem.family_limits
            ),
            seed=problem.seed * 1_000 + d,
            time_limit_s=min(DAY_LIMIT_S, _left(deadline)),
            eaten=tuple(eaten.items()),
            avoid=tuple(patterns),
        )
        solution = _solve_week(today, dropped, "plan", deadline)
        if not solution.found:
            return Solution("infeasible") if d == 0 and solution.status == "infeasible" else None
        status = "feasible" if solution.status == "feasible" else status
        patterns.append(_pattern(solution.choices, 0))
        for choice in solution.choices:
            eaten[int(fdc_ids[choice.row])] += 1
            family_use[str(families[choice.row])] += choice.servings
            choices.append(replace(choice, day=d))
    return Solution(status, tuple(choices))


def _solve_week(
    problem: Problem, dropped: frozenset[Group], goal: Goal, deadline: float
) -> Solution:
    """Solve ``problem`` as one program, within ``problem.time_limit_s`` and the deadline."""
    deadline = min(deadline, time.perf_counter() + problem.time_limit_s)
    layout = _layout(problem)
    if (
        goal == "plan"
        and problem.days > 1
        and not _relaxation_fits(problem, layout, dropped, deadline)
    ):
        return Solution("infeasible")
    if goal == "plan":
        aimed = _solve_with_cuts(problem, layout, dropped, goal, AIM_BAND, deadline)
        if aimed.found or _left(deadline) < MIN_SOLVE_S:
            return aimed
    return _solve_with_cuts(problem, layout, dropped, goal, None, deadline)


def _relaxation_fits(
    problem: Problem, layout: _Layout, dropped: frozenset[Group], deadline: float
) -> bool:
    """Whether the linear relaxation (fractional servings) has a week: a quick proof that
    no week fits when, say, a few foods cannot fill 21 grain servings at 3 each."""
    relaxed = _solve_once(problem, layout, dropped, "feasible", (), None, deadline, False)
    return relaxed.status != "infeasible"


def _solve_with_cuts(
    problem: Problem,
    layout: _Layout,
    dropped: frozenset[Group],
    goal: Goal,
    band: float | None,
    deadline: float,
) -> Solution:
    cuts: list[tuple[int, int, tuple[int, ...]]] = []
    best = Solution("timeout")
    for _ in range(_MAX_CUT_ROUNDS):
        if _left(deadline) < MIN_SOLVE_S:
            return best
        best = _solve_once(problem, layout, dropped, goal, cuts, band, deadline)
        if not best.found or "variety" in dropped:
            return best
        twins = _identical_days(best.choices, problem.days)
        if not twins:
            return best
        cuts += twins
    return best


def _solve_once(
    problem: Problem,
    layout: _Layout,
    dropped: frozenset[Group],
    goal: Goal,
    cuts: Sequence[tuple[int, int, tuple[int, ...]]],
    band: float | None,
    deadline: float,
    integral: bool = True,
) -> Solution:
    n = layout.n
    mg = problem.pool["magnesium_mg"].to_numpy(float)[layout.row] * layout.servings
    kcal = problem.pool["kcal"].to_numpy(float)[layout.row] * layout.servings
    n_vars = n + 1  # choices, goal variable
    aim = n
    rows = _Rows()
    lower, upper = np.zeros(n_vars), np.concatenate([np.ones(n), [np.inf]])
    _one_portion_size(rows, layout)
    if "locked items" not in dropped:
        _locks(rows, problem, layout)
    if "meal composition" not in dropped:
        _composition(rows, problem, layout)
    _daily(rows, problem, layout, dropped, goal, mg, kcal, aim)
    if band is not None:
        _aim_band(rows, problem, layout, kcal, band)
    if "variety" not in dropped:
        _variety(rows, problem, layout, cuts)
    if "family limits" not in dropped:
        _family_limits(rows, problem, layout)
    cost = _objective(problem, layout, goal, n_vars, aim)
    integrality = np.concatenate([np.full(n, float(integral)), [0.0]])
    from scipy.optimize import Bounds, milp  # SciPy loads only when a plan is solved

    result = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=rows.constraint(n_vars),
        options={"time_limit": max(_left(deadline), MIN_SOLVE_S), "mip_rel_gap": MIP_GAP},
    )
    return _solution(result, layout, aim, goal)


def _groups(keys: np.ndarray) -> list[np.ndarray]:
    """Variable indices grouped by equal key rows (e.g. day, slot, row)."""
    _, inverse = np.unique(keys, axis=0, return_inverse=True)
    order = np.argsort(inverse.ravel(), kind="stable")
    splits = np.flatnonzero(np.diff(inverse.ravel()[order])) + 1
    return np.split(order, splits)


def _one_portion_size(rows: _Rows, layout: _Layout) -> None:
    """A food in a slot on a day is eaten in one portion size, or not at all."""
    keys = np.stack([layout.day, layout.slot, layout.row], axis=1)
    for members in _groups(keys):
        if len(members) > 1:
            rows.add(list(members), [1.0] * len(members), 0.0, 1.0)


def _locks(rows: _Rows, problem: Problem, layout: _Layout) -> None:
    for lock in problem.locks:
        hit = (layout.day == lock.day) & (layout.slot == lock.slot) & (layout.row == lock.row)
        if lock.servings is not None:
            hit &= layout.servings == lock.servings
        members = list(np.flatnonzero(hit))
        rows.add(members, [1.0] * len(members), 1.0, 1.0)


def _composition(rows: _Rows, problem: Problem, layout: _Layout) -> None:
    """Each slot's components hold between min and max foods."""
    families = problem.pool["role"].to_numpy()[layout.row]
    for s, template in enumerate(problem.slots):
        in_slot = layout.slot == s
        for d in range(problem.days):
            here = np.flatnonzero(in_slot & (layout.day == d))
            for part in template.components:
                members = list(here[np.isin(families[here], part.families)])
                rows.add(members, [1.0] * len(members), part.min_items, part.max_items)


def _daily(
    rows: _Rows,
    problem: Problem,
    layout: _Layout,
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


def _aim_band(
    rows: _Rows, problem: Problem, layout: _Layout, kcal: np.ndarray, band: float
) -> None:
    """Keep each day's calories within ``band`` of the half-range around the middle."""
    mid = (problem.kcal_min + problem.kcal_max) / 2
    half = band * (problem.kcal_max - problem.kcal_min) / 2
    for d in range(problem.days):
        today = np.flatnonzero(layout.day == d)
        rows.add(list(today), list(kcal[today]), mid - half, mid + half)


def _variety(
    rows: _Rows,
    problem: Problem,
    layout: _Layout,
    cuts: Sequence[tuple[int, int, tuple[int, ...]]],
) -> None:
    """A food at most ``max_repeats`` times a week and once a day; cuts against twin days."""
    food = problem.pool["fdc_id"].to_numpy(int)[layout.row]
    eaten = dict(problem.eaten)
    for members in _groups(food.reshape(-1, 1)):
        left = max(problem.max_repeats - eaten.get(int(food[members[0]]), 0), 0)
        rows.add(list(members), [1.0] * len(members), 0, left)
    for members in _groups(np.stack([food, layout.day], axis=1)):
        if len(np.unique(layout.slot[members])) > 1:
            rows.add(list(members), [1.0] * len(members), 0, 1)
    for first, second, pattern in cuts:
        cols: list[int] = []
        for d in (first, second):
            for s, r in _pairs(pattern):
                hit = (layout.day == d) & (layout.slot == s) & (layout.row == r)
                cols += list(np.flatnonzero(hit))
        rows.add(cols, [1.0] * len(cols), 0, len(pattern) - 1)  # |P| pairs on two days
    for pattern in problem.avoid:  # an earlier day's pattern; this problem is one day
        cols = []
        for s, r in _pairs(pattern):
            cols += list(np.flatnonzero((layout.slot == s) & (layout.row == r)))
        rows.add(cols, [1.0] * len(cols), 0, len(pattern) // 2 - 1)


def _family_limits(rows: _Rows, problem: Problem, layout: _Layout) -> None:
    """At most N servings of a family in the week (e.g. leafy greens)."""
    families = problem.pool["family"].to_numpy()[layout.row]
    for family, limit in problem.family_limits:
        mine = np.flatnonzero(families == family)
        rows.add(list(mine), list(layout.servings[mine].astype(float)), 0, limit)


def _objective(problem: Problem, layout: _Layout, goal: Goal, n_vars: int, aim: int) -> np.ndarray:
    """Plan: prefer favourites, break ties by the seed. Other goals: the goal variable."""
    cost = np.zeros(n_vars)
    if goal == "feasible":
        return cost
    if goal != "plan":
        cost[aim] = 1.0 if goal == "min_max_kcal" else -1.0
        return cost
    rng = np.random.default_rng(problem.seed)
    keys = np.stack([layout.day, layout.slot, layout.row], axis=1)
    _, triple = np.unique(keys, axis=0, return_inverse=True)
    tie_break = rng.random(int(triple.max()) + 1)[triple.ravel()]
    preference = problem.pool["preference"].to_numpy(float)[layout.row]
    cost[: layout.n] = preference + TIE_BREAK_WEIGHT * tie_break
    return cost


def _solution(result: object, layout: _Layout, aim: int, goal: Goal) -> Solution:
    status = getattr(result, "status", 4)
    x = getattr(result, "x", None)
    if x is None:
        return Solution("infeasible" if status == 2 else "timeout")
    chosen = np.flatnonzero(np.rint(x[: layout.n]) > 0)
    choices = tuple(
        Choice(int(layout.day[i]), int(layout.slot[i]), int(layout.row[i]), int(layout.servings[i]))
        for i in chosen
    )
    value = float(x[aim]) if goal.startswith(("max", "min")) else None
    return Solution("optimal" if status == 0 else "feasible", choices, value)


def _pattern(choices: Iterable[Choice], day: int) -> tuple[int, ...]:
    """A day's (slot, row) pairs flattened, sorted, as a hashable signature."""
    pairs = sorted((c.slot, c.row) for c in choices if c.day == day)
    return tuple(v for pair in pairs for v in pair)


def _pairs(pattern: tuple[int, ...]) -> list[tuple[int, int]]:
    return list(zip(pattern[::2], pattern[1::2], strict=True))


def _identical_days(
    choices: tuple[Choice, ...], days: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    seen: dict[tuple[int, ...], int] = {}
    twins = []
    for d in range(days):
        pattern = _pattern(choices, d)
        if pattern in seen:
            twins.append((seen[pattern], d, pattern))
        else:
            seen[pattern] = d
    return twins
