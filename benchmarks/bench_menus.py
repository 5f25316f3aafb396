"""How long a 7-day menu plan takes on the shipped food table (target: under 5 s).

Run: python benchmarks/bench_menus.py [--repeats N]
Prints the cold time (first plan: food families, roles and servings computed once per
table), warm times per request with the solver status and day totals (an infeasible
request's time includes its explanation; aim: under 3 s), and the time of a swap, a
lock-and-re-plan and a saved-plan round trip on the first week.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

from magfood import (
    FoodTable,
    Infeasible,
    PlanRequest,
    WeekPlan,
    load_table,
    lock_item,
    plan_from_record,
    plan_record,
    plan_week,
    swap_item,
)

REQUESTS = {
    "female 34, 1800-2200 kcal, omnivore": PlanRequest(320, 1800, 2200),
    "male 40, 2200-2600 kcal, 2 snacks": PlanRequest(420, 2200, 2600, snacks=2),
    "vegetarian, no nuts": PlanRequest(320, 1800, 2200, diet="vegetarian", exclude=("nuts",)),
    "vegan, no soy, max 2 repeats": PlanRequest(
        420, 1800, 2200, diet="vegan", exclude=("soy",), max_repeats=2
    ),
    "no food twice (max_repeats=1)": PlanRequest(320, 1800, 2200, max_repeats=1),
    "gluten-free, 6 repeats": PlanRequest(320, 1800, 2200, exclude=("gluten",), max_repeats=6),
    "gluten-free, default settings": PlanRequest(320, 1800, 2200, exclude=("gluten",)),
    "gluten-free vegan, 420 mg": PlanRequest(420, 1800, 2200, diet="vegan", exclude=("gluten",)),
    "infeasible: 420 mg in 100 kcal": PlanRequest(420, 100, 100),
    "infeasible: 1000 mg in 1000-1000 kcal": PlanRequest(1000, 1000, 1000),
    "infeasible: 1000 mg in 800-1000 kcal": PlanRequest(1000, 800, 1000),
    "infeasible: vegan no nuts/soy, no greens": PlanRequest(
        1400,
        1200,
        1400,
        diet="vegan",
        exclude=("nuts", "soy"),
        family_limits=(("leafy greens", 0),),
    ),
    "infeasible: vegan no soy/gluten, 1 repeat": PlanRequest(
        320, 1800, 2200, diet="vegan", exclude=("soy", "gluten"), max_repeats=1
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="seeds per request")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}")
    table = load_table()
    start = time.perf_counter()
    week = plan_week(table, PlanRequest(320, 1800, 2200, seed=99))
    print(f"cold first 7-day plan (includes per-table caches): {time.perf_counter() - start:.2f} s")
    assert isinstance(week, WeekPlan)
    _edits(table, week)
    for name, request in REQUESTS.items():
        times, status = [], ""
        for seed in range(args.repeats):
            start = time.perf_counter()
            plan = plan_week(table, PlanRequest(**{**request.__dict__, "seed": seed}))
            times.append(time.perf_counter() - start)
            if isinstance(plan, Infeasible):
                status = "infeasible: " + ", ".join(plan.blocking)
            else:
                status = (
                    f"{plan.status}; mg/day {plan.summary.min_magnesium_mg:.0f}-"
                    f"{max(d.magnesium_mg for d in plan.days):.0f}, kcal/day "
                    f"{plan.summary.min_kcal:.0f}-{plan.summary.max_kcal:.0f}, "
                    f"{plan.summary.distinct_foods} foods"
                )
        print(
            f"{name:42s} median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"({args.repeats} seeds) — {status}"
        )


def _edits(table: FoodTable, week: WeekPlan) -> None:
    dinner = week.days[2].meals[-1]
    for name, action in (
        ("swap one item", lambda: swap_item(table, week, 3, dinner.meal, dinner.items[-1].fdc_id)),
        (
            "lock one item, re-plan",
            lambda: lock_item(table, week, 3, dinner.meal, dinner.items[0].fdc_id),
        ),
        ("saved-plan record round trip", lambda: plan_from_record(plan_record(week))),
    ):
        start = time.perf_counter()
        action()
        print(f"{name:42s} {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
