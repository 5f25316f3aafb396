"""Accuracy and speed of the meal parser; prints figures, asserts nothing.

    python benchmarks/bench_meals.py            # accuracy, speed, 400k-food table
    python benchmarks/bench_meals.py --misses   # also list every miss
    python benchmarks/bench_meals.py --quick    # skip the 400,000-food table
    python benchmarks/bench_meals.py --cold     # only the start-up figures

What is timed, each line says: the table load and the stored index's load in this process
(warm: the imports done; medians of fresh loads), the index built in-process (what a
missing or stale index costs), and cold starts: ``magfood meal "1 cup spinach" --json``
against ``python -c "import pandas"``, each a fresh process (medians of wall and CPU time,
and their ratio; the OS file cache is warm after the first run).

Accuracy is measured on the development files tests/data/meal_phrases.csv,
tests/data/meal_phrases_more.csv, tests/data/meal_phrases_wide.csv,
tests/data/meal_phrases_daily.csv, tests/data/meal_phrases_diary.csv,
tests/data/meal_phrases_fresh.csv, tests/data/meal_phrases_context.csv and
tests/data/meal_phrases_hand.csv, and on the held-out tests/data/meal_phrases_holdout.csv
when it is there, by magfood.evaluation (shared with tests/test_meals_accuracy.py): top-1
food among the acceptable ids (``fdc_ids`` or ``also_ok_ids``), and grams within +-10 % for
rows with a household unit. Speed: parse +
match + total per item on the shipped table and on a 400,000-food table made by adding
synthetic branded-style descriptions to the shipped foods.
"""

from __future__ import annotations

import argparse
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from magfood.meals.evaluation import Accuracy, measure_accuracy, read_labels
from magfood.meals.index import FoodIndex, food_index
from magfood.meals.index_store import read_parts
from magfood.meals.parse import parse_meal
from magfood.table.load import FoodTable, clear_cache, load_table, read_table

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
PHRASES = DATA / "meal_phrases.csv"
LABELLED = (
    PHRASES,
    DATA / "meal_phrases_more.csv",
    DATA / "meal_phrases_wide.csv",
    DATA / "meal_phrases_daily.csv",
    DATA / "meal_phrases_diary.csv",
    DATA / "meal_phrases_fresh.csv",
    DATA / "meal_phrases_context.csv",
    DATA / "meal_phrases_hand.csv",
    DATA / "meal_phrases_holdout.csv",
)
REGRESSIONS = DATA / "regressions.csv"


def time_items(table: FoodTable, phrases: list[str], repeat: int = 3) -> list[float]:
    """Seconds per single-item parse, every phrase ``repeat`` times."""
    timings: list[float] = []
    for _ in range(repeat):
        for phrase in phrases:
            start = time.perf_counter()
            parse_meal(phrase, table)
            timings.append(time.perf_counter() - start)
    return timings


def big_table(table: FoodTable, size: int = 400_000, seed: int = 7) -> FoodTable:
    """The shipped foods plus synthetic branded-style foods up to ``size`` rows."""
    rng = random.Random(seed)
    words = [w for d in table.foods["description"] for w in str(d).replace(",", " ").split()]
    words = [w for w in words if w.isalpha() and len(w) > 2]
    brands = ["ACME", "GOODFARM", "SUNNY VALLEY", "KROGER", "GREAT VALUE", "TRADER", "HEB"]
    count = size - len(table.foods)
    start_id = 10_000_000
    descriptions = [
        f"{rng.choice(brands)} {' '.join(rng.choices(words, k=rng.randint(2, 6))).upper()}"
        for _ in range(count)
    ]
    extra = pd.DataFrame(
        {
            "fdc_id": range(start_id, start_id + count),
            "description": pd.array(descriptions, dtype="string"),
            "data_type": pd.array(["branded"] * count, dtype="string"),
            "category": pd.array(["Branded snacks"] * count, dtype="string"),
            "magnesium_mg_per_100g": [rng.uniform(0, 200) for _ in range(count)],
            "energy_kcal_per_100g": [rng.uniform(0, 600) for _ in range(count)],
            "energy_source": pd.array(["label"] * count, dtype="string"),
            "publication_date": pd.array(["2025-04-24"] * count, dtype="string"),
        }
    )
    foods = pd.concat([table.foods, extra.set_index("fdc_id", drop=False)])
    return FoodTable(foods, table.portions, {}, table.data_dir)  # in memory: index built


