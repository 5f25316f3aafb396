"""Importing food logged elsewhere: Cronometer's "servings" export, or a plain CSV of date,
meal, food and amount. Every row is matched again to an FDC food by the meal parser.

:func:`preview_import` reads a file's bytes and never raises or saves: it returns each row
with what it was matched to, its grams, magfood's magnesium and (for Cronometer) the file's
own, plus the rows skipped and why. :func:`save_import` then adds the rows to the diary (or
replaces the days they cover) in one transaction. Columns are found by name, in any order,
among any others (Cronometer writes dozens of nutrient columns).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from magfood.diary.csv_io import RowProblem, decode_csv
from magfood.diary.daybook import meal_at, with_totals
from magfood.diary.records import SavedDay
from magfood.diary.store import History
from magfood.intake import DayLog, Profile, parse_supplement
from magfood.meals import Status, parse_piece
from magfood.mealtimes import MealTime, meal_of
from magfood.table import FoodTable
from magfood.text import restore_formula

MAX_IMPORT_BYTES = 5_000_000
MAX_IMPORT_ROWS = 5_000
_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([^\d/.,\s].*?)?\s*$")


class ImportFormat(StrEnum):
    CRONOMETER = "cronometer servings"
    PLAIN = "date, meal, food, amount"


#: format -> its column names (lower case) for date, meal, food, amount, magnesium, time
_COLUMNS: dict[ImportFormat, tuple[str, str, str, str, str, str]] = {
    ImportFormat.CRONOMETER: ("day", "group", "food name", "amount", "magnesium (mg)", "time"),
    ImportFormat.PLAIN: ("date", "meal", "food", "amount", "magnesium_mg", "time"),
}


@dataclass(frozen=True)
class ImportedRow:
    """One row of the file and what magfood made of it. ``text`` is what the parser read
    (amount and food); ``cronometer_mg`` the file's own magnesium, where it has one."""

    line: int
    day: date
    meal: MealTime
    source_food: str
    amount: str
    text: str
    fdc_id: int | None
    food: str | None
    grams: float | None
    magnesium_mg: float | None
    status: Status
    cronometer_mg: float | None
    supplement: bool = False


@dataclass(frozen=True)
class ImportPreview:
    """The rows read (nothing saved yet) and the rows skipped, with the file's format."""

    format: ImportFormat | None
    rows: tuple[ImportedRow, ...]
    problems: tuple[RowProblem, ...]

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(sorted({row.day for row in self.rows}))

    def summary(self) -> str:
        days = len(self.days)
        text = f"{len(self.rows)} row(s) over {days} day{'s' if days != 1 else ''} read"
        matched = sum(1 for row in self.rows if row.fdc_id is not None or row.supplement)
        text += f", {matched} matched"
        return text + (f"; {len(self.problems)} row(s) skipped" if self.problems else "")


