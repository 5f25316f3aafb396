"""SQLite plumbing for the diary: refuse files that are not a magfood database before
SQLite touches them, say what is wrong in one line, and retry when another writer holds
the lock. The backend-neutral part is ``database.py``."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TypeVar

from magfood.errors import StorageError

T = TypeVar("T")
_SQLITE_HEADER = b"SQLite format 3\x00"
RETRIES = 5


def check_file(path: Path) -> None:
    """Refuse anything at ``path`` that is not an SQLite file, before SQLite touches it."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file; set MAGFOOD_DB to a file.")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise storage_error(path, exc) from exc
    if header and header != _SQLITE_HEADER:
        raise StorageError(
            f"{path} is not a magfood database (corrupt or another kind of file); it was "
            "left untouched. Move it aside or set MAGFOOD_DB to another file."
        )


def database_problem(conn: sqlite3.Connection, tables: Collection[str]) -> str | None:
    """Why an SQLite file is not a healthy magfood database, or None."""
    rows = conn.execute("PRAGMA quick_check(100)").fetchall()
    if [tuple(row) for row in rows] != [("ok",)]:
        return "is damaged (" + damage_summary(str(row[0]) for row in rows) + ")"
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not names <= set(tables):
        return "is an SQLite database but not a magfood one"
    return None


def damage_summary(report: Iterable[str]) -> str:
    """SQLite's check report (a line a problem, under a "*** in database main ***" heading)
    in one line: how many problems, and the first."""
    problems = [
        line.strip()
        for text in report
        for line in text.splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if not problems:
        return "SQLite's check failed"
    first = problems[0] if len(problems[0]) <= 120 else problems[0][:117] + "..."
    if len(problems) == 1:
        return f"SQLite found 1 problem: {first}"
    more = "+" if len(problems) >= 100 else ""
    return f"SQLite found {len(problems)}{more} problems, the first: {first}"


def storage_error(path: Path, exc: BaseException) -> StorageError:
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


def with_retries(action: Callable[[], T]) -> T:
    """Run a statement, retrying a few times when another writer holds the lock."""
    for attempt in range(RETRIES):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")
