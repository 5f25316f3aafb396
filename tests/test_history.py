"""Saved days: storage, schema migrations, failure modes and the CSV round-trip."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood import history
from magfood.errors import StorageError
from magfood.history import (
    MEALS,
    DayFood,
    History,
    Override,
    SavedDay,
    default_db_path,
    export_csv,
    import_csv,
    neutralise,
    open_history,
    restore,
)

D1 = date(2025, 3, 1)
SEEDS = DayFood("snacks", 170556, "Seeds, pumpkin and squash seed kernels, roasted", 28.35, 156.0)
DAY = SavedDay(
    day=D1,
    meals={"breakfast": "1 cup oatmeal, 1 medium banana", "snacks": "1 oz pumpkin seeds"},
    supplements="200 mg magnesium glycinate",
    overrides=(Override("snacks", 0, "1 oz pumpkin seeds", 170556, 28.35),),
    total_mg=420.5,
    target_mg=320.0,
    foods=(SEEDS,),
)


def _day(n: int, text: str = "1 banana") -> SavedDay:
    return SavedDay(day=D1 + timedelta(days=n), meals={"lunch": text}, total_mg=float(n))


def _same(saved: SavedDay, expected: SavedDay) -> bool:
    return replace(saved, saved_at="") == replace(expected, saved_at="")


@pytest.fixture
def store(tmp_path: Path) -> History:
    return open_history(tmp_path / "days.sqlite3")


# -- paths -----------------------------------------------------------------------------


def test_default_path_honours_magfood_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "x.sqlite3"))
    assert default_db_path() == tmp_path / "x.sqlite3"


def test_default_path_is_in_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAGFOOD_DB", raising=False)
    path = default_db_path()
    assert path.name == "magfood.sqlite3"
    assert "magfood" in path.parent.parts[-1]


def test_open_creates_parent_folders(tmp_path: Path) -> None:
    store = open_history(tmp_path / "a" / "b" / "days.sqlite3")
    assert store.path.exists()
    assert store.days() == ()


# -- saving and loading ----------------------------------------------------------------


def test_save_then_load_round_trips(store: History) -> None:
    saved = store.save_day(DAY)
    assert saved.saved_at
    loaded = store.load_day(D1)
    assert loaded is not None
    assert _same(loaded, DAY)
    assert loaded.meal_text("snacks") == "1 oz pumpkin seeds"
    assert loaded.meal_text("dinner") == ""


def test_saving_a_date_again_replaces_it(store: History) -> None:
    store.save_day(DAY)
    store.save_day(replace(DAY, meals={"dinner": "1 cup rice"}, overrides=(), foods=()))
    loaded = store.load_day(D1)
    assert loaded is not None
    assert dict(loaded.meals) == {"dinner": "1 cup rice"}
    assert loaded.overrides == ()
    assert loaded.foods == ()
    assert len(store.days()) == 1


def test_days_are_ordered_and_filtered_by_range(store: History) -> None:
    for n in (5, 1, 3, 2, 4):
        store.save_day(_day(n))
    inside = store.days(D1 + timedelta(days=2), D1 + timedelta(days=4))
    assert [d.total_mg for d in inside] == [2.0, 3.0, 4.0]
    assert [d.total_mg for d in store.days()] == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_delete_day_removes_it_and_its_rows(store: History) -> None:
    store.save_day(DAY)
    assert store.delete_day(D1) is True
    assert store.delete_day(D1) is False
    assert store.load_day(D1) is None
    conn = sqlite3.connect(store.path)
    for table in ("meal_texts", "overrides", "day_foods"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_settings_round_trip(store: History) -> None:
    assert store.load_setting("profile") is None
    store.save_setting("profile", {"age_years": 34, "sex": "female"})
    store.save_setting("profile", {"age_years": 35, "sex": "female", "pregnant": True})
    assert store.load_setting("profile") == {"age_years": 35, "sex": "female", "pregnant": True}


def test_database_uses_wal_and_current_schema(store: History) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == len(history.MIGRATIONS) == 1


# -- migrations ------------------------------------------------------------------------


def test_migration_upgrades_and_keeps_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "days.sqlite3"
    open_history(path).save_day(DAY)
    upgrade = "ALTER TABLE days ADD COLUMN note TEXT NOT NULL DEFAULT ''"
    monkeypatch.setattr(history, "MIGRATIONS", (*history.MIGRATIONS, upgrade))
    store = open_history(path)
    assert store.schema_version == 2
    loaded = store.load_day(D1)
    assert loaded is not None and _same(loaded, DAY)


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "days.sqlite3"
    open_history(path).save_day(DAY)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    with pytest.raises(StorageError, match=r"newer magfood \(schema 9"):
        open_history(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 9


# -- broken files ----------------------------------------------------------------------


def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 100)


def _malformed(path: Path) -> None:
    open_history(path).save_days([_day(n, "x" * 3000) for n in range(30)])
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, destroy every page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_garbage, "is not a magfood database"),
        (_foreign_db, "not a magfood one"),
        (_malformed, "left untouched"),
    ],
)
def test_broken_file_raises_and_is_never_overwritten(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "days.sqlite3"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    with pytest.raises(StorageError, match=message):
        open_history(path).save_day(DAY)
    assert path.read_bytes() == before


def test_folder_path_raises(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        open_history(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "days.sqlite3"
    open_history(path).save_day(DAY)
    path.chmod(0)
    try:
        with pytest.raises(StorageError, match="cannot"):
            open_history(path)
    finally:
        path.chmod(0o600)


# -- concurrency and crashes -----------------------------------------------------------


def test_two_threads_saving_at_once_both_land(store: History) -> None:
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for n in range(25):
                store.save_day(_day(offset + n, f"meal {offset + n}"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k * 100,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    saved = store.days()
    assert len(saved) == 50
    assert all(d.meal_text("lunch") == f"meal {int(d.total_mg or 0)}" for d in saved)


def test_exception_inside_save_keeps_earlier_days(
    store: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_day(DAY)
    real_write = history._write_day

    def write_then_crash(conn: sqlite3.Connection, day: SavedDay) -> None:
        real_write(conn, day)
        raise RuntimeError("power cut")

    monkeypatch.setattr(history, "_write_day", write_then_crash)
    with pytest.raises(RuntimeError):
        store.save_day(replace(DAY, meals={"lunch": "overwritten"}))
    with pytest.raises(RuntimeError):
        store.save_days([_day(1), _day(2)])
    monkeypatch.undo()
    assert [d.day for d in store.days()] == [D1]
    loaded = store.load_day(D1)
    assert loaded is not None and _same(loaded, DAY)


_KILLED_MID_SAVE = """
import os, sys
from datetime import date
from magfood import history
store = history.open_history(history.Path(sys.argv[1]))
with store._transaction() as conn:
    history._write_day(conn, history.SavedDay(date(2025, 3, 1), {"lunch": "half written"}))
    history._write_day(conn, history.SavedDay(date(2025, 3, 9), {"lunch": "never saved"}))
    os._exit(9)  # the process dies inside the transaction
