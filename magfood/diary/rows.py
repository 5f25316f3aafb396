"""How saved days and plans map onto the diary's tables: rows written and read back, each
row under the user (``owner``) it belongs to."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay, SavedPlan
from magfood.diary.schema import day_foods, days, entries, meal_texts, overrides, plans, settings
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

log = logging.getLogger("magfood")
PAUSE_ENV = "MAGFOOD_TEST_PAUSE_IN_SAVE"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stamped(day: SavedDay) -> SavedDay:
    """The day as it is written: stamped now, its legacy texts folded into entries already
    by whoever opened it (a legacy part left here is dropped: entries are what is kept)."""
    return SavedDay(day.log, day.total_mg, day.target_mg, day.foods, now(), None)


def write_day(conn: Connection, owner: str, day: SavedDay) -> None:
    """Replace ``owner``'s day (its entries and counted foods go with it)."""
    key = day.day.isoformat()
    mine = (days.c.owner == owner) & (days.c.day == key)
    conn.execute(delete(days).where(mine))
    _pause_for_tests()
    conn.execute(
        insert(days).values(
            owner=owner,
            day=key,
            supplements=day.log.supplements,
            total_mg=day.total_mg,
            target_mg=day.target_mg,
            saved_at=day.saved_at,
        )
    )
    if day.log.entries:
        conn.execute(
            insert(entries),
            [
                {
                    "owner": owner,
                    "day": key,
                    "id": e.id,
                    "meal": None if e.meal is None else str(e.meal),
                    "text": e.text,
                    "fdc_id": e.fdc_id,
                    "quantity": e.quantity,
                    "unit": e.unit,
                    "grams": e.grams,
                    "portion": e.portion,
                    "portion_grams": e.portion_grams,
                }
                for e in day.log.entries
            ],
        )
    if day.foods:
        conn.execute(
            insert(day_foods),
            [
                {
                    "owner": owner,
                    "day": key,
                    "seq": seq,
                    "meal": f.meal,
                    "fdc_id": f.fdc_id,
                    "food": f.food,
                    "grams": f.grams,
                    "magnesium_mg": f.magnesium_mg,
                }
                for seq, f in enumerate(day.foods)
            ],
        )


def delete_owned(conn: Connection, owner: str) -> None:
    """Remove every row ``owner`` has: days (with everything under them), plans, settings."""
    for table in (entries, meal_texts, overrides, day_foods, days, plans, settings):
        conn.execute(delete(table).where(table.c.owner == owner))


def _pause_for_tests() -> None:
    """With ``$MAGFOOD_TEST_PAUSE_IN_SAVE`` set to a file name, create that file and wait
    inside the save's transaction (after its first statement), so a test can kill the
    process there. Unset in normal use."""
    marker = os.environ.get(PAUSE_ENV)
    if marker:
        Path(marker).touch()
        time.sleep(60)


def read_days(
    conn: Connection, owner: str, start: date | None, end: date | None
) -> tuple[SavedDay, ...]:
    """``owner``'s saved days from ``start`` to ``end`` inclusive (either open), oldest first."""
    low = start.isoformat() if start else "0000-01-01"
    high = end.isoformat() if end else "9999-12-31"

    def rows(table: Table, *columns: str, order: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        chosen = select(*(table.c[name] for name in ("day", *columns)))
        query = chosen.where(table.c.owner == owner, table.c.day.between(low, high))
        result = conn.execute(query.order_by(*(table.c[name] for name in order)))
        return [tuple(row) for row in result]

    found = rows(days, "supplements", "total_mg", "target_mg", "saved_at", order=("day",))
    if not found:
        return ()
    by_day = grouped(
        rows(entries, *_ENTRY_COLUMNS, order=("day", "id")),
    )
    meals = grouped(rows(meal_texts, "meal", "text"))
    legacy = grouped(
        rows(
            overrides,
            "meal",
            "position",
            "text",
            "fdc_id",
            "grams",
            "quantity",
            "unit",
            order=("day", "meal", "position"),
        )
    )
    foods = grouped(
        rows(day_foods, "meal", "fdc_id", "food", "grams", "magnesium_mg", order=("day", "seq"))
    )
    return tuple(
        SavedDay(
            log=DayLog(
                date.fromisoformat(key),
                tuple(entry_of(row) for row in by_day.get(key, [])),
                supplements,
            ),
            total_mg=total,
            target_mg=target,
            foods=tuple(DayFood(*row) for row in foods.get(key, [])),
            saved_at=saved_at,
            legacy=legacy_of(meals.get(key, []), legacy.get(key, [])),
        )
        for key, supplements, total, target, saved_at in found
    )


_ENTRY_COLUMNS = (
    "id",
    "meal",
    "text",
    "fdc_id",
    "quantity",
    "unit",
    "grams",
    "portion",
    "portion_grams",
)


def entry_of(row: tuple[Any, ...]) -> Entry:
    entry_id, meal, text, fdc_id, quantity, unit, grams, portion, portion_grams = row
    return Entry(
        int(entry_id),
        MealTime(meal) if meal in set(MealTime) else None,
        str(text),
        fdc_id,
        quantity,
        unit,
        grams,
        portion,
        portion_grams,
    )


def legacy_of(meals: list[tuple[Any, ...]], overrides: list[tuple[Any, ...]]) -> LegacyDay | None:
    """What an older magfood saved for a day (meal texts, corrections by position)."""
    if not meals:
        return None
    return LegacyDay({meal: text for meal, text in meals}, tuple(Override(*o) for o in overrides))


def grouped(rows: list[tuple[Any, ...]]) -> dict[str, list[tuple[Any, ...]]]:
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(tuple(row[1:]))
    return groups


PLAN_COLUMNS = ("id", "name", "saved_at", "status", "format", "request", "items")


def saved_plan_of(row: tuple[Any, ...]) -> SavedPlan:
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