def time_loads(repeat: int = 7) -> None:
    """Table load, stored index load and in-process build, each on fresh objects (warm:
    this process has done its imports), medians."""
    clear_cache()
    start = time.perf_counter()
    table = load_table()
    first = time.perf_counter() - start
    tables, stored, built = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        fresh = read_table(table.data_dir)
        tables.append(time.perf_counter() - start)
        start = time.perf_counter()
        FoodIndex.from_parts(fresh, read_parts(fresh))
        stored.append(time.perf_counter() - start)
    for _ in range(max(1, repeat // 3)):
        start = time.perf_counter()
        FoodIndex(read_table(table.data_dir))
        built.append(time.perf_counter() - start)
    print(
        f"table load {first * 1000:.0f} ms first, {statistics.median(tables) * 1000:.0f} ms "
        f"median; stored index load {statistics.median(stored) * 1000:.0f} ms median "
        f"(n={repeat}); index built in-process {statistics.median(built) * 1000:.0f} ms "
        f"(n={len(built)})"
    )


def cold_starts(runs: int = 15) -> None:
    """Fresh processes: ``magfood meal`` against ``import pandas`` (hyperfine when
    installed prints its own summary too)."""
    magfood = shutil.which("magfood", path=str(Path(sys.executable).parent)) or "magfood"
    commands = {
        "import pandas": [sys.executable, "-c", "import pandas"],
        "magfood meal": [magfood, "meal", "1 cup spinach", "--json"],
    }
    figures = _fresh(commands, runs)
    for label, (wall, cpu) in figures.items():
        print(
            f"cold {label} (`{shlex.join(commands[label])}`): median wall "
            f"{wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms (n={runs})"
        )
    (pandas_wall, pandas_cpu), (meal_wall, meal_cpu) = figures.values()
    print(
        f"cold magfood meal / import pandas: {meal_wall / pandas_wall:.2f}x wall, "
        f"{meal_cpu / pandas_cpu:.2f}x CPU (goal 1.5x)"
    )


def _fresh(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU (user + system) seconds of ``runs`` fresh processes of each
    command, run in turn (so a busy machine weighs on each alike)."""
    for command in commands.values():
        subprocess.run(command, check=True, capture_output=True)  # the file cache, once
    walls: dict[str, list[float]] = {label: [] for label in commands}
    cpus: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            cpus[label].append(used)
    return {
        label: (statistics.median(walls[label]), statistics.median(cpus[label]))
        for label in commands
    }


def _report_speed(label: str, timings: list[float]) -> None:
    median = statistics.median(timings)
    p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
    print(
        f"{label}: median {median * 1000:.2f} ms/item, p95 {p95 * 1000:.2f} ms, "
        f"{1 / statistics.mean(timings):,.0f} items/s (n={len(timings)})"
    )


def _report_accuracy(label: str, accuracy: Accuracy) -> None:
    print(
        f"{label}, {accuracy.rows} rows: top-1 acceptable food {accuracy.food_rate:.1%} "
        f"({accuracy.food_hits}/{accuracy.rows}); grams within 10% on household rows "
        f"{accuracy.grams_rate:.1%} ({accuracy.grams_hits}/{accuracy.household_rows})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--quick", action="store_true", help="skip the 400,000-food table")
    parser.add_argument("--cold", action="store_true", help="only the start-up figures")
    args = parser.parse_args()

    time_loads()
    cold_starts()
    if args.cold:
        return
    table = load_table()
    food_index(table)

    measured = [
        (path, measure_accuracy(table, read_labels(path))) for path in LABELLED if path.exists()
    ]
    for path, accuracy in measured:
        _report_accuracy(path.name, accuracy)
    if REGRESSIONS.exists():
        regressions = measure_accuracy(table, read_labels(REGRESSIONS))
        print(
            f"regressions ({regressions.rows} rows): food {regressions.food_rate:.1%}, "
            f"grams {regressions.grams_rate:.1%}"
        )
        if args.misses:
            print(
                "regression misses:",
                *regressions.food_misses,
                *regressions.grams_misses,
                sep="\n  ",
            )
    if args.misses:
        for path, accuracy in measured:
            print(f"food misses ({path.name}):", *accuracy.food_misses, sep="\n  ")
            print(f"grams misses ({path.name}):", *accuracy.grams_misses, sep="\n  ")

    phrases = [row["phrase"] for row in read_labels(PHRASES)]
    _report_speed("parse + match, shipped table, warm", time_items(table, phrases))
    if args.quick:
        return
    start = time.perf_counter()
    large = big_table(table)
    made = time.perf_counter() - start
    start = time.perf_counter()
    food_index(large)
    print(
        f"400k table: {len(large.foods):,} foods, made in {made:.1f} s, "
        f"index built in {time.perf_counter() - start:.1f} s"
    )
    _report_speed("400k table", time_items(large, phrases[:100], repeat=1))


if __name__ == "__main__":
    main()