"""


def test_process_killed_mid_save_keeps_earlier_days(store: History) -> None:
    store.save_day(DAY)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_SAVE, str(store.path)], check=False, timeout=60
    )
    assert done.returncode == 9
    reopened = open_history(store.path)
    assert [d.day for d in reopened.days()] == [D1]
    loaded = reopened.load_day(D1)
    assert loaded is not None and _same(loaded, DAY)


# -- CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("1 oz pumpkin seeds", "1 oz pumpkin seeds"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_and_restore(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected
    assert restore(neutralise(cell)) == cell


def test_export_neutralises_every_text_cell() -> None:
    day = SavedDay(
        D1,
        meals={meal: f"=cmd|' /C calc'!A{i}" for i, meal in enumerate(MEALS)},
        supplements="@SUM(1)",
    )
    rows = list(csv.reader(io.StringIO(export_csv([day]))))
    assert rows[0][:4] == ["date", "breakfast", "lunch", "dinner"]
    cells = rows[1]
    assert cells[1] == "'=cmd|' /C calc'!A0"
    assert cells[5] == "'@SUM(1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_export_then_import_round_trips(store: History, tmp_path: Path) -> None:
    days = [DAY, _day(3, "-1 cup milk"), SavedDay(D1 + timedelta(days=9))]
    store.save_days(days)
    report = import_csv(export_csv(store.days()))
    assert report.problems == ()
    assert report.summary() == "3 days read"
    other = open_history(tmp_path / "other.sqlite3")
    assert other.save_days(report.days) == 3
    for original, copied in zip(days, other.days(), strict=True):
        assert _same(copied, original)


_texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
_days = st.builds(
    SavedDay,
    day=st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    meals=st.dictionaries(st.sampled_from(MEALS), _texts.filter(bool)),
    supplements=_texts,
    overrides=st.lists(
        st.builds(
            Override,
            meal=st.sampled_from(MEALS),
            position=st.integers(0, 50),
            text=_texts,
            fdc_id=st.none() | st.integers(1, 10**7),
            grams=st.none() | st.floats(0, 5000),
        ),
        max_size=3,
    ).map(tuple),
    total_mg=st.none() | st.floats(0, 5000),
    target_mg=st.none() | st.floats(0, 1000),
    foods=st.lists(
        st.builds(
            DayFood,
            meal=st.sampled_from(MEALS),
            fdc_id=st.none() | st.integers(1, 10**7),
            food=_texts,
            grams=st.none() | st.floats(0, 5000),
            magnesium_mg=st.none() | st.floats(0, 5000),
        ),
        max_size=3,
    ).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_days, max_size=4, unique_by=lambda d: d.day))
def test_csv_round_trip_property(days: list[SavedDay]) -> None:
    report = import_csv(export_csv(days))
    assert report.problems == ()
    assert list(report.days) == days


GOOD = "2025-03-02,1 banana,,,,,32.0,320.0,[],[]"
HEADER = (
    "date,breakfast,lunch,dinner,snacks,supplements,total_magnesium_mg,target_mg,overrides,foods"
)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("03/02/2025,1 banana,,,,,,,[],[]", "date '03/02/2025' is not YYYY-MM-DD"),
        ("2025-02-30,1 banana,,,,,,,[],[]", "date '2025-02-30' is not a calendar date"),
        (",1 banana,,,,,,,[],[]", "date '' is not YYYY-MM-DD"),
        ("2025-03-05,x,,,,,lots,,[],[]", "total_magnesium_mg 'lots' is not a number"),
        ("2025-03-05,x,,,,,-5,,[],[]", "total_magnesium_mg '-5' is not between 0 and 100,000 mg"),
        ("2025-03-05,x,,,,,nan,,[],[]", "total_magnesium_mg 'nan' is not between 0"),
        ("2025-03-05,x,,,,,,1e9,[],[]", "target_mg '1e9' is not between 0"),
        ("2025-03-05,x,,,,,,,{oops,[]", "overrides is not valid JSON"),
        ('2025-03-05,x,,,,,,,"{""a"": 1}",[]', "overrides must be a JSON list of objects"),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""brunch"", ""position"": 0}]",[]',
            "overrides: meal 'brunch' is not one of breakfast, lunch, dinner, snacks",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": -1}]",[]',
            "overrides: position must be a whole number from 0",
        ),
        (
            '2025-03-05,x,,,,,,,[],"[{""meal"": ""lunch"", ""fdc_id"": ""abc""}]"',
            "foods: fdc_id 'abc' has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,[],"[{""meal"": ""lunch"", ""magnesium_mg"": -3}]"',
            "foods: magnesium_mg -3 is out of range",
        ),
        ("2025-03-05,x,,,,,,,[],[],extra", "more cells than columns"),
        ("2025-03-05," + "x" * 20_001 + ",,,,,,,[],[]", "breakfast is longer than 20,000"),
        ("2025-03-02,again,,,,,,,[],[]", "2025-03-02 appears twice; kept the first"),
    ],
)
def test_bad_import_rows_are_reported_and_skipped(bad_row: str, message: str) -> None:
    text = "\n".join([HEADER, GOOD, bad_row, "2025-03-03,,2 eggs,,,,,,,"]) + "\n"
    report = import_csv(text)
    assert [d.day for d in report.days] == [date(2025, 3, 2), date(2025, 3, 3)]
    assert report.days[0].meal_text("breakfast") == "1 banana"
    assert report.days[0].total_mg == 32.0
    assert len(report.problems) == 1
    assert report.problems[0].line == 3
    assert report.problems[0].message.startswith(message)
    assert report.summary() == "2 days read; 1 row(s) skipped"


@pytest.mark.parametrize(
    "text",
    ["", "hello\nworld\n", "\x00\x01", "a,b,c\n1,2,3\n", "<script>alert(1)</script>"],
)
def test_import_of_something_else_never_raises(text: str) -> None:
    report = import_csv(text)
    assert report.days == ()
    assert report.problems


def test_import_accepts_a_byte_order_mark_and_missing_columns() -> None:
    report = import_csv("\ufeffdate,lunch\n2025-03-04,1 cup rice\n")
    assert report.problems == ()
    assert report.days == (SavedDay(date(2025, 3, 4), meals={"lunch": "1 cup rice"}),)


def test_path_under_a_file_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be used"):
        open_history(blocker / "days.sqlite3")
