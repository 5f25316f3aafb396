"""How long a 7-day menu plan takes on the shipped food table (target: under 5 s).

Run: python benchmarks/bench_menus.py [--repeats N]
Prints the cold time (first plan: food families, roles and servings computed once per
table) and then warm times per request, with the solver status and day totals.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings

from magfood.foods import load_table
from magfood.menus import Infeasible, PlanRequest, plan_week

REQUESTS = {
    "female 34, 1800-2200 kcal, omnivore": PlanRequest(320, 1800, 2200),
    "male 40, 2200-2600 kcal, 2 snacks": PlanRequest(420, 2200, 2600, snacks=2),
    "vegetarian, no nuts": PlanRequest(320, 1800, 2200, diet="vegetarian", exclude=("nuts",)),
    "vegan, no soy, max 2 repeats": PlanRequest(
        420, 1800, 2200, diet="vegan", exclude=("soy",), max_repeats=2
    ),
    "infeasible: 420 mg in 100 kcal": PlanRequest(420, 100, 100),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="seeds per request")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}")
    table = load_table()
    start = time.perf_counter()
    plan_week(table, PlanRequest(320, 1800, 2200, seed=99))
    print(f"cold first 7-day plan (includes per-table caches): {time.perf_counter() - start:.2f} s")
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
            f"{name:38s} median {statistics.median(times):.2f} s, max {max(times):.2f} s "
            f"({args.repeats} seeds) — {status}"
        )


if __name__ == "__main__":
    main()
