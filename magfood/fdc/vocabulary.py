"""USDA's own vocabulary for the food table: the names people use and what a food is made of.

From a bulk release (or API responses):

* **names**: FNDDS "Additional Description" attributes (``food_attribute.csv`` type 1001:
  "Dreamsicle", "Stilton; Gorgonzola", "hot pocket") and SR Legacy "Common Name" attributes
  (type 1000: "kasha", "pinon"), one row per name. Meat-cut codes (URMIS, IMPS, NAMP
  numbers) and the SR label "Latino food" say nothing people type and are left out.
* **ingredients**: what each FNDDS food is made of (``input_food.csv``), as the SR Legacy
  NDB number of the ingredient and its share of the recipe's weight. ``link_ingredients``
  turns NDB numbers into FDC ids once every release is read (SR Legacy's
  ``sr_legacy_food.csv`` maps them), so a single-ingredient FNDDS food names its SR twin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from magfood.fdc.bulk import Release, read_csv
from magfood.table.schema import empty_ingredients, empty_names

INGREDIENT_COLUMNS = ("fdc_id", "ingredient_fdc_id", "share")
ADDITIONAL_DESCRIPTION = "additional description"
COMMON_NAME = "common name"
_SOURCES = {"1001": ADDITIONAL_DESCRIPTION, "1000": COMMON_NAME}
#: Meat-cut codes and catalogue labels in SR common names: nothing a person types.
_NOT_A_NAME = re.compile(r"\b(?:urmis|imps|namp)\b|^latino food$|#\s*\d", re.IGNORECASE)


def names_from_rows(rows: Iterable[tuple[Any, str, str]]) -> pd.DataFrame:
    """Clean (fdc_id, attribute type id, value) rows into the names table."""
    found: dict[tuple[int, str], str] = {}
    for fdc_id, type_id, value in rows:
        source = _SOURCES.get(str(type_id).strip())
        if source is None:
            continue
        for name in _split(str(value)):
            found.setdefault((int(fdc_id), name), source)
    if not found:
        return empty_names()
    return pd.DataFrame(
        {
            "fdc_id": pd.array([k[0] for k in found], dtype="int64"),
            "name": pd.array([k[1] for k in found], dtype="string"),
            "source": pd.array(list(found.values()), dtype="string"),
        }
    )


def _split(value: str) -> list[str]:
    """ "Stilton; Gorgonzola" -> two names; "Latino food, pastelios de guava" -> the dish."""
    names = []
    for part in value.split(";"):
        text = re.sub(r"^\s*latino food,\s*", "", part, flags=re.IGNORECASE)
        text = " ".join(text.split()).strip(" ,.")
        if text and not _NOT_A_NAME.search(text) and any(c.isalpha() for c in text):
            names.append(text)
    return names


def read_names(release: Release, fdc_ids: pd.Series) -> pd.DataFrame:
    """The names of one release's foods (none if it has no ``food_attribute.csv``)."""
    if not release.has("food_attribute.csv"):
        return empty_names()
    raw = read_csv(release, "food_attribute.csv", ("fdc_id", "food_attribute_type_id", "value"))
    raw = raw[pd.to_numeric(raw["fdc_id"], errors="coerce").isin(fdc_ids)]
    return names_from_rows(
        zip(raw["fdc_id"], raw["food_attribute_type_id"], raw["value"], strict=True)
    )


def read_ingredients(release: Release, fdc_ids: pd.Series) -> pd.DataFrame:
    """One release's recipes: (fdc_id, ingredient NDB number, share of the weight)."""
    if not release.has("input_food.csv"):
        return pd.DataFrame(columns=["fdc_id", "ndb", "share"])
    raw = read_csv(release, "input_food.csv", ("fdc_id", "sr_code", "gram_weight"))
    return ingredients_from_rows(
        zip(raw["fdc_id"], raw["sr_code"], raw["gram_weight"], strict=True), fdc_ids
    )


def ingredients_from_rows(rows: Iterable[tuple[Any, Any, Any]], fdc_ids: pd.Series) -> pd.DataFrame:
    """(fdc_id, NDB number, grams) rows as (fdc_id, ndb, share of the food's recipe)."""
    frame = pd.DataFrame(list(rows), columns=["fdc_id", "ndb", "grams"])
    for column in frame.columns:
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    frame = frame.dropna()
    frame = frame[frame["fdc_id"].isin(fdc_ids) & (frame["grams"] > 0)]
    total = frame.groupby("fdc_id")["grams"].transform("sum")
    frame = frame.assign(share=frame["grams"] / total)
    summed = frame.groupby(["fdc_id", "ndb"], as_index=False)["share"].sum()
    return pd.DataFrame(summed).astype({"fdc_id": "int64", "ndb": "int64", "share": "float64"})


