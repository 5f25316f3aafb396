"""The planner's answer does not depend on machine speed (#13.9): every solver budget is
branch-and-bound nodes, so a clock that runs a thousand times too fast changes nothing."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import pytest
import scipy.optimize

from magfood.plan import Infeasible, PlanRequest, WeekPlan, plan_from_record, plan_record, plan_week
from magfood.plan.diagnosis import explain
from magfood.table import FoodTable

FEASIBLE = PlanRequest(target_mg=320, kcal_min=1800, kcal_max=2200)
#: Explained by a leafy-greens cap that a 0.2 s check missed on a busy machine.
BLOCKED = PlanRequest(
    target_mg=1250,
    kcal_min=1200,
    kcal_max=1400,
    diet="vegan",
    exclude=("nuts", "soy"),
    family_limits=(("leafy greens", 0),),
    days=1,
)


def _slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading of the clock is 1,000 s after the one before."""
    ticks = itertools.count(step=1_000.0)
    for name in ("perf_counter", "monotonic", "time"):
        monkeypatch.setattr(time, name, lambda: float(next(ticks)))


@pytest.mark.parametrize("request_", [FEASIBLE, BLOCKED], ids=["feasible", "blocked"])
def test_a_slow_clock_gives_the_same_answer(
    table: FoodTable, monkeypatch: pytest.MonkeyPatch, request_: PlanRequest
) -> None:
    normal = plan_week(table, request_)
    _slow_clock(monkeypatch)
    assert time.perf_counter() + 1 < time.perf_counter()  # the clock does jump
    slow = plan_week(table, request_)
    assert slow == normal
    if isinstance(normal, WeekPlan):
        assert all(day.magnesium_mg >= 320 for day in normal.days)
    else:
        assert {"magnesium", "family limits"} <= set(normal.blocking)


def test_the_solver_is_given_nodes_never_seconds(
    table: FoodTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []
    real = scipy.optimize.milp

    def recorded(*args: Any, **kwargs: Any) -> Any:
        seen.append(dict(kwargs["options"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", recorded)
    assert isinstance(plan_week(table, BLOCKED), Infeasible)
    assert isinstance(plan_week(table, FEASIBLE), WeekPlan)
    assert len(seen) >= 10  # the explanation's programs (a week of dishes needs none)
    assert all("time_limit" not in options for options in seen)
    assert all(0 < options["node_limit"] <= 500 for options in seen)


def test_a_saved_plan_with_the_old_time_limit_still_loads(table: FoodTable) -> None:
    plan = plan_week(table, FEASIBLE)
    assert isinstance(plan, WeekPlan)
    record = json.loads(json.dumps(plan_record(plan)))
    assert "time_limit_s" not in record["request"]
    record["request"]["time_limit_s"] = 2.0  # as plans saved before the node limits held it
    assert plan_from_record(record) == plan


def test_a_stopped_search_names_no_seconds(table: FoodTable) -> None:
    from magfood.plan.week import _pool, _problem

    problem = _problem(_pool(table, BLOCKED), BLOCKED)
    result = explain(BLOCKED, problem, "stopped")
    assert " s." not in result.explanation and "within 2" not in result.explanation
    assert "was found (the search is of a fixed size" in result.explanation
