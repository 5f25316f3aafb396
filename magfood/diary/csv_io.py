"""Saved days as CSV: export every day, import a file back row by row, and keep text cells
from being run as spreadsheet formulas (``text.neutralise_formula``).

Export writes one row per day: each meal's entries as readable text (one line an entry),
supplements, totals, and the entries with their corrections and the counted foods as JSON.
Import reads UTF-8 (with or without a BOM) or UTF-16 bytes, validates each row against
everything the diary can store (so saving the days it returns cannot fail), reports the bad
rows and keeps the good; it never raises. Files exported before entries were kept (meal texts
and an ``overrides`` column) still import, as legacy days.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MEALS, MealTime
from magfood.text import neutralise_formula, restore_formula

CSV_COLUMNS = ("date", *MEALS, "supplements", "total_magnesium_mg", "target_mg")
CSV_JSON_COLUMNS = ("entries", "foods")
#: The columns export neutralises: only there is a leading "'" undone on import.
_TEXT_COLUMNS = frozenset({*MEALS, "supplements", *CSV_JSON_COLUMNS, "overrides"})
#: Entries and ids per day at most: more is not a diary.
_MAX_ENTRIES = 2_000
_MAX_ID = _MAX_ENTRIES * 10
_MAX_FDC_ID = 10**9
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


def decode_csv(data: bytes) -> str:
    """The text of a CSV file's bytes: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (as
    spreadsheets save "Unicode text"). Raises ValueError saying what the file is otherwise."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ValueError("the file is UTF-32 text; save it as CSV UTF-8 and import it again")
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        kind = "UTF-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-8"
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(
            f"the file is not {kind} text (line {line} has byte {data[exc.start]:#04x}; "
            "perhaps Latin-1 or Windows-1252); save it as CSV UTF-8 and import it again"
        ) from None


