"""The matcher's index stored with the table (magfood/meals/index_store.py): the stored copy
equals the one built in-process, and a missing, stale or corrupt copy is rebuilt with one
warning."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from magfood.meals import index_store
from magfood.meals.index import DERIVED, FoodIndex, food_index, store_index
from magfood.table import (
    FOODS_FILE,
    INDEX_FILE,
    INGREDIENTS_FILE,
    MANIFEST_FILE,
    NAMES_FILE,
    PORTIONS_FILE,
    FoodTable,
    load_table,
    portions_by_food,
    read_portions,
    read_table,
    servings,
)
from tests.tiny_tables import food_table

FOODS = [
    (1, "Cheese, blue", "sr_legacy", "Dairy and Egg Products", 23.0),
    (2, "Collards, raw", "sr_legacy", "Vegetables", 27.0),
    (3, "Collards, cooked, boiled, drained, without salt", "sr_legacy", "Vegetables", 21.0),
    (4, "Collards, fresh, cooked, no added fat", "survey_fndds", "Vegetables", 20.0),
    (5, "Milk, reduced fat, fluid, 2% milkfat", "sr_legacy", "Dairy and Egg Products", 11.0),
    (6, "Candies, MARS SNACKFOOD US, SNICKERS Bar", "sr_legacy", "Sweets", 60.0),
    (7, "Tangerines, (mandarin oranges), canned, light syrup pack", "sr_legacy", "Fruits", 8.0),
    (8, "Orange, canned, NFS", "survey_fndds", "Citrus fruits", 8.0),
    (9, "Chocolate, dark, 70-85% cacao solids", "sr_legacy", "Sweets", 228.0),
    (10, "Babyfood, cereal, oatmeal, dry", "sr_legacy", "Baby Foods", 150.0),
    (11, "Crème fraîche, café au lait", "survey_fndds", "Dairy", 9.0),
]
NAMES = [(1, "Stilton"), (4, "collard greens"), (8, "mandarin orange"), (11, "crème")]
INGREDIENTS = [(4, 2, 0.997), (8, 7, 1.0)]
PORTIONS = [(2, 1.0, "cup", "1 cup, chopped", 36.0), (5, 1.0, "cup", "1 cup", 244.0)]


def differences(stored: FoodIndex, built: FoodIndex) -> list[str]:
    """The derived parts in which two indexes differ (values and array types)."""
    return [
        name
        for name in ("fdc_ids", *DERIVED)
        if not _same(getattr(stored, name), getattr(built, name))
    ]


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.dtype != b.dtype:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        fields = a.__dataclass_fields__  # type: ignore[attr-defined]
        return type(a) is type(b) and all(_same(getattr(a, f), getattr(b, f)) for f in fields)
    if isinstance(a, str | frozenset | tuple | int | float):
        return a == b
    left, right = list(a), list(b)  # type: ignore[call-overload]
    return len(left) == len(right) and all(_same(x, y) for x, y in zip(left, right, strict=True))


def write_folder(table: FoodTable, folder: Path) -> Path:
    """A table folder as the refresh leaves it: the four files, a manifest and the index."""
    folder.mkdir(parents=True)
    frames = {
        FOODS_FILE: table.foods,
        PORTIONS_FILE: table.portions,
        NAMES_FILE: table.names,
        INGREDIENTS_FILE: table.ingredients,
    }
    for name, frame in frames.items():
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), folder / name)
    (folder / MANIFEST_FILE).write_text(json.dumps({"sources": [], "counts": {}}))
    store_index(folder)
    return folder


@pytest.fixture
def tiny_folder(tmp_path: Path) -> Path:
    table = food_table(FOODS, PORTIONS, names=NAMES, ingredients=INGREDIENTS)
    return write_folder(table, tmp_path / "data")


def stored_and_built(folder: Path) -> tuple[FoodIndex, FoodIndex]:
    table = read_table(folder)
    return FoodIndex.from_parts(table, index_store.read_parts(table)), FoodIndex(table)


def test_the_stored_tiny_index_equals_the_built_one(tiny_folder: Path) -> None:
    stored, built = stored_and_built(tiny_folder)
    assert differences(stored, built) == []
    assert stored.names[stored.row_of[4]] == (frozenset({"collard", "green"}),)
    assert stored.tokens[stored.row_of[11]] == built.tokens[built.row_of[11]]
    assert "70%" in stored.postings and "creme" in stored.vocabulary


def test_the_shipped_index_equals_the_one_built_from_the_shipped_table() -> None:
    table = load_table()
    stored = FoodIndex.from_parts(table, index_store.read_parts(table))
    assert differences(stored, FoodIndex(table)) == []
    assert table.manifest["index"]["file"] == INDEX_FILE


def test_the_shipped_table_loads_its_stored_index(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="magfood"):
        index = food_index(read_table(load_table().data_dir))
    assert caplog.messages == []
    assert isinstance(index.tokens, index_store.RowWords)


def test_a_table_made_in_memory_builds_its_index_without_a_word(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="magfood"):
        index = food_index(food_table(FOODS))
    assert caplog.messages == [] and isinstance(index.tokens, list)


def _loaded_with_warning(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> tuple[FoodIndex, list[str]]:
    with caplog.at_level(logging.WARNING, logger="magfood"):
        index = food_index(read_table(folder))
    return index, caplog.messages


def test_a_missing_index_is_built_with_one_warning(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tiny_folder / INDEX_FILE).unlink()
    index, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1 and "\n" not in messages[0]
    assert f"the stored index {tiny_folder / INDEX_FILE} is missing" in messages[0]
    assert "building it in this process" in messages[0] and "magfood refresh" in messages[0]
    assert isinstance(index.tokens, list)
    assert differences(index, FoodIndex(read_table(tiny_folder))) == []


def test_a_manifest_without_an_index_is_built_with_one_warning(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A table folder from before the index was stored."""
    (tiny_folder / MANIFEST_FILE).write_text(json.dumps({"sources": [], "counts": {}}))
    _, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1 and "is not recorded in the table's manifest" in messages[0]


