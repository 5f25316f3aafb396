"""How long a 7-day menu plan takes on the shipped food table (target: under 5 s).

Run: python benchmarks/bench_menus.py [--repeats N] [--cold N]
Prints the cold time of ``magfood plan`` (a fresh process each time, nothing warmed:
imports, the table load and one week; median of ``--cold`` runs; aim: 1.5 s), the warm
re-plan time (the same process, another seed; median), warm times per request with the
status and day totals (an infeasible request's time includes its explanation), and the
time of a swap, a lock-and-re-plan and a saved-plan round trip on the first week.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
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
    parser.add_argument("--cold", type=int, default=3, help="fresh-process cold runs")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"CPUs available: {len(os.sched_getaffinity(0))}")
    colds = [_cold_plan() for _ in range(args.cold)]
    print(
        f"cold plan, fresh process (import + load + 1 week): median "
        f"{statistics.median(colds):.2f} s, max {max(colds):.2f} s ({args.cold} runs)"
    )
    table = load_table()
    week = plan_week(table, PlanRequest(320, 1800, 2200, seed=99))
    assert isinstance(week, WeekPlan)
    warm = []
    for seed in range(args.repeats):
        start = time.perf_counter()
        plan_week(table, PlanRequest(320, 1800, 2200, seed=seed))
        warm.append(time.perf_counter() - start)
    print(
        f"warm re-plan, same process (another seed): median {statistics.median(warm):.2f} s, "
        f"max {max(warm):.2f} s ({args.repeats} seeds)"
    )
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


_COLD = (
    "import time, warnings; warnings.simplefilter('ignore'); start = time.perf_counter()\n"
    "from magfood import PlanRequest, load_table, plan_week\n"
    "plan_week(load_table(), PlanRequest(320, 1800, 2200))\n"
    "print(time.perf_counter() - start)"
)


def _cold_plan() -> float:
    """Seconds from a fresh interpreter's first import to its first week (start-up of the
    interpreter itself not counted)."""
    out = subprocess.run(
        [sys.executable, "-c", _COLD], check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


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
