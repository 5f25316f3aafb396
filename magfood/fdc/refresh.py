"""Rebuild ``data/`` safely: build into a staging folder, validate, then swap the files in.

Every way of getting FDC data (a local bulk release, a bulk download, the REST API)
ends in a :class:`BuiltTables`; :func:`install` is the only code that touches ``data/``.
A failure anywhere before the swap leaves the old table exactly as it was; the swap itself
is journalled (``table.journal``), so a crash or kill during it is undone by the next
command, and a full disk is one line.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from magfood.errors import FoodTableError, MagfoodError, ValidationError, os_reason
from magfood.fdc.bulk import FOOD_COLUMNS, PORTION_COLUMNS, find_releases, read_release
from magfood.fdc.vocabulary import Vocabulary, combine_vocabulary, read_vocabulary
from magfood.foods.derive import derive_columns
from magfood.meals.index import store_index
from magfood.table import (
    FOOD_SCHEMA,
    FOODS_FILE,
    INGREDIENTS_FILE,
    MANIFEST_FILE,
    NAMES_FILE,
    PORTIONS_FILE,
    clear_cache,
    journal,
    read_table,
)
from magfood.table.schema import empty_ingredients, empty_names

log = logging.getLogger("magfood")

CITATION = (
    "U.S. Department of Agriculture, Agricultural Research Service. FoodData Central. "
    "fdc.nal.usda.gov. Public domain (CC0 1.0)."
)

#: (label, description pattern, lowest and highest plausible mg per 100 g). A build that
#: contains SR Legacy, Foundation or FNDDS foods must have one food per sentinel in range.
SENTINELS: tuple[tuple[str, str, float, float], ...] = (
    ("raw spinach", r"^spinach, raw$", 50.0, 120.0),
    (
        "roasted pumpkin seeds",
        r"^(?:seeds, pumpkin and squash seed kernels, roasted|pumpkin seeds, (?:unsalted|nfs))",
        350.0,
        650.0,
    ),
    (
        "cooked black beans",
        r"^(?:beans, black, mature seeds, cooked|black beans, from (?:dried|canned))",
        35.0,
        100.0,
    ),
)
#: A refresh whose food count for a dataset falls outside these multiples of the previous
#: build's count is refused unless forced.
COUNT_BOUNDS = (0.5, 2.0)


@dataclass(frozen=True)
class BuiltTables:
    """A freshly built table, not yet installed: foods, portions, the names people use for
    them and what FNDDS foods are made of (``vocabulary``)."""

    foods: pd.DataFrame
    portions: pd.DataFrame
    sources: tuple[dict[str, Any], ...]
    counts: dict[str, dict[str, int]]
    names: pd.DataFrame = field(default_factory=empty_names)
    ingredients: pd.DataFrame = field(default_factory=empty_ingredients)


@dataclass(frozen=True)
class RefreshResult:
    """What an installed refresh changed."""

    data_dir: Path
    counts: dict[str, dict[str, int]]
    sources: tuple[dict[str, Any], ...]
    previous_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def summary(self) -> str:
        kept = [c for dataset, c in self.counts.items() if dataset != "other_rows_dropped"]
        foods = sum(c.get("foods", 0) for c in kept)
        with_mg = sum(c.get("foods_with_magnesium", 0) for c in kept)
        portions = sum(c.get("portions", 0) for c in kept)
        return (
            f"installed {foods:,} foods ({with_mg:,} with magnesium) and {portions:,} "
            f"portions into {self.data_dir}"
        )


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def parse_release_overrides(values: Sequence[str]) -> dict[str, str]:
    """``["sr_legacy=2018-04", ...]`` -> ``{"sr_legacy": "2018-04"}``."""
    out: dict[str, str] = {}
    for value in values:
        dataset, sep, date = value.partition("=")
        if not sep or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date.strip()):
            raise MagfoodError(f"--release takes DATASET=YYYY-MM[-DD], got {value!r}")
        out[dataset.strip()] = date.strip()
    return out


def build_from_paths(
    paths: Sequence[Path],
    include_branded: bool = False,
    releases: dict[str, str] | None = None,
    origin: str | None = None,
) -> BuiltTables:
    """Build from local bulk releases: folders or zips, or folders holding several."""
    parts = []
    sources = []
    words: list[Vocabulary] = []
    for path in paths:
        for release in find_releases(Path(path)):
            tables = read_release(release, include_branded=include_branded)
            parts.append(tables)
            words.append(read_vocabulary(release, tables.foods["fdc_id"]))
            for dataset in tables.counts:
                if dataset == "other_rows_dropped":
                    continue
                sources.append(
                    {
                        "dataset": dataset,
                        "release": (releases or {}).get(dataset) or release.release_date(),
                        "origin": origin or ("zip" if release.path.suffix == ".zip" else "folder"),
                        "file": release.name,
                        "sha256": release.fingerprints(),
                        "fetched": now_iso(),
                    }
                )
    if not parts:
        raise MagfoodError("no release given to build from")
    return combine(
        [p.foods for p in parts],
        [p.portions for p in parts],
        tuple(sources),
        [p.counts for p in parts],
        words,
    )


def combine(
    foods: list[pd.DataFrame],
    portions: list[pd.DataFrame],
    sources: tuple[dict[str, Any], ...],
    counts: list[dict[str, dict[str, int]]],
    vocabulary: Sequence[Vocabulary] = (),
) -> BuiltTables:
    """One table from several releases; a food id seen twice keeps its first row. Names and
    ingredient links are kept for the foods and ingredients the table holds."""
    all_foods = pd.concat(foods, ignore_index=True).drop_duplicates("fdc_id")
    all_foods = all_foods.sort_values("fdc_id", kind="stable").reset_index(drop=True)
    all_portions = pd.concat(portions, ignore_index=True)
    all_portions = all_portions[all_portions["fdc_id"].isin(all_foods["fdc_id"])]
    all_portions = all_portions.sort_values(
        ["fdc_id", "seq_num"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    merged: dict[str, dict[str, int]] = {}
    for part in counts:
        for dataset, numbers in part.items():
            slot = merged.setdefault(dataset, {})
            for key, value in numbers.items():
                slot[key] = slot.get(key, 0) + value
    names, ingredients = combine_vocabulary(vocabulary)
    names = names[names["fdc_id"].isin(all_foods["fdc_id"])].reset_index(drop=True)
    known = ingredients["fdc_id"].isin(all_foods["fdc_id"])
    known &= ingredients["ingredient_fdc_id"].isin(all_foods["fdc_id"])
    ingredients = ingredients[known].reset_index(drop=True)
    return BuiltTables(all_foods, all_portions, sources, merged, names, ingredients)


def write_tables(built: BuiltTables, directory: Path) -> None:
    """Write the three files into ``directory`` (compact parquet, zstd), with the columns
    derived from the foods and portions (``foods.derive``) computed once, here."""
    directory.mkdir(parents=True, exist_ok=True)
    portions = built.portions.reindex(columns=list(PORTION_COLUMNS))
    foods = derive_columns(
        built.foods.reindex(columns=list(FOOD_COLUMNS)), portions, built.ingredients
    )
    foods = foods.reindex(columns=list(FOOD_SCHEMA))
    _write_parquet(
        foods,
        directory / FOODS_FILE,
        dictionary=["data_type", "category", "energy_source", "family", "serving_kind"],
    )
    _write_parquet(portions, directory / PORTIONS_FILE, dictionary=["unit"])
    _write_parquet(built.names, directory / NAMES_FILE, dictionary=["source"])
    _write_parquet(built.ingredients, directory / INGREDIENTS_FILE, dictionary=[])
    totals = {
        "foods": len(foods),
        "foods_with_magnesium": int(foods["magnesium_mg_per_100g"].notna().sum()),
        "foods_without_magnesium": int(foods["magnesium_mg_per_100g"].isna().sum()),
        "portions": len(portions),
        "names": len(built.names),
        "ingredient_links": len(built.ingredients),
    }
    manifest = {
        "format": 1,
        "built": now_iso(),
        "sources": list(built.sources),
        "counts": built.counts,
        "totals": totals,
        "citation": CITATION,
    }
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _write_parquet(frame: pd.DataFrame, path: Path, dictionary: list[str]) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd", use_dictionary=dictionary)


def validate(directory: Path, previous: dict[str, Any] | None, force: bool = False) -> None:
    """Check a staged table; raise ValidationError naming every problem."""
    try:
        table = read_table(directory)
    except FoodTableError as exc:
        raise ValidationError(f"the new table failed its schema check: {exc}") from exc
    problems = sentinel_problems(table.foods)
    if previous and not force:
        problems += count_problems(table.manifest["counts"], previous.get("counts", {}))
    if problems:
        raise ValidationError("the new table was not installed: " + "; ".join(problems))


def sentinel_problems(foods: pd.DataFrame) -> list[str]:
    """Sentinel foods missing or with implausible magnesium."""
    if not foods["data_type"].isin(["foundation", "sr_legacy", "survey_fndds"]).any():
        return []
    problems = []
    descriptions = foods["description"].str.lower()
    for label, pattern, low, high in SENTINELS:
        rows = foods[descriptions.str.contains(pattern, regex=True, na=False)]
        values = rows["magnesium_mg_per_100g"].dropna()
        if values.empty:
            problems.append(f"sentinel food {label!r} is missing")
        elif not values.between(low, high).any():
            problems.append(
                f"sentinel food {label!r} has implausible magnesium "
                f"{values.iloc[0]:g} mg/100 g (expected {low:g}-{high:g})"
            )
    return problems


def count_problems(new: dict[str, dict[str, int]], old: dict[str, dict[str, int]]) -> list[str]:
    """Datasets that vanished or whose food count moved too far since the last build."""
    problems = []
    low, high = COUNT_BOUNDS
    for dataset, numbers in old.items():
        before = numbers.get("foods", 0)
        if dataset == "other_rows_dropped" or not before:
            continue
        after = new.get(dataset, {}).get("foods", 0)
        if not low * before <= after <= high * before:
            problems.append(
                f"{dataset} would go from {before:,} to {after:,} foods "
                "(pass --force if that is intended)"
            )
    return problems


def previous_manifest(data_dir: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads((data_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def install(built: BuiltTables, data_dir: Path, force: bool = False) -> RefreshResult:
    """Stage, validate and swap in a built table; the old files survive any failure."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MagfoodError(
            f"cannot create the table folder {data_dir} ({os_reason(exc)})"
        ) from None
    with journal.locked(data_dir, exclusive=True):
        journal.recover_locked(data_dir)
        previous = previous_manifest(data_dir)
        staging = _staging(data_dir)
        try:
            _written(lambda: write_tables(built, staging), data_dir)
            validate(staging, previous, force=force)
            _written(lambda: store_index(staging), data_dir)  # the matcher's index, with it
            journal.swap_in(staging, data_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    clear_cache()
    previous_counts = (previous or {}).get("counts", {})
    return RefreshResult(data_dir, built.counts, built.sources, previous_counts)


def _written(write: Callable[[], object], data_dir: Path) -> None:
    try:
        write()
    except OSError as exc:  # a full disk, a file-size limit
        raise MagfoodError(
            f"cannot write the new table into {data_dir} ({os_reason(exc)}); free some "
            "space there and run the refresh again; the old table was kept"
        ) from None


def _staging(data_dir: Path) -> Path:
    try:
        return journal.new_staging(data_dir)
    except OSError as exc:
        raise MagfoodError(
            f"cannot write into the table folder {data_dir} ({os_reason(exc)}); the old table "
            "was kept"
        ) from None


def refresh(build: Callable[[], BuiltTables], data_dir: Path, force: bool = False) -> RefreshResult:
    """Build with ``build`` and install the result; log the outcome without secrets."""
    built = build()
    result = install(built, data_dir, force=force)
    log.info(result.summary())
    return result
