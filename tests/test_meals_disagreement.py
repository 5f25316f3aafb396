"""Where FDC entries that read as one food disagree on magnesium by more than 25 %, the
item and the meal's total show the range and name the entry used."""

from __future__ import annotations

import pytest

from magfood.meals import meal_to_dict, parse_meal
from magfood.table import load_table


def test_dark_chocolate_entries_disagree_and_say_so() -> None:
    meal = parse_meal("1 oz dark chocolate, 1 cup spinach", load_table())
    chocolate, spinach = meal.items
    assert chocolate.magnesium_range_mg is not None
    low, high = chocolate.magnesium_range_mg
    # 28.35 g of FDC's dark chocolates: 45-59 % cacao 146 mg/100 g ... 70-85 % 228 mg/100 g
    assert low == pytest.approx(41.4, abs=0.2) and high == pytest.approx(64.6, abs=0.2)
    assert low <= (chocolate.magnesium_mg or 0) <= high
    assert f"this figure uses FDC {chocolate.fdc_id}" in chocolate.message
    assert spinach.magnesium_range_mg is None  # raw spinach entries: 79 and 93 mg/100 g
    assert meal.total_range_mg == pytest.approx((low + 23.7, high + 23.7), abs=0.2)
    assert "FDC entries disagree for some foods" in meal.message
    assert meal_to_dict(meal)["total_range_mg"] == [round(low + 23.7, 1), round(high + 23.7, 1)]


def test_another_food_is_not_taken_for_a_disagreeing_entry() -> None:
    (milk,) = parse_meal("1 cup whole milk", load_table()).items
    assert milk.magnesium_range_mg is None  # dry whole milk (85 mg/100 g) is not milk
    assert parse_meal("1 cup whole milk", load_table()).total_range_mg is None
