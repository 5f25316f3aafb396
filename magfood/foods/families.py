"""Food families, diet and allergen tags, and which foods are eaten as such.

A food's family comes from its FDC category (SR Legacy food group or FNDDS WWEIA category),
refined by description keywords (``Tofu`` is soy, ``Almond milk`` is nuts, ``Bread,
whole-wheat`` is a whole grain). Diets and exclusions are keyword tags over the description
plus the family. The rules are data (``families.toml`` via ``rules``). The refresh derives
every food's family, tags and eaten-as-such once (``derive_*``); at run time the functions
below read those columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from magfood.foods.rules import (
    ALLERGEN_TEXT_TAGS,
    CATEGORY_FAMILY,
    CATEGORY_TAGS,
    DIET_EXCLUDES,
    DIETS,
    DRIED_DAIRY,
    DRIED_DAIRY_FAMILIES,
    EXCLUSION_ALIASES,
    EXCLUSIONS,
    FAMILIES,
    FAMILY_RULES,
    NEUTRAL_PHRASES,
    NOT_EATEN_CATEGORIES,
    NOT_EATEN_FAMILIES,
    NOT_EATEN_PATTERN,
    PULSE_OR_GRAIN_FAMILIES,
    RAW_IS_FINE,
    RAW_WORDS,
    SR_RAW_GRAIN,
    SUGGESTED,
    SURVEY_NOT_EATEN_PATTERN,
    TAGS,
)
from magfood.table import TAG_NAMES, FoodTable

__all__ = [
    "DIETS",
    "EXCLUSIONS",
    "FAMILIES",
    "SUGGESTED",
    "allowed",
    "derive_eaten",
    "derive_families",
    "derive_tags",
    "eaten_as_such",
    "families",
    "family_of",
    "food_tags",
]


def family_of(description: str, category: str | None) -> str:
    """The family of one FDC food: its category's family, refined by description keywords."""
    family = CATEGORY_FAMILY.get(category or "", "other")
    for rule in FAMILY_RULES:
        if rule.applies(description, family):
            return rule.family
    return family


# --- at run time: the derived columns -------------------------------------------------------


def families(table: FoodTable) -> pd.Series:
    """fdc_id -> family for every food of the table."""
    return table.foods["family"]


def food_tags(table: FoodTable) -> pd.DataFrame:
    """fdc_id -> one boolean column per diet/allergen tag (meat, fish, dairy, ..., gluten)."""
    tags = table.foods[[f"has_{tag}" for tag in TAG_NAMES]]
    return tags.rename(columns=lambda column: column.removeprefix("has_"))


def eaten_as_such(table: FoodTable) -> pd.Series:
    """fdc_id -> False for ingredients (raw dry beans and grains, spices, powders, flours,
    dry mixes, baby food), True for ready-to-eat foods."""
    return table.foods["eaten_as_such"]


def allowed(table: FoodTable, diet: str = "omnivore", exclude: Iterable[str] = ()) -> pd.Series:
    """fdc_id -> whether a food fits the diet and none of the exclusions.

    Exclusions are the names in ``EXCLUSIONS`` (or a word in ``EXCLUSION_ALIASES``) or a family
    name; any other word leaves out foods whose description contains it (at a word start,
    any case). Raises ValueError for a diet not in ``DIETS``.
    """
    if diet not in DIET_EXCLUDES:
        raise ValueError(f"unknown diet {diet!r}; expected one of {', '.join(DIETS)}")
    tags = food_tags(table)
    blocked = tags[list(DIET_EXCLUDES[diet])].any(axis=1)
    for word in exclude:
        term = re.sub(r"\s+", " ", word.strip().lower())
        if not term:
            continue
        tag = EXCLUSION_ALIASES.get(term, term)
        if tag in EXCLUSIONS:
            blocked |= tags[tag]
        elif tag in FAMILIES:
            blocked |= families(table) == tag
        else:
            blocked |= _contains(_lowered(table.foods), r"\b" + re.escape(term))
    return ~blocked.astype(bool)


# --- at refresh: deriving the columns ---------------------------------------------------------


def derive_families(foods: pd.DataFrame) -> pd.Series:
    """Every food's family (``family_of``)."""
    return pd.Series(
        [
            family_of(str(d), None if pd.isna(c) else str(c))
            for d, c in zip(foods["description"], foods["category"], strict=True)
        ],
        index=foods.index,
        dtype="string",
        name="family",
    )


def derive_tags(foods: pd.DataFrame, family: pd.Series) -> pd.DataFrame:
    """Every food's diet and allergen tags as ``has_<tag>`` columns."""
    descriptions = _lowered(foods)
    category = foods["category"]
    text = descriptions.str.replace("|".join(NEUTRAL_PHRASES), " ", regex=True)
    columns = {}
    for tag, (pattern, tagged_families, cancel) in TAGS.items():
        hit = _contains(descriptions if tag in ALLERGEN_TEXT_TAGS else text, pattern)
        hit |= family.isin(tagged_families)
        hit |= category.isin(CATEGORY_TAGS.get(tag, ())).fillna(False).astype(bool)
        if cancel:
            hit &= ~_contains(descriptions, cancel)
        columns[tag] = hit.astype(bool)
    # The soy half of "soy and dairy" is not dairy unless its description says so.
    soy_only = (family == "soy and dairy") & columns["soy"] & ~_contains(text, TAGS["dairy"][0])
    columns["dairy"] &= ~soy_only
    return pd.DataFrame({f"has_{tag}": columns[tag] for tag in TAG_NAMES}, index=foods.index)


def derive_eaten(foods: pd.DataFrame, family: pd.Series) -> pd.Series:
    """Whether each food is eaten as such.

    FNDDS survey foods are described as eaten, so their grains and pulses are cooked
    ("Quinoa, no added fat") unless the description says raw, uncooked or dry; SR Legacy
    names raw grains bare ("Millet, raw", "Oats") and those stay out.
    """
    text = _lowered(foods)
    survey = (foods["data_type"] == "survey_fndds").fillna(False).astype(bool)
    pulse_or_grain = family.isin(PULSE_OR_GRAIN_FAMILIES) | _contains(text, "mature seeds")
    raw = _contains(text, RAW_WORDS) | (~survey & _contains(text, SR_RAW_GRAIN))
    raw &= pulse_or_grain & ~_contains(text, RAW_IS_FINE)
    reference = _contains(text, NOT_EATEN_PATTERN)
    reference |= _contains(text, DRIED_DAIRY) & family.isin(DRIED_DAIRY_FAMILIES)
    ingredient = (survey & _contains(text, SURVEY_NOT_EATEN_PATTERN)) | (~survey & reference)
    not_eaten = raw | ingredient
    not_eaten |= family.isin(NOT_EATEN_FAMILIES)
    not_eaten |= foods["category"].isin(NOT_EATEN_CATEGORIES).fillna(False).astype(bool)
    return (~not_eaten.astype(bool)).rename("eaten_as_such")


def _lowered(foods: pd.DataFrame) -> pd.Series:
    """The descriptions in lower case. The rules' patterns are written in lower case, so a
    plain search of lowered text finds what a case-insensitive one would, several times
    faster (tests/test_foods_families.py checks the patterns hold no capital letter)."""
    return foods["description"].fillna("").astype(str).str.lower()


def _contains(text: pd.Series, pattern: str) -> pd.Series:
    """Regex search over lowered text (patterns have no capturing groups)."""
    return text.str.contains(pattern, regex=True).fillna(False).astype(bool)
