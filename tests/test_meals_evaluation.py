"""Measuring accuracy on labelled rows: acceptable ids, grams tolerance, misses."""

from __future__ import annotations

import pytest
from tiny_tables import food_table

from magfood.meals import evaluation
from magfood.table import FoodTable

# fdc_id, description, Mg mg/100 g; portions: fdc_id, unit, measure, grams
FOODS = [(3, "Spinach, raw", 79.0), (4, "Spinach, cooked, boiled", 87.0), (5, "Bananas, raw", 27.0)]
PORTIONS = [(3, "cup", "1 cup", 30.0), (4, "cup", "1 cup", 180.0), (5, "medium", "1 medium", 118.0)]


def tiny_table() -> FoodTable:
    return food_table(
        [(fdc_id, name, "sr_legacy", "Vegetables", mg, 50.0) for fdc_id, name, mg in FOODS],
        [(fdc_id, 1.0, unit, measure, grams) for fdc_id, unit, measure, grams in PORTIONS],
    )


@pytest.mark.parametrize(
    ("row", "ids"),
    [
        ({"fdc_ids": "1 2"}, {1, 2}),
        ({"fdc_ids": "1", "also_ok_ids": "3 4"}, {1, 3, 4}),
        ({"fdc_ids": "1", "also_ok_ids": ""}, {1}),
    ],
)
def test_acceptable_ids(row: dict[str, str], ids: set[int]) -> None:
    assert evaluation.acceptable_ids(row) == ids


@pytest.mark.parametrize(
    ("got", "expected", "close"),
    [(100.0, 100.0, True), (110.0, 100.0, True), (111.0, 100.0, False), (None, 5.0, False)],
)
def test_grams_close(got: float | None, expected: float, close: bool) -> None:
    assert evaluation.grams_close(got, expected) is close


def test_measure_counts_also_ok_foods_and_household_grams() -> None:
    rows = [
        # right food and grams
        {"phrase": "1 medium banana", "fdc_ids": "5", "grams": "118", "household": "1"},
        # food accepted only through also_ok_ids; grams judged on household rows only
        {"phrase": "100 g spinach", "fdc_ids": "4", "also_ok_ids": "3", "grams": "100",
         "household": "0"},
        # wrong food, grams off by more than 10 %
        {"phrase": "1 cup spinach", "fdc_ids": "4", "grams": "180", "household": "1"},
    ]  # fmt: skip
    found = evaluation.measure_accuracy(tiny_table(), rows)
    assert (found.rows, found.food_hits, found.household_rows, found.grams_hits) == (3, 2, 2, 1)
    assert found.food_rate == pytest.approx(2 / 3)
    assert found.grams_rate == 0.5
    assert found.food_misses == (
        "'1 cup spinach': got 3 'Spinach, raw' 30.0 g [portion: 1 cup (FDC portion, 30 g)] "
        "| want 4 180 g [None]",
    )
