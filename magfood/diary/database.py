"""Where the diary lives and how it is reached: an SQLite file or a PostgreSQL database,
behind one SQLAlchemy Core engine with the same guarantees on both.

``MAGFOOD_DB`` (or the ``where`` given to :func:`~magfood.diary.open_history`) is a file
path (SQLite, the default, no setup) or a database URL: ``sqlite:///days.sqlite3`` or
``postgresql+psycopg://user:password@host:5432/magfood`` (or without the password, read
from the file ``$MAGFOOD_DB_PASSWORD_FILE`` names). Every read and every write is
one transaction. Writes on SQLite take the lock first (``BEGIN IMMEDIATE``; WAL mode with
``synchronous=NORMAL``, so a killed process never loses a committed save, a power cut at
worst the last ones; a busy timeout). On PostgreSQL every transaction is REPEATABLE READ
and every write first deletes or updates, by key, the rows it replaces: two writers of one
row conflict (a serialization failure) and two inserting one new key collide (a unique
violation). A transaction that lost such a race, or a deadlock, or found the SQLite file
busy, is rolled back and run again, so concurrent saves all land and a read-change-write
never overwrites another's; one that fails or dies changes nothing. A file or database
that is not a magfood one is refused with :class:`StorageError` before anything is written
to it. A URL's password is never shown: messages name :attr:`Database.shown`.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from magfood.diary.schema import MIGRATIONS, TABLES, rendered
from magfood.diary.sqlite import check_file, database_problem, storage_error, with_retries
from magfood.errors import StorageError

log = logging.getLogger("magfood")

T = TypeVar("T")
DB_FILE = "magfood.sqlite3"
#: How many times a transaction that lost a race is run again, and the first pause.
ATTEMPTS = 12
_FIRST_PAUSE_S = 0.01
_BUSY_TIMEOUT_S = 5.0
#: PostgreSQL's serialization_failure, deadlock_detected and unique_violation (two writers
#: inserting one new key): run the transaction again, which then sees the other's row.
_RETRY_STATES = frozenset({"40001", "40P01", "23505"})
#: Held while a PostgreSQL database is migrated, so two first starts do not race.
_MIGRATION_LOCK = 0x6D6167666F6F64  # "magfood"
_VERSION_TABLE = "magfood_schema"
#: A file holding the password of a PostgreSQL URL given without one (e.g. a Docker secret),
#: so the password is in no environment variable and no compose file.
PASSWORD_FILE_ENV = "MAGFOOD_DB_PASSWORD_FILE"
_URL_HELP = "give a file path, sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB"


def default_location() -> str:
    """``$MAGFOOD_DB`` if set (a file path or a database URL), else ``magfood.sqlite3`` in
    the user's data directory."""
    env = os.environ.get("MAGFOOD_DB")
    if env:
        return env
    return str(Path(platformdirs.user_data_dir("magfood")) / DB_FILE)


def is_url(where: str | os.PathLike[str]) -> bool:
    return isinstance(where, str) and "://" in where


