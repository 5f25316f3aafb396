"""Timings for food families, rankings and gap plans on the shipped table.

Run: python benchmarks/bench_suggestions.py
"""

from __future__ import annotations

import time
from collections.abc import Callable

from magfood.foods import close_gap, rank_foods
from magfood.foods.families import families, serving
from magfood.table.load import load_table


def _time(label: str, run: Callable[[], object], repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<52} {best * 1000:8.1f} ms")


def main() -> None:
    table = load_table()
    start = time.perf_counter()
    families(table)
    print(
        f"{'families + tags + portions (first call, per table)':<52} "
        f"{(time.perf_counter() - start) * 1000:8.1f} ms"
    )
    start = time.perf_counter()
    for fdc_id in table.foods.index:
        serving(table, int(fdc_id))
    print(
        f"{'serving() for every food (first call, per table)':<52} "
        f"{(time.perf_counter() - start) * 1000:8.1f} ms"
    )
    _time("rank_foods by serving, first 50", lambda: rank_foods(table))
    _time("rank_foods by 100 kcal, vegan", lambda: rank_foods(table, by="100kcal", diet="vegan"))
    _time("close_gap 120 mg", lambda: close_gap(table, 120))
    _time(
        "close_gap 120 mg, 300 kcal, vegan",
        lambda: close_gap(table, 120, kcal_budget=300, diet="vegan"),
    )
    _time("close_gap 5000 mg (partial)", lambda: close_gap(table, 5000))
    _time("close_gap 120 mg, strict fewest kcal", lambda: close_gap(table, 120, variety=False))


if __name__ == "__main__":
    main()
