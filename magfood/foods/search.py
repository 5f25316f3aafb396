"""The Foods search: a few words ranked through the meal matcher (``magfood.meals``), never
by substring. A question about magnesium itself ("foods high in magnesium") is the
magnesium ranking; "nuts rich in magnesium" searches for nuts."""

from __future__ import annotations

import re

from magfood.foods.ranking import RankedFood, rank_foods, ranked_rows
from magfood.foods.rules import load_data
from magfood.meals import search_foods
from magfood.table import FoodTable

_DATA = load_data("everyday.toml")["search"]
#: Words of a question about magnesium, not about a food ("foods high in magnesium").
_ABOUT_MAGNESIUM = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in _DATA["about_magnesium"]) + r")\b"
)


def food_words(query: str) -> str:
    """The words of a search that name a food: "nuts high in magnesium" -> "nuts"."""
    return " ".join(_ABOUT_MAGNESIUM.sub(" ", query.lower()).split())


def find_foods(table: FoodTable, query: str, limit: int = 15) -> tuple[RankedFood, ...]:
    """The foods a search asks for, best first, with their magnesium per serving, 100 g and
    100 kcal: the matcher's answer for the words that name a food, or the default
    magnesium ranking when the search names none. Every food of the table can be found."""
    words = food_words(query)
    if not words:
        return rank_foods(table, limit=limit) if query.strip() else ()
    found = [a.fdc_id for a in search_foods(table, words, limit=limit * 2)]
    return tuple(ranked_rows(table, list(dict.fromkeys(found))[:limit]))