def preview_import(data: bytes | str, table: FoodTable) -> ImportPreview:
    """Read a Cronometer servings export or a plain CSV; match every row. Never raises."""
    if isinstance(data, bytes):
        if len(data) > MAX_IMPORT_BYTES:
            return _refused(f"the file is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
        try:
            data = decode_csv(data)
        except ValueError as exc:
            return _refused(str(exc))
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as exc:
        return _refused(f"unreadable CSV header ({exc})")
    kind = _format_of(header)
    if kind is None:
        return _refused(
            "not a Cronometer servings export (Day, Group, Food Name, Amount columns) nor a "
            "CSV of date, meal, food, amount"
        )
    names = _COLUMNS[kind]
    where = {name: header.index(name) for name in names if name in header}
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(RowProblem(reader.line_num, f"unreadable CSV ({exc}); stopped here"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(problems) >= MAX_IMPORT_ROWS:
            problems.append(RowProblem(reader.line_num, f"more than {MAX_IMPORT_ROWS:,} rows"))
            break
        values = {
            name: restore_formula(cells[i].strip()) for name, i in where.items() if i < len(cells)
        }
        try:
            rows.append(_row(reader.line_num, values, names, kind, table))
        except ValueError as exc:
            problems.append(RowProblem(reader.line_num, str(exc)))
    return ImportPreview(kind, tuple(rows), tuple(problems))


def save_import(
    history: History,
    preview: ImportPreview,
    table: FoodTable,
    profile: Profile | None = None,
    replace: bool = False,
) -> tuple[SavedDay, ...]:
    """Save the preview's rows: added to each day's saved food, or (``replace``) instead of
    it; one transaction for every day. Matched rows keep their food and grams exactly."""

    def change(day: date, saved: SavedDay | None) -> SavedDay:
        log = DayLog(day) if saved is None or replace else saved.open(table)
        for row in (r for r in preview.rows if r.day == day):
            if row.supplement:
                log = log.add_supplements(row.text)
            elif row.fdc_id is not None and row.grams is not None:
                portion = row.amount or f"{row.grams:.0f} g"
                log = log.add_food(row.meal, row.fdc_id, row.grams, portion, table, row.text)
            else:
                log = log.add_text(row.meal, row.text, table)
        return with_totals(log, profile, table)

    return history.update_days(preview.days, change)


def _refused(message: str) -> ImportPreview:
    return ImportPreview(None, (), (RowProblem(1, message),))


def _format_of(header: list[str]) -> ImportFormat | None:
    for kind, (day, _, food, amount, *_rest) in _COLUMNS.items():
        needed = (day, food) if kind is ImportFormat.PLAIN else (day, food, amount)
        if all(name in header for name in needed):
            return kind
    return None


def _row(
    line: int,
    values: Mapping[str, str],
    names: tuple[str, str, str, str, str, str],
    kind: ImportFormat,
    table: FoodTable,
) -> ImportedRow:
    day_name, meal_name, food_name, amount_name, mg_name, time_name = names
    raw_day = values.get(day_name, "")
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        raise ValueError(f"date {raw_day[:30]!r} is not YYYY-MM-DD") from None
    source = values.get(food_name, "")
    if not source:
        raise ValueError("no food named")
    amount = _amount(values.get(amount_name, ""), kind)
    meal = meal_of(values.get(meal_name, "")) or _meal_of_time(values.get(time_name, ""))
    mg = _magnesium(values.get(mg_name, ""))
    text = f"{amount} {source}".strip()
    supplement = parse_supplement(text)
    if supplement is not None and supplement.elemental_mg is not None:
        return ImportedRow(
            line, day, meal, source, amount, text, None, None, None,
            supplement.elemental_mg, supplement.status, mg, supplement=True,
        )  # fmt: skip
    item = parse_piece(text, meal, table)
    if item.fdc_id is None and "," in source:  # "Oats, Rolled, Dry" -> "Rolled Dry Oats"
        head, *rest = [part.strip() for part in source.split(",")]
        retry = parse_piece(f"{amount} {' '.join([*rest, head])}".strip(), meal, table)
        item = retry if retry.fdc_id is not None else item
    return ImportedRow(
        line, day, meal, source, amount, text, item.fdc_id, item.food, item.grams,
        item.magnesium_mg if item.counted else None, item.status, mg,
    )  # fmt: skip


def _amount(raw: str, kind: ImportFormat) -> str:
    """ "80.00 g" -> "80 g"; a plain CSV may leave it empty (the food text says it)."""
    if not raw:
        if kind is ImportFormat.CRONOMETER:
            raise ValueError("no amount")
        return ""
    found = _AMOUNT.match(raw)
    if found is None and kind is ImportFormat.PLAIN and raw[0] in "0123456789½¼¾.":
        return raw  # "1/2 cup", "2x100 g": the parser reads it with the food
    if found is None:
        raise ValueError(f"amount {raw[:30]!r} does not start with a number")
    quantity = float(found.group(1))
    if not 0 < quantity <= 10_000:
        raise ValueError(f"amount {raw[:30]!r} is not a positive amount")
    return f"{quantity:g} {found.group(2) or ''}".strip()


def _magnesium(raw: str) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"Magnesium (mg) {raw[:30]!r} is not a number") from None
    if not 0 <= value <= 100_000:
        raise ValueError(f"Magnesium (mg) {raw[:30]!r} is out of range")
    return value


def _meal_of_time(raw: str) -> MealTime:
    """The meal of a time of day ("8:15 AM", "13:05"); snacks when there is none."""
    for layout in ("%I:%M %p", "%H:%M", "%I:%M%p"):
        try:
            return meal_at(datetime.strptime(raw.upper(), layout))
        except ValueError:
            continue
    return MealTime.SNACKS
