"""Meals as people write them -> FDC foods, grams and magnesium, with a status for each item.

``parse_meal`` reads free text; corrections (``choose_food``, ``set_amount``, ``set_grams``)
and ``food_item`` (a food chosen by FDC id and grams) return new items; ``search_foods``
ranks the table for a few words, as the parser does.
"""

from magfood.meals.corrections import (
    choose_food,
    food_item,
    line_for,
    portion_amount,
    set_amount,
    set_grams,
)
from magfood.meals.item import (
    EMPTY_MESSAGE,
    Meal,
    MealItem,
    Status,
    item_to_dict,
    meal_from_items,
    meal_to_dict,
)
from magfood.meals.matching import Alternative, food_index, match
from magfood.meals.parse import MAX_ITEMS, parse_meal, parse_piece, parse_pieces, split_meal
from magfood.table import FoodTable


def search_foods(table: FoodTable, words: str, limit: int = 15) -> tuple[Alternative, ...]:
    """The foods of the table that best match a few words, best first (as the parser ranks)."""
    return match(words[:200], food_index(table), limit=limit)


__all__ = [
    "EMPTY_MESSAGE",
    "MAX_ITEMS",
    "Alternative",
    "Meal",
    "MealItem",
    "Status",
    "choose_food",
    "food_index",
    "food_item",
    "item_to_dict",
    "line_for",
    "match",
    "meal_from_items",
    "meal_to_dict",
    "parse_meal",
    "parse_piece",
    "parse_pieces",
    "portion_amount",
    "search_foods",
    "set_amount",
    "set_grams",
    "split_meal",
]