def shown(where: str | os.PathLike[str]) -> str:
    """A location as it may be printed: a URL with its password masked."""
    if not is_url(where):
        return os.fspath(where)
    try:
        return make_url(str(where)).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def _url_of(where: str | os.PathLike[str]) -> tuple[URL, Path | None]:
    """The SQLAlchemy URL of a location, and the file for SQLite."""
    if not is_url(where):
        path = Path(where)
        return URL.create("sqlite", database=str(path)), path
    try:
        url = make_url(str(where))
    except ArgumentError:
        raise StorageError(f"MAGFOOD_DB is not a database URL; {_URL_HELP}.") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            raise StorageError(f"{shown(where)} names no file; {_URL_HELP}.")
        return url, Path(url.database)
    if backend == "postgresql" and url.get_driver_name() in ("psycopg", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
        secret = os.environ.get(PASSWORD_FILE_ENV)
        if url.password is None and secret:
            url = url.set(password=_password_from(Path(secret)))
        return url, None
    raise StorageError(f"{shown(where)} is not a database magfood can use; {_URL_HELP}.")


def _password_from(path: Path) -> str:
    """The database password kept in a file (a container secret), without its newline."""
    try:
        password = path.read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "unreadable"
        raise StorageError(
            f"{PASSWORD_FILE_ENV} names {path}, which cannot be read ({reason})."
        ) from None
    if not password:
        raise StorageError(f"{PASSWORD_FILE_ENV} names {path}, which is empty.")
    return password


class Database:
    """One diary database: an engine, its transactions, its schema. Thread-safe."""

    def __init__(self, where: str | os.PathLike[str]) -> None:
        self.url, self.path = _url_of(where)
        self.shown = str(self.path) if self.path else self.url.render_as_string(True)
        self.dialect = self.url.get_backend_name()
        if self.path is not None:
            _prepare_sqlite_file(self.path)
        self.engine = self._engine()
        try:
            # READ COMMITTED on PostgreSQL: after waiting for the migration lock, see what
            # the process that held it committed (a REPEATABLE READ snapshot would not)
            self._run(self._migrate, write=True, isolation="READ COMMITTED")
        except BaseException:
            self.engine.dispose()
            raise

    @staticmethod
    def file_of(where: str | os.PathLike[str]) -> Path | None:
        """The SQLite file a location names, or None for PostgreSQL."""
        return _url_of(where)[1]

    def _engine(self) -> Engine:
        if self.path is None:
            return create_engine(self.url, pool_pre_ping=True, isolation_level="REPEATABLE READ")
        engine = create_engine(
            self.url, connect_args={"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    def dispose(self) -> None:
        """Close every pooled connection (the database can still be used afterwards)."""
        self.engine.dispose()

    # -- transactions ----------------------------------------------------------------

    def read(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one read transaction (a consistent snapshot)."""
        return self._run(work, write=False)

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction: all of it lands or none of it does. It
        may run more than once when it loses a race, so it must not act outside the
        database; an exception from it rolls everything back and is raised unchanged."""
        return self._run(work, write=True)

    def _run(self, work: Callable[[Connection], T], write: bool, isolation: str | None = None) -> T:
        for attempt in range(ATTEMPTS):
            try:
                with self.engine.connect() as conn:
                    if self.path is not None:
                        conn.execution_options(magfood_write=write)
                    elif isolation is not None:
                        conn.execution_options(isolation_level=isolation)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if attempt < ATTEMPTS - 1 and self._lost_race(exc):
                    log.debug("%s: transaction lost a race, running it again", self.shown)
                    time.sleep(random.uniform(0.5, 1.0) * _FIRST_PAUSE_S * 2 ** min(attempt, 6))
                    continue
                raise self.error(exc) from None
            except SQLAlchemyError as exc:
                raise self.error(exc) from None
        raise AssertionError("unreachable")

    def _lost_race(self, exc: DBAPIError) -> bool:
        orig = exc.orig
        if self.path is not None:
            message = str(orig)
            return isinstance(orig, sqlite3.OperationalError) and (
                "locked" in message or "busy" in message
            )
        return getattr(orig, "sqlstate", None) in _RETRY_STATES

    def error(self, exc: BaseException) -> StorageError:
        """The one-line StorageError for a database failure (no SQL, no password)."""
        orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        if self.path is not None:
            return storage_error(self.path, orig)
        detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        return StorageError(
            f"the saved-days database {self.shown} cannot be used ({self.masked(detail)}); "
            "check MAGFOOD_DB and that the database server is running."
        )

    def masked(self, message: str) -> str:
        """``message`` with this URL's password (if any) replaced by ***."""
        password = self.url.password
        return message.replace(str(password), "***") if password else message

    # -- schema ----------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.read(self._version)

    def _version(self, conn: Connection) -> int:
        if self.path is not None:
            return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
        return int(conn.exec_driver_sql(f"SELECT version FROM {_VERSION_TABLE}").scalar_one())

    def _migrate(self, conn: Connection) -> None:
        if self.path is None:
            self._claim_postgres(conn)
        version = self._version(conn)
        if version > len(MIGRATIONS):
            raise StorageError(
                f"{self.shown} was written by a newer magfood (schema {version}, this "
                f"version reads up to {len(MIGRATIONS)}); upgrade magfood to open it."
            )
        for number in range(version, len(MIGRATIONS)):
            for step in MIGRATIONS[number]:
                sql = rendered(step, self.dialect)
                if sql is not None:
                    conn.exec_driver_sql(sql)
            if self.path is not None:
                conn.exec_driver_sql(f"PRAGMA user_version = {number + 1}")
            else:
                conn.execute(text(f"UPDATE {_VERSION_TABLE} SET version = :v"), {"v": number + 1})
            log.info("%s: schema upgraded to version %d", self.shown, number + 1)

    def _claim_postgres(self, conn: Connection) -> None:
        """Refuse a schema holding tables that are not magfood's; give a new one its
        version table. Under a lock, so two processes starting at once migrate once."""
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one_or_none()
        if schema is None:
            raise StorageError(
                f"{self.shown} has no schema to create tables in; create it or fix "
                "the URL's search_path."
            )
        names = set(
            conn.execute(
                text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"),
                {"s": schema},
            ).scalars()
        )
        foreign = sorted(names - TABLES - {_VERSION_TABLE})
        if foreign or (names and _VERSION_TABLE not in names):
            listed = ", ".join(foreign[:5]) or ", ".join(sorted(names)[:5])
            raise StorageError(
                f"{self.shown} (schema {schema}) is not a magfood database (it holds {listed}); "
                "it was left untouched. Point MAGFOOD_DB at an empty database or schema."
            )
        if not names:
            conn.exec_driver_sql(f"CREATE TABLE {_VERSION_TABLE} (version INTEGER NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO {_VERSION_TABLE} VALUES (0)")


def _prepare_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a healthy magfood database before anything writes to it,
    then put it in WAL mode (which cannot be set inside a transaction)."""
    check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(path, exc) from exc
    try:
        problem = database_problem(conn, TABLES)
        if problem:
            raise StorageError(
                f"{path} {problem}; it was left untouched. "
                "Move it aside or set MAGFOOD_DB to another file."
            )
        mode = with_retries(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        log.debug("history %s journal mode %s", path, mode)
    except sqlite3.Error as exc:
        raise storage_error(path, exc) from exc
    finally:
        conn.close()


def _sqlite_connected(dbapi_conn: Any, record: Any) -> None:
    """Let SQLAlchemy, not the sqlite3 module, say when transactions begin; keep the
    cascading foreign keys on."""
    del record
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")  # safe in WAL mode; see the docstring


def _sqlite_begin(conn: Connection) -> None:
    """A write takes the file's lock when it begins, so it never fails half way for it."""
    write = conn.get_execution_options().get("magfood_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
