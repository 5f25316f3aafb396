"""Read an FDC bulk CSV release (a folder or a zip) into the food and portion tables.

Columns are selected by header name, never by position, because FDC adds columns
between releases. ``food_nutrient.csv`` is streamed in record batches through
pyarrow's CSV reader and filtered to magnesium and energy as it is read, so a
Branded-size file (tens of millions of rows) never sits in memory whole.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from magfood.errors import SourceError
from magfood.fdc.limits import DEFAULT_LIMITS, InputLimits, archive_problem, bounded, path_kind
from magfood.table.journal import sha256_file
from magfood.units import unit_in_text

#: FDC ``food.data_type`` -> the name magfood uses. Everything else (sample_food,
#: sub_sample_food, market_acquistion, ...) is the analytical trail and is dropped.
DATA_TYPES = {
    "foundation_food": "foundation",
    "sr_legacy_food": "sr_legacy",
    "survey_fndds_food": "survey_fndds",
    "branded_food": "branded",
}

MAGNESIUM = 1090
#: Energy nutrients in order of preference (FDC_NOTES section 2): kcal, Atwater
#: specific, Atwater general, then kJ converted at 4.184 kJ/kcal.
ENERGY_PREFERENCE = (1008, 2048, 2047, 1062)
KJ_PER_KCAL = 4.184
#: Legacy nutrient numbers, in case a release keys food_nutrient by number.
NUMBER_TO_ID = {304: 1090, 208: 1008, 958: 2048, 957: 2047, 268: 1062}
_WANTED_IDS = (MAGNESIUM, *ENERGY_PREFERENCE)
NUTRIENT_SOURCE_COLUMNS = ("fdc_id", "nutrient_id", "amount")

FOOD_COLUMNS = (
    "fdc_id",
    "description",
    "data_type",
    "category",
    "magnesium_mg_per_100g",
    "energy_kcal_per_100g",
    "energy_source",
    "publication_date",
)
PORTION_COLUMNS = ("fdc_id", "seq_num", "amount", "unit", "measure", "gram_weight")

_RELEASE_NAME = re.compile(r"FoodData_Central_(?:([a-z_]+?)_)?csv_(\d{4}-\d{2}(?:-\d{2})?)")


@dataclass
class Release:
    """One bulk release: a folder or a zip of FDC CSV files (possibly in an inner folder)."""

    path: Path
    _zip: zipfile.ZipFile | None = None
    _members: dict[str, str] = field(default_factory=dict)
    _opened: set[str] = field(default_factory=set)
    limits: InputLimits = DEFAULT_LIMITS

    @property
    def name(self) -> str:
        return self.path.name

    def has(self, filename: str) -> bool:
        return filename in self._members

    @contextmanager
    def open(self, filename: str) -> Iterator[IO[bytes]]:
        """Open one CSV of the release as a binary stream, cut off past ``max_member_bytes``
        (a file of a folder must be a regular file: not /dev/zero or a pipe)."""
        if filename not in self._members:
            raise SourceError(f"{self.name} has no {filename}: is it an FDC bulk CSV release?")
        member = self._members[filename]
        self._opened.add(filename)
        label, cap = f"{self.name}/{filename}", self.limits.max_member_bytes
        if self._zip is not None:
            try:
                with self._zip.open(member) as handle:
                    yield bounded(handle, cap, label)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                raise SourceError(f"{self.name} is corrupt ({filename}: {exc})") from exc
        else:
            path_kind(Path(member))
            with open(member, "rb") as handle:
                yield bounded(handle, cap, label)

    def release_date(self) -> str | None:
        """The release date in the FDC file name, e.g. "2018-04", if the name carries one."""
        match = _RELEASE_NAME.search(self.name)
        if match is None and self._members:
            match = _RELEASE_NAME.search(next(iter(self._members.values())))
        return match.group(2) if match else None

    def fingerprints(self) -> dict[str, str]:
        """sha256 of the zip, or of each CSV read from a folder."""
        if self._zip is not None:
            return {self.name: sha256_file(self.path)}
        return {name: sha256_file(Path(self._members[name])) for name in sorted(self._opened)}


def open_release(path: Path, limits: InputLimits | None = None) -> Release:
    """A release from a folder or zip (nothing else is opened); the CSVs may sit in one inner
    folder. A zip beyond ``limits`` (a zip bomb) is refused before anything is inflated."""
    limits = limits or DEFAULT_LIMITS
    if path_kind(path) == "dir":
        csvs = sorted(path.glob("*.csv"))
        inner = [d for d in path.iterdir() if d.is_dir() and any(d.glob("food.csv"))]
        if not any(p.name == "food.csv" for p in csvs) and len(inner) == 1:
            csvs = sorted(inner[0].glob("*.csv"))
        return Release(path, None, {p.name: str(p) for p in csvs}, limits=limits)
    try:
        archive = zipfile.ZipFile(path)
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{path.name} is not a readable zip ({exc})") from exc
    problem = archive_problem(archive, limits)
    if problem:
        archive.close()
        raise SourceError(f"{path.name} was refused: {problem}")
    members = {Path(n).name: n for n in names if n.endswith(".csv") and "__MACOSX" not in n}
    return Release(path, archive, members, limits=limits)


def find_releases(path: Path, limits: InputLimits | None = None) -> list[Release]:
    """The release at ``path``, or every release (folder or zip) directly inside it."""
    if path_kind(path) == "dir" and not (path / "food.csv").exists():
        found = [
            open_release(p, limits)
            for p in sorted(path.iterdir())
            if p.is_dir() or p.suffix == ".zip"
        ]
        found = [r for r in found if r.has("food.csv")]
        if found:
            return found
    release = open_release(path, limits)
    if release.has("food.csv"):
        return [release]
    raise SourceError(f"no FDC bulk CSV release (a food.csv) found in {path}")


def read_csv(
    release: Release, filename: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Read the named columns of one CSV as strings; missing required columns are an error."""
    with release.open(filename) as handle:
        raw = bounded(handle, release.limits.max_read_bytes, f"{release.name}/{filename}").read()
    try:
        header = pd.read_csv(io.BytesIO(raw), nrows=0, encoding="utf-8").columns
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceError(f"{release.name}/{filename} is not a readable CSV ({exc})") from exc
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(
            f"{release.name}/{filename} lacks column(s) {', '.join(missing)}: "
            "the FDC layout changed or the file is not an FDC table"
        )
    wanted = [c for c in (*required, *optional) if c in header]
    try:
        return pd.read_csv(
            io.BytesIO(raw), usecols=wanted, dtype=str, keep_default_na=False, encoding="utf-8"
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise SourceError(f"{release.name}/{filename} is malformed ({exc})") from exc


def stream_nutrients(
    handle: IO[bytes], label: str = "food_nutrient.csv", block_size: int = 4 << 20
) -> pd.DataFrame:
    """Magnesium and energy rows of a food_nutrient.csv stream, read batch by batch.

    4 MB blocks: peak memory grows with the block size (the threaded reader keeps
    several blocks in flight) while speed does not (benchmarks/bench_branded_scale.py).
    """
    wanted = pa.array([*_WANTED_IDS, *NUMBER_TO_ID], pa.int64())
    errors = (
        pa.ArrowInvalid,
        pa.ArrowKeyError,
        OSError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
    )
    try:
        header = _header(handle, label)
        reader = pacsv.open_csv(
            handle,
            read_options=pacsv.ReadOptions(block_size=block_size, column_names=header),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(NUTRIENT_SOURCE_COLUMNS),
                column_types={
                    "fdc_id": pa.int64(),
                    "nutrient_id": pa.int64(),
                    "amount": pa.float64(),
                },
            ),
        )
        kept = [
            batch.filter(pc.is_in(batch.column("nutrient_id"), value_set=wanted))
            for batch in reader
        ]
    except errors as exc:
        raise SourceError(f"{label} is malformed or truncated ({_first_line(exc)})") from exc
    if not kept:
        return pd.DataFrame({"fdc_id": [], "nutrient_id": [], "amount": []})
    frame: pd.DataFrame = pa.Table.from_batches(kept).to_pandas()
    frame["nutrient_id"] = frame["nutrient_id"].replace(NUMBER_TO_ID)
    return frame


