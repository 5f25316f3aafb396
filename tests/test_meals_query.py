"""Reading the query: diary words are about the day, not the food."""

from __future__ import annotations

import pytest

from magfood.meals import match
from magfood.meals.index import FoodIndex, food_index
from magfood.meals.query import read_query
from magfood.table import load_table


@pytest.fixture(scope="module")
def shipped() -> FoodIndex:
    return food_index(load_table())


@pytest.mark.parametrize(
    ("words", "diary", "head"),
    [
        ("oatmeal like always", ("like", "alway"), "oatmeal"),
        ("coffee after work", ("after", "work"), "coffee"),
        ("california roll", (), "roll"),  # a sushi roll is California: a food word here
        ("little smokies", (), "smoky"),
        ("peanut butter", (), "butter"),
    ],
)
def test_diary_words(shipped: FoodIndex, words: str, diary: tuple[str, ...], head: str) -> None:
    query = read_query(words, shipped)
    assert (query.diary, query.head) == (diary, head)


@pytest.mark.parametrize(
    ("words", "wanted"),
    [
        ("oatmeal like always", "oat"),
        ("coffee after work", "coffee"),
        ("california roll", "sushi roll, california"),
    ],
)
def test_diary_words_do_not_decide_the_food(shipped: FoodIndex, words: str, wanted: str) -> None:
    best = match(words, shipped)[0]
    assert wanted in best.food.lower() and best.score >= 60


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("2 percent milk", ("2%", "milk")),
        ("1 per cent milk", ("1%", "milk")),
        ("2% milk", ("2%", "milk")),  # already a percentage: unchanged
        ("2 milk", ("2", "milk")),  # a number alone is no percentage
    ],
)
def test_a_percentage_in_words_reads_as_fdc_writes_it(
    shipped: FoodIndex, words: str, said: tuple[str, ...]
) -> None:
    assert read_query(words, shipped).words == said
