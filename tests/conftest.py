"""Shared fixtures: the real FDC files in ../shared/fdc and small releases cut from them.

``tiny_release`` writes a few foods of a real release (always including the sentinel
foods the validator looks for) in FDC's bulk layout: all-quoted CSVs, in a zip whose
files sit in an inner folder named after the archive, exactly as fdc.nal.usda.gov
ships them. Other fixtures may be added below; keep these generic.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from magfood.table import TABLE_FILES, FoodTable, load_table
from tests import postgres

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_FDC = REPO.parent / "shared" / "fdc"

#: dataset -> (folder in ../shared/fdc or tests/fixtures, zip name, CSVs to copy)
RELEASES: dict[str, tuple[Path, str, tuple[str, ...]]] = {
    "sr_legacy": (
        SHARED_FDC / "fdc_sr_legacy",
        "FoodData_Central_sr_legacy_food_csv_2018-04",
        (
            "food.csv",
            "food_nutrient.csv",
            "food_portion.csv",
            "food_category.csv",
            "measure_unit.csv",
            "sr_legacy_food.csv",
        ),
    ),
    "survey_fndds": (
        SHARED_FDC / "fndds_2021_2023",
        "FoodData_Central_survey_food_csv_2024-10-31",
        (
            "food.csv",
            "food_nutrient.csv",
            "food_portion.csv",
            "measure_unit.csv",
            "wweia_food_category.csv",
            "survey_fndds_food.csv",
        ),
    ),
    "foundation": (
        FIXTURES / "foundation",
        "FoodData_Central_foundation_food_csv_2025-12-18",
        (
            "food.csv",
            "food_nutrient.csv",
            "food_portion.csv",
            "food_category.csv",
            "measure_unit.csv",
            "foundation_food.csv",
        ),
    ),
}
#: raw spinach, roasted pumpkin seeds, cooked black beans (refresh.SENTINELS)
SENTINEL_IDS: dict[str, tuple[int, ...]] = {
    "sr_legacy": (168462, 170557, 173735),
    "survey_fndds": (2709614, 2707581, 2707361),
    "foundation": (),
}

ReleaseFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def shared_fdc() -> Path:
    """../shared/fdc, the real FDC release files the shipped table is built from."""
    if not (SHARED_FDC / "fdc_sr_legacy" / "food.csv").exists():
        pytest.skip("../shared/fdc is not available")
    return SHARED_FDC


def write_release(
    dataset: str,
    directory: Path,
    *,
    as_zip: bool = True,
    extra: int = 12,
    ids: Collection[int] | None = None,
    drop_columns: Mapping[str, Collection[str]] | None = None,
) -> Path:
    """A small release of ``dataset`` in ``directory``: the sentinel foods plus the first
    ``extra`` foods of the real file (or exactly ``ids``); ``drop_columns`` removes
    columns from named CSVs to imitate a changed FDC layout."""
    source, name, files = RELEASES[dataset]
    keep = set(ids) if ids is not None else _first_ids(source, extra) | set(SENTINEL_IDS[dataset])
    folder = directory / name
    folder.mkdir(parents=True, exist_ok=True)
    for filename in files:
        _write_slice(source / filename, folder / filename, keep, (drop_columns or {}).get(filename))
    if not as_zip:
        return folder
    archive = directory / f"{name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for filename in files:
            handle.write(folder / filename, f"{name}/{filename}")
    shutil.rmtree(folder)
    return archive


def _first_ids(source: Path, count: int) -> set[int]:
    with open(source / "food.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return {int(row["fdc_id"]) for _, row in zip(range(count), reader, strict=False)}


def _write_slice(source: Path, target: Path, keep: set[int], drop: Collection[str] | None) -> None:
    """Copy the rows of ``keep`` (all rows if the file has no fdc_id), all fields quoted."""
    with open(source, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    if "fdc_id" in header:
        column = header.index("fdc_id")
        body = [row for row in body if int(row[column]) in keep]
    if drop:
        kept = [i for i, name in enumerate(header) if name not in drop]
        header = [header[i] for i in kept]
        body = [[row[i] for i in kept] for row in body]
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)


@pytest.fixture
def tiny_release(tmp_path: Path) -> ReleaseFactory:
    """Factory: ``tiny_release(dataset, as_zip=True, extra=12, ids=None, drop_columns=None)``."""
    counter = iter(range(1_000_000))

    def make(dataset: str, **options: object) -> Path:
        directory = tmp_path / f"release-{next(counter)}"
        return write_release(dataset, directory, **options)  # type: ignore[arg-type]

    return make


def _hashes(directory: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.iterdir())
        if path.is_file()
    }


@pytest.fixture
def file_hashes() -> Callable[[Path], dict[str, str]]:
    """``file_hashes(folder)``: sha256 of every file directly in it (hidden ones too)."""
    return _hashes


@pytest.fixture
def installed_data(tmp_path: Path) -> Path:
    """A copy of the shipped data/ in a temporary folder, to refresh over."""
    target = tmp_path / "data"
    target.mkdir()
    for name in TABLE_FILES:
        shutil.copy2(SHIPPED_DATA / name, target / name)
    return target


@pytest.fixture
def threaded_httpserver() -> Iterator[HTTPServer]:
    """A local server answering requests in parallel (for handlers that stall on purpose)."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="session")
def table() -> FoodTable:
    """The shipped food table (data/), loaded once."""
    return load_table()


@pytest.fixture(scope="session")
def write_fdc_release() -> Callable[..., Path]:
    """``write_release`` itself, for module- or session-scoped fixtures of one's own."""
    return write_release


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh saved-days database for the page ($MAGFOOD_DB), and the shipped food table."""
    path = tmp_path / "days.sqlite3"
    monkeypatch.setenv("MAGFOOD_DB", str(path))
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    return path


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user's saved profile (``magfood profile``)."""
    monkeypatch.setenv("MAGFOOD_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


# -- storage backends ------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL for the session (see tests/postgres.py); the test is skipped
    when there is none, or fails if $MAGFOOD_REQUIRE_POSTGRES=1."""
    how, what = postgres.source(os.environ, postgres.binaries())
    if how == "fail":
        pytest.fail(what)
    if how == "skip":
        pytest.skip(what)
    if how == "url":
        yield what
        return
    with postgres.throwaway_server(Path(what)) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A database URL of its own (a fresh schema) for one test."""
    with postgres.schema_url(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's diary lives, once on each backend: an SQLite file path, or the URL
    of a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        return str(tmp_path / "days.sqlite3")
    return str(request.getfixturevalue("postgres_url"))
