"""Saved days: an embedded SQLite database of what was eaten, keyed by ISO date.

One row per day with the meal texts, the user's corrections (chosen food, grams), the
supplements text and the totals computed when it was saved, so the History page does not
re-parse old days. The file lives in the user's data directory unless ``$MAGFOOD_DB`` says
otherwise. Saves are single transactions in WAL mode with retries on a busy database, so a
crash mid-save keeps every earlier day and two tabs saving at once both land. A file that is
not a magfood database raises :class:`StorageError` and is never overwritten.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

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
    """A user's correction to one parsed item: another FDC food and/or other grams."""

    meal: str
    position: int
    text: str
    fdc_id: int | None = None
    grams: float | None = None


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
                "SELECT day, meal, position, text, fdc_id, grams FROM overrides "
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


_TABLES = frozenset({"days", "meal_texts", "overrides", "day_foods", "settings"})


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


def _stamped(day: SavedDay) -> SavedDay:
    now = datetime.now(UTC).isoformat(timespec="seconds")
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
        "INSERT OR REPLACE INTO overrides (day, meal, position, text, fdc_id, grams) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(key, o.meal, o.position, o.text, o.fdc_id, o.grams) for o in day.overrides],
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


# -- CSV export and import -------------------------------------------------------------

CSV_COLUMNS = ("date", *MEALS, "supplements", "total_magnesium_mg", "target_mg")
CSV_JSON_COLUMNS = ("overrides", "foods")
#: A spreadsheet runs a cell starting with one of these as a formula; "'" is escaped too so
#: that import can undo the escape exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_MAX_CELL = 20_000
_MAX_MG = 100_000.0
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class RowProblem:
    """A CSV row that was skipped on import, with the reason in plain words."""

    line: int
    message: str


@dataclass(frozen=True)
class ImportReport:
    """The days read from a CSV (ready to save) and the rows that were skipped."""

    days: tuple[SavedDay, ...]
    problems: tuple[RowProblem, ...]

    def summary(self) -> str:
        kept = f"{len(self.days)} day{'s' if len(self.days) != 1 else ''} read"
        if not self.problems:
            return kept
        return f"{kept}; {len(self.problems)} row(s) skipped"


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`."""
    return cell[1:] if cell.startswith("'") else cell


def export_csv(days: Sequence[SavedDay]) -> str:
    """All days as CSV text, one row per day; text cells are formula-neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180 "\r\n", which also quotes a lone "\r"
    writer.writerow([*CSV_COLUMNS, *CSV_JSON_COLUMNS])
    for day in days:
        writer.writerow(
            [
                day.day.isoformat(),
                *(neutralise(day.meal_text(meal)) for meal in MEALS),
                neutralise(day.supplements),
                _number_cell(day.total_mg),
                _number_cell(day.target_mg),
                neutralise(json.dumps([asdict(o) for o in day.overrides])),
                neutralise(json.dumps([asdict(f) for f in day.foods])),
            ]
        )
    return out.getvalue()


def import_csv(text: str) -> ImportReport:
    """Read exported CSV text row by row; bad rows are reported and skipped. Never raises."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = reader.fieldnames or []
    if "date" not in header:
        return ImportReport((), (RowProblem(1, "no 'date' column; is this a magfood export?"),))
    days: dict[date, SavedDay] = {}
    problems: list[RowProblem] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(RowProblem(reader.line_num, f"unreadable CSV ({exc})"))
            break
        try:
            day = _day_from_row(row)
        except ValueError as exc:
            problems.append(RowProblem(reader.line_num, str(exc)))
            continue
        if day.day in days:
            problems.append(RowProblem(reader.line_num, f"{day.day} appears twice; kept the first"))
            continue
        days[day.day] = day
    return ImportReport(tuple(days.values()), tuple(problems))


def _number_cell(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _day_from_row(row: Mapping[str | None, Any]) -> SavedDay:
    if None in row:
        raise ValueError("more cells than columns")
    cells = {key: _text_cell(key, value) for key, value in row.items() if key is not None}
    raw_date = cells.get("date", "").strip()
    if not _DATE.fullmatch(raw_date):
        raise ValueError(f"date {raw_date!r} is not YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise ValueError(f"date {raw_date!r} is not a calendar date") from None
    return SavedDay(
        day=day,
        meals={meal: cells[meal] for meal in MEALS if cells.get(meal)},
        supplements=cells.get("supplements", ""),
        overrides=tuple(_overrides(_json_list(cells, "overrides"))),
        total_mg=_mg(cells, "total_magnesium_mg"),
        target_mg=_mg(cells, "target_mg"),
        foods=tuple(_foods(_json_list(cells, "foods"))),
    )


def _text_cell(column: str, value: object) -> str:
    text = "" if value is None else str(value)
    if len(text) > _MAX_CELL:
        raise ValueError(f"{column} is longer than {_MAX_CELL:,} characters")
    if "\x00" in text:
        raise ValueError(f"{column} contains a NUL character")
    return restore(text)


def _mg(cells: Mapping[str, str], column: str) -> float | None:
    raw = cells.get(column, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{column} {raw!r} is not a number") from None
    if not 0 <= value <= _MAX_MG:  # also rejects NaN
        raise ValueError(f"{column} {raw!r} is not between 0 and {_MAX_MG:,.0f} mg")
    return value


def _json_list(cells: Mapping[str, str], column: str) -> list[dict[str, Any]]:
    raw = cells.get(column, "").strip()
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValueError(f"{column} is not valid JSON") from None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{column} must be a JSON list of objects")
    return value


def _field(entry: Mapping[str, Any], name: str, kind: type | tuple[type, ...], column: str) -> Any:
    value = entry.get(name)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise ValueError(f"{column}: {name} {value!r} has the wrong type")
    return value


def _optional_mg(entry: Mapping[str, Any], name: str, column: str) -> float | None:
    value = _field(entry, name, (int, float), column)
    if value is not None and not 0 <= value <= _MAX_MG:
        raise ValueError(f"{column}: {name} {value!r} is out of range")
    return None if value is None else float(value)


def _meal(entry: Mapping[str, Any], column: str) -> str:
    meal = entry.get("meal")
    if meal not in MEALS:
        raise ValueError(f"{column}: meal {meal!r} is not one of {', '.join(MEALS)}")
    return str(meal)


def _overrides(entries: list[dict[str, Any]]) -> Iterator[Override]:
    for entry in entries:
        position = _field(entry, "position", int, "overrides")
        if position is None or position < 0:
            raise ValueError("overrides: position must be a whole number from 0")
        yield Override(
            _meal(entry, "overrides"),
            position,
            _field(entry, "text", str, "overrides") or "",
            _field(entry, "fdc_id", int, "overrides"),
            _optional_mg(entry, "grams", "overrides"),
        )


def _foods(entries: list[dict[str, Any]]) -> Iterator[DayFood]:
    for entry in entries:
        yield DayFood(
            _meal(entry, "foods"),
            _field(entry, "fdc_id", int, "foods"),
            _field(entry, "food", str, "foods") or "",
            _optional_mg(entry, "grams", "foods"),
            _optional_mg(entry, "magnesium_mg", "foods"),
        )
