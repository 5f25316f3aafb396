"""Accuracy of the meal parser on labelled phrases (tests/data), against the shipped table.

Each labelled file asserts the figures measured on it today as floors: the top-1 food is
acceptable (``fdc_ids`` or ``also_ok_ids``), an acceptable food is among the first five
offered, grams are within +-10 % on household rows and magnesium within +-15 %. A change
that loses a row fails here; a change that gains rows raises the floor in the same commit.
The figures come from ``magfood.meals.evaluation``, the code ``benchmarks/bench_meals.py``
prints them with (``--misses`` lists every miss).

The issue's goals on unseen phrases (top-1 >= 95 %, top-5 >= 99 %, grams and magnesium
>= 95 %) are not met yet; they are reported in the README, not asserted here, so that no
test stands as a floor that is expected to fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from magfood.meals.evaluation import Accuracy, measure_accuracy, read_labels
from magfood.table.load import load_table

DATA = Path(__file__).resolve().parent / "data"


class Floor(NamedTuple):
    """Rows that must stay right: top-1 food, top-5 food, household grams, magnesium."""

    food: int
    top5: int
    grams: int
    magnesium: int


#: Measured with the shipped data/ (python benchmarks/bench_meals.py); rows of each file
#: in the comment. First measurements of the files that were held out when made are in
#: tests/data/README.md. meal_phrases_holdout.csv and meal_phrases_final.csv are the
#: held-out sets of issue #10, each measured once (their floors are those first figures,
#: holdout's adjusted as its commits say): nothing is tuned on their rows.
FLOORS = {
    "meal_phrases.csv": Floor(270, 280, 196, 252),  # 282 rows, 211 household
    "meal_phrases_context.csv": Floor(194, 205, 168, 192),  # 206 rows, 180 household
    "meal_phrases_daily.csv": Floor(201, 219, 183, 201),  # 226 rows, 203 household
    "meal_phrases_diary.csv": Floor(234, 254, 214, 223),  # 268 rows, 246 household
    "meal_phrases_everyday.csv": Floor(291, 313, 216, 265),  # 340 rows, 277 household
    "meal_phrases_fresh.csv": Floor(171, 201, 167, 179),  # 211 rows, 190 household
    "meal_phrases_hand.csv": Floor(193, 205, 167, 183),  # 220 rows, 195 household
    "meal_phrases_holdout.csv": Floor(249, 290, 234, 247),  # 325 rows, 300 household
    "meal_phrases_final.csv": Floor(243, 267, 186, 220),  # 291 rows, 232 household
    "meal_phrases_more.csv": Floor(158, 170, 120, 157),  # 174 rows, 136 household
    "meal_phrases_names.csv": Floor(232, 281, 188, 227),  # 319 rows, 269 household
    "meal_phrases_wide.csv": Floor(279, 329, 234, 277),  # 348 rows, 297 household
}


def test_every_labelled_file_has_a_floor() -> None:
    assert {p.name for p in DATA.glob("meal_phrases*.csv")} == set(FLOORS)


@pytest.fixture(scope="module")
def measured() -> dict[str, Accuracy]:
    table = load_table()
    return {name: measure_accuracy(table, read_labels(DATA / name)) for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_labelled_file_keeps_its_measured_figures(measured: dict[str, Accuracy], name: str) -> None:
    found, floor = measured[name], FLOORS[name]
    assert found.food_hits >= floor.food, found.food_misses
    assert found.top5_hits >= floor.top5, found.summary()
    assert found.grams_hits >= floor.grams, found.grams_misses
    assert found.magnesium_hits >= floor.magnesium, found.summary()


def test_regressions_all_pass() -> None:
    found = measure_accuracy(load_table(), read_labels(DATA / "regressions.csv"))
    assert found.food_misses + found.grams_misses == ()
    assert (found.food_rate, found.grams_rate) == (1.0, 1.0)