def _header(handle: IO[bytes], label: str) -> list[str]:
    """Consume and check the header line; the columns are looked up by name."""
    line = handle.readline().decode("utf-8-sig")
    header = next(csv.reader([line]), [])
    missing = [c for c in NUTRIENT_SOURCE_COLUMNS if c not in header]
    if missing:
        raise SourceError(
            f"{label} lacks column(s) {', '.join(missing)}: "
            "the FDC layout changed or the file is not an FDC table"
        )
    return header


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def nutrient_columns(nutrients: pd.DataFrame) -> pd.DataFrame:
    """Per food: magnesium, energy in kcal and the energy nutrient it came from."""
    nutrients = nutrients.dropna(subset=["amount"])
    wide = nutrients.groupby(["fdc_id", "nutrient_id"])["amount"].first().unstack()
    wide = wide.reindex(columns=list(_WANTED_IDS))
    out = pd.DataFrame(index=wide.index)
    out["magnesium_mg_per_100g"] = wide[MAGNESIUM]
    energy = pd.Series(float("nan"), index=wide.index)
    source = pd.Series(pd.NA, index=wide.index, dtype="string")
    for nutrient in ENERGY_PREFERENCE:
        value = wide[nutrient] / (KJ_PER_KCAL if nutrient == 1062 else 1.0)
        fill = energy.isna() & value.notna()
        energy[fill] = value[fill]
        source[fill] = str(nutrient)
    out["energy_kcal_per_100g"] = energy
    out["energy_source"] = source
    return out


