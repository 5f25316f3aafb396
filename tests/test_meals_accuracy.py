"""Accuracy of the meal parser on labelled phrases (tests/data), against the shipped table.

The issue's bars: the top-1 food is acceptable (``fdc_ids`` or ``also_ok_ids``) for >= 90 %
of phrases, and grams are within +-10 % for >= 90 % of phrases with a household unit.
Measured by ``magfood.evaluation``, the same code ``benchmarks/bench_meals.py --misses``
uses to print the figures and every miss.

Eight development files are measured: ``meal_phrases.csv``, ``meal_phrases_more.csv``,
``meal_phrases_wide.csv``, ``meal_phrases_daily.csv``, ``meal_phrases_diary.csv``,
``meal_phrases_fresh.csv``, ``meal_phrases_context.csv`` and ``meal_phrases_hand.csv`` (the
former held-out sets, tuned on since). Each must meet the floors or, while it is xfail,
keep to its ratchets. A new independent held-out set, ``meal_phrases_holdout.csv``, is
measured when it is present and skipped when it is not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from magfood.meals.evaluation import Accuracy, measure_accuracy, read_labels
from magfood.table.load import load_table

DATA = Path(__file__).resolve().parent / "data"
ISSUE_FLOOR = 0.90
#: Development files -> (food ratchet, grams ratchet), just under their figures today, so
#: none can slip back while its floors are xfail.
#: meal_phrases_more.csv: 80.5 % / 77.2 % when it became development data; 87.9 % / 85.3 %
#: after round 2. meal_phrases_wide.csv: measured once as a held-out set at 71.0 % / 73.4 %.
#: meal_phrases_daily.csv: measured once as a held-out set at 82.7 % / 84.2 %.
#: meal_phrases_diary.csv: measured once as a held-out set at 84.3 % / 83.7 %.
#: meal_phrases_fresh.csv: measured once as a held-out set at 76.3 % / 87.4 %.
#: meal_phrases_context.csv: measured once as a held-out set at 65.0 % / 64.4 % (rows
#: without a context phrase 91.7 % / 91.9 %, the 86 with one 27.9 % / 30.9 %).
#: After round 4: 94.7 / 92.4, 89.1 / 87.5, 77.0 / 76.4, 86.7 / 87.7.
#: After round 5: 94.7 / 92.4, 89.1 / 87.5, 77.0 / 76.8, 86.7 / 87.7, 84.3 / 85.0.
#: Round 6 (twins): 94.7 / 92.4, 89.1 / 87.5, 77.0 / 76.8, 86.7 / 87.7, 84.7 / 85.0,
#: fresh 80.1 / 87.4.
#: Round 7 (context set aside, amounts.set_aside_context): the six above unchanged; context
#: 65.0 / 64.4 -> 92.2 / 91.7 (rows with a context phrase 27.9 / 30.9 -> 93.0 / 91.4).
#: meal_phrases_hand.csv: measured once as a held-out set at 79.1 % / 76.4 %.
#: Round 8 (where the food went set aside, amounts.set_aside_carrier): the seven above
#: unchanged; hand 79.1 / 76.4 -> 84.1 / 81.5.
RATCHETS = {
    "meal_phrases.csv": (0.94, 0.92),
    "meal_phrases_more.csv": (0.89, 0.87),
    "meal_phrases_wide.csv": (0.76, 0.76),
    "meal_phrases_daily.csv": (0.86, 0.87),
    "meal_phrases_diary.csv": (0.84, 0.84),
    "meal_phrases_fresh.csv": (0.80, 0.87),
    "meal_phrases_context.csv": (0.92, 0.91),
    "meal_phrases_hand.csv": (0.84, 0.81),
}
DEV_FILES = (
    "meal_phrases.csv",
    pytest.param(
        "meal_phrases_more.csv",
        marks=pytest.mark.xfail(reason="89.1 % food, 87.5 % grams", strict=False),
    ),
    pytest.param(
        "meal_phrases_wide.csv",
        marks=pytest.mark.xfail(reason="77.0 % food, 76.8 % grams", strict=False),
    ),
    pytest.param(
        "meal_phrases_daily.csv",
        marks=pytest.mark.xfail(reason="86.7 % food, 87.7 % grams", strict=False),
    ),
    pytest.param(
        "meal_phrases_diary.csv",
        marks=pytest.mark.xfail(reason="84.7 % food, 85.0 % grams", strict=False),
    ),
    pytest.param(
        "meal_phrases_fresh.csv",
        marks=pytest.mark.xfail(reason="80.1 % food, 87.4 % grams", strict=False),
    ),
    "meal_phrases_context.csv",
    pytest.param(
        "meal_phrases_hand.csv",
        marks=pytest.mark.xfail(reason="84.1 % food, 81.5 % grams", strict=False),
    ),
)
HOLDOUT = "meal_phrases_holdout.csv"
#: Ratchets for the new held-out set, to be set by the lead once it is measured.
HOLDOUT_FOOD_RATCHET = 0.0
HOLDOUT_GRAMS_RATCHET = 0.0

_MEASURED: dict[str, Accuracy] = {}


def _measured(name: str) -> Accuracy:
    if not (DATA / name).exists():
        pytest.skip(f"tests/data/{name} is not there yet")
    if name not in _MEASURED:
        _MEASURED[name] = measure_accuracy(load_table(), read_labels(DATA / name))
    return _MEASURED[name]


@pytest.fixture(scope="module", params=DEV_FILES)
def labelled(request: pytest.FixtureRequest) -> Accuracy:
    return _measured(request.param)


@pytest.fixture(scope="module")
def holdout() -> Accuracy:
    return _measured(HOLDOUT)


def test_top1_food_meets_the_issue_floor(labelled: Accuracy) -> None:
    assert labelled.food_rate >= ISSUE_FLOOR, labelled.food_misses


def test_grams_within_ten_percent_for_household_units(labelled: Accuracy) -> None:
    assert labelled.grams_rate >= ISSUE_FLOOR, labelled.grams_misses


@pytest.mark.parametrize("name", sorted(RATCHETS))
def test_development_files_do_not_slip_back(name: str) -> None:
    found = _measured(name)
    food, grams = RATCHETS[name]
    assert found.food_rate >= food, found.food_misses
    assert found.grams_rate >= grams, found.grams_misses


def test_regressions_all_pass() -> None:
    found = measure_accuracy(load_table(), read_labels(DATA / "regressions.csv"))
    assert found.food_misses + found.grams_misses == ()
    assert (found.food_rate, found.grams_rate) == (1.0, 1.0)


def test_holdout_does_not_slip_back(holdout: Accuracy) -> None:
    assert holdout.food_rate >= HOLDOUT_FOOD_RATCHET
    assert holdout.grams_rate >= HOLDOUT_GRAMS_RATCHET


# Once the held-out set is measured, the lead sets the ratchets above and, while it is
# below the floors, keeps this mark with its figures (or removes it when it meets them).
@pytest.mark.xfail(reason="a new held-out set is not measured yet", strict=False)
def test_holdout_meets_the_issue_floors(holdout: Accuracy) -> None:
    assert holdout.food_rate >= ISSUE_FLOOR, holdout.food_misses
    assert holdout.grams_rate >= ISSUE_FLOOR, holdout.grams_misses
