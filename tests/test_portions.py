"""Grams from an amount and a food's FDC portions: each rule of issue #3, in order."""

from __future__ import annotations

import pytest

from magfood.portions import Portion, ceiling_grams, find_grams

SPINACH_RAW = (Portion(1.0, "cup", "1 cup", 30.0),)
BANANA = (
    Portion(1.0, "cup", "1 cup, sliced", 150.0),
    Portion(1.0, "medium", '1 medium (7" to 7-7/8" long)', 118.0),
    Portion(1.0, "large", '1 large (8" to 8-7/8" long)', 136.0),
)
PEANUT_BUTTER = (Portion(2.0, "tbsp", "2 tbsp", 32.0),)
STEW = (Portion(1.0, None, "Quantity not specified", 250.0),)

# quantity, unit, words, portions -> grams, rule, estimated
CASES = [
    (100.0, "g", "spinach", SPINACH_RAW, 100.0, "mass", False),
    (1.0, "oz", "spinach", SPINACH_RAW, 28.35, "mass", False),
    (2.0, "cup", "spinach", SPINACH_RAW, 60.0, "portion", False),  # the food's own cup
    (1.0, "tbsp", "peanut butter", PEANUT_BUTTER, 16.0, "portion", False),  # "2 tbsp" = 32 g
    (1.0, "tbsp", "spinach", SPINACH_RAW, 1.875, "volume_via_portion", False),  # via the cup
    (2.0, None, "bananas", BANANA, 236.0, "count", False),  # a count: the medium portion
    (1.0, "large", "banana", BANANA, 136.0, "count", False),
    (1.0, "cup", "stew", STEW, 236.59, "default", True),  # no volume portion: water
    (2.0, None, "stew", STEW, 500.0, "default", True),  # no count portion: default serving
    (1.0, None, "mystery", (), 100.0, "default", True),  # nothing at all: 100 g
]


@pytest.mark.parametrize(
    ("quantity", "unit", "words", "portions", "grams", "rule", "estimated"), CASES
)
def test_find_grams(
    quantity: float,
    unit: str | None,
    words: str,
    portions: tuple[Portion, ...],
    grams: float,
    rule: str,
    estimated: bool,
) -> None:
    found = find_grams(quantity, unit, words, portions)
    assert (found.rule, found.estimated) == (rule, estimated)
    assert found.grams == pytest.approx(grams, rel=1e-3)
    assert found.portion


@pytest.mark.parametrize(
    ("category", "grams"),
    [("Nut and Seed Products", 500.0), ("Beverages", 5000.0), ("Vegetables", 2000.0)],
)
def test_ceiling_grams(category: str, grams: float) -> None:
    assert ceiling_grams(category) == grams