def export_csv(days: Sequence[SavedDay]) -> str:
    """All days as CSV text, one row per day; text cells are formula-neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180 "\r\n", which also quotes a lone "\r"
    writer.writerow([*CSV_COLUMNS, *CSV_JSON_COLUMNS])
    for day in days:
        writer.writerow(
            [
                day.day.isoformat(),
                *(neutralise_formula(_meal_text(day, meal)) for meal in MEALS),
                neutralise_formula(day.log.supplements),
                _number_cell(day.total_mg),
                _number_cell(day.target_mg),
                neutralise_formula(json.dumps([_entry_dict(e) for e in day.log.entries])),
                neutralise_formula(json.dumps([asdict(f) for f in day.foods])),
            ]
        )
    return out.getvalue()


def import_csv(data: str | bytes) -> ImportReport:
    """Read an exported CSV (text, or the file's bytes: see :func:`decode_csv`) row by row;
    bad rows are reported and skipped, and every day returned can be saved. Never raises."""
    if isinstance(data, bytes):
        try:
            data = decode_csv(data)
        except ValueError as exc:
            return ImportReport((), (RowProblem(1, str(exc)),))
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        return ImportReport((), (RowProblem(1, f"unreadable CSV header ({exc})"),))
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
            problems.append(
                RowProblem(reader.line_num, f"unreadable CSV ({exc}); later rows were not read")
            )
            break
        try:
            day = _day_from_row(row)
        except (ValueError, TypeError, RecursionError, OverflowError) as exc:
            problems.append(RowProblem(reader.line_num, _one_line(exc)))
            continue
        if day.day in days:
            problems.append(RowProblem(reader.line_num, f"{day.day} appears twice; kept the first"))
            continue
        days[day.day] = day
    return ImportReport(tuple(days.values()), tuple(problems))


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValueError) and str(exc):
        return str(exc).splitlines()[0]
    return f"cannot be read ({type(exc).__name__})"


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
    entries = tuple(_entries(_json_list(cells, "entries")))
    legacy = None
    if not entries:  # an older export, or meal texts written by hand: read when opened
        texts = {str(meal): cells[meal] for meal in MEALS if cells.get(meal)}
        overrides = tuple(_overrides(_json_list(cells, "overrides")))
        legacy = LegacyDay(texts, overrides) if texts else None
    return SavedDay(
        log=DayLog(day, entries, cells.get("supplements", "")),
        total_mg=_mg(cells, "total_magnesium_mg"),
        target_mg=_mg(cells, "target_mg"),
        foods=tuple(_foods(_json_list(cells, "foods"))),
        legacy=legacy,
    )


def _meal_text(day: SavedDay, meal: MealTime) -> str:
    """A meal's entries as lines, for people reading the file in a spreadsheet."""
    if day.legacy is not None and not day.log.entries:
        return day.legacy.meals.get(str(meal), "")
    return "\n".join(e.text for e in day.log.entries if e.meal == meal)


def _entry_dict(entry: Entry) -> dict[str, Any]:
    found = asdict(entry)
    found["meal"] = None if entry.meal is None else str(entry.meal)
    return found


def _entries(rows: list[dict[str, Any]]) -> Iterator[Entry]:
    if len(rows) > _MAX_ENTRIES:
        raise ValueError(f"entries: more than {_MAX_ENTRIES:,} in one day")
    seen: set[int] = set()
    for row in rows:
        entry_id = _field(row, "id", int, "entries")
        if entry_id is None or not 1 <= entry_id <= _MAX_ID or entry_id in seen:
            raise ValueError(f"entries: id {_short(entry_id)} is missing, out of range or repeated")
        seen.add(entry_id)
        meal = row.get("meal")
        if meal is not None and meal not in MEALS:
            raise ValueError(f"entries: meal {_short(meal)} is not one of {', '.join(MEALS)}")
        fdc_id = _fdc_id(row, "entries")
        quantity = _optional_number(row, "quantity", "entries")
        unit = _field(row, "unit", str, "entries")
        if unit is not None and quantity is None:
            raise ValueError(f"entries: unit {unit!r} is given without a quantity")
        yield Entry(
            entry_id,
            None if meal is None else MealTime(meal),
            _field(row, "text", str, "entries") or "",
            fdc_id,
            quantity,
            unit,
            _optional_number(row, "grams", "entries"),
            _field(row, "portion", str, "entries"),
            _optional_number(row, "portion_grams", "entries"),
        )


def _text_cell(column: str, value: object) -> str:
    text = "" if value is None else str(value)
    if len(text) > _MAX_CELL:
        raise ValueError(f"{column} is longer than {_MAX_CELL:,} characters")
    if "\x00" in text or not _encodable(text):
        raise ValueError(f"{column} contains a character that cannot be stored")
    return restore_formula(text) if column in _TEXT_COLUMNS else text


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
    except RecursionError:
        raise ValueError(f"{column} is JSON nested too deeply for a diary") from None
    except ValueError:
        raise ValueError(f"{column} is not valid JSON") from None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{column} must be a JSON list of objects")
    return value


def _field(entry: Mapping[str, Any], name: str, kind: type | tuple[type, ...], column: str) -> Any:
    value = entry.get(name)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise ValueError(f"{column}: {name} {_short(value)} has the wrong type")
    if isinstance(value, str):
        if len(value) > _MAX_CELL:
            raise ValueError(f"{column}: {name} is longer than {_MAX_CELL:,} characters")
        if "\x00" in value or not _encodable(value):
            raise ValueError(f"{column}: {name} holds a character that cannot be stored")
    return value


def _encodable(text: str) -> bool:
    """Whether text can be stored (JSON's "\\ud800" escapes give lone surrogates, which no
    UTF-8 database takes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _whole(entry: Mapping[str, Any], name: str, low: int, high: int, column: str) -> int | None:
    """A whole number from ``low`` to ``high``, or None when absent."""
    value = _field(entry, name, int, column)
    if value is not None and not low <= value <= high:
        raise ValueError(f"{column}: {name} {_short(value)} is out of range")
    return None if value is None else int(value)


def _fdc_id(entry: Mapping[str, Any], column: str) -> int | None:
    return _whole(entry, "fdc_id", 1, _MAX_FDC_ID, column)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _optional_number(entry: Mapping[str, Any], name: str, column: str) -> float | None:
    """A number from 0 to 100,000 (mg, grams or a count), or None when absent."""
    value = _field(entry, name, (int, float), column)
    if value is not None and not 0 <= value <= _MAX_MG:  # also refuses NaN and inf
        raise ValueError(f"{column}: {name} {_short(value)} is out of range")
    return None if value is None else float(value)


def _meal(entry: Mapping[str, Any], column: str) -> str:
    meal = entry.get("meal")
    if meal not in MEALS:
        raise ValueError(f"{column}: meal {_short(meal)} is not one of {', '.join(MEALS)}")
    return str(meal)


def _overrides(entries: list[dict[str, Any]]) -> Iterator[Override]:
    for entry in entries:
        position = _whole(entry, "position", 0, _MAX_ID, "overrides")
        if position is None:
            raise ValueError("overrides: position must be a whole number from 0")
        quantity = _optional_number(entry, "quantity", "overrides")
        unit = _field(entry, "unit", str, "overrides")
        if unit is not None and quantity is None:
            raise ValueError(f"overrides: unit {unit!r} is given without a quantity")
        yield Override(
            _meal(entry, "overrides"),
            position,
            _field(entry, "text", str, "overrides") or "",
            _fdc_id(entry, "overrides"),
            _optional_number(entry, "grams", "overrides"),
            quantity,
            unit,
        )


def _foods(entries: list[dict[str, Any]]) -> Iterator[DayFood]:
    for entry in entries:
        yield DayFood(
            _meal(entry, "foods"),
            _fdc_id(entry, "foods"),
            _field(entry, "food", str, "foods") or "",
            _optional_number(entry, "grams", "foods"),
            _optional_number(entry, "magnesium_mg", "foods"),
        )
