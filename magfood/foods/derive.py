"""What the refresh derives from a built table, once, for every process to read.

``derive_columns`` adds ``table.DERIVED_COLUMNS`` to the foods of a freshly built table:
family, diet and allergen tags, eaten-as-such, commonly eaten, the everyday score and the
one serving.
"""

from __future__ import annotations

import pandas as pd

from magfood.foods.everyday import derive_everyday
from magfood.foods.families import derive_eaten, derive_families, derive_tags
from magfood.foods.kinds import derive_commonly_eaten
from magfood.foods.servings import derive_servings
from magfood.table import DERIVED_COLUMNS, read_portions
from magfood.table.schema import empty_ingredients


def derive_columns(
    foods: pd.DataFrame, portions: pd.DataFrame, ingredients: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``foods`` (source columns only) with the derived columns added, in schema order;
    ``ingredients`` (what FNDDS foods are made of) feeds the everyday score."""
    base = foods.drop(columns=[c for c in DERIVED_COLUMNS if c in foods], errors="ignore")
    family = derive_families(base)
    derived = pd.concat(
        [
            family,
            derive_tags(base, family),
            derive_eaten(base, family),
            derive_commonly_eaten(base),
            derive_everyday(
                base, portions, empty_ingredients() if ingredients is None else ingredients
            ),
            derive_servings(base, read_portions(portions), family),
        ],
        axis=1,
    )
    return pd.concat([base, derived[list(DERIVED_COLUMNS)]], axis=1)
