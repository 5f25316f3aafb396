"""Full-format FDC API foods -> the food and portion tables, in exactly the bulk build's
shape: the same columns, energy rule, portion labels and counts (``api`` fetches them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from magfood.fdc.bulk import (
    ENERGY_PREFERENCE,
    FOOD_COLUMNS,
    MAGNESIUM,
    NUMBER_TO_ID,
    PORTION_SOURCE_COLUMNS,
    ReleaseTables,
    count_rows,
    iso_dates,
    label_portions,
    nutrient_columns,
)

#: magfood dataset -> FDC API ``dataType`` (spelled exactly as the API wants it).
API_DATA_TYPES: dict[str, str] = {
    "foundation": "Foundation",
    "sr_legacy": "SR Legacy",
    "survey_fndds": "Survey (FNDDS)",
    "branded": "Branded",
}
_DATASET_OF = {name: dataset for dataset, name in API_DATA_TYPES.items()}
_WANTED_IDS = frozenset({MAGNESIUM, *ENERGY_PREFERENCE})


def tables_from_foods(items: Iterable[dict[str, Any]]) -> ReleaseTables:
    """Foods and portions in the bulk build's shape from full-format API foods."""
    food_rows: list[dict[str, Any]] = []
    nutrient_rows: list[tuple[int, int, float]] = []
    portion_rows: list[dict[str, str]] = []
    unit_names: dict[str, str] = {}
    dropped = 0
    for item in items:
        dataset = _DATASET_OF.get(str(item.get("dataType")))
        fdc_id = item.get("fdcId")
        if dataset is None or not isinstance(fdc_id, int):
            dropped += 1
            continue
        food_rows.append(_food_row(item, fdc_id, dataset))
        nutrient_rows.extend((fdc_id, n, a) for n, a in _nutrients(item))
        portion_rows.extend(_portion_rows(item, fdc_id, dataset, unit_names))
    return _tables(food_rows, nutrient_rows, portion_rows, unit_names, dropped)


def _tables(
    food_rows: list[dict[str, Any]],
    nutrient_rows: list[tuple[int, int, float]],
    portion_rows: list[dict[str, str]],
    unit_names: dict[str, str],
    dropped: int,
) -> ReleaseTables:
    columns = ["fdc_id", "description", "data_type", "category", "publication_date"]
    food = pd.DataFrame(food_rows, columns=columns).drop_duplicates("fdc_id")
    food["fdc_id"] = food["fdc_id"].astype("int64")
    for column in ("description", "data_type", "category"):
        food[column] = food[column].astype("string")
    food["publication_date"] = iso_dates(food["publication_date"])
    nutrients = pd.DataFrame(nutrient_rows, columns=["fdc_id", "nutrient_id", "amount"])
    values = nutrient_columns(nutrients.astype({"fdc_id": "int64", "nutrient_id": "int64"}))
    foods = food.join(values, on="fdc_id").reindex(columns=list(FOOD_COLUMNS))
    foods = foods.astype({"magnesium_mg_per_100g": "float64", "energy_kcal_per_100g": "float64"})
    raw = pd.DataFrame(
        portion_rows,
        columns=["fdc_id", "gram_weight", *PORTION_SOURCE_COLUMNS],
    )
    portions, portions_dropped = label_portions(raw, unit_names, foods)
    counts = count_rows(foods, portions, portions_dropped, dropped)
    return ReleaseTables(foods.reset_index(drop=True), portions, counts)


def _food_row(item: dict[str, Any], fdc_id: int, dataset: str) -> dict[str, Any]:
    return {
        "fdc_id": fdc_id,
        "description": str(item.get("description") or "").strip(),
        "data_type": dataset,
        "category": _category(item),
        "publication_date": item.get("publicationDate") or item.get("publishedDate"),
    }


def _category(item: dict[str, Any]) -> str | None:
    """FDC category (Foundation/SR), WWEIA category (FNDDS) or Branded's own."""
    category = item.get("foodCategory")
    if isinstance(category, dict):
        return _text(category.get("description"))
    if isinstance(category, str):
        return _text(category)
    wweia = item.get("wweiaFoodCategory")
    if isinstance(wweia, dict):
        return _text(wweia.get("wweiaFoodCategoryDescription"))
    return _text(item.get("brandedFoodCategory"))


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _nutrients(item: dict[str, Any]) -> Iterator[tuple[int, float]]:
    """(nutrient id, amount per 100 g) for Mg and energy, in full, abridged or search shape."""
    for entry in item.get("foodNutrients") or ():
        if not isinstance(entry, dict):
            continue
        nested = entry.get("nutrient")
        nutrient_id = _nutrient_id(nested if isinstance(nested, dict) else entry)
        amount = entry.get("amount", entry.get("value"))
        if nutrient_id in _WANTED_IDS and isinstance(amount, int | float):
            yield nutrient_id, float(amount)


def _nutrient_id(nutrient: dict[str, Any]) -> int | None:
    for key in ("id", "nutrientId"):
        value = nutrient.get(key)
        if isinstance(value, int) and value in _WANTED_IDS:
            return value
    for key in ("number", "nutrientNumber"):
        try:
            return NUMBER_TO_ID.get(int(float(nutrient.get(key) or "")))
        except ValueError:
            continue
    return None


def _portion_rows(
    item: dict[str, Any], fdc_id: int, dataset: str, unit_names: dict[str, str]
) -> Iterator[dict[str, str]]:
    """food_portion-style text rows: Foundation, SR Legacy and FNDDS portions, Branded serving."""
    for portion in item.get("foodPortions") or ():
        if not isinstance(portion, dict):
            continue
        measure_unit = portion.get("measureUnit")
        unit: dict[str, Any] = measure_unit if isinstance(measure_unit, dict) else {}
        unit_id = str(unit.get("id", "9999"))
        unit_names.setdefault(unit_id, str(unit.get("name") or "undetermined"))
        yield {
            "fdc_id": str(fdc_id),
            "seq_num": _cell(portion.get("sequenceNumber")),
            # FNDDS has no amount: the count is in portionDescription ("1 1/2 cups")
            "amount": "" if dataset == "survey_fndds" else _cell(portion.get("amount")),
            "measure_unit_id": unit_id,
            "portion_description": _cell(portion.get("portionDescription")),
            "modifier": _cell(portion.get("modifier")),
            "gram_weight": _cell(portion.get("gramWeight")),
        }
    serving = _branded_serving(item, fdc_id)
    if serving is not None:
        yield serving


def _branded_serving(item: dict[str, Any], fdc_id: int) -> dict[str, str] | None:
    """Branded label serving as a portion when its size is in grams (ml has no density)."""
    text = _cell(item.get("householdServingFullText"))
    unit = _cell(item.get("servingSizeUnit")).lower()
    if not text or unit not in {"g", "grm"}:
        return None
    return {
        "fdc_id": str(fdc_id),
        "seq_num": "",
        "amount": "",
        "measure_unit_id": "9999",
        "portion_description": text,
        "modifier": "",
        "gram_weight": _cell(item.get("servingSize")),
    }


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()
