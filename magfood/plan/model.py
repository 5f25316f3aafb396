"""The weekly menu as a mixed-integer program, solved with SciPy's ``milp`` (HiGHS).

For every day, meal slot and candidate food there are two variables: ``servings``
(an integer multiple of the food's base household portion) and ``used`` (0 or 1).
Constraints come in named groups so an infeasible request can be diagnosed by dropping
one group at a time (``diagnosis``). Calories are first held in a band around the
middle of the range (falling back to the full range). Every objective term is
non-negative, so HiGHS's relative gap criterion usually stops the search at the root.
Every program is bounded by branch-and-bound nodes (``Problem.node_limit``) and a fixed
set of HiGHS heuristics, never by wall time: the same request gives the same week, or the
same explanation, on a fast machine and on a busy one.
"""

from __future__ import annotations

import warnings
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
#: One day's program gets at most this many branch-and-bound nodes (a day that needs more
#: has a calorie window too narrow for household portions; its best plan so far is kept).
#: A feasible day takes a node or two.
DAY_NODES = 30
#: HiGHS options beyond SciPy's own (SciPy passes them on verbatim, with a RuntimeWarning)
#: for one-day programs: the heuristics that run sub-MIPs or local search at the root
#: (RINS, RENS, feasibility jump, root reduced-cost fixing) are off. A day that has a plan
#: finds it at the root without them, and on a day with none (1000 mg in 1000-1000 kcal)
#: they took most of the time the node limit allows. Whole-week programs keep them: the
#: week with no food twice is found at the root with them and after 300 nodes without.
DAY_HIGHS_OPTIONS: dict[str, bool | float | int] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_root_reduced_cost": False,
}


def solve(problem: Problem, drop: Iterable[Group] = (), goal: Goal = "plan") -> Solution:
    """Solve the week without the dropped constraint groups.

    A plan is first built one day at a time (small programs of at most ``DAY_NODES``
    nodes each), each day respecting what earlier days used; if that gets stuck, the
    whole week is solved at once, with cuts until no two days are the same foods in the
    same slots, unless its linear relaxation already shows no week fits. Each program
    stops after ``problem.node_limit`` nodes, so the answer does not depend on the clock.
    """
    dropped = frozenset(drop)
    if goal == "plan" and problem.days > 1:
        daily = _solve_day_by_day(problem, dropped)
        if daily is not None:
            return daily
    return _solve_week(problem, dropped, goal)


def _solve_day_by_day(problem: Problem, dropped: frozenset[Group]) -> Solution | None:
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
        today = replace(
            problem,
            days=1,
            locks=tuple(replace(lock, day=0) for lock in problem.locks if lock.day == d),
            family_limits=tuple(
                (family, max(limit - family_use[family], 0))
                for family, limit in problem.family_limits
            ),
            seed=problem.seed * 1_000 + d,
            node_limit=min(DAY_NODES, problem.node_limit),
            eaten=tuple(eaten.items()),
            avoid=tuple(patterns),
        )
        solution = _solve_week(today, dropped, "plan")
        if not solution.found:
            return Solution("infeasible") if d == 0 and solution.status == "infeasible" else None
        status = "feasible" if solution.status == "feasible" else status
        patterns.append(rows_of.pattern(solution.choices, 0))
        for choice in solution.choices:
            eaten[int(fdc_ids[choice.row])] += 1
            family_use[str(families[choice.row])] += choice.servings
            choices.append(replace(choice, day=d))
    return Solution(status, tuple(choices))


def _solve_week(problem: Problem, dropped: frozenset[Group], goal: Goal) -> Solution:
    """Solve ``problem`` as one program (each solve within ``problem.node_limit`` nodes)."""
    layout = rows_of.layout_of(problem)
    if goal == "plan" and problem.days > 1 and not _relaxation_fits(problem, layout, dropped):
        return Solution("infeasible")
    if goal == "plan":
        aimed = _solve_with_cuts(problem, layout, dropped, goal, AIM_BAND)
        if aimed.found:
            return aimed
    return _solve_with_cuts(problem, layout, dropped, goal, None)


def _relaxation_fits(problem: Problem, layout: rows_of.Layout, dropped: frozenset[Group]) -> bool:
    """Whether the linear relaxation (fractional servings) has a week: a quick proof that
    no week fits when, say, a few foods cannot fill 21 grain servings at 3 each."""
    relaxed = _solve_once(problem, layout, dropped, "feasible", (), None, False)
    return relaxed.status != "infeasible"


def _solve_with_cuts(
    problem: Problem,
    layout: rows_of.Layout,
    dropped: frozenset[Group],
    goal: Goal,
    band: float | None,
) -> Solution:
    cuts: list[tuple[int, int, tuple[int, ...]]] = []
    best = Solution("stopped")
    for _ in range(_MAX_CUT_ROUNDS):
        best = _solve_once(problem, layout, dropped, goal, cuts, band)
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

    options = {"node_limit": problem.node_limit, "mip_rel_gap": MIP_GAP}
    if problem.days == 1:
        options.update(DAY_HIGHS_OPTIONS)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unrecognized options detected", RuntimeWarning)
        result = milp(
            cost,
            integrality=integrality,
            bounds=Bounds(lower, upper),
            constraints=rows.constraint(n_vars),
            options=options,
        )
    return _solution(result, layout, aim, goal)


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
        return Solution("infeasible" if status == 2 else "stopped")
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
