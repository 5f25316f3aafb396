"""Saved days: an embedded SQLite database of what was eaten, keyed by ISO date.

One row per day with the meal texts, the user's corrections (chosen food, amount, grams), the
supplements text and the totals computed when it was saved, so the History page does not
re-parse old days. The file lives in the user's data directory unless ``$MAGFOOD_DB`` says
otherwise. Saves are single transactions in WAL mode with retries on a busy database, so a
crash mid-save keeps every earlier day and two tabs saving at once both land. A file that is
not a magfood database raises :class:`StorageError` and is never overwritten.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import platformdirs

from magfood.errors import StorageError

log = logging.getLogger("magfood")

MEALS = ("breakfast", "lunch", "dinner", "snacks")
DB_FILE = "magfood.sqlite3"
_SQLITE_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 5.0
_RETRIES = 5

T = TypeVar("T")


@dataclass(frozen=True)
class Override:
    """A user's correction to one parsed item: another FDC food, another amount (quantity
    and unit, set together; unit None is a bare count) and/or grams typed in; None where
    the item was left as read."""

    meal: str
    position: int
    text: str
    fdc_id: int | None = None
    grams: float | None = None
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class DayFood:
    """One counted food of a saved day, as computed when it was saved (for top foods)."""

    meal: str
    fdc_id: int | None
    food: str
    grams: float | None
    magnesium_mg: float | None


@dataclass(frozen=True)
class SavedDay:
    """A logged day: meal texts by meal, corrections, supplements and the saved totals."""

    day: date
    meals: Mapping[str, str] = field(default_factory=dict)
    supplements: str = ""
    overrides: tuple[Override, ...] = ()
    total_mg: float | None = None
    target_mg: float | None = None
    foods: tuple[DayFood, ...] = ()
    saved_at: str = ""

    def meal_text(self, meal: str) -> str:
        """The text of one meal box ("" if none was saved)."""
        return self.meals.get(meal, "")


@dataclass(frozen=True)
class SavedPlan:
    """A saved week plan: its id and name, when it was saved, and the plan's record (the
    request and items as JSON-ready data, from ``menus.plan_record``; ``{}`` if unreadable).
    ``menus.plan_from_record`` turns the record back into the plan."""

    id: int
    name: str
    saved_at: str
    record: Mapping[str, Any]


# Each migration takes the database from version N to N+1; never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE days (
        day TEXT PRIMARY KEY,
        supplements TEXT NOT NULL DEFAULT '',
        total_mg REAL,
        target_mg REAL,
        saved_at TEXT NOT NULL
    );
    CREATE TABLE meal_texts (
        day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
        meal TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (day, meal)
    );
    CREATE TABLE overrides (
        day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
        meal TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        fdc_id INTEGER,
        grams REAL,
        PRIMARY KEY (day, meal, position)
    );
    CREATE TABLE day_foods (
        day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        meal TEXT NOT NULL,
        fdc_id INTEGER,
        food TEXT NOT NULL,
        grams REAL,
        magnesium_mg REAL,
        PRIMARY KEY (day, seq)
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    """
    CREATE TABLE plans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        saved_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '',
        format INTEGER NOT NULL DEFAULT 1,
        request TEXT NOT NULL,
        items TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE overrides ADD COLUMN quantity REAL;
    ALTER TABLE overrides ADD COLUMN unit TEXT;
    """,
)


def default_db_path() -> Path:
    """``$MAGFOOD_DB`` if set, else ``magfood.sqlite3`` in the user's data directory."""
    env = os.environ.get("MAGFOOD_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("magfood")) / DB_FILE


def open_history(path: Path | None = None) -> History:
    """Open (creating or migrating if needed) the saved-days database."""
    return History(path or default_db_path())


class History:
    """The saved-days database at one path. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _check_file(self.path)
        self._migrate()

    # -- connection and transactions -------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        except (OSError, sqlite3.Error) as exc:
            raise _storage_error(self.path, exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands or none of it does."""
        conn = self._connect()
        try:
            _with_retries(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield conn
                _with_retries(lambda: conn.execute("COMMIT"))
            except BaseException:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc
        finally:
            conn.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._connect()
        try:
            return _with_retries(lambda: conn.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc
        finally:
            conn.close()

    def _migrate(self) -> None:
        conn = self._connect()
        try:
            problem = _database_problem(conn)  # before anything writes to the file
            if problem:
                raise StorageError(
                    f"{self.path} {problem}; it was left untouched. "
                    "Move it aside or set MAGFOOD_DB to another file."
                )
            mode = _with_retries(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            log.debug("history %s journal mode %s", self.path, mode)
        except sqlite3.Error as exc:
            raise _storage_error(self.path, exc) from exc
        finally:
            conn.close()
        with self._transaction() as conn:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > len(MIGRATIONS):
                raise StorageError(
                    f"{self.path} was written by a newer magfood (schema {version}, this "
                    f"version reads up to {len(MIGRATIONS)}); upgrade magfood to open it."
                )
            for number in range(version, len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # -- days ------------------------------------------------------------------------

    def save_day(self, day: SavedDay) -> SavedDay:
        """Replace the saved day for ``day.day`` in one transaction; return it as saved."""
        saved = _stamped(day)
        with self._transaction() as conn:
            _write_day(conn, saved)
        return saved

    def save_days(self, days: Sequence[SavedDay]) -> int:
        """Replace several days in one transaction (all or none); return how many."""
        with self._transaction() as conn:
            for day in days:
                _write_day(conn, _stamped(day))
        return len(days)

    def delete_day(self, day: date) -> bool:
        """Remove one day; True if it existed."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM days WHERE day = ?", (day.isoformat(),))
            return cursor.rowcount > 0

    def load_day(self, day: date) -> SavedDay | None:
        """The saved day for a date, or None."""
        found = self.days(day, day)
        return found[0] if found else None

    def days(self, start: date | None = None, end: date | None = None) -> tuple[SavedDay, ...]:
        """Saved days from ``start`` to ``end`` inclusive (either open), oldest first."""
        low = start.isoformat() if start else "0000-01-01"
        high = end.isoformat() if end else "9999-12-31"
        rows = self._read(
            "SELECT day, supplements, total_mg, target_mg, saved_at FROM days "
            "WHERE day BETWEEN ? AND ? ORDER BY day",
            (low, high),
        )
        meals = _grouped(
            self._read(
                "SELECT day, meal, text FROM meal_texts WHERE day BETWEEN ? AND ?", (low, high)
            )
        )
        overrides = _grouped(
            self._read(
                "SELECT day, meal, position, text, fdc_id, grams, quantity, unit FROM overrides "
                "WHERE day BETWEEN ? AND ? ORDER BY day, meal, position",
                (low, high),
            )
        )
        foods = _grouped(
            self._read(
                "SELECT day, meal, fdc_id, food, grams, magnesium_mg FROM day_foods "
                "WHERE day BETWEEN ? AND ? ORDER BY day, seq",
                (low, high),
            )
        )
        return tuple(
            SavedDay(
                day=date.fromisoformat(key),
                meals={meal: text for meal, text in meals.get(key, [])},
                supplements=supplements,
                overrides=tuple(Override(*row) for row in overrides.get(key, [])),
                total_mg=total,
                target_mg=target,
                foods=tuple(DayFood(*row) for row in foods.get(key, [])),
                saved_at=saved_at,
            )
            for key, supplements, total, target, saved_at in rows
        )

    # -- plans -----------------------------------------------------------------------

    def save_plan(self, name: str, plan: Mapping[str, Any]) -> SavedPlan:
        """Save a plan's record (``menus.plan_record``) under a name in one transaction,
        replacing a plan saved under the same name; return it as saved."""
        title = " ".join(name.split())
        if not title:
            raise StorageError("A saved plan needs a name.")
        if not isinstance(plan.get("request"), Mapping) or not isinstance(plan.get("items"), list):
            raise StorageError("Only a plan record (with its request and items) can be saved.")
        now = _now()
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO plans (name, saved_at, status, format, request, items) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                "saved_at = excluded.saved_at, status = excluded.status, "
                "format = excluded.format, request = excluded.request, items = excluded.items",
                (
                    title,
                    now,
                    str(plan.get("status", "")),
                    int(plan.get("format", 1)),
                    json.dumps(plan["request"], sort_keys=True),
                    json.dumps(plan["items"]),
                ),
            )
            row = conn.execute("SELECT id FROM plans WHERE name = ?", (title,)).fetchone()
        return SavedPlan(int(row[0]), title, now, dict(plan))

    def plans(self) -> tuple[SavedPlan, ...]:
        """Every saved plan, the most recently saved first."""
        rows = self._read(f"SELECT {_PLAN_COLUMNS} FROM plans ORDER BY saved_at DESC, id DESC")
        return tuple(_saved_plan(row) for row in rows)

    def load_plan(self, plan_id: int) -> SavedPlan | None:
        """The saved plan with this id, or None."""
        rows = self._read(f"SELECT {_PLAN_COLUMNS} FROM plans WHERE id = ?", (plan_id,))
        return _saved_plan(rows[0]) if rows else None

    def delete_plan(self, plan_id: int) -> bool:
        """Remove one saved plan; True if it existed."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,)).rowcount > 0

    # -- settings (the remembered profile) --------------------------------------------

    def save_setting(self, key: str, value: Mapping[str, Any]) -> None:
        """Remember a small JSON-able mapping under a key (e.g. the profile)."""
        text = json.dumps(dict(value), sort_keys=True)
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, text),
            )

    def load_setting(self, key: str) -> dict[str, Any] | None:
        """A remembered mapping, or None if never saved or unreadable."""
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        if not rows:
            return None
        try:
            value = json.loads(rows[0][0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None


def _check_file(path: Path) -> None:
    """Refuse anything at ``path`` that is not an SQLite file, before SQLite touches it."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file; set MAGFOOD_DB to a file.")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise _storage_error(path, exc) from exc
    if header and header != _SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a magfood database (corrupt or another kind of file); it was "
            "left untouched. Move it aside or set MAGFOOD_DB to another file."
        )


_TABLES = frozenset(
    {"days", "meal_texts", "overrides", "day_foods", "settings", "plans", "sqlite_sequence"}
)


def _database_problem(conn: sqlite3.Connection) -> str | None:
    """Why an SQLite file is not a healthy magfood database, or None."""
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        return f"is damaged (SQLite quick_check: {check})"
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not names <= _TABLES:
        return "is an SQLite database but not a magfood one"
    return None


def _storage_error(path: Path, exc: BaseException) -> StorageError:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return StorageError(
            f"{path} cannot be read as a magfood database ({detail}); it was left untouched. "
            "Move it aside or set MAGFOOD_DB to another file."
        )
    return StorageError(
        f"the saved-days database {path} cannot be used ({detail}); check the file's "
        "permissions and free space, or set MAGFOOD_DB to another file."
    )


def _with_retries(action: Callable[[], T]) -> T:
    """Run a statement, retrying a few times when another writer holds the lock."""
    for attempt in range(_RETRIES):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or attempt == _RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamped(day: SavedDay) -> SavedDay:
    now = _now()
    return SavedDay(
        day.day,
        dict(day.meals),
        day.supplements,
        day.overrides,
        day.total_mg,
        day.target_mg,
        day.foods,
        now,
    )


def _write_day(conn: sqlite3.Connection, day: SavedDay) -> None:
    key = day.day.isoformat()
    conn.execute("DELETE FROM days WHERE day = ?", (key,))
    conn.execute(
        "INSERT INTO days (day, supplements, total_mg, target_mg, saved_at) VALUES (?,?,?,?,?)",
        (key, day.supplements, day.total_mg, day.target_mg, day.saved_at),
    )
    conn.executemany(
        "INSERT INTO meal_texts (day, meal, text) VALUES (?, ?, ?)",
        [(key, meal, text) for meal, text in day.meals.items() if text],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO overrides "
        "(day, meal, position, text, fdc_id, grams, quantity, unit) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (key, o.meal, o.position, o.text, o.fdc_id, o.grams, o.quantity, o.unit)
            for o in day.overrides
        ],
    )
    conn.executemany(
        "INSERT INTO day_foods (day, seq, meal, fdc_id, food, grams, magnesium_mg) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (key, seq, f.meal, f.fdc_id, f.food, f.grams, f.magnesium_mg)
            for seq, f in enumerate(day.foods)
        ],
    )


def _grouped(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(tuple(row[1:]))
    return groups


_PLAN_COLUMNS = "id, name, saved_at, status, format, request, items"


def _saved_plan(row: tuple[Any, ...]) -> SavedPlan:
    plan_id, name, saved_at, status, version, request, items = row
    try:
        record = {
            "format": version,
            "request": json.loads(request),
            "status": status,
            "items": json.loads(items),
        }
    except ValueError:
        log.warning("saved plan %s has unreadable JSON", plan_id)
        record = {}
    return SavedPlan(int(plan_id), str(name), str(saved_at), record)


# -- CSV export and import live in history_csv ------------------------------------------

_CSV_NAMES = frozenset(
    {
        "CSV_COLUMNS",
        "CSV_JSON_COLUMNS",
        "FORMULA_STARTS",
        "ImportReport",
        "RowProblem",
        "export_csv",
        "import_csv",
        "neutralise",
        "restore",
    }
)

if TYPE_CHECKING:
    from magfood.diary.csv_io import CSV_COLUMNS as CSV_COLUMNS
    from magfood.diary.csv_io import CSV_JSON_COLUMNS as CSV_JSON_COLUMNS
    from magfood.diary.csv_io import FORMULA_STARTS as FORMULA_STARTS
    from magfood.diary.csv_io import ImportReport as ImportReport
    from magfood.diary.csv_io import RowProblem as RowProblem
    from magfood.diary.csv_io import export_csv as export_csv
    from magfood.diary.csv_io import import_csv as import_csv
    from magfood.diary.csv_io import neutralise as neutralise
    from magfood.diary.csv_io import restore as restore


def __getattr__(name: str) -> Any:
    """The CSV names, still importable from here: history_csv builds on this module's
    dataclasses, so it is loaded on first use rather than imported at the top."""
    if name in _CSV_NAMES:
        from magfood.diary import csv_io as history_csv

        return getattr(history_csv, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