def iso_dates(text: pd.Series) -> pd.Series:
    """Dates as ISO text ("4/1/2019" -> "2019-04-01"); unreadable ones become <NA>."""
    parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    return parsed.dt.strftime("%Y-%m-%d").astype("string")


def _categories(release: Release, foods: pd.DataFrame) -> pd.Series:
    """FDC food category for Foundation/SR Legacy, WWEIA category for FNDDS, Branded's own."""
    category = pd.Series(pd.NA, index=foods.index, dtype="string")
    if release.has("food_category.csv"):
        table = read_csv(release, "food_category.csv", ("id", "description"))
        names = dict(zip(table["id"], table["description"], strict=True))
        mask = foods["data_type"].isin(["foundation", "sr_legacy"])
        category[mask] = foods.loc[mask, "food_category_id"].map(names)
    if release.has("wweia_food_category.csv"):
        table = read_csv(
            release,
            "wweia_food_category.csv",
            ("wweia_food_category", "wweia_food_category_description"),
        )
        names = dict(
            zip(table["wweia_food_category"], table["wweia_food_category_description"], strict=True)
        )
        mask = foods["data_type"] == "survey_fndds"
        category[mask] = foods.loc[mask, "food_category_id"].map(names)
    if release.has("branded_food.csv") and (foods["data_type"] == "branded").any():
        table = read_csv(release, "branded_food.csv", ("fdc_id",), ("branded_food_category",))
        if "branded_food_category" in table:
            names = dict(zip(table["fdc_id"], table["branded_food_category"], strict=True))
            mask = foods["data_type"] == "branded"
            category[mask] = foods.loc[mask, "fdc_id"].map(names)
    return category


@dataclass(frozen=True)
class ReleaseTables:
    """What one release contributes: foods, portions and per-dataset counts."""

    foods: pd.DataFrame
    portions: pd.DataFrame
    counts: dict[str, dict[str, int]]


def read_release(release: Release, include_branded: bool = False) -> ReleaseTables:
    """Foods (with magnesium and energy) and household portions of one release."""
    food = read_csv(
        release,
        "food.csv",
        ("fdc_id", "data_type", "description"),
        ("food_category_id", "publication_date"),
    )
    wanted = {k: v for k, v in DATA_TYPES.items() if include_branded or v != "branded"}
    food["data_type"] = food["data_type"].map(wanted)
    dropped_by_type = food["data_type"].isna()
    food = food[~dropped_by_type].copy()
    food["fdc_id"] = pd.to_numeric(food["fdc_id"], errors="coerce").astype("Int64")
    food = food.dropna(subset=["fdc_id"]).drop_duplicates("fdc_id")
    food["fdc_id"] = food["fdc_id"].astype("int64")
    for column in ("food_category_id", "publication_date"):
        if column not in food:
            food[column] = ""
    with release.open("food_nutrient.csv") as handle:
        nutrients = stream_nutrients(handle, f"{release.name}/food_nutrient.csv")
    values = nutrient_columns(nutrients[nutrients["fdc_id"].isin(food["fdc_id"])])
    food["category"] = _categories(release, food)
    food["publication_date"] = iso_dates(food["publication_date"])
    foods = food.join(values, on="fdc_id")
    foods = foods.reindex(columns=list(FOOD_COLUMNS))
    portions, portion_counts = _read_portions(release, foods)
    counts = count_rows(foods, portions, portion_counts, int(dropped_by_type.sum()))
    return ReleaseTables(foods.reset_index(drop=True), portions, counts)


PORTION_SOURCE_COLUMNS = (
    "seq_num",
    "amount",
    "measure_unit_id",
    "portion_description",
    "modifier",
)


