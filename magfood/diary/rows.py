"""How saved days and plans map onto the diary's tables: rows written and read back."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime
from typing import Any

from magfood.diary.records import LegacyDay, Override, SavedDay, SavedPlan
from magfood.intake import Entry
from magfood.mealtimes import MealTime

log = logging.getLogger("magfood")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stamped(day: SavedDay) -> SavedDay:
    """The day as it is written: stamped now, its legacy texts folded into entries already
    by whoever opened it (a legacy part left here is dropped: entries are what is kept)."""
    return SavedDay(day.log, day.total_mg, day.target_mg, day.foods, now(), None)


def write_day(conn: sqlite3.Connection, day: SavedDay) -> None:
    key = day.day.isoformat()
    conn.execute("DELETE FROM days WHERE day = ?", (key,))
    conn.execute(
        "INSERT INTO days (day, supplements, total_mg, target_mg, saved_at) VALUES (?,?,?,?,?)",
        (key, day.log.supplements, day.total_mg, day.target_mg, day.saved_at),
    )
    conn.executemany(
        "INSERT INTO entries (day, id, meal, text, fdc_id, quantity, unit, grams, portion, "
        "portion_grams) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                key,
                e.id,
                None if e.meal is None else str(e.meal),
                e.text,
                e.fdc_id,
                e.quantity,
                e.unit,
                e.grams,
                e.portion,
                e.portion_grams,
            )
            for e in day.log.entries
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


PLAN_COLUMNS = "id, name, saved_at, status, format, request, items"


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
