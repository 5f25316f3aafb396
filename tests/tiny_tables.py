"""In-memory FoodTables for unit tests, built from short rows (no parquet, no disk)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from magfood.foods.derive import derive_columns
from magfood.table import FoodTable

#: A food row: (fdc_id, description[, data_type[, category[, Mg mg/100 g[, kcal/100 g]]]]).
FoodRow = tuple[object, ...]
#: A portion row: (fdc_id, amount, unit or None, measure text, gram_weight of the measure).
PortionRow = tuple[int, float, str | None, str, float]

_FOOD_DEFAULTS = (None, "", "sr_legacy", None, float("nan"), 100.0)


def food_table(
    foods: Sequence[FoodRow],
    portions: Sequence[PortionRow] = (),
    names: Sequence[tuple[int, str]] = (),
    ingredients: Sequence[tuple[int, int, float]] = (),
) -> FoodTable:
    """A FoodTable with the shipped table's columns and dtypes, derived columns included
    (computed as the refresh computes them); ``names`` are (fdc_id, name) pairs and
    ``ingredients`` (fdc_id, ingredient_fdc_id, share) triples."""
    rows = [tuple(row) + _FOOD_DEFAULTS[len(row) :] for row in foods]
    frame = pd.DataFrame(
        {
            "fdc_id": pd.array([r[0] for r in rows], dtype="int64"),
            "description": pd.array([r[1] for r in rows], dtype="string"),
            "data_type": pd.array([r[2] for r in rows], dtype="string"),
            "category": pd.array([r[3] for r in rows], dtype="string"),
            "magnesium_mg_per_100g": pd.array([r[4] for r in rows], dtype="float64"),
            "energy_kcal_per_100g": pd.array([r[5] for r in rows], dtype="float64"),
            "energy_source": pd.array(["1008"] * len(rows), dtype="string"),
            "publication_date": pd.array(["2019-04-01"] * len(rows), dtype="string"),
        }
    ).set_index("fdc_id", drop=False)
    frame.index.name = None
    table = pd.DataFrame(
        {
            "fdc_id": pd.array([p[0] for p in portions], dtype="int64"),
            "seq_num": pd.array(range(1, len(portions) + 1), dtype="Int64"),
            "amount": pd.array([p[1] for p in portions], dtype="float64"),
            "unit": pd.array([p[2] for p in portions], dtype="string"),
            "measure": pd.array([p[3] for p in portions], dtype="string"),
            "gram_weight": pd.array([p[4] for p in portions], dtype="float64"),
        }
    )
    named = pd.DataFrame(
        {
            "fdc_id": pd.array([n[0] for n in names], dtype="int64"),
            "name": pd.array([n[1] for n in names], dtype="string"),
            "source": pd.array(["additional description"] * len(names), dtype="string"),
        }
    )
    made_of = pd.DataFrame(
        {
            "fdc_id": pd.array([i[0] for i in ingredients], dtype="int64"),
            "ingredient_fdc_id": pd.array([i[1] for i in ingredients], dtype="int64"),
            "share": pd.array([i[2] for i in ingredients], dtype="float64"),
        }
    )
    return FoodTable(derive_columns(frame, table, made_of), table, {}, Path("."), named, made_of)
