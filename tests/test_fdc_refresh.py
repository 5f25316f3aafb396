"""Safe refresh: reproducible shipped data, staging + validation + swap, and the CLI path."""

from __future__ import annotations

import dataclasses
import os
import runpy
import sys
from pathlib import Path

import pandas as pd
import pytest

from magfood.cli import main as cli
from magfood.errors import MagfoodError, SourceError, ValidationError
from magfood.fdc import refresh
from magfood.meals.index_store import read_parts
from magfood.table import journal
from magfood.table import load as foods

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "data"
RELEASES = {"sr_legacy": "2018-04", "survey_fndds": "2024-10-31"}
REBUILD = (
    "`python scripts/refresh_data.py --from ../shared/fdc/fdc_sr_legacy "
    "--from ../shared/fdc/fndds_2021_2023 --release sr_legacy=2018-04 "
    "--release survey_fndds=2024-10-31`"
)


def test_shipped_data_is_reproducible(shared_fdc, tmp_path) -> None:
    """Rebuilding from ../shared/fdc gives exactly the committed data/."""
    built = refresh.build_from_paths(
        [shared_fdc / "fdc_sr_legacy", shared_fdc / "fndds_2021_2023"], releases=RELEASES
    )
    refresh.install(built, tmp_path)
    fresh, shipped = foods.read_table(tmp_path), foods.read_table(SHIPPED)
    try:
        pd.testing.assert_frame_equal(fresh.foods, shipped.foods)
        pd.testing.assert_frame_equal(fresh.portions, shipped.portions)
    except AssertionError as exc:
        pytest.fail(f"data/ is stale for the current code; rebuild it with {REBUILD}\n{exc}")
    assert fresh.manifest["counts"] == shipped.manifest["counts"]
    assert fresh.manifest["totals"] == shipped.manifest["totals"]
    index = (tmp_path / "index.npz").read_bytes() == (SHIPPED / "index.npz").read_bytes()
    assert index and fresh.manifest["index"] == shipped.manifest["index"], (
        f"data/index.npz is stale for the current code; rebuild it with {REBUILD}"
    )
    strip = ("fetched",)

    def sources(manifest: dict) -> list[dict]:
        return [{k: v for k, v in s.items() if k not in strip} for s in manifest["sources"]]

    assert sources(fresh.manifest) == sources(shipped.manifest)


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory, write_fdc_release) -> refresh.BuiltTables:
    """Foundation, SR Legacy and FNDDS slices, built once for the module."""
    folder = tmp_path_factory.mktemp("releases")
    paths = [write_fdc_release(d, folder) for d in ("sr_legacy", "survey_fndds", "foundation")]
    return refresh.build_from_paths(paths)


def test_install_into_an_empty_folder(tiny_built, tmp_path) -> None:
    result = refresh.install(tiny_built, tmp_path / "data")
    table = foods.read_table(tmp_path / "data")
    assert set(table.foods["data_type"]) == {"sr_legacy", "survey_fndds", "foundation"}
    assert sorted(os.listdir(tmp_path / "data")) == sorted(foods.TABLE_FILES)
    assert len(read_parts(table)["tokens"]) == len(table.foods)  # the index, stored
    assert result.summary().startswith(f"installed {len(table.foods)} foods")
    releases = {s["dataset"]: (s["release"], s["origin"]) for s in table.manifest["sources"]}
    assert releases == {
        "sr_legacy": ("2018-04", "zip"),
        "survey_fndds": ("2024-10-31", "zip"),
        "foundation": ("2025-12-18", "zip"),
    }


def test_count_drop_is_refused_unless_forced(tiny_built, installed_data, file_hashes) -> None:
    before = file_hashes(installed_data)
    with pytest.raises(ValidationError, match="sr_legacy would go from 7,793 to 15 foods"):
        refresh.install(tiny_built, installed_data)
    assert file_hashes(installed_data) == before
    refresh.install(tiny_built, installed_data, force=True)
    assert file_hashes(installed_data) != before


def _with_food(built: refresh.BuiltTables, fdc_id: int, **values: object) -> refresh.BuiltTables:
    changed = built.foods.copy()
    for column, value in values.items():
        changed.loc[changed["fdc_id"] == fdc_id, column] = value
    return dataclasses.replace(built, foods=changed)


def _without(built: refresh.BuiltTables, ids: list[int]) -> refresh.BuiltTables:
    return dataclasses.replace(
        built,
        foods=built.foods[~built.foods["fdc_id"].isin(ids)],
        portions=built.portions[~built.portions["fdc_id"].isin(ids)],
    )


# a broken build -> the reason validation gives
BAD_BUILDS = {
    "spinach missing": (
        lambda b: _without(b, [168462, 2709614]),
        "sentinel food 'raw spinach' is missing",
    ),
    "implausible pumpkin seeds": (
        lambda b: _with_food(
            _with_food(b, 170557, magnesium_mg_per_100g=5.5), 2707581, magnesium_mg_per_100g=5.5
        ),
        "'roasted pumpkin seeds' has implausible magnesium 5.5",
    ),
    "negative magnesium": (
        lambda b: _with_food(b, 173735, magnesium_mg_per_100g=-70.0),
        "failed its schema check",
    ),
    "duplicate ids": (
        lambda b: dataclasses.replace(b, foods=pd.concat([b.foods, b.foods.iloc[:1]])),
        "repeats 1 fdc_id",
    ),
}


