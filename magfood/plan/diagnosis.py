"""Why no week fits a plan request, in words: which constraints block it and what to relax.

``week.plan_week`` hands a request it cannot plan to :func:`explain` (after the solver
gives up) or :func:`no_foods_for` (when the diet and exclusions leave a meal component
without foods). :func:`diagnose` finds the constraint groups of ``model`` that block
on their own and how far to relax them; :func:`explain` turns that into advice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from magfood.plan import model
from magfood.plan.problem import GROUPS, Goal, Group, Problem, Solution
from magfood.plan.request import PlanRequest
from magfood.plan.result import Infeasible


def no_foods_for(request: PlanRequest, empty: list[str]) -> Infeasible:
    """The diet and exclusions leave no food for the named meal components."""
    return Infeasible(
        request,
        f"With {_rules(request)}, no foods are left for " + "; ".join(empty) + ".",
        ("diet and exclusions",),
        ("Allow more foods: drop an exclusion or choose a broader diet.",),
    )


def explain(request: PlanRequest, problem: Problem, status: str) -> Infeasible:
    """Why the solver found no week: ``status`` "infeasible" (none exists) or "stopped"
    (none found within the search's node limit)."""
    found = diagnose(problem)
    if status == "infeasible":
        head = f"No week meets {_asked(request)} with {_rules(request)}."
    else:
        head = (
            f"No week that meets {_asked(request)} with {_rules(request)} was found "
            "(the search is of a fixed size, so a longer wait would not find one)."
        )
    narrow = _narrow_range(request)
    advice = [_advice(request, group, found) for group in found.blocking]
    if advice:
        text = (
            f"{head} What blocks it: {', '.join(found.blocking)}. Relaxing any one of these "
            "is enough."
        )
        return Infeasible(request, text, found.blocking, (*advice, *narrow))
    if status == "infeasible":
        text = f"{head} Relaxing any one rule alone does not help."
        several = "Relax several rules at once: a lower target, a wider calorie range, fewer "
        return Infeasible(request, text, (), (*narrow, several + "exclusions."))
    return Infeasible(
        request,
        head,
        ("search limit",),
        (*narrow, "Try a lower target, a wider calorie range or fewer locked foods and limits."),
    )


def _asked(request: PlanRequest) -> str:
    return f"{request.target_mg:g} mg a day within {request.kcal_min:g}-{request.kcal_max:g} kcal"


#: A calorie range narrower than this share of its maximum seldom fits household portions
#: every day (a 1000-1000 kcal day needs servings that add up to exactly 1000 kcal); the
#: advice is a range of ``WIDE_RANGE`` (950-1050 kcal plans 1000 mg a day).
NARROW_RANGE = 0.05
WIDE_RANGE = 0.1


def _narrow_range(request: PlanRequest) -> tuple[str, ...]:
    """Advice to widen a calorie range narrower than ``NARROW_RANGE`` of its maximum."""
    if request.kcal_max - request.kcal_min >= NARROW_RANGE * request.kcal_max:
        return ()
    middle, half = (request.kcal_min + request.kcal_max) / 2, WIDE_RANGE * request.kcal_max / 2
    return (
        f"Widen the calorie range to about {middle - half:.0f}-{middle + half:.0f} kcal: "
        "household portions seldom add up to a narrower window every day.",
    )


def _rules(request: PlanRequest) -> str:
    article = "an" if request.diet[0] in "aeiou" else "a"
    parts = [f"{article} {request.diet} diet"]
    if request.exclude:
        parts.append("without " + ", ".join(request.exclude))
    return " ".join(parts)


def _advice(request: PlanRequest, group: str, found: Diagnosis) -> str:
    """What to relax; with a figure when the one-day measure gives one beyond the request
    (when one day could meet the request, the week's variety is what blocks)."""
    if group == "magnesium" and found.best_mg is not None and found.best_mg < request.target_mg:
        return (
            f"Lower the target to {int(found.best_mg):d} mg: the most these foods give every "
            f"day within {request.kcal_max:g} kcal."
        )
    least, most = found.least_kcal_max, found.most_kcal_min
    if group == "calorie maximum" and least is not None and least > request.kcal_max:
        return f"Raise the calorie maximum to about {int(least) + 1:d} kcal."
    if group == "variety" and found.least_repeats is not None:
        return f"Allow a food up to {found.least_repeats} times a week."
    if group == "calorie minimum" and most is not None and most < request.kcal_min:
        return f"Lower the calorie minimum to about {int(most):d} kcal."
    return {
        "magnesium": "Lower the magnesium target.",
        "calorie maximum": "Raise the calorie maximum.",
        "calorie minimum": "Lower the calorie minimum.",
        "meal composition": "Allow more foods (fewer exclusions) so each meal can be built.",
        "variety": f"Allow foods more than {request.max_repeats} times a week.",
        "family limits": "Raise the weekly limits on "
        + ", ".join(f"{family} ({limit})" for family, limit in request.family_limits)
        + ".",
        "locked items": "Unlock some of the locked foods.",
    }[group]


# --- finding the blocking constraint groups ----------------------------------------------


@dataclass(frozen=True)
class Diagnosis:
    """Why no week fits: the constraint groups that block it on their own (dropping any
    one of them makes a week possible) and, where they block, how far to relax them."""

    blocking: tuple[Group, ...]
    best_mg: float | None = None
    least_kcal_max: float | None = None
    most_kcal_min: float | None = None
    least_repeats: int | None = None


#: What to compute when a group blocks: the goal that measures how far to relax it.
_MEASURES: dict[Group, tuple[Goal, str]] = {
    "magnesium": ("max_min_mg", "best_mg"),
    "calorie maximum": ("min_max_kcal", "least_kcal_max"),
    "calorie minimum": ("max_min_kcal", "most_kcal_min"),
}


#: Every check is bounded by branch-and-bound nodes, never by wall time (on a busy machine a
#: 0.2 s cap made a group that is enough, a leafy-greens cap, look as if it were not, so
#: the same request got another explanation): a one-day check by ``DAY_CHECK_NODES``, a
#: week's by ``WEEK_CHECK_NODES``. A check that reaches its limit without a week counts as
#: "does not help": an explanation only names groups shown to be enough. One-day checks
#: that find a day take a node or two; the limit ends the hopeless ones.
DAY_CHECK_NODES = 30
WEEK_CHECK_NODES = 200


def _check(problem: Problem, drop: tuple[Group, ...] = (), goal: Goal = "feasible") -> Solution:
    nodes = DAY_CHECK_NODES if problem.days == 1 else WEEK_CHECK_NODES
    return model.solve(replace(problem, node_limit=nodes), drop=drop, goal=goal)


def diagnose(problem: Problem) -> Diagnosis:
    """Drop each constraint group in turn: first on the first day alone (a group whose
    dropping leaves no first day cannot be enough, refuted in milliseconds), then on the
    whole week. Measure the relaxation the blocking ones need on one day (a day's magnesium
    and calories do not depend on the rest of the week except through variety, so this is
    a close and quick estimate)."""
    one_day = replace(problem, days=1, locks=tuple(lock for lock in problem.locks if lock.day == 0))
    present = [g for g in GROUPS if _applies(problem, g)]
    survivors = [g for g in present if _check(one_day, (g,)).found]
    blocking = tuple(g for g in survivors if problem.days == 1 or _check(problem, (g,)).found)
    figures: dict[str, float | None] = {}
    for group, (goal, name) in _MEASURES.items():
        if group in blocking:
            figures[name] = _check(one_day, (group,), goal).value
    repeats = _least_repeats(problem) if "variety" in blocking else None
    return Diagnosis(blocking, **figures, least_repeats=repeats)


def _least_repeats(problem: Problem) -> int | None:
    """The fewest weekly repeats per food that let a week fit (a food is eaten at most
    once a day, so more than ``days`` never helps), by bisection; None if none does (or
    none was shown to within the node limit)."""

    def fits(repeats: int) -> bool:
        return _check(replace(problem, max_repeats=repeats)).found

    low, high = problem.max_repeats + 1, problem.days
    if low > high or not fits(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return high


def _applies(problem: Problem, group: Group) -> bool:
    if group == "locked items":
        return bool(problem.locks)
    if group == "family limits":
        return bool(problem.family_limits)
    return True
