"""The mixed-integer program on a tiny in-memory pool: constraints, cuts, diagnosis."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.plan import model as menu_model
from magfood.plan.constraints import layout_of
from magfood.plan.diagnosis import diagnose
from magfood.plan.model import solve
from magfood.plan.problem import Lock, Problem, Solution
from magfood.plan.slots import Component, SlotTemplate

#: (fdc_id, role, family, magnesium_mg, kcal) per base serving.
_FOODS = [
    (1, "grain", "whole grains", 60, 200),
    (2, "grain", "whole grains", 40, 180),
    (3, "grain", "whole grains", 80, 220),
    (4, "bean", "legumes", 70, 120),
    (5, "bean", "legumes", 50, 130),
    (6, "bean", "legumes", 90, 150),
    (7, "green", "leafy greens", 80, 25),
    (8, "green", "leafy greens", 30, 20),
    (9, "veg", "vegetables", 20, 30),
    (10, "veg", "vegetables", 25, 35),
]
MEAL = SlotTemplate(
    "meal",
    (
        Component("grain", ("grain",), 1, 1),
        Component("protein", ("bean",), 1, 1),
        Component("vegetable", ("green", "veg"), 1, 2),
    ),
    kcal_share=0.6,
)


def _pool() -> pd.DataFrame:
    frame = pd.DataFrame(_FOODS, columns=["fdc_id", "role", "family", "magnesium_mg", "kcal"])
    return frame.assign(min_servings=1, max_servings=2, preference=1.0)


def _problem(**changes: object) -> Problem:
    base = Problem(
        pool=_pool(),
        slots=(MEAL, MEAL),
        days=3,
        target_mg=300,
        kcal_min=700,
        kcal_max=1100,
        max_repeats=2,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _totals(problem: Problem, choices: tuple) -> tuple[dict[int, float], dict[int, float]]:  # type: ignore[type-arg]
    mg: Counter[int] = Counter()
    kcal: Counter[int] = Counter()
    for c in choices:
        mg[c.day] += problem.pool.iloc[c.row]["magnesium_mg"] * c.servings
        kcal[c.day] += problem.pool.iloc[c.row]["kcal"] * c.servings
    return dict(mg), dict(kcal)


def test_every_day_meets_target_and_calories() -> None:
    problem = _problem()
    solution = solve(problem)
    assert solution.status == "optimal"
    mg, kcal = _totals(problem, solution.choices)
    assert sorted(mg) == [0, 1, 2]
    assert all(v >= 300 for v in mg.values())
    assert all(700 <= v <= 1100 for v in kcal.values())


def test_slot_composition_and_variety_hold() -> None:
    problem = _problem()
    choices = solve(problem).choices
    roles = problem.pool["role"].to_numpy()
    for day in range(3):
        for slot in range(2):
            here = [roles[c.row] for c in choices if c.day == day and c.slot == slot]
            assert here.count("grain") == 1 and here.count("bean") == 1
            assert 1 <= here.count("green") + here.count("veg") <= 2
    uses = Counter(problem.pool.iloc[c.row]["fdc_id"] for c in choices)
    assert max(uses.values()) <= 2
    days = [sorted((c.slot, c.row) for c in choices if c.day == d) for d in range(3)]
    assert len({tuple(d) for d in days}) == 3


def test_whole_week_solve_cuts_identical_days() -> None:
    problem = _problem(max_repeats=6, days=2)
    choices = solve(problem, drop=()).choices
    days = [sorted((c.slot, c.row) for c in choices if c.day == d) for d in range(2)]
    assert days[0] != days[1]


def test_lock_is_kept_with_its_servings() -> None:
    problem = _problem(locks=(Lock(day=1, slot=0, row=4, servings=2),))
    choices = solve(problem).choices
    assert any(c.day == 1 and c.slot == 0 and c.row == 4 and c.servings == 2 for c in choices)


def test_family_limit_caps_weekly_servings() -> None:
    problem = _problem(family_limits=(("leafy greens", 1),), target_mg=250)
    choices = solve(problem).choices
    greens = [c for c in choices if problem.pool.iloc[c.row]["family"] == "leafy greens"]
    assert sum(c.servings for c in greens) <= 1


def test_same_seed_same_plan() -> None:
    assert solve(_problem(seed=3)).choices == solve(_problem(seed=3)).choices


@pytest.mark.parametrize(
    ("changes", "blocking"),
    [
        ({"kcal_min": 100, "kcal_max": 150}, ("calorie maximum",)),
        ({"target_mg": 800, "max_repeats": 3}, ("magnesium", "calorie maximum", "variety")),
        ({"kcal_min": 3000, "kcal_max": 3200}, ("calorie minimum",)),
        ({"max_repeats": 1, "days": 4, "target_mg": 100}, ("variety",)),
    ],
)
def test_diagnosis_names_the_blocking_groups(changes: dict, blocking: tuple) -> None:  # type: ignore[type-arg]
    problem = _problem(**changes)
    assert solve(problem).status == "infeasible"
    assert diagnose(problem).blocking == blocking


def test_a_first_day_with_no_plan_ends_the_search(monkeypatch: pytest.MonkeyPatch) -> None:
    days_solved: list[int] = []
    real = menu_model._solve_week

    def counted(problem: Problem, dropped: frozenset[str], goal: str) -> Solution:
        days_solved.append(problem.days)
        return real(problem, dropped, goal)  # type: ignore[arg-type]

    monkeypatch.setattr(menu_model, "_solve_week", counted)
    assert solve(_problem(target_mg=5000)).status == "infeasible"
    assert days_solved == [1]  # the first day alone, never the whole week


def test_diagnosis_refutes_groups_on_the_first_day(monkeypatch: pytest.MonkeyPatch) -> None:
    whole_weeks: list[tuple[str, ...]] = []
    real = menu_model.solve

    def counted(problem: Problem, drop: tuple[str, ...] = (), goal: str = "plan") -> object:
        if problem.days > 1:
            whole_weeks.append(tuple(drop))
        return real(problem, drop, goal)  # type: ignore[arg-type]

    monkeypatch.setattr(menu_model, "solve", counted)
    assert diagnose(_problem(kcal_min=100, kcal_max=150)).blocking == ("calorie maximum",)
    assert whole_weeks == [("calorie maximum",)]


def test_diagnosis_finds_the_fewest_repeats_that_fit() -> None:
    found = diagnose(_problem(max_repeats=1, days=4, target_mg=100))
    assert found.blocking == ("variety",)
    assert found.least_repeats == 3  # 8 grain servings from 3 grains
    assert solve(_problem(max_repeats=3, days=4, target_mg=100)).found
    assert not solve(_problem(max_repeats=2, days=4, target_mg=100)).found


def test_diagnosis_measures_how_far_to_relax() -> None:
    found = diagnose(_problem(target_mg=800, max_repeats=3))
    assert found.best_mg == pytest.approx(700)
    assert found.least_kcal_max is not None and found.least_kcal_max > 1100


@settings(max_examples=8, deadline=None)
@given(
    target=st.integers(100, 420),
    low=st.integers(500, 900),
    width=st.integers(100, 500),
    seed=st.integers(0, 10_000),
)
def test_found_plans_always_hold_the_daily_bounds(
    target: int, low: int, width: int, seed: int
) -> None:
    problem = _problem(target_mg=target, kcal_min=low, kcal_max=low + width, seed=seed)
    solution = solve(problem)
    if not solution.found:
        assert diagnose(problem).blocking
        return
    mg, kcal = _totals(problem, solution.choices)
    assert all(v >= target - 1e-6 for v in mg.values())
    assert all(low - 1e-6 <= v <= low + width + 1e-6 for v in kcal.values())


@pytest.mark.parametrize(("repeats", "fits"), [(1, False), (2, False), (3, True)])
def test_linear_relaxation_refutes_too_few_grains(repeats: int, fits: bool) -> None:
    problem = _problem(max_repeats=repeats, days=4, target_mg=100)  # 8 grain servings, 3 grains
    layout = layout_of(problem)
    assert menu_model._relaxation_fits(problem, layout, frozenset()) is fits


def test_a_slot_item_cap_leaves_out_bigger_servings() -> None:
    capped = replace(MEAL, max_item_kcal=220)  # one grain serving at most, not two
    problem = _problem(slots=(MEAL, capped))
    layout = layout_of(problem)
    kcal = problem.pool["kcal"].to_numpy(float)[layout.row] * layout.servings
    assert kcal[layout.slot == 1].max() <= 220 < kcal[layout.slot == 0].max()
    solution = solve(replace(problem, kcal_max=1400, target_mg=200))
    assert solution.found
    pool = problem.pool
    second = [pool.iloc[c.row]["kcal"] * c.servings for c in solution.choices if c.slot == 1]
    assert second and max(second) <= 220
