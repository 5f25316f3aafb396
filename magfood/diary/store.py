"""Saved days: what was eaten, keyed by user and ISO date, in an SQLite file or a
PostgreSQL database (``database.py`` says which, and how transactions work on each).

One row per day with its entries (what was typed or added in each meal, and the person's
corrections: food, amount, grams), the supplements text and the totals computed when it was
saved, so the History page does not re-parse old days. Days saved before entries were kept
(schema 3) keep their meal texts and corrections until they are saved again. The database
is a file in the user's data directory unless ``$MAGFOOD_DB`` says otherwise.

Every row belongs to a user. :func:`open_history` opens the single-person user's diary
(``"local"``) unless told another; :meth:`History.for_user` gives another user's diary over
the same connections. No method of a :class:`History` reads or changes another user's
rows. The name is trusted: a front end serving several people authenticates them first
(:mod:`magfood.diary.accounts`) and opens the diary of the name it verified.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from magfood.diary.database import Database, default_location, is_url
from magfood.diary.records import SavedDay, SavedPlan
from magfood.diary.rows import PLAN_COLUMNS, now, read_days, saved_plan_of, stamped, write_day
from magfood.diary.schema import LOCAL_USER, MIGRATIONS, plans, settings, user_name
from magfood.diary.schema import days as day_rows
from magfood.errors import StorageError

log = logging.getLogger("magfood")

__all__ = ["MIGRATIONS", "History", "default_db_location", "default_db_path", "open_history"]


def default_db_location() -> str:
    """``$MAGFOOD_DB`` if set (a file path or a database URL), else ``magfood.sqlite3`` in
    the user's data directory."""
    return default_location()


def default_db_path() -> Path:
    """The diary's file (``$MAGFOOD_DB`` if set, else ``magfood.sqlite3`` in the user's data
    directory); StorageError when ``$MAGFOOD_DB`` is a PostgreSQL URL, which has no file."""
    where = default_location()
    if not is_url(where):
        return Path(where)
    found = Database.file_of(where)
    if found is None:
        raise StorageError("MAGFOOD_DB is a database URL, not a file.")
    return found


def open_history(where: str | os.PathLike[str] | None = None, *, user: str = LOCAL_USER) -> History:
    """Open (creating or migrating if needed) the diary at ``where`` (a file path or a
    database URL; default :func:`default_db_location`), as ``user``'s diary."""
    return History(Database(default_location() if where is None else where), user)


