"""Saved days and plans: storage, schema migrations, failure modes (CSV: test_history_csv).

Tests taking ``store`` run on SQLite and on PostgreSQL (``db_location`` in conftest); the
ones about files, old file versions and SQLite's own behaviour take ``sqlite_store``."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from magfood.diary import database
from magfood.diary import store as history
from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay
from magfood.diary.store import History, default_db_path, open_history
from magfood.errors import StorageError
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime
from magfood.table import FoodTable

D1 = date(2025, 3, 1)
SEEDS = DayFood("snacks", 170556, "Seeds, pumpkin and squash seed kernels, roasted", 28.35, 156.0)
B, S = MealTime.BREAKFAST, MealTime.SNACKS
DAY = SavedDay(
    log=DayLog(
        D1,
        (
            Entry(1, B, "1 cup oatmeal"),
            Entry(2, B, "1 medium banana", quantity=2.0, unit="large"),
            Entry(3, S, "1 oz pumpkin seeds", fdc_id=170556, grams=28.35),
            Entry(
                4,
                S,
                "1/2 cup, chopped Chard",
                169343,
                portion="1/2 cup, chopped",
                portion_grams=87.5,
            ),
        ),
        "200 mg magnesium glycinate",
    ),
    total_mg=420.5,
    target_mg=320.0,
    foods=(SEEDS,),
)


def _day(n: int, text: str = "1 banana") -> SavedDay:
    log = DayLog(D1 + timedelta(days=n), (Entry(1, MealTime.LUNCH, text),))
    return SavedDay(log, total_mg=float(n))


def _texts(day: SavedDay, meal: MealTime) -> list[str]:
    return [e.text for e in day.log.in_meal(meal)]


def _same(saved: SavedDay, expected: SavedDay) -> bool:
    return replace(saved, saved_at="") == replace(expected, saved_at="")


@pytest.fixture
def store(db_location: str) -> History:
    return open_history(db_location)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> History:
    return open_history(tmp_path / "days.sqlite3")


def _again(store: History) -> History:
    """The same database opened anew."""
    return open_history(store.database.url.render_as_string(hide_password=False))


def _execute(store: History, sql: str, **params: object) -> list[tuple[object, ...]]:
    """Run SQL straight on the store's database (as another program could), in one
    transaction; the rows it returns."""

    def work(conn: Connection) -> list[tuple[object, ...]]:
        result = conn.execute(text(sql), params)
        return [tuple(row) for row in result] if result.returns_rows else []

    return store.database.write(work)


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
    assert _texts(loaded, S) == ["1 oz pumpkin seeds", "1/2 cup, chopped Chard"]
    assert _texts(loaded, MealTime.DINNER) == []


def test_saving_a_date_again_replaces_it(store: History) -> None:
    store.save_day(DAY)
    rice = DayLog(D1, (Entry(1, MealTime.DINNER, "1 cup rice"),))
    store.save_day(replace(DAY, log=rice, foods=()))
    loaded = store.load_day(D1)
    assert loaded is not None
    assert loaded.log == rice
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
    assert _execute(store, "SELECT COUNT(*) FROM entries") == [(4,)]
    assert store.delete_day(D1) is True
    assert store.delete_day(D1) is False
    assert store.load_day(D1) is None
    for table in ("days", "entries", "meal_texts", "overrides", "day_foods"):
        assert _execute(store, f"SELECT COUNT(*) FROM {table}") == [(0,)]


def test_settings_round_trip(store: History) -> None:
    assert store.load_setting("profile") is None
    store.save_setting("profile", {"age_years": 34, "sex": "female"})
    store.save_setting("profile", {"age_years": 35, "sex": "female", "pregnant": True})
    assert store.load_setting("profile") == {"age_years": 35, "sex": "female", "pregnant": True}


def test_database_uses_wal_and_current_schema(sqlite_store: History) -> None:
    assert sqlite_store.path is not None
    conn = sqlite3.connect(sqlite_store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sqlite_store.schema_version == len(history.MIGRATIONS) == 5


def test_both_backends_are_at_the_current_schema(store: History) -> None:
    assert store.schema_version == 5
    assert _again(store).schema_version == 5  # opening again changes nothing


# -- migrations ------------------------------------------------------------------------


def test_migration_upgrades_and_keeps_days(
    db_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_history(db_location).save_day(DAY)
    upgrade = ("ALTER TABLE days ADD COLUMN note TEXT NOT NULL DEFAULT ''",)
    released = len(history.MIGRATIONS)
    monkeypatch.setattr(database, "MIGRATIONS", (*history.MIGRATIONS, upgrade))
    store = open_history(db_location)
    assert store.schema_version == released + 1
    loaded = store.load_day(D1)
    assert loaded is not None and _same(loaded, DAY)


#: What a schema 1, 2 or 3 file holds: meal texts, with corrections by position.
OLD_TEXTS = {"breakfast": "1 cup oatmeal, 1 medium banana", "snacks": "1 oz pumpkin seeds"}
OLD_SNACK = Override("snacks", 0, "1 oz pumpkin seeds", 170556, 28.35)
OLD_BANANA = Override("breakfast", 1, "1 medium banana", None, None, 2.0, "large")


def _old_file(path: Path, monkeypatch: pytest.MonkeyPatch, version: int) -> None:
    """A database as magfood wrote it at an earlier schema: 1 (before plans were saved),
    2 (before corrected amounts were saved) or 3 (before entries were kept), with a day
    holding corrections."""
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", history.MIGRATIONS[:version])
        old = open_history(path)
        assert old.schema_version == version
    key = D1.isoformat()
    conn = sqlite3.connect(path)  # the rows as the old code wrote them, column by column
    with conn:
        conn.execute("INSERT INTO settings VALUES ('profile', '{\"age\": 34}')")
        conn.execute(
            "INSERT INTO days VALUES (?, ?, ?, ?, ?)",
            (key, DAY.log.supplements, DAY.total_mg, DAY.target_mg, "then"),
        )
        conn.executemany(
            "INSERT INTO meal_texts VALUES (?, ?, ?)",
            [(key, meal, text) for meal, text in OLD_TEXTS.items()],
        )
        for o in (OLD_SNACK, OLD_BANANA) if version >= 3 else (OLD_SNACK,):
            values = (key, o.meal, o.position, o.text, o.fdc_id, o.grams)
            if version >= 3:
                values += (o.quantity, o.unit)
            conn.execute(f"INSERT INTO overrides VALUES ({', '.join('?' * len(values))})", values)
        conn.execute(
            "INSERT INTO day_foods VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, 0, SEEDS.meal, SEEDS.fdc_id, SEEDS.food, SEEDS.grams, SEEDS.magnesium_mg),
        )
    conn.close()


def test_version_1_file_gains_the_plans_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "days.sqlite3"
    _old_file(path, monkeypatch, 1)
    assert "plans" not in _tables(path)
    store = open_history(path)
    assert store.schema_version == 5
    assert {"plans", "users"} <= _tables(path)
    loaded = store.load_day(D1)
    assert loaded is not None and loaded.legacy == LegacyDay(OLD_TEXTS, (OLD_SNACK,))
    assert store.load_setting("profile") == {"age": 34}
    assert store.plans() == ()
    saved = store.save_plan("Week 1", RECORD)
    assert store.load_plan(saved.id) == saved
    assert open_history(path).schema_version == 5  # opening again migrates nothing
    assert open_history(path, user="sam").days() == ()  # the old days are the local user's


def test_version_3_day_opens_as_entries_with_its_corrections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: FoodTable
) -> None:
    path = tmp_path / "days.sqlite3"
    _old_file(path, monkeypatch, 3)
    assert _columns(path, "overrides")[-2:] == ["quantity", "unit"]
    store = open_history(path)
    assert store.schema_version == 5 and "entries" in _tables(path)
    loaded = store.load_day(D1)
    assert loaded is not None and loaded.log.entries == ()
    assert loaded.legacy == LegacyDay(OLD_TEXTS, (OLD_BANANA, OLD_SNACK))  # by meal, position
    log = loaded.open(table)
    assert [(e.meal, e.text) for e in log.entries] == [
        (B, "1 cup oatmeal"),
        (B, "1 medium banana"),
        (S, "1 oz pumpkin seeds"),
    ]
    assert (log.entries[1].quantity, log.entries[1].unit) == (2.0, "large")
    assert (log.entries[2].fdc_id, log.entries[2].grams) == (170556, 28.35)
    store.save_day(replace(loaded, log=log))  # saved again: kept as entries
    again = open_history(path).load_day(D1)
    assert again is not None and again.legacy is None and again.log == log


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def test_newer_schema_is_refused_and_untouched(store: History) -> None:
    store.save_day(DAY)
    if store.path is not None:
        conn = sqlite3.connect(store.path)
        conn.execute("PRAGMA user_version = 9")
        conn.close()
    else:
        _execute(store, "UPDATE magfood_schema SET version = 9")
    with pytest.raises(StorageError, match=r"newer magfood \(schema 9"):
        _again(store)
    assert store.schema_version == 9
    assert [d.day for d in store.days()] == [D1]


# -- saved plans -----------------------------------------------------------------------

#: A plan record as menus.plan_record writes it (trimmed to one item).
RECORD = {
    "format": 1,
    "request": {"target_mg": 320.0, "kcal_min": 1800.0, "kcal_max": 2200.0, "days": 1},
    "status": "optimal",
    "items": [{"day": 1, "meal": "lunch", "fdc_id": 2707361, "food": "Black beans"}],
}


def test_save_list_load_and_delete_plans(store: History) -> None:
    first = store.save_plan("  Week   of greens ", RECORD)
    assert first.name == "Week of greens" and first.saved_at
    assert dict(first.record) == RECORD
    second = store.save_plan("Vegan week", {**RECORD, "status": "feasible"})
    assert [p.name for p in store.plans()] == ["Vegan week", "Week of greens"]
    loaded = store.load_plan(first.id)
    assert loaded is not None and dict(loaded.record) == RECORD
    assert store.delete_plan(first.id) is True
    assert store.delete_plan(first.id) is False
    assert store.load_plan(first.id) is None
    assert [p.id for p in store.plans()] == [second.id]


def test_saving_a_plan_name_again_replaces_it(store: History) -> None:
    first = store.save_plan("Week 1", RECORD)
    other = {**RECORD, "items": []}
    again = store.save_plan("Week 1", other)
    assert again.id == first.id
    assert len(store.plans()) == 1
    loaded = store.load_plan(first.id)
    assert loaded is not None and loaded.record["items"] == []


def test_deleted_plan_ids_are_not_reused(store: History) -> None:
    first = store.save_plan("a", RECORD)
    store.delete_plan(first.id)
    assert store.save_plan("b", RECORD).id > first.id


def test_deleted_plan_ids_are_not_reused_after_the_users_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "days.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", history.MIGRATIONS[:4])
        open_history(path)
    conn = sqlite3.connect(path)  # as magfood 4 saved and deleted plans
    with conn:
        for name in ("kept", "dropped"):
            conn.execute(
                "INSERT INTO plans (name, saved_at, request, items) VALUES (?, 'then', '{}', '[]')",
                (name,),
            )
        conn.execute("DELETE FROM plans WHERE name = 'dropped'")
    conn.close()
    store = open_history(path)
    assert [(p.id, p.name) for p in store.plans()] == [(1, "kept")]
    assert store.save_plan("new", RECORD).id == 3


@pytest.mark.parametrize(
    ("name", "record", "message"),
    [
        ("   ", RECORD, "needs a name"),
        ("x", {"items": []}, "with its request and items"),
        ("x", {"request": {}, "items": "no"}, "with its request and items"),
    ],
)
def test_bad_plans_are_refused(
    store: History, name: str, record: dict[str, object], message: str
) -> None:
    with pytest.raises(StorageError, match=message):
        store.save_plan(name, record)
    assert store.plans() == ()


def test_failed_plan_save_keeps_the_earlier_plan(store: History) -> None:
    store.save_plan("Week 1", RECORD)
    broken = {**RECORD, "items": [{"food": object()}]}  # cannot be written as JSON
    with pytest.raises(TypeError):
        store.save_plan("Week 1", broken)
    assert [dict(p.record) for p in store.plans()] == [RECORD]


def test_unreadable_plan_json_gives_an_empty_record(store: History) -> None:
    saved = store.save_plan("Week 1", RECORD)
    _execute(store, "UPDATE plans SET items = '{oops' WHERE id = :id", id=saved.id)
    loaded = store.load_plan(saved.id)
    assert loaded is not None and loaded.record == {} and loaded.name == "Week 1"


def test_two_threads_saving_plans_both_land(store: History) -> None:
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            for n in range(10):
                store.save_plan(f"{prefix} {n}", RECORD)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(prefix,)) for prefix in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.plans()) == 20
    assert json.loads(json.dumps(store.plans()[0].record)) == RECORD


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
    assert all(_texts(d, MealTime.LUNCH) == [f"meal {int(d.total_mg or 0)}"] for d in saved)


def test_exception_inside_save_keeps_earlier_days(
    store: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_day(DAY)
    real_write = history.write_day

    def write_then_crash(conn: Connection, owner: str, day: SavedDay) -> None:
        real_write(conn, owner, day)
        raise RuntimeError("power cut")

    monkeypatch.setattr(history, "write_day", write_then_crash)
    with pytest.raises(RuntimeError):
        store.save_day(replace(DAY, log=DayLog(D1, (Entry(1, MealTime.LUNCH, "overwritten"),))))
    with pytest.raises(RuntimeError):
        store.save_days([_day(1), _day(2)])
    monkeypatch.undo()
    assert [d.day for d in store.days()] == [D1]
    loaded = store.load_day(D1)
    assert loaded is not None and _same(loaded, DAY)


def test_path_under_a_file_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot be used"):
        open_history(blocker / "days.sqlite3")