@pytest.mark.parametrize("label", BAD_BUILDS)
def test_validation_failure_keeps_the_old_table(
    tiny_built, installed_data, file_hashes, label
) -> None:
    spoil, reason = BAD_BUILDS[label]
    before = file_hashes(installed_data)
    with pytest.raises(ValidationError) as caught:
        refresh.install(spoil(tiny_built), installed_data, force=True)
    assert reason in str(caught.value)
    assert file_hashes(installed_data) == before
    assert sorted(os.listdir(installed_data)) == sorted(foods.TABLE_FILES)


def test_failed_swap_puts_the_old_files_back(
    tiny_built, installed_data, file_hashes, monkeypatch
) -> None:
    before = file_hashes(installed_data)
    real_replace = os.replace
    calls = []

    def flaky(src, dst):  # the fourth move (the journal, then the second new file) fails
        calls.append(dst)
        if len(calls) == 4:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(journal.os, "replace", flaky)
    with pytest.raises(MagfoodError, match=r"\(disk full\); the old table was put back"):
        refresh.install(tiny_built, installed_data, force=True)
    monkeypatch.undo()
    assert file_hashes(installed_data) == before
    assert sorted(os.listdir(installed_data)) == sorted(foods.TABLE_FILES)


def test_a_failing_build_never_touches_data(installed_data, file_hashes) -> None:
    def build() -> refresh.BuiltTables:
        raise SourceError("broken release")

    before = file_hashes(installed_data)
    with pytest.raises(SourceError):
        refresh.refresh(build, installed_data)
    assert file_hashes(installed_data) == before


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], {}),
        (["sr_legacy=2018-04"], {"sr_legacy": "2018-04"}),
        (
            ["foundation=2025-12-18", "branded = 2025-12-18"],
            {"foundation": "2025-12-18", "branded": "2025-12-18"},
        ),
    ],
)
def test_parse_release_overrides(values, expected) -> None:
    assert refresh.parse_release_overrides(values) == expected


@pytest.mark.parametrize("value", ["sr_legacy", "sr_legacy=April", "=2018-04-01x", "x=18-04"])
def test_parse_release_overrides_rejects(value) -> None:
    with pytest.raises(MagfoodError, match="--release takes DATASET=YYYY-MM"):
        refresh.parse_release_overrides([value])


@pytest.mark.parametrize(
    ("new", "old", "problems"),
    [
        ({"sr_legacy": {"foods": 7800}}, {"sr_legacy": {"foods": 7793}}, 0),
        ({"sr_legacy": {"foods": 3000}}, {"sr_legacy": {"foods": 7793}}, 1),
        ({"sr_legacy": {"foods": 20000}}, {"sr_legacy": {"foods": 7793}}, 1),
        ({}, {"sr_legacy": {"foods": 7793}, "survey_fndds": {"foods": 5432}}, 2),
        ({"foundation": {"foods": 400}}, {}, 0),
        ({}, {"other_rows_dropped": {"foods": 3}}, 0),
    ],
)
def test_count_problems(new, old, problems) -> None:
    assert len(refresh.count_problems(new, old)) == problems


# ---- the CLI ----------------------------------------------------------------------------


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_from_local_release(tiny_release, tmp_path, capsys) -> None:
    paths = [tiny_release("sr_legacy"), tiny_release("survey_fndds", as_zip=False)]
    argv = ["refresh", "--data-dir", str(tmp_path / "d")]
    for path in paths:
        argv += ["--from", str(path)]
    code, out, err = _run(argv, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("installed 30 foods")


def _bad_zip(tmp_path: Path) -> Path:
    path = tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    return path


# what --from points at -> text of the one error line
BAD_SOURCES = {
    "missing path": (lambda t, r: t / "nowhere.zip", "nowhere.zip does not exist"),
    "empty folder": (lambda t, r: t, "no FDC bulk CSV release (a food.csv) found"),
    "corrupt zip": (lambda t, r: _bad_zip(t), "is not a readable zip"),
    "missing column": (
        lambda t, r: r("sr_legacy", drop_columns={"food_nutrient.csv": ["amount"]}),
        "food_nutrient.csv lacks column(s) amount",
    ),
    "count drop": (lambda t, r: r("sr_legacy"), "would go from 7,793 to 15 foods"),
}


@pytest.mark.parametrize("label", BAD_SOURCES)
def test_cli_bad_source_leaves_data_untouched(
    tiny_release, installed_data, file_hashes, tmp_path, capsys, label
) -> None:
    make, message = BAD_SOURCES[label]
    (tmp_path / "src").mkdir()
    source = make(tmp_path / "src", tiny_release)
    before = file_hashes(installed_data)
    code, out, err = _run(
        ["refresh", "--from", str(source), "--data-dir", str(installed_data)], capsys
    )
    assert (code, out) == (1, "")
    assert err.startswith("magfood: error: ") and err.count("\n") == 1
    assert message in err
    assert file_hashes(installed_data) == before


def test_cli_bad_release_option(installed_data, capsys) -> None:
    code, _, err = _run(
        ["refresh", "--from", "x", "--release", "sr_legacy", "--data-dir", str(installed_data)],
        capsys,
    )
    assert code == 1 and "--release takes DATASET=YYYY-MM" in err


def test_script_is_a_thin_wrapper(shared_fdc, tmp_path, monkeypatch, capsys) -> None:
    data_dir = tmp_path / "d"
    argv = ["refresh_data.py", "--from", str(tmp_path / "missing"), "--data-dir", str(data_dir)]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as caught:
        runpy.run_path(str(REPO / "scripts" / "refresh_data.py"), run_name="__main__")
    assert caught.value.code == 1
    assert "missing does not exist" in capsys.readouterr().err
    assert not data_dir.exists() or not any(data_dir.iterdir())
