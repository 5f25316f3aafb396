"""The food table: ``data/foods.parquet``, ``data/portions.parquet`` and ``data/manifest.json``.

Loaded once per process (an ``lru_cache`` keyed on the files' modification times, so a
refresh is picked up) and checked against a schema that collects every problem and
reports them together with the command that fixes them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from magfood.errors import FoodTableError

FOODS_FILE = "foods.parquet"
PORTIONS_FILE = "portions.parquet"
MANIFEST_FILE = "manifest.json"
TABLE_FILES = (FOODS_FILE, PORTIONS_FILE, MANIFEST_FILE)

REFRESH_HINT = (
    "rebuild it with `magfood refresh --from PATH` (a FDC bulk CSV folder or zip), "
    "`magfood refresh` (download), or restore the shipped copy with `git checkout data/`"
)

#: column -> (pyarrow type family, nullable)
FOOD_SCHEMA: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "description": ("string", False),
    "data_type": ("string", False),
    "category": ("string", True),
    "magnesium_mg_per_100g": ("float", True),
    "energy_kcal_per_100g": ("float", True),
    "energy_source": ("string", True),
    "publication_date": ("string", True),
}
PORTION_SCHEMA: dict[str, tuple[str, bool]] = {
    "fdc_id": ("int", False),
    "seq_num": ("int", True),
    "amount": ("float", False),
    "unit": ("string", True),
    "measure": ("string", False),
    "gram_weight": ("float", False),
}
DATA_TYPE_VALUES = frozenset({"foundation", "sr_legacy", "survey_fndds", "branded"})


def default_data_dir() -> Path:
    """``$MAGFOOD_DATA`` if set, else the ``data/`` folder beside the package."""
    env = os.environ.get("MAGFOOD_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class FoodTable:
    """Foods (one row per FDC food), their household portions, and the build manifest."""

    foods: pd.DataFrame
    portions: pd.DataFrame
    manifest: dict[str, Any]
    data_dir: Path

    def portions_of(self, fdc_id: int) -> pd.DataFrame:
        """The household portions of one food (possibly none)."""
        return self.portions[self.portions["fdc_id"] == fdc_id]


def load_table(data_dir: Path | None = None) -> FoodTable:
    """Load and check the food table; cached until one of its files changes."""
    directory = (data_dir or default_data_dir()).resolve()
    stamps = tuple(_stamp(directory / name) for name in TABLE_FILES)
    return _load_cached(directory, stamps)


def clear_cache() -> None:
    _load_cached.cache_clear()


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


@lru_cache(maxsize=4)
def _load_cached(directory: Path, stamps: tuple[int, ...]) -> FoodTable:
    del stamps  # part of the cache key only
    return read_table(directory)


def read_table(directory: Path) -> FoodTable:
    """Read and check the three files, uncached. Raises FoodTableError listing every problem."""
    problems: list[str] = []
    foods = _read_parquet(directory / FOODS_FILE, FOOD_SCHEMA, problems)
    portions = _read_parquet(directory / PORTIONS_FILE, PORTION_SCHEMA, problems)
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
    foods = foods.set_index("fdc_id", drop=False).rename_axis(None)
    return FoodTable(foods, portions, manifest, directory)


def _read_parquet(
    path: Path, schema: dict[str, tuple[str, bool]], problems: list[str]
) -> pd.DataFrame | None:
    if not path.exists():
        problems.append(f"{path.name} is missing")
        return None
    try:
        table = pq.read_table(path)
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


def check_foods(foods: pd.DataFrame) -> list[str]:
    """Value checks on the foods table (ids unique, known data types, no negative values)."""
    problems = []
    if foods["fdc_id"].duplicated().any():
        problems.append(f"{FOODS_FILE} repeats {int(foods['fdc_id'].duplicated().sum())} fdc_id(s)")
    unknown = set(foods["data_type"].dropna()) - DATA_TYPE_VALUES
    if unknown:
        problems.append(f"{FOODS_FILE} has unknown data_type(s) {sorted(unknown)}")
    for column in ("magnesium_mg_per_100g", "energy_kcal_per_100g"):
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
