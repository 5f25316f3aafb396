"""Foods people eat: families, diet and allergen tags, kinds, the one serving, the magnesium
ranking and close-the-gap suggestions."""

from magfood.foods import rules, servings
from magfood.foods.everyday import LEAST_EVERYDAY
from magfood.foods.families import (
    DIETS,
    EXCLUSIONS,
    FAMILIES,
    SUGGESTED,
    allowed,
    eaten_as_such,
    families,
    family_of,
    food_tags,
)
from magfood.foods.gap import GapPlan, Suggestion, close_gap
from magfood.foods.kinds import KindKeys, content_key, head_words, kind_codes, kind_keys
from magfood.foods.ranking import RANK_BY, RankBy, RankedFood, rank_foods
from magfood.foods.readable import readable_name, serving_line
from magfood.foods.search import find_foods
from magfood.foods.servings import SERVING_RULES, ServingRule, most_grams, serving_rule

__all__ = [
    "DIETS",
    "EXCLUSIONS",
    "FAMILIES",
    "LEAST_EVERYDAY",
    "RANK_BY",
    "SERVING_RULES",
    "SUGGESTED",
    "GapPlan",
    "KindKeys",
    "RankBy",
    "RankedFood",
    "ServingRule",
    "Suggestion",
    "allowed",
    "close_gap",
    "content_key",
    "eaten_as_such",
    "families",
    "family_of",
    "find_foods",
    "food_tags",
    "head_words",
    "kind_codes",
    "kind_keys",
    "most_grams",
    "rank_foods",
    "readable_name",
    "rules",
    "serving_line",
    "serving_rule",
    "servings",
]