def test_an_index_of_another_table_is_stale(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    manifest = json.loads((tiny_folder / MANIFEST_FILE).read_text())
    manifest["index"]["table"] = "0" * 64
    (tiny_folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    _, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1
    assert "is stale (built from another table or code)" in messages[0]


def test_an_index_built_by_other_code_is_stale(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_store, "code_fingerprint", lambda: "changed words.toml")
    index, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1 and "is stale" in messages[0]
    assert isinstance(index.tokens, list)


def test_an_index_whose_foods_are_not_the_tables_is_stale(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    other = write_folder(food_table(FOODS[:5]), tiny_folder.parent / "other")
    (tiny_folder / INDEX_FILE).write_bytes((other / INDEX_FILE).read_bytes())
    manifest = json.loads((tiny_folder / MANIFEST_FILE).read_text())
    manifest["index"] = json.loads((other / MANIFEST_FILE).read_text())["index"]
    (tiny_folder / MANIFEST_FILE).write_text(json.dumps(manifest))
    _, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1 and "stale (its foods are not the table's)" in messages[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"not an index at all",
        lambda data: data[:200] + bytes(200) + data[400:],  # a block zeroed
    ],
    ids=["truncated", "garbage", "zeroed"],
)
def test_a_corrupt_index_is_named_and_built_with_one_warning(
    tiny_folder: Path, caplog: pytest.LogCaptureFixture, damage
) -> None:
    path = tiny_folder / INDEX_FILE
    path.write_bytes(damage(path.read_bytes()))
    index, messages = _loaded_with_warning(tiny_folder, caplog)
    assert len(messages) == 1 and "\n" not in messages[0]
    assert f"the stored index {path} is" in messages[0]
    assert "corrupt" in messages[0] or "stale" in messages[0]
    assert differences(index, FoodIndex(read_table(tiny_folder))) == []


def test_the_stored_file_is_plain_arrays_and_the_same_bytes_each_build(
    tiny_folder: Path, tmp_path: Path
) -> None:
    with np.load(tiny_folder / INDEX_FILE, allow_pickle=False) as stored:
        kinds = {stored[name].dtype.kind for name in stored.files}
    assert kinds <= {"i", "u", "f", "b"}  # no objects, nothing pickled
    again = write_folder(read_table(tiny_folder), tmp_path / "again")
    assert (again / INDEX_FILE).read_bytes() == (tiny_folder / INDEX_FILE).read_bytes()


def test_portions_and_servings_read_per_food_equal_reading_them_all() -> None:
    table = load_table()
    lazy = portions_by_food(table)
    assert dict(lazy) == read_portions(table.portions) and len(lazy) == 12928
    found = servings(table)
    known = table.foods[table.foods["serving_grams"].notna()]
    assert len(found) == len(known)
    grams = known["serving_grams"].to_numpy(dtype=float)
    mg = grams * known["magnesium_mg_per_100g"].to_numpy(dtype=float) / 100
    for fdc_id, portion, g, m in zip(
        known["fdc_id"].tolist(), known["serving_portion"].tolist(), grams, mg, strict=True
    ):
        serving = found[fdc_id]
        assert (serving.portion, serving.grams) == (portion, g)
        assert serving.magnesium_mg == (None if pd.isna(m) else round(float(m), 1))
