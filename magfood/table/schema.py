"""What the food table's files must hold: columns, types and value checks.

Every problem is collected and reported together, with the command that fixes it. The
derived columns (family, diet and allergen tags, eaten-as-such, the everyday score, the
serving) are built by
the refresh (``magfood.foods.derive``), never in every process.
"""

from __future__ import annotations

import pandas as pd

FOODS_FILE = "foods.parquet"
PORTIONS_FILE = "portions.parquet"
NAMES_FILE = "names.parquet"
INGREDIENTS_FILE = "ingredients.parquet"
MANIFEST_FILE = "manifest.json"
#: The meal matcher's search index, built from the other files by the refresh
#: (``magfood.meals.index_store``); swapped in with them, so it always matches them.
INDEX_FILE = "index.npz"
TABLE_FILES = (FOODS_FILE, PORTIONS_FILE, NAMES_FILE, INGREDIENTS_FILE, MANIFEST_FILE, INDEX_FILE)

#: The diet and allergen tags a food may carry, each a boolean column ``has_<tag>``.
TAG_NAMES = ("meat", "fish", "dairy", "egg", "honey", "gelatin", "nuts", "peanuts", "soy", "gluten")

#: column -> (type family, nullable): what an FDC release gives.
SOURCE_COLUMNS: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "description": ("string", False),
    "data_type": ("string", False),
    "category": ("string", True),
    "magnesium_mg_per_100g": ("float", True),
    "energy_kcal_per_100g": ("float", True),
    "energy_source": ("string", True),
    "publication_date": ("string", True),
}
#: column -> (type family, nullable): what the refresh derives from it.
DERIVED_COLUMNS: dict[str, tuple[str, bool]] = {
    "family": ("string", False),
    **{f"has_{tag}": ("bool", False) for tag in TAG_NAMES},
    "eaten_as_such": ("bool", False),
    "commonly_eaten": ("bool", False),
    "everyday_score": ("float", False),
    "serving_portion": ("string", True),
    "serving_grams": ("float", True),
    "serving_kind": ("string", True),
    "serving_cups": ("float", True),
}
FOOD_SCHEMA: dict[str, tuple[str, bool]] = {**SOURCE_COLUMNS, **DERIVED_COLUMNS}
PORTION_SCHEMA: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "seq_num": ("int", True),
    "amount": ("float", False),
    "unit": ("string", True),
    "measure": ("string", False),
    "gram_weight": ("float", False),
}
#: The names people use for foods (FNDDS additional descriptions, SR common names).
NAME_SCHEMA: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "name": ("string", False),
    "source": ("string", False),
}
#: What an FNDDS food is made of: each SR Legacy ingredient's share of the recipe weight.
INGREDIENT_SCHEMA: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "ingredient_fdc_id": ("int", False),
    "share": ("float", False),
}
DATA_TYPE_VALUES = frozenset({"foundation", "sr_legacy", "survey_fndds", "branded"})


def check_foods(foods: pd.DataFrame) -> list[str]:
    """Value checks on the foods table (ids unique, known data types, no negative values)."""
    problems = []
    if foods["fdc_id"].duplicated().any():
        problems.append(f"{FOODS_FILE} repeats {int(foods['fdc_id'].duplicated().sum())} fdc_id(s)")
    unknown = set(foods["data_type"].dropna().unique().tolist()) - DATA_TYPE_VALUES
    if unknown:
        problems.append(f"{FOODS_FILE} has unknown data_type(s) {sorted(unknown)}")
    scores = foods.get("everyday_score", pd.Series(dtype="float64"))
    outside = int((~scores.between(0.0, 1.0)).sum())
    if outside:
        problems.append(f"{FOODS_FILE} has {outside} everyday_score values outside 0-1")
    for column in ("magnesium_mg_per_100g", "energy_kcal_per_100g", "serving_grams"):
        negative = int((foods[column] < 0).sum())
        if negative:
            problems.append(f"{FOODS_FILE} has {negative} negative {column}")
    too_much = int((foods["magnesium_mg_per_100g"] > 10_000).sum())
    if too_much:
        problems.append(f"{FOODS_FILE} has {too_much} magnesium values above 10 g per 100 g")
    if foods.empty:
        problems.append(f"{FOODS_FILE} has no rows")
    return problems


def check_portions(portions: pd.DataFrame, foods: pd.DataFrame | None) -> list[str]:
    """Value checks on the portions table (positive weights, known foods)."""
    problems = []
    if (portions["gram_weight"] <= 0).any():
        problems.append(f"{PORTIONS_FILE} has non-positive gram_weight values")
    if (portions["amount"] <= 0).any():
        problems.append(f"{PORTIONS_FILE} has non-positive amount values")
    if foods is not None:
        orphans = int((~portions["fdc_id"].isin(foods["fdc_id"])).sum())
        if orphans:
            problems.append(f"{PORTIONS_FILE} has {orphans} rows for foods not in {FOODS_FILE}")
    return problems


_DTYPES = {"int": "int64", "float": "float64", "string": "string", "bool": "bool"}


def empty_frame(schema: dict[str, tuple[str, bool]]) -> pd.DataFrame:
    """A table with a schema's columns and no rows."""
    frame = pd.DataFrame({column: [] for column in schema})
    return frame.astype({c: _DTYPES[family] for c, (family, _) in schema.items()})


def empty_names() -> pd.DataFrame:
    return empty_frame(NAME_SCHEMA)


def empty_ingredients() -> pd.DataFrame:
    return empty_frame(INGREDIENT_SCHEMA)
