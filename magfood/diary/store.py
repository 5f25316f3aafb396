"""Saved days: an embedded SQLite database of what was eaten, keyed by ISO date.

One row per day with its entries (what was typed or added in each meal, and the person's
corrections: food, amount, grams), the supplements text and the totals computed when it was
saved, so the History page does not re-parse old days. Days saved before entries were kept
(schema 3) keep their meal texts and corrections until they are saved again. The file lives
in the user's data directory unless ``$MAGFOOD_DB`` says otherwise. Saves are single
transactions in WAL mode with retries on a busy database, so a crash mid-save keeps every
earlier day and two tabs saving at once both land. A file that is not a magfood database
raises :class:`StorageError` and is never overwritten.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs

from magfood.diary.records import DayFood, SavedDay, SavedPlan
from magfood.diary.rows import (
    PLAN_COLUMNS,
    entry_of,
    grouped,
    legacy_of,
    now,
    saved_plan_of,
    stamped,
    write_day,
)
from magfood.diary.sqlite import (
    check_file,
    database_problem,
    statements,
    storage_error,
    with_retries,
)
from magfood.errors import StorageError
from magfood.intake import DayLog

log = logging.getLogger("magfood")

DB_FILE = "magfood.sqlite3"
_BUSY_TIMEOUT_S = 5.0


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
    """
    CREATE TABLE entries (
        day TEXT NOT NULL REFERENCES days(day) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        meal TEXT,
        text TEXT NOT NULL,
        fdc_id INTEGER,
        quantity REAL,
        unit TEXT,
        grams REAL,
        portion TEXT,
        portion_grams REAL,
        PRIMARY KEY (day, id)
    );
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
        check_file(self.path)
        self._migrate()

    # -- connection and transactions -------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            return conn
        except (OSError, sqlite3.Error) as exc:
            raise storage_error(self.path, exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands or none of it does."""
        conn = self._connect()
        try:
            with_retries(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield conn
                with_retries(lambda: conn.execute("COMMIT"))
            except BaseException:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from exc
        finally:
            conn.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._connect()
        try:
            return with_retries(lambda: conn.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from exc
        finally:
            conn.close()

    def _migrate(self) -> None:
        conn = self._connect()
        try:
            problem = database_problem(conn, _TABLES)  # before anything writes to the file
            if problem:
                raise StorageError(
                    f"{self.path} {problem}; it was left untouched. "
                    "Move it aside or set MAGFOOD_DB to another file."
                )
            mode = with_retries(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
            log.debug("history %s journal mode %s", self.path, mode)
        except sqlite3.Error as exc:
            raise storage_error(self.path, exc) from exc
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
                for statement in statements(MIGRATIONS[number]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])

    # -- days ------------------------------------------------------------------------

    def save_day(self, day: SavedDay) -> SavedDay:
        """Replace the saved day for ``day.day`` in one transaction; return it as saved."""
        saved = stamped(day)
        with self._transaction() as conn:
            write_day(conn, saved)
        return saved

    def save_days(self, days: Sequence[SavedDay]) -> int:
        """Replace several days in one transaction (all or none); return how many."""
        with self._transaction() as conn:
            for day in days:
                write_day(conn, stamped(day))
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
        return _read_days(self._read, start, end)

    def update_days(
        self, dates: Sequence[date], change: Callable[[date, SavedDay | None], SavedDay]
    ) -> tuple[SavedDay, ...]:
        """Read each day, change it and write it back in one transaction, so two writers
        adding to one day both land (a plain save would keep only the last). ``change``
        gets the day as saved (or None) and returns what to save; if it raises, nothing
        is written."""
        written = []
        with self._transaction() as conn:

            def read(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
                return conn.execute(sql, params).fetchall()

            for day in dates:
                found = _read_days(read, day, day)
                saved = stamped(change(day, found[0] if found else None))
                write_day(conn, saved)
                written.append(saved)
        return tuple(written)

    # -- plans -----------------------------------------------------------------------

    def save_plan(self, name: str, plan: Mapping[str, Any]) -> SavedPlan:
        """Save a plan's record (``menus.plan_record``) under a name in one transaction,
        replacing a plan saved under the same name; return it as saved."""
        title = " ".join(name.split())
        if not title:
            raise StorageError("A saved plan needs a name.")
        if not isinstance(plan.get("request"), Mapping) or not isinstance(plan.get("items"), list):
            raise StorageError("Only a plan record (with its request and items) can be saved.")
        saved_at = now()
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO plans (name, saved_at, status, format, request, items) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                "saved_at = excluded.saved_at, status = excluded.status, "
                "format = excluded.format, request = excluded.request, items = excluded.items",
                (
                    title,
                    saved_at,
                    str(plan.get("status", "")),
                    int(plan.get("format", 1)),
                    json.dumps(plan["request"], sort_keys=True),
                    json.dumps(plan["items"]),
                ),
            )
            row = conn.execute("SELECT id FROM plans WHERE name = ?", (title,)).fetchone()
        return SavedPlan(int(row[0]), title, saved_at, dict(plan))

    def plans(self) -> tuple[SavedPlan, ...]:
        """Every saved plan, the most recently saved first."""
        rows = self._read(f"SELECT {PLAN_COLUMNS} FROM plans ORDER BY saved_at DESC, id DESC")
        return tuple(saved_plan_of(row) for row in rows)

    def load_plan(self, plan_id: int) -> SavedPlan | None:
        """The saved plan with this id, or None."""
        rows = self._read(f"SELECT {PLAN_COLUMNS} FROM plans WHERE id = ?", (plan_id,))
        return saved_plan_of(rows[0]) if rows else None

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


def _read_days(
    read: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]],
    start: date | None,
    end: date | None,
) -> tuple[SavedDay, ...]:
    low = start.isoformat() if start else "0000-01-01"
    high = end.isoformat() if end else "9999-12-31"
    between = "WHERE day BETWEEN ? AND ?"
    rows = read(
        f"SELECT day, supplements, total_mg, target_mg, saved_at FROM days {between} ORDER BY day",
        (low, high),
    )
    entries = grouped(
        read(
            "SELECT day, id, meal, text, fdc_id, quantity, unit, grams, portion, "
            f"portion_grams FROM entries {between} ORDER BY day, id",
            (low, high),
        )
    )
    meals = grouped(read(f"SELECT day, meal, text FROM meal_texts {between}", (low, high)))
    overrides = grouped(
        read(
            "SELECT day, meal, position, text, fdc_id, grams, quantity, unit FROM overrides "
            f"{between} ORDER BY day, meal, position",
            (low, high),
        )
    )
    foods = grouped(
        read(
            "SELECT day, meal, fdc_id, food, grams, magnesium_mg FROM day_foods "
            f"{between} ORDER BY day, seq",
            (low, high),
        )
    )
    return tuple(
        SavedDay(
            log=DayLog(
                date.fromisoformat(key),
                tuple(entry_of(row) for row in entries.get(key, [])),
                supplements,
            ),
            total_mg=total,
            target_mg=target,
            foods=tuple(DayFood(*row) for row in foods.get(key, [])),
            saved_at=saved_at,
            legacy=legacy_of(meals.get(key, []), overrides.get(key, [])),
        )
        for key, supplements, total, target, saved_at in rows
    )


_TABLES = frozenset(
    {
        "days",
        "entries",
        "meal_texts",
        "overrides",
        "day_foods",
        "settings",
        "plans",
        "sqlite_sequence",
    }
)
