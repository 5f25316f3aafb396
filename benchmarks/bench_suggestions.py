"""Timings for the Foods ranking and close-the-gap on the shipped table.

Run: python benchmarks/bench_suggestions.py
The load is timed on its own; the cold figures are the first call of each function on
that fresh table (families, tags, everyday scores and servings come from data/, derived
at refresh; the first Foods search builds the matcher's index); warm figures are the best
of three repeats.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from magfood import close_gap, find_foods, load_table, rank_foods


def _time(label: str, run: Callable[[], object], repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<52} {best * 1000:8.1f} ms")


def main() -> None:
    start = time.perf_counter()
    table = load_table()
    print(f"{'load_table':<52} {(time.perf_counter() - start) * 1000:8.1f} ms")
    for label, run in (
        ("cold: first rank_foods on the fresh table", lambda: rank_foods(table)),
        ("cold: first close_gap 120 mg", lambda: close_gap(table, 120)),
    ):
        start = time.perf_counter()
        run()
        print(f"{label:<52} {(time.perf_counter() - start) * 1000:8.1f} ms")
    start = time.perf_counter()
    find_foods(table, "spinach")
    first = time.perf_counter() - start
    print(f"{'cold: first Foods search (builds the matcher index)':<52} {first * 1000:8.1f} ms")
    _time("find_foods 'spinach'", lambda: find_foods(table, "spinach"))
    _time(
        "find_foods 'foods high in magnesium'", lambda: find_foods(table, "foods high in magnesium")
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