def read_ndb_numbers(release: Release) -> dict[int, int]:
    """SR Legacy NDB number -> FDC id (``sr_legacy_food.csv``), empty for other releases."""
    if not release.has("sr_legacy_food.csv"):
        return {}
    raw = read_csv(release, "sr_legacy_food.csv", ("fdc_id", "NDB_number"))
    pairs = zip(
        pd.to_numeric(raw["NDB_number"], errors="coerce"),
        pd.to_numeric(raw["fdc_id"], errors="coerce"),
        strict=True,
    )
    return {int(ndb): int(fdc) for ndb, fdc in pairs if pd.notna(ndb) and pd.notna(fdc)}


def link_ingredients(recipes: pd.DataFrame, ndb_to_fdc: Mapping[int, int]) -> pd.DataFrame:
    """Recipes with each ingredient named by its FDC id (ingredients not in the table go)."""
    if recipes.empty:
        return empty_ingredients()
    linked = recipes.assign(ingredient_fdc_id=recipes["ndb"].map(ndb_to_fdc)).dropna()
    linked = linked.astype({"ingredient_fdc_id": "int64"})
    return linked.reindex(columns=list(INGREDIENT_COLUMNS)).reset_index(drop=True)


@dataclass(frozen=True)
class Vocabulary:
    """What one release (or one API data type) says about its foods' names and recipes,
    with the NDB numbers it can map to FDC ids."""

    names: pd.DataFrame
    recipes: pd.DataFrame
    ndb_to_fdc: Mapping[int, int] = field(default_factory=dict)


def read_vocabulary(release: Release, fdc_ids: pd.Series) -> Vocabulary:
    """The names, recipes and NDB numbers of one bulk release."""
    return Vocabulary(
        read_names(release, fdc_ids),
        read_ingredients(release, fdc_ids),
        read_ndb_numbers(release),
    )


def vocabulary_from_items(items: Iterable[Mapping[str, Any]]) -> Vocabulary:
    """The same from FDC API food details (``foodAttributes``, ``inputFoods``, ``ndbNumber``)."""
    attributes: list[tuple[Any, str, str]] = []
    recipes: list[tuple[Any, Any, Any]] = []
    ndb: dict[int, int] = {}
    ids: list[int] = []
    for item in items:
        fdc_id = item.get("fdcId")
        if not isinstance(fdc_id, int):
            continue
        ids.append(fdc_id)
        for attribute in item.get("foodAttributes") or ():
            if isinstance(attribute, Mapping):
                kind = attribute.get("foodAttributeType") or {}
                type_id = kind.get("id") if isinstance(kind, Mapping) else None
                attributes.append((fdc_id, str(type_id), str(attribute.get("value") or "")))
        for ingredient in item.get("inputFoods") or ():
            if isinstance(ingredient, Mapping):
                grams = ingredient.get("ingredientWeight", ingredient.get("amount"))
                recipes.append((fdc_id, ingredient.get("ingredientCode"), grams))
        number = pd.to_numeric(str(item.get("ndbNumber") or ""), errors="coerce")
        if pd.notna(number):
            ndb[int(number)] = fdc_id
    known = pd.Series(ids, dtype="int64")
    return Vocabulary(names_from_rows(attributes), ingredients_from_rows(recipes, known), ndb)


def combine_vocabulary(parts: Iterable[Vocabulary]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The names and linked ingredients of several releases together."""
    parts = list(parts)
    names = [p.names for p in parts if not p.names.empty]
    all_names = pd.concat(names, ignore_index=True) if names else empty_names()
    all_names = all_names.drop_duplicates(["fdc_id", "name"]).reset_index(drop=True)
    recipes = [p.recipes for p in parts if not p.recipes.empty]
    ndb_to_fdc = {k: v for p in parts for k, v in p.ndb_to_fdc.items()}
    linked = (
        link_ingredients(pd.concat(recipes, ignore_index=True), ndb_to_fdc)
        if recipes
        else empty_ingredients()
    )
    return all_names, linked
