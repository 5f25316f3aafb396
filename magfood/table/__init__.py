"""The food table: ``data/foods.parquet``, ``data/portions.parquet``, ``data/manifest.json``.

``load_table`` reads and checks it once per process; a ``FoodTable`` answers a food's
portions and its one serving, and keeps whatever is derived from it (``per_table``).
"""

from magfood.table.load import (
    REFRESH_HINT,
    clear_cache,
    default_data_dir,
    load_table,
    read_table,
    recover_table,
    table_stamp,
)
from magfood.table.portions import UNSPECIFIED, Portion, read_portions
from magfood.table.schema import (
    DERIVED_COLUMNS,
    FOOD_SCHEMA,
    FOODS_FILE,
    INDEX_FILE,
    INGREDIENT_SCHEMA,
    INGREDIENTS_FILE,
    MANIFEST_FILE,
    NAME_SCHEMA,
    NAMES_FILE,
    PORTION_SCHEMA,
    PORTIONS_FILE,
    SOURCE_COLUMNS,
    TABLE_FILES,
    TAG_NAMES,
)
from magfood.table.table import FoodTable, Serving, per_table, portions_by_food, servings

__all__ = [
    "DERIVED_COLUMNS",
    "FOODS_FILE",
    "FOOD_SCHEMA",
    "INDEX_FILE",
    "INGREDIENTS_FILE",
    "INGREDIENT_SCHEMA",
    "MANIFEST_FILE",
    "NAMES_FILE",
    "NAME_SCHEMA",
    "PORTIONS_FILE",
    "PORTION_SCHEMA",
    "REFRESH_HINT",
    "SOURCE_COLUMNS",
    "TABLE_FILES",
    "TAG_NAMES",
    "UNSPECIFIED",
    "FoodTable",
    "Portion",
    "Serving",
    "clear_cache",
    "default_data_dir",
    "load_table",
    "per_table",
    "portions_by_food",
    "read_portions",
    "read_table",
    "recover_table",
    "servings",
    "table_stamp",
]