def _read_portions(release: Release, foods: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Household portions with a normalised unit; zero-gram rows are dropped and counted."""
    if not release.has("food_portion.csv"):
        return pd.DataFrame(columns=list(PORTION_COLUMNS)), pd.Series(dtype="int64")
    raw = read_csv(release, "food_portion.csv", ("fdc_id", "gram_weight"), PORTION_SOURCE_COLUMNS)
    raw["fdc_id"] = pd.to_numeric(raw["fdc_id"], errors="coerce")
    raw = raw[raw["fdc_id"].isin(foods["fdc_id"])].copy()
    raw["fdc_id"] = raw["fdc_id"].astype("int64")
    return label_portions(raw, _measure_units(release), foods)


def label_portions(
    raw: pd.DataFrame, unit_names: dict[str, str], foods: pd.DataFrame
) -> tuple[pd.DataFrame, pd.Series]:
    """Portions in ``PORTION_COLUMNS`` from food_portion-style rows (text columns).

    Rows without a positive gram weight, amount or measure text are dropped; the
    second value counts them per data type.
    """
    raw = raw.copy()
    for column in PORTION_SOURCE_COLUMNS:
        if column not in raw:
            raw[column] = ""
    labelled = [portion_label(row, unit_names) for row in raw.itertuples(index=False)]
    out = pd.DataFrame(labelled, columns=["amount", "unit", "measure"], index=raw.index)
    out.insert(0, "fdc_id", raw["fdc_id"].astype("int64"))
    out.insert(1, "seq_num", pd.to_numeric(raw["seq_num"], errors="coerce").astype("Int64"))
    out["gram_weight"] = pd.to_numeric(raw["gram_weight"], errors="coerce")
    good = (out["gram_weight"] > 0) & (out["amount"] > 0) & out["measure"].str.len().gt(0)
    types = foods.set_index("fdc_id")["data_type"]
    dropped = types.reindex(out.loc[~good, "fdc_id"]).value_counts()
    return out[good].reset_index(drop=True), dropped


def _measure_units(release: Release) -> dict[str, str]:
    if not release.has("measure_unit.csv"):
        return {}
    table = read_csv(release, "measure_unit.csv", ("id", "name"))
    return dict(zip(table["id"], table["name"], strict=True))


_LEADING_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:\s+(\d+)/(\d+)|/(\d+))?\s*")


def portion_label(row: Any, unit_names: dict[str, str]) -> tuple[float, str | None, str]:
    """(amount, unit, measure text) for one food_portion row in any of FDC's three styles."""
    amount_text = str(row.amount).strip()
    modifier = str(row.modifier).strip()
    description = str(row.portion_description).strip()
    unit_name = unit_names.get(str(row.measure_unit_id).strip(), "undetermined")
    if unit_name != "undetermined":  # Foundation: a real measure unit
        amount = _number(amount_text) or 1.0
        words = ", ".join(w for w in (unit_name, modifier, description) if w)
        return amount, unit_in_text(unit_name) or unit_in_text(words), f"{amount:g} {words}"
    if amount_text:  # SR Legacy: unit text in modifier
        amount = _number(amount_text) or 1.0
        text = modifier or description
        return amount, unit_in_text(text), f"{amount:g} {text}".strip()
    # FNDDS: count and unit inside portion_description, e.g. "1 1/2 cups" or "1 medium"
    match = _LEADING_AMOUNT.match(description)
    amount = 1.0
    if match and match.group(0).strip():
        whole = float(match.group(1))
        if match.group(4):
            amount = whole / float(match.group(4))
        elif match.group(2):
            amount = whole + float(match.group(2)) / float(match.group(3))
        else:
            amount = whole
    rest = description[match.end() :] if match else description
    return amount, unit_in_text(rest), description


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value > 0 else None


def count_rows(
    foods: pd.DataFrame, portions: pd.DataFrame, portions_dropped: pd.Series, foods_dropped: int
) -> dict[str, dict[str, int]]:
    """Foods (with and without magnesium) and portions kept and dropped, per data type."""
    counts: dict[str, dict[str, int]] = {}
    for data_type, group in foods.groupby("data_type"):
        with_mg = int(group["magnesium_mg_per_100g"].notna().sum())
        counts[str(data_type)] = {
            "foods": len(group),
            "foods_with_magnesium": with_mg,
            "foods_without_magnesium": len(group) - with_mg,
            "portions": int(portions["fdc_id"].isin(group["fdc_id"]).sum()),
            "portions_dropped": int(portions_dropped.get(data_type, 0)),
        }
    if foods_dropped:
        counts.setdefault("other_rows_dropped", {})["foods"] = foods_dropped
    return counts
