"""The food table loader: the shipped data/, its schema check and its cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import magfood.table as foods
from magfood.errors import FoodTableError
from magfood.table import schema

SHIPPED = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def table() -> foods.FoodTable:
    return foods.load_table(SHIPPED)


def test_shipped_table_matches_its_manifest(table) -> None:
    totals = table.manifest["totals"]
    assert len(table.foods) == totals["foods"] == 13_225
    assert len(table.portions) == totals["portions"] == 36_494
    assert int(table.foods["magnesium_mg_per_100g"].notna().sum()) == totals["foods_with_magnesium"]
    assert table.foods["data_type"].value_counts().to_dict() == {
        "sr_legacy": 7_793,
        "survey_fndds": 5_432,
    }


def test_shipped_columns_and_types(table) -> None:
    assert list(table.foods.columns) == list(foods.FOOD_SCHEMA)
    assert list(table.portions.columns) == list(foods.PORTION_SCHEMA)
    assert table.foods["fdc_id"].dtype == "int64"
    assert table.foods["description"].dtype == "string"
    assert table.foods["magnesium_mg_per_100g"].dtype == "float64"
    assert table.portions["gram_weight"].dtype == "float64"
    assert (table.foods.index == table.foods["fdc_id"]).all()


# fdc_id -> (Mg, kcal, a portion measure and its grams): PROVENANCE.md spot checks
SPOT_CHECKS = [
    (170557, 550.0, 574.0, "1 cup", 118.0),
    (168462, 79.0, 23.0, "1 cup", 30.0),
    (170567, 270.0, 579.0, "1 cup, whole", 143.0),
    (173944, 27.0, 89.0, "1 cup, mashed", 225.0),
    (171265, 10.0, 61.0, "1 cup", 244.0),
    (2709614, 93.0, 27.0, "1 cup", 25.0),
]


@pytest.mark.parametrize(("fdc_id", "magnesium", "kcal", "measure", "grams"), SPOT_CHECKS)
def test_shipped_spot_checks(table, fdc_id, magnesium, kcal, measure, grams) -> None:
    food = table.foods.loc[fdc_id]
    assert (food["magnesium_mg_per_100g"], food["energy_kcal_per_100g"]) == (magnesium, kcal)
    portions = table.portions_of(fdc_id)
    assert [p.gram_weight for p in portions if p.measure == measure] == [grams]


def test_unknown_magnesium_is_null_never_zero(table) -> None:
    missing = table.foods["magnesium_mg_per_100g"].isna().sum()
    assert missing == table.manifest["totals"]["foods_without_magnesium"] == 396


def test_load_is_cached_until_a_file_changes(installed_data) -> None:
    first = foods.load_table(installed_data)
    assert foods.load_table(installed_data) is first
    manifest = installed_data / "manifest.json"
    stat = manifest.stat()
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert foods.load_table(installed_data) is not first


def test_default_data_dir_honours_env(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MAGFOOD_DATA", str(tmp_path))
    assert foods.default_data_dir() == tmp_path
    monkeypatch.delenv("MAGFOOD_DATA")
    assert foods.default_data_dir() == SHIPPED


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _drop_column(path: Path, column: str) -> None:
    table = pq.read_table(path)
    pq.write_table(table.drop_columns([column]), path)


def _retype(path: Path, column: str, kind: pa.DataType) -> None:
    table = pq.read_table(path)
    index = table.column_names.index(column)
    values = pa.array([str(v) for v in table.column(column).to_pylist()], kind)
    pq.write_table(table.set_column(index, column, values), path)


# label -> (damage done to a copy of data/, text the error must contain)
BROKEN = {
    "truncated foods": (
        lambda d: _truncate(d / "foods.parquet"),
        "foods.parquet is corrupt or truncated",
    ),
    "truncated portions": (
        lambda d: _truncate(d / "portions.parquet"),
        "portions.parquet is corrupt or truncated",
    ),
    "missing column": (
        lambda d: _drop_column(d / "portions.parquet", "gram_weight"),
        "portions.parquet lacks column 'gram_weight'",
    ),
    "retyped column": (
        lambda d: _retype(d / "foods.parquet", "magnesium_mg_per_100g", pa.string()),
        "foods.parquet column 'magnesium_mg_per_100g' is string, expected float",
    ),
    "missing file": (
        lambda d: (d / "foods.parquet").unlink(),
        "foods.parquet is missing",
    ),
    "bad manifest": (
        lambda d: (d / "manifest.json").write_text("{"),
        "manifest.json is not valid JSON",
    ),
    "manifest without counts": (
        lambda d: (d / "manifest.json").write_text("{}"),
        "manifest.json lacks 'sources' or 'counts'",
    ),
}


@pytest.mark.parametrize("label", BROKEN)
def test_broken_files_are_named_with_the_fix(installed_data, label) -> None:
    damage, problem = BROKEN[label]
    damage(installed_data)
    with pytest.raises(FoodTableError) as caught:
        foods.load_table(installed_data)
    message = str(caught.value)
    assert problem in message
    assert "magfood refresh" in message and str(installed_data) in message


def test_every_problem_is_reported_at_once(installed_data) -> None:
    _truncate(installed_data / "foods.parquet")
    _drop_column(installed_data / "portions.parquet", "gram_weight")
    _drop_column(installed_data / "portions.parquet", "measure")
    (installed_data / "manifest.json").unlink()
    with pytest.raises(FoodTableError) as caught:
        foods.read_table(installed_data)
    message = str(caught.value)
    assert "foods.parquet is corrupt or truncated" in message
    assert "portions.parquet lacks column 'measure'" in message
    assert "portions.parquet lacks column 'gram_weight'" in message
    assert "manifest.json is missing" in message


def _foods(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "fdc_id": [1, 2],
        "data_type": ["sr_legacy", "foundation"],
        "magnesium_mg_per_100g": [79.0, None],
        "energy_kcal_per_100g": [23.0, 10.0],
        "serving_grams": [30.0, None],
    }
    return pd.DataFrame({**base, **overrides})


FOOD_PROBLEMS = [
    ({}, []),
    ({"fdc_id": [1, 1]}, ["repeats 1 fdc_id"]),
    ({"data_type": ["sr_legacy", "experimental"]}, ["unknown data_type(s) ['experimental']"]),
    ({"magnesium_mg_per_100g": [-1.0, None]}, ["1 negative magnesium_mg_per_100g"]),
    ({"energy_kcal_per_100g": [-5.0, -1.0]}, ["2 negative energy_kcal_per_100g"]),
    ({"magnesium_mg_per_100g": [20_000.0, None]}, ["above 10 g per 100 g"]),
    (
        {"fdc_id": [3, 3], "magnesium_mg_per_100g": [-1.0, None]},
        ["repeats 1 fdc_id", "1 negative magnesium"],
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), FOOD_PROBLEMS)
def test_check_foods(overrides, expected) -> None:
    problems = schema.check_foods(_foods(**overrides))
    assert len(problems) == len(expected)
    for problem, text in zip(problems, expected, strict=True):
        assert text in problem


PORTION_PROBLEMS = [
    ({"fdc_id": [1], "amount": [1.0], "gram_weight": [30.0]}, []),
    ({"fdc_id": [1], "amount": [1.0], "gram_weight": [0.0]}, ["non-positive gram_weight"]),
    ({"fdc_id": [1], "amount": [-1.0], "gram_weight": [3.0]}, ["non-positive amount"]),
    ({"fdc_id": [9], "amount": [1.0], "gram_weight": [3.0]}, ["1 rows for foods not in"]),
]


@pytest.mark.parametrize(("portions", "expected"), PORTION_PROBLEMS)
def test_check_portions(portions, expected) -> None:
    problems = schema.check_portions(pd.DataFrame(portions), _foods())
    assert [p for p in problems if not any(t in p for t in expected)] == []
    assert len(problems) == len(expected)


def test_manifest_is_plain_json(table) -> None:
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    assert manifest == table.manifest
    assert {s["dataset"]: s["release"] for s in manifest["sources"]} == {
        "sr_legacy": "2018-04",
        "survey_fndds": "2024-10-31",
    }