class History:
    """One user's saved days, plans and settings in one database. Safe to share between
    threads; :meth:`for_user` gives another user's over the same connections."""

    def __init__(self, database: Database | str | os.PathLike[str], user: str = LOCAL_USER) -> None:
        self.database = database if isinstance(database, Database) else Database(database)
        self.user = user_name(user)

    def for_user(self, name: str) -> History:
        """The diary of the user ``name`` in the same database."""
        return History(self.database, name)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        return self.database.path

    @property
    def where(self) -> str:
        """The database as it may be shown (a URL's password masked)."""
        return self.database.shown

    @property
    def schema_version(self) -> int:
        return self.database.schema_version

    # -- days ------------------------------------------------------------------------

    def save_day(self, day: SavedDay) -> SavedDay:
        """Replace the saved day for ``day.day`` in one transaction; return it as saved."""
        saved = stamped(day)
        self.database.write(lambda conn: write_day(conn, self.user, saved))
        return saved

    def save_days(self, days: Sequence[SavedDay]) -> int:
        """Replace several days in one transaction (all or none); return how many."""
        written = [stamped(day) for day in days]

        def work(conn: Connection) -> None:
            for day in written:
                write_day(conn, self.user, day)

        self.database.write(work)
        return len(written)

    def delete_day(self, day: date) -> bool:
        """Remove one day; True if it existed."""
        mine = (day_rows.c.owner == self.user) & (day_rows.c.day == day.isoformat())
        return self.database.write(
            lambda conn: conn.execute(delete(day_rows).where(mine)).rowcount > 0
        )

    def load_day(self, day: date) -> SavedDay | None:
        """The saved day for a date, or None."""
        found = self.days(day, day)
        return found[0] if found else None

    def days(self, start: date | None = None, end: date | None = None) -> tuple[SavedDay, ...]:
        """Saved days from ``start`` to ``end`` inclusive (either open), oldest first."""
        return self.database.read(lambda conn: read_days(conn, self.user, start, end))

    def update_days(
        self, dates: Sequence[date], change: Callable[[date, SavedDay | None], SavedDay]
    ) -> tuple[SavedDay, ...]:
        """Read each day, change it and write it back in one transaction, so two writers
        adding to one day both land (a plain save would keep only the last). ``change``
        gets the day as saved (or None) and returns what to save; if it raises, nothing
        is written. It may be called again for a day when the transaction lost a race."""

        def work(conn: Connection) -> tuple[SavedDay, ...]:
            written = []
            for day in dates:
                found = read_days(conn, self.user, day, day)
                saved = stamped(change(day, found[0] if found else None))
                write_day(conn, self.user, saved)
                written.append(saved)
            return tuple(written)

        return self.database.write(work)

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
        values = {
            "saved_at": saved_at,
            "status": str(plan.get("status", "")),
            "format": int(plan.get("format", 1)),
            "request": json.dumps(plan["request"], sort_keys=True),
            "items": json.dumps(plan["items"]),
        }

        def work(conn: Connection) -> int:
            mine = (plans.c.owner == self.user) & (plans.c.name == title)
            found = conn.execute(select(plans.c.id).where(mine)).scalar_one_or_none()
            if found is not None:
                conn.execute(update(plans).where(plans.c.id == found).values(**values))
                return int(found)
            added = insert(plans).values(owner=self.user, name=title, **values)
            return int(conn.execute(added.returning(plans.c.id)).scalar_one())

        return SavedPlan(self.database.write(work), title, saved_at, dict(plan))

    def plans(self) -> tuple[SavedPlan, ...]:
        """Every saved plan, the most recently saved first."""
        query = (
            select(*(plans.c[name] for name in PLAN_COLUMNS))
            .where(plans.c.owner == self.user)
            .order_by(plans.c.saved_at.desc(), plans.c.id.desc())
        )
        rows = self.database.read(lambda conn: [tuple(row) for row in conn.execute(query)])
        return tuple(saved_plan_of(row) for row in rows)

    def load_plan(self, plan_id: int) -> SavedPlan | None:
        """The saved plan with this id, or None (also for another user's plan)."""
        query = select(*(plans.c[name] for name in PLAN_COLUMNS)).where(
            plans.c.owner == self.user, plans.c.id == plan_id
        )
        rows = self.database.read(lambda conn: [tuple(row) for row in conn.execute(query)])
        return saved_plan_of(rows[0]) if rows else None

    def delete_plan(self, plan_id: int) -> bool:
        """Remove one saved plan; True if it existed (another user's is never removed)."""
        mine = (plans.c.owner == self.user) & (plans.c.id == plan_id)
        return self.database.write(
            lambda conn: conn.execute(delete(plans).where(mine)).rowcount > 0
        )

    # -- settings (the remembered profile) --------------------------------------------

    def save_setting(self, key: str, value: Mapping[str, Any]) -> None:
        """Remember a small JSON-able mapping under a key (e.g. the profile)."""
        text = json.dumps(dict(value), sort_keys=True)
        mine = (settings.c.owner == self.user) & (settings.c.key == key)

        def work(conn: Connection) -> None:
            conn.execute(delete(settings).where(mine))
            conn.execute(insert(settings).values(owner=self.user, key=key, value=text))

        self.database.write(work)

    def load_setting(self, key: str) -> dict[str, Any] | None:
        """A remembered mapping, or None if never saved or unreadable."""
        mine = (settings.c.owner == self.user) & (settings.c.key == key)
        query = select(settings.c.value).where(mine)
        found = self.database.read(lambda conn: conn.execute(query).scalar_one_or_none())
        if found is None:
            return None
        try:
            value = json.loads(found)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def delete_setting(self, key: str) -> bool:
        """Forget a remembered mapping; True if there was one."""
        mine = (settings.c.owner == self.user) & (settings.c.key == key)
        return self.database.write(
            lambda conn: conn.execute(delete(settings).where(mine)).rowcount > 0
        )
