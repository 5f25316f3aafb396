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
from dataclasses import replace
from typing import Literal

import numpy as np

from magfood.plan import constraints as rows_of
from magfood.plan.problem import (
    Choice,
    Goal,
    Group,
    Problem,
    Solution,
)

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
        patterns.append(rows_of.pattern(solution.choices, 0))
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
    layout = rows_of.layout_of(problem)
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
    problem: Problem, layout: rows_of.Layout, dropped: frozenset[Group], deadline: float
) -> bool:
    """Whether the linear relaxation (fractional servings) has a week: a quick proof that
    no week fits when, say, a few foods cannot fill 21 grain servings at 3 each."""
    relaxed = _solve_once(problem, layout, dropped, "feasible", (), None, deadline, False)
    return relaxed.status != "infeasible"


def _solve_with_cuts(
    problem: Problem,
    layout: rows_of.Layout,
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
    layout: rows_of.Layout,
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
    rows = rows_of.Rows()
    lower, upper = np.zeros(n_vars), np.concatenate([np.ones(n), [np.inf]])
    rows_of.one_portion_size(rows, layout)
    if "locked items" not in dropped:
        rows_of.locks(rows, problem, layout)
    if "meal composition" not in dropped:
        rows_of.composition(rows, problem, layout)
    rows_of.daily(rows, problem, layout, dropped, goal, mg, kcal, aim)
    if band is not None:
        rows_of.aim_band(rows, problem, layout, kcal, band)
    if "variety" not in dropped:
        rows_of.variety(rows, problem, layout, cuts)
    if "family limits" not in dropped:
        rows_of.family_limits(rows, problem, layout)
    cost = _objective(problem, layout, goal, n_vars, aim)
    integrality = np.concatenate([np.full(n, float(integral)), [0.0]])
    from scipy.optimize import Bounds, milp  # SciPy loads only when a plan is solved

    result = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        constraints=rows.constraint(n_vars),
        options=_options(problem, deadline),
    )
    return _solution(result, layout, aim, goal)


def _options(problem: Problem, deadline: float) -> dict[str, float | int]:
    options: dict[str, float | int] = {
        "time_limit": max(_left(deadline), MIN_SOLVE_S),
        "mip_rel_gap": MIP_GAP,
    }
    if problem.node_limit is not None:
        options["node_limit"] = problem.node_limit
    return options


def _objective(
    problem: Problem, layout: rows_of.Layout, goal: Goal, n_vars: int, aim: int
) -> np.ndarray:
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


def _solution(result: object, layout: rows_of.Layout, aim: int, goal: Goal) -> Solution:
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


def _identical_days(
    choices: tuple[Choice, ...], days: int
) -> list[tuple[int, int, tuple[int, ...]]]:
    seen: dict[tuple[int, ...], int] = {}
    twins = []
    for d in range(days):
        pattern = rows_of.pattern(choices, d)
        if pattern in seen:
            twins.append((seen[pattern], d, pattern))
        else:
            seen[pattern] = d
    return twins
