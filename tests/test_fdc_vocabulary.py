"""USDA's vocabulary read by the refresh: names people use and FNDDS recipes (fdc/vocabulary)."""

from __future__ import annotations

import pytest

from magfood.fdc.vocabulary import (
    ADDITIONAL_DESCRIPTION,
    COMMON_NAME,
    combine_vocabulary,
    names_from_rows,
    vocabulary_from_items,
)
from magfood.table import FoodTable


def test_names_are_split_cleaned_and_sourced() -> None:
    names = names_from_rows(
        [
            (1, "1001", "Stilton; Gorgonzola"),
            (2, "1000", "Latino food, pastelios de guava"),
            (3, "1000", "URMIS #1209"),
            (3, "1000", "Biceps femoris, URMIS #1421"),
            (4, "1000", "Latino food"),
            (5, "999", "Milk, reduced fat"),  # a WWEIA attribute, not a name
            (6, "1002", "Moisture change: 0%"),
            (7, "1001", "  hot   pocket "),
        ]
    )
    assert list(zip(names["fdc_id"], names["name"], names["source"], strict=True)) == [
        (1, "Stilton", ADDITIONAL_DESCRIPTION),
        (1, "Gorgonzola", ADDITIONAL_DESCRIPTION),
        (2, "pastelios de guava", COMMON_NAME),
        (7, "hot pocket", ADDITIONAL_DESCRIPTION),
    ]


def test_api_details_give_the_same_vocabulary() -> None:
    fndds = {
        "fdcId": 2709225,
        "foodAttributes": [
            {"value": "fried", "foodAttributeType": {"id": 1001}},
            {"value": "Moisture change: -15%", "foodAttributeType": {"id": 1002}},
            {"name": "WWEIA Category number", "value": "6004", "foodAttributeType": {"id": 999}},
        ],
        "inputFoods": [
            {"ingredientCode": 9040, "ingredientWeight": 90},
            {"ingredientCode": 4582, "ingredientWeight": 10},
        ],
    }
    banana = {"fdcId": 173944, "ndbNumber": 9040, "foodAttributes": []}
    names, links = combine_vocabulary([vocabulary_from_items([fndds, banana])])
    assert list(names["name"]) == ["fried"]
    assert list(zip(links["fdc_id"], links["ingredient_fdc_id"], links["share"], strict=True)) == [
        (2709225, 173944, pytest.approx(0.9))  # the oil (NDB 4582) is not in this table
    ]


def test_the_shipped_table_knows_names_people_use(table: FoodTable) -> None:
    by_name = dict(zip(table.names["name"].str.lower(), table.names["fdc_id"], strict=False))
    for name in ("dreamsicle", "stilton", "hot or lean pocket", "manwich", "kasha"):
        assert name in by_name, name
    assert table.manifest["totals"]["names"] == len(table.names) > 9_000


def test_single_ingredient_fndds_foods_name_their_sr_twin(table: FoodTable) -> None:
    links = table.ingredients
    whole_milk = links[(links["fdc_id"] == 2705385)]  # Milk, whole (FNDDS)
    assert list(whole_milk["ingredient_fdc_id"]) == [171265]  # Milk, whole, 3.25% (SR)
    assert whole_milk["share"].iloc[0] == pytest.approx(1.0)
    assert (links.groupby("fdc_id")["share"].sum() <= 1.0 + 1e-9).all()
