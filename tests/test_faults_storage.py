"""Fault injection on the saved-days database (issue 13, item 13): a damaged file is refused
in one line that says how many problems SQLite found and the first, never SQLite's whole
check output, and it is left untouched."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from magfood.diary import sqlite as diary_sqlite
from magfood.diary.records import SavedDay
from magfood.diary.store import open_history
from magfood.errors import StorageError
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

PAGE = 4096


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A checkpointed diary of 300 days (about 220 pages), as bytes."""
    path = tmp_path_factory.mktemp("db") / "days.sqlite3"
    store = open_history(path)
    start = date(2020, 1, 1)
    store.save_days(
        [
            SavedDay(
                DayLog(
                    start + timedelta(days=i),
                    tuple(Entry(j + 1, MealTime.LUNCH, f"food {i} {j} " * 20) for j in range(10)),
                ),
                total_mg=float(i),
            )
            for i in range(300)
        ]
    )
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


#: (page, offset in the page): spoilt b-tree page headers, cell pointers and child pointers
DAMAGE = [(page, offset) for page in (2, 3, 14, 15, 16, 40) for offset in (0, 3, 5, 8)]


def test_a_damaged_database_is_one_line(clean_db: bytes, tmp_path: Path) -> None:
    counts: list[int] = []
    for page, offset in DAMAGE:
        data = bytearray(clean_db)
        data[page * PAGE + offset : page * PAGE + offset + 2] = b"\x00\x07"
        path = tmp_path / f"damaged-{page}-{offset}.sqlite3"
        path.write_bytes(bytes(data))
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            open_history(path)
        except StorageError as exc:
            message = str(exc)
        else:  # a byte SQLite never reads: nothing to report
            continue
        assert "\n" not in message and len(message) < 400, message
        assert message.endswith("Move it aside or set MAGFOOD_DB to another file.")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        found = re.search(r"SQLite found (\d+)\+? problems?", message)
        if found:
            counts.append(int(found.group(1)))
    # SQLite reported 10 to 100 lines for several of these; each became one line
    assert counts and max(counts) >= 10


@pytest.mark.parametrize(
    ("report", "summary"),
    [
        (
            [
                "*** in database main ***\nPage 16: btreeInitPage() returns error code 11\n"
                "Page 29 is never used\nPage 30 is never used"
            ],
            "SQLite found 3 problems, the first: Page 16: btreeInitPage() returns error code 11",
        ),
        (
            ["*** in database main ***", "Page 4: free space corruption"],
            "SQLite found 1 problem: Page 4: free space corruption",
        ),
        ([""], "SQLite's check failed"),
        (["x" * 300], "SQLite found 1 problem: " + "x" * 117 + "..."),
    ],
)
def test_damage_summary(report: list[str], summary: str) -> None:
    assert diary_sqlite.damage_summary(report) == summary
