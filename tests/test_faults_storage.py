"""Fault injection on the saved-days database (issue 13, item 13): a damaged file is refused
in one line that says how many problems SQLite found and the first, never SQLite's whole
check output, and it is left untouched. On PostgreSQL, a schema holding tables that are not
magfood's is refused the same way, and no message ever shows a URL's password."""

from __future__ import annotations

import hashlib
import re
import socket
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from magfood.diary import database
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


# -- PostgreSQL: a database that is not magfood's is refused and left as it was ----------


def _tables(url: str) -> list[tuple[str, int]]:
    """Each table of the URL's schema with its row count."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = conn.execute(
                text(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() ORDER BY table_name"
                )
            ).scalars()
            return [
                (name, int(conn.exec_driver_sql(f'SELECT COUNT(*) FROM "{name}"').scalar_one()))
                for name in list(names)
            ]
    finally:
        engine.dispose()


def _run_sql(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            ("CREATE TABLE invoices (id INTEGER)", "INSERT INTO invoices VALUES (1)"),
            r"is not a magfood database \(it holds invoices\)",
        ),
        (  # magfood's names, but no schema version: another program's tables
            ("CREATE TABLE days (day TEXT)", "INSERT INTO days VALUES ('x')"),
            r"is not a magfood database \(it holds days\)",
        ),
    ],
)
def test_a_postgres_schema_that_is_not_magfood_is_refused(
    postgres_url: str, setup: tuple[str, ...], message: str
) -> None:
    _run_sql(postgres_url, *setup)
    before = _tables(postgres_url)
    with pytest.raises(StorageError, match=message) as caught:
        open_history(postgres_url)
    assert "left untouched" in str(caught.value) and "\n" not in str(caught.value)
    assert _tables(postgres_url) == before


def test_a_postgres_schema_with_magfood_and_foreign_tables_is_refused(postgres_url: str) -> None:
    open_history(postgres_url).save_days([SavedDay(DayLog(date(2025, 1, 1)), total_mg=1.0)])
    _run_sql(postgres_url, "CREATE TABLE invoices (id INTEGER)")
    before = _tables(postgres_url)
    with pytest.raises(StorageError, match=r"it holds invoices"):
        open_history(postgres_url)
    assert _tables(postgres_url) == before and ("days", 1) in before


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    url = f"postgresql+psycopg://magfood:s3cret-Pa55@127.0.0.1:{port}/magfood"
    with pytest.raises(StorageError) as caught:
        open_history(url)
    message = str(caught.value)
    assert "s3cret-Pa55" not in message and "\n" not in message
    assert message.startswith(
        f"the saved-days database postgresql+psycopg://magfood:***@127.0.0.1:{port}/magfood "
        "cannot be used ("
    )
    assert message.endswith("check MAGFOOD_DB and that the database server is running.")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("mysql://u:hunter22@host/db", "mysql://u:***@host/db is not a database magfood can use"),
        ("sqlite://", "sqlite:// names no file"),
        ("postgresql+asyncpg://u:hunter22@h/d", "postgresql+asyncpg://u:***@h/d is not a"),
    ],
)
def test_urls_magfood_cannot_use_are_refused_without_the_password(where: str, message: str) -> None:
    with pytest.raises(StorageError, match=re.escape(message)) as caught:
        open_history(where)
    assert "hunter22" not in str(caught.value)


def test_the_password_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "db_password"
    secret.write_text("from-the-secret\n")
    monkeypatch.setenv("MAGFOOD_DB_PASSWORD_FILE", str(secret))
    url, path = database._url_of("postgresql+psycopg://magfood@db:5432/magfood")
    assert path is None and url.password == "from-the-secret" and url.host == "db"
    given, _ = database._url_of("postgresql://magfood:in-the-url@db/magfood")
    assert given.password == "in-the-url" and given.drivername == "postgresql+psycopg"
    secret.write_text("")
    with pytest.raises(StorageError, match="which is empty"):
        database._url_of("postgresql+psycopg://magfood@db/magfood")
    secret.unlink()
    with pytest.raises(StorageError, match=r"db_password, which cannot be read \(No such file"):
        database._url_of("postgresql+psycopg://magfood@db/magfood")
