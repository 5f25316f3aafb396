"""USDA's names for foods, as the matcher reads them (magfood/meals/names.py)."""

from __future__ import annotations

import pytest

from magfood.meals import match
from magfood.meals.index import FoodIndex, food_index
from tests.tiny_tables import food_table

FOODS = [
    (1, "Cheese, blue", "sr_legacy", "Dairy and Egg Products", 23.0),
    (2, "Collards, raw", "sr_legacy", "Vegetables", 27.0),
    (3, "Collards, cooked, boiled, drained, without salt", "sr_legacy", "Vegetables", 21.0),
    (4, "Collards, fresh, cooked, no added fat", "survey_fndds", "Vegetables", 20.0),
    (5, "Milk, reduced fat, fluid, 2% milkfat", "sr_legacy", "Dairy and Egg Products", 11.0),
    (6, "Coffee, latte", "survey_fndds", "Coffee and tea", 10.0),
    (7, "Tangerines, (mandarin oranges), canned, light syrup pack", "sr_legacy", "Fruits", 8.0),
    (8, "Orange, canned, NFS", "survey_fndds", "Citrus fruits", 8.0),
    (
        9,
        "Chicken, broilers or fryers, thigh, meat only, cooked, roasted",
        "sr_legacy",
        "Poultry",
        23,
    ),
    (10, "Chicken thigh, baked, coated, skin / coating eaten", "survey_fndds", "Chicken", 21.0),
    (11, "Crayfish, cooked", "survey_fndds", "Fish", 33.0),
    (12, "Beets, raw", "sr_legacy", "Vegetables", 23.0),
    (13, "Oil, canola, cooking spray", "survey_fndds", "Fats and oils", 0.0),
]
NAMES = [
    (1, "Stilton"),
    (4, "collard greens"),
    (4, "cooking spray"),
    (6, "2% milk"),
    (8, "mandarin orange"),
    (10, "any source"),
    (10, "prepared skinless"),
    (11, "crawfish"),
    (12, "beetroot"),
]
INGREDIENTS = [(4, 2, 0.997), (8, 7, 1.0)]


@pytest.fixture(scope="module")
def index() -> FoodIndex:
    return food_index(food_table(FOODS, names=NAMES, ingredients=INGREDIENTS))


def names_of(index: FoodIndex, fdc_id: int) -> set[str]:
    return {" ".join(sorted(n)) for n in index.names.get(index.row_of[fdc_id], ())}


def test_a_name_people_use_is_kept(index: FoodIndex) -> None:
    assert names_of(index, 1) == {"stilton"}
    assert names_of(index, 11) == {"crawfish"}


def test_a_name_made_only_of_qualifiers_is_not_a_name(index: FoodIndex) -> None:
    assert "any source" not in names_of(index, 10)  # "any source", "pre-sliced"


def test_what_a_food_is_made_with_is_not_its_name(index: FoodIndex) -> None:
    assert names_of(index, 6) == set()  # "2% milk" on a latte: the milk answers to it
    assert match("2% milk", index)[0].fdc_id == 5
    assert "cooking spray" not in names_of(index, 4)  # on collards: the spray answers to it
    assert match("cooking spray", index)[0].fdc_id == 13


def test_a_name_its_main_ingredient_answers_to_is_kept(index: FoodIndex) -> None:
    assert names_of(index, 8) == {"mandarin orange"}  # SR's canned tangerines are its input


def test_a_name_also_names_the_main_ingredient_in_every_state(index: FoodIndex) -> None:
    assert "collard green" in names_of(index, 2)  # the input food
    assert "collard green" in names_of(index, 3)  # the same food cooked
    assert "collard green" not in names_of(index, 12)  # not another food


@pytest.mark.parametrize(
    ("words", "fdc_id"),
    [
        ("stilton", 1),  # a name no description has
        ("crawfish", 11),
        ("beetroot", 12),
        ("blue cheese", 1),  # the description still answers
    ],
)
def test_a_name_said_in_full_finds_its_food(index: FoodIndex, words: str, fdc_id: int) -> None:
    found = match(words, index)
    assert found[0].fdc_id == fdc_id and found[0].score >= 60
