"""Why no week fits a plan request, in words: which constraints block it and what to relax.

``menus.plan_week`` hands a request it cannot plan to :func:`explain` (after the solver
gives up) or :func:`no_foods_for` (when the diet and exclusions leave a meal component
without foods). :func:`diagnose` finds the constraint groups of ``menu_model`` that block
on their own and how far to relax them; :func:`explain` turns that into advice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from magfood import menu_model
from magfood.menu_model import GROUPS, Goal, Group, Problem

if TYPE_CHECKING:
    from magfood.menus import PlanRequest


@dataclass(frozen=True)
class Infeasible:
    """No week fits the request: which constraints block it and what to relax."""

    request: PlanRequest
    explanation: str
    blocking: tuple[str, ...]
    suggestions: tuple[str, ...]


def no_foods_for(request: PlanRequest, empty: list[str]) -> Infeasible:
    """The diet and exclusions leave no food for the named meal components."""
    return Infeasible(
        request,
        f"With {_rules(request)}, no foods are left for " + "; ".join(empty) + ".",
        ("diet and exclusions",),
        ("Allow more foods: drop an exclusion or choose a broader diet.",),
    )


def explain(request: PlanRequest, problem: Problem, status: str) -> Infeasible:
    """Why the solver found no week (``status`` "infeasible" or "timeout")."""
    if status == "timeout":
        return Infeasible(
            request,
            f"No week was found within {request.time_limit_s:g} s.",
            ("time limit",),
            ("Try again with a longer time limit or fewer locked foods and limits.",),
        )
    found = diagnose(problem)
    return _from_diagnosis(request, found)


def _from_diagnosis(request: PlanRequest, found: Diagnosis) -> Infeasible:
    advice = [_advice(request, group, found) for group in found.blocking]
    if not advice:
        text = (
            f"No week meets {request.target_mg:g} mg a day within "
            f"{request.kcal_min:g}-{request.kcal_max:g} kcal with {_rules(request)}, and "
            "relaxing any one rule alone does not help."
        )
        return Infeasible(
            request,
            text,
            (),
            (
                "Relax several rules at once: a lower target, a wider calorie range, "
                "fewer exclusions.",
            ),
        )
    text = (
        f"No week meets {request.target_mg:g} mg a day within "
        f"{request.kcal_min:g}-{request.kcal_max:g} kcal with {_rules(request)}. "
        f"What blocks it: {', '.join(found.blocking)}. Relaxing any one of these is enough."
    )
    return Infeasible(request, text, found.blocking, tuple(advice))


def _rules(request: PlanRequest) -> str:
    article = "an" if request.diet[0] in "aeiou" else "a"
    parts = [f"{article} {request.diet} diet"]
    if request.exclude:
        parts.append("without " + ", ".join(request.exclude))
    return " ".join(parts)


def _advice(request: PlanRequest, group: str, found: Diagnosis) -> str:
    if group == "magnesium" and found.best_mg is not None:
        return (
            f"Lower the target to {int(found.best_mg):d} mg: the most these foods give every "
            f"day within {request.kcal_max:g} kcal."
        )
    if group == "calorie maximum" and found.least_kcal_max is not None:
        return f"Raise the calorie maximum to about {int(found.least_kcal_max) + 1:d} kcal."
    if group == "variety" and found.least_repeats is not None:
        return f"Allow a food up to {found.least_repeats} times a week."
    if group == "calorie minimum" and found.most_kcal_min is not None:
        return f"Lower the calorie minimum to about {int(found.most_kcal_min):d} kcal."
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


def diagnose(problem: Problem, time_limit_s: float = 1.5) -> Diagnosis:
    """Drop each constraint group in turn; measure the relaxation the blocking ones need
    on one day (a day's magnesium and calories do not depend on the rest of the week
    except through variety, so this is a close and quick estimate)."""
    quick = replace(problem, time_limit_s=time_limit_s)
    one_day = replace(quick, days=1, locks=tuple(lock for lock in problem.locks if lock.day == 0))
    present = [g for g in GROUPS if _applies(problem, g)]
    blocking = tuple(g for g in present if _fits_without(quick, one_day, g))
    figures: dict[str, float | None] = {}
    for group, (goal, name) in _MEASURES.items():
        if group in blocking:
            figures[name] = menu_model.solve(one_day, drop=(group,), goal=goal).value
    repeats = _least_repeats(quick) if "variety" in blocking else None
    return Diagnosis(blocking, **figures, least_repeats=repeats)


def _least_repeats(problem: Problem) -> int | None:
    """The fewest weekly repeats per food that let a week fit (a food is eaten at most
    once a day, so more than ``days`` never helps), by bisection; None if none does."""
    low, high = problem.max_repeats + 1, problem.days
    if (
        low > high
        or not menu_model.solve(replace(problem, max_repeats=high), goal="feasible").found
    ):
        return None
    while low < high:
        middle = (low + high) // 2
        if menu_model.solve(replace(problem, max_repeats=middle), goal="feasible").found:
            high = middle
        else:
            low = middle + 1
    return high


def _fits_without(problem: Problem, first_day: Problem, group: Group) -> bool:
    """Whether a week fits once ``group`` is dropped; the first day alone must fit, which
    refutes most groups in a fraction of the time the whole week takes."""
    if not menu_model.solve(first_day, drop=(group,), goal="feasible").found:
        return False
    return problem.days == 1 or menu_model.solve(problem, drop=(group,), goal="feasible").found


def _applies(problem: Problem, group: Group) -> bool:
    if group == "locked items":
        return bool(problem.locks)
    if group == "family limits":
        return bool(problem.family_limits)
    return True
