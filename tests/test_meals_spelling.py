"""Spelling: a word no food has, read as the food word it most likely is."""

from __future__ import annotations

import pytest

from magfood.meals import spelling
from magfood.meals.index import FoodIndex, food_index
from magfood.table import load_table


@pytest.fixture(scope="module")
def shipped() -> FoodIndex:
    return food_index(load_table())


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("salmom", "salmon"),  # a letter wrong
        ("quiona", "quinoa"),  # two swapped
        ("cashwes", "cashew"),
        ("cantelope", "cantaloupe"),  # two slips in a long word
        ("bred", "bread"),  # English, but rare enough to be a slip
        ("avo", "avocado"),  # the start of a word that names far more foods
        ("guac", "guacamole"),
        ("order", None),  # a slip keeps its first letter: not 'border'
        ("when", None),  # a short common English word is a word, not a slip
        ("sick", None),  # not 'stick'
        ("xyzzy", None),
    ],
)
def test_corrections(shipped: FoodIndex, word: str, fixed: str | None) -> None:
    assert spelling.correct(word, shipped) == fixed


def test_english_frequency_is_wordfreqs_zipf() -> None:
    assert spelling.english_zipf("when") > 6 > spelling.english_zipf("quiona")
