"""Loading ``data/``: read and check the three files, once per process.

Loaded through an ``lru_cache`` keyed on the files' modification times (``table_stamp``),
so a refresh is picked up; the page keys its own cache on the same stamp. Every load first
recovers a swap a killed refresh left half done (``journal.recover``) and reads under the
folder's shared lock, so it sees the complete old or the complete new table, never a mix.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from magfood.errors import FoodTableError
from magfood.table.journal import locked, recover
from magfood.table.schema import (
    FOOD_SCHEMA,
    FOODS_FILE,
    INGREDIENT_SCHEMA,
    INGREDIENTS_FILE,
    MANIFEST_FILE,
    NAME_SCHEMA,
    NAMES_FILE,
    PORTION_SCHEMA,
    PORTIONS_FILE,
    TABLE_FILES,
    check_foods,
    check_portions,
)
from magfood.table.table import FoodTable

REFRESH_HINT = (
    "rebuild it with `magfood refresh --from PATH` (a FDC bulk CSV folder or zip), "
    "`magfood refresh` (download), or restore the shipped copy with `git checkout data/`"
)


def default_data_dir() -> Path:
    """``$MAGFOOD_DATA`` if set, else the ``data/`` folder beside the package."""
    env = os.environ.get("MAGFOOD_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def table_stamp(data_dir: Path | None = None) -> tuple[str, tuple[int, ...]]:
    """The table folder and its files' modification times: a new stamp after a refresh."""
    directory = (data_dir or default_data_dir()).resolve()
    return str(directory), tuple(_mtime(directory / name) for name in TABLE_FILES)


def load_table(data_dir: Path | None = None) -> FoodTable:
    """Load and check the food table; cached until one of its files changes."""
    recover_table(data_dir)
    directory, stamps = table_stamp(data_dir)
    return _load_cached(directory, stamps)


def recover_table(data_dir: Path | None = None) -> str | None:
    """Repair what an interrupted refresh left in the table folder (see ``journal``); what
    was done, or None. Cheap when there is nothing to do: one listing of the folder."""
    return recover(data_dir or default_data_dir())


def clear_cache() -> None:
    _load_cached.cache_clear()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=4)
def _load_cached(directory: str, stamps: tuple[int, ...]) -> FoodTable:
    del stamps  # part of the cache key only
    with locked(Path(directory), exclusive=False):
        return read_table(Path(directory))


def read_table(directory: Path) -> FoodTable:
    """Read and check the three files, uncached. Raises FoodTableError listing every problem."""
    problems: list[str] = []
    foods = _read_parquet(directory / FOODS_FILE, FOOD_SCHEMA, problems)
    portions = _read_parquet(directory / PORTIONS_FILE, PORTION_SCHEMA, problems)
    names = _read_parquet(directory / NAMES_FILE, NAME_SCHEMA, problems)
    ingredients = _read_parquet(directory / INGREDIENTS_FILE, INGREDIENT_SCHEMA, problems)
    manifest = _read_manifest(directory / MANIFEST_FILE, problems)
    if foods is not None:
        problems += check_foods(foods)
    if portions is not None:
        problems += check_portions(portions, foods)
    if problems or foods is None or portions is None or manifest is None:
        raise FoodTableError(
            f"the food table in {directory} cannot be used: "
            + "; ".join(problems)
            + f". Fix: {REFRESH_HINT}."
        )
    assert names is not None and ingredients is not None
    foods = foods.set_index("fdc_id", drop=False).rename_axis(None)
    return FoodTable(foods, portions, manifest, directory, names, ingredients)


def _read_parquet(
    path: Path, schema: dict[str, tuple[str, bool]], problems: list[str]
) -> pd.DataFrame | None:
    if not path.exists():
        problems.append(f"{path.name} is missing")
        return None
    try:
        with pq.ParquetFile(path) as parquet:  # read_table would import pyarrow.dataset
            table = parquet.read()
    except (pa.ArrowException, OSError, ValueError) as exc:
        problems.append(f"{path.name} is corrupt or truncated ({str(exc).splitlines()[0]})")
        return None
    before = len(problems)
    for column, (family, _nullable) in schema.items():
        if column not in table.column_names:
            problems.append(f"{path.name} lacks column {column!r}")
        elif not _is_family(table.schema.field(column).type, family):
            problems.append(
                f"{path.name} column {column!r} is {table.schema.field(column).type},"
                f" expected {family}"
            )
    if len(problems) > before:
        return None
    frame: pd.DataFrame = table.select(list(schema)).to_pandas()
    for column, (family, nullable) in schema.items():
        if family == "string":
            frame[column] = frame[column].astype("string")
        if not nullable and frame[column].isna().any():
            problems.append(
                f"{path.name} column {column!r} has {frame[column].isna().sum()} empty values"
            )
    return frame


def _is_family(arrow_type: pa.DataType, family: str) -> bool:
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    checks = {
        "int": pa.types.is_integer,
        "float": pa.types.is_floating,
        "bool": pa.types.is_boolean,
        "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    }
    return bool(checks[family](arrow_type))


def _read_manifest(path: Path, problems: list[str]) -> dict[str, Any] | None:
    if not path.exists():
        problems.append(f"{path.name} is missing")
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{path.name} is not valid JSON ({exc})")
        return None
    if not isinstance(manifest, dict) or "sources" not in manifest or "counts" not in manifest:
        problems.append(f"{path.name} lacks 'sources' or 'counts'")
        return None
    return manifest
