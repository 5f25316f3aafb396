"""Fault injection on CSV import and export (issue 13, items 7 and 12).

Import: every problem is a row report (deep JSON, huge numbers, lone surrogates, other
encodings), the days it returns can always be saved, and a leading "'" is removed only where
export added it. Export: the plan CSV neutralises formulas exactly as the diary CSV does,
through the one helper in ``magfood.text``.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood import text as shared_text
from magfood.diary import csv_io
from magfood.diary.csv_io import export_csv, import_csv
from magfood.diary.records import SavedDay
from magfood.diary.store import open_history
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime
from magfood.plan import export as plan_export
from magfood.plan import plan_from_record, plan_to_csv

HEADER = "date,breakfast,lunch,dinner,snacks,supplements,total_magnesium_mg,target_mg,entries,foods"
GOOD = '2025-03-02,,,,,,32.0,320.0,"[{""id"": 1, ""meal"": ""lunch"", ""text"": ""1 banana""}]",[]'
LAST = "2025-03-04,,2 eggs,,,,,,,"


def _file(*rows: str) -> str:
    return "\n".join([HEADER, GOOD, *rows, LAST]) + "\n"


def _cell(value: object) -> str:
    """A JSON value as one quoted CSV cell."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([json.dumps(value)])
    return out.getvalue()


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# a bad row -> the start of its problem
BAD_ROWS = {
    "JSON nested 5,000 deep": (
        f"2025-03-03,,,,,,,,{_deep(5000)},[]",
        "entries is JSON nested too deeply",
    ),
    "entry fdc_id 10**30": (
        f"2025-03-03,,,,,,,,{_cell([{'id': 1, 'text': 'x', 'fdc_id': 10**30}])},[]",
        "entries: fdc_id 1000000000000000000000000000000 is out of range",
    ),
    "entry id 10**30": (
        f"2025-03-03,,,,,,,,{_cell([{'id': 10**30, 'text': 'x'}])},[]",
        "entries: id 1000000000000000000000000000000 is missing, out of range",
    ),
    "override position 10**30": (
        "2025-03-03,1 egg,,,,,,,,[],"
        + _cell([{"meal": "breakfast", "position": 10**30, "text": "1 egg"}]),
        "overrides: position 1000000000000000000000000000000 is out of range",
    ),
    "override fdc_id 10**30": (
        "2025-03-03,1 egg,,,,,,,,[],"
        + _cell([{"meal": "breakfast", "position": 0, "text": "1 egg", "fdc_id": 10**30}]),
        "overrides: fdc_id 1000000000000000000000000000000 is out of range",
    ),
    "food fdc_id 10**30": (
        f"2025-03-03,,,,,,,,[],{_cell([{'meal': 'lunch', 'fdc_id': 10**30, 'food': 'x'}])}",
        "foods: fdc_id 1000000000000000000000000000000 is out of range",
    ),
    "lone surrogate": (
        '2025-03-03,,,,,,,,"[{""id"": 1, ""text"": ""\\ud800""}]",[]',
        "entries: text holds a character that cannot be stored",
    ),
    "NaN grams": (
        f"2025-03-03,,,,,,,,{_cell([{'id': 1, 'text': 'x', 'grams': float('nan')}])},[]",
        "entries: grams nan is out of range",
    ),
    "meal of a list": (
        f"2025-03-03,,,,,,,,{_cell([{'id': 1, 'text': 'x', 'meal': [1]}])},[]",
        "entries: meal [1] is not one of",
    ),
}

# the "overrides" column must exist for the two override rows: add it to every row
_OVERRIDES_HEADER = HEADER + ",overrides"


@pytest.mark.parametrize("label", BAD_ROWS)
def test_a_bad_row_is_a_row_report_and_the_rest_is_saved(label: str, tmp_path: Path) -> None:
    row, message = BAD_ROWS[label]
    text = "\n".join([_OVERRIDES_HEADER, GOOD + ",", row, LAST + ","]) + "\n"
    report = import_csv(text)
    assert [p.line for p in report.problems] == [3], report.problems
    assert report.problems[0].message.startswith(message), report.problems[0].message
    assert "\n" not in report.problems[0].message and len(report.problems[0].message) < 200
    assert [d.day for d in report.days] == [date(2025, 3, 2), date(2025, 3, 4)]
    store = open_history(tmp_path / "days.sqlite3")
    assert store.save_days(report.days) == 2  # Save cannot fail on what validation kept
    assert [d.day for d in store.days()] == [date(2025, 3, 2), date(2025, 3, 4)]


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_entry_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.integers(-5, 10**31) | _json_values,
        "meal": st.sampled_from(["breakfast", "lunch", "x"]) | _json_values,
        "text": st.text(max_size=12) | _json_values,
        "fdc_id": st.integers(-5, 10**31) | _json_values,
        "quantity": st.floats() | _json_values,
        "unit": st.sampled_from(["cup", None]) | _json_values,
        "grams": st.floats() | _json_values,
        "portion": _json_values,
        "portion_grams": st.floats() | _json_values,
        "position": st.integers(-5, 10**31),
        "food": _json_values,
        "magnesium_mg": st.floats() | _json_values,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(_entry_like, max_size=3),
    foods=st.lists(_entry_like, max_size=2),
    overrides=st.lists(_entry_like, max_size=2),
    surrogate=st.booleans(),
)
def test_whatever_validation_keeps_can_be_saved(entries, foods, overrides, surrogate) -> None:
    cells = [_cell(entries), _cell(foods), _cell(overrides)]
    if surrogate:
        cells[0] = cells[0].replace("x", "\\udc80")
    text = f"{_OVERRIDES_HEADER}\n2025-03-03,1 egg,,,,,,,{','.join(cells)}\n"
    report = import_csv(text)
    assert len(report.days) + len(report.problems) == 1
    with tempfile.TemporaryDirectory() as folder:
        store = open_history(Path(folder) / "days.sqlite3")
        assert store.save_days(report.days) == len(report.days)


# ---- encodings -----------------------------------------------------------------------------

TEXT = f"{HEADER}\n2025-03-02,1 crêpe,,,,,,,,\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with its BOM, as spreadsheets save "Unicode text"
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16", "utf-16 BE", "utf-16 LE"],
)
def test_utf8_and_utf16_files_are_read(encoded: bytes) -> None:
    report = import_csv(encoded)
    assert report.problems == ()
    assert report.days[0].legacy is not None
    assert report.days[0].legacy.meals == {"breakfast": "1 crêpe"}


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        (TEXT.encode("latin-1"), "the file is not UTF-8 text (line 2 has byte 0xea;"),
        (TEXT.encode("cp1252"), "the file is not UTF-8 text"),
        (TEXT.encode("utf-32"), "the file is UTF-32 text"),
        (b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "the file is not UTF-16 text"),
    ],
    ids=["latin-1", "cp1252", "utf-32", "broken utf-16"],
)
def test_other_encodings_are_refused_with_a_clear_message(encoded: bytes, message: str) -> None:
    report = import_csv(encoded)
    assert report.days == ()
    assert len(report.problems) == 1 and report.problems[0].line == 1
    assert report.problems[0].message.startswith(message)
    assert "save it as CSV UTF-8" in report.problems[0].message
    with pytest.raises(ValueError, match=message.split(" (")[0]):
        csv_io.decode_csv(encoded)


def test_utf16_decoded_as_utf8_never_raises() -> None:
    """What the page did (UTF-8 with errors="replace") gave NULs and a csv.Error traceback."""
    text = TEXT.encode("utf-16").decode("utf-8", errors="replace")
    report = import_csv(text)
    assert report.days == () and len(report.problems) == 1


# ---- the leading quote ---------------------------------------------------------------------


def test_a_leading_quote_is_removed_only_where_export_added_it() -> None:
    text = (
        f"{HEADER}\n2025-03-02,'tis a banana,'=1+1,,,'200 mg magnesium,,,,\n'2025-03-03,,,,,,,,,\n"
    )
    report = import_csv(text)
    assert report.days[0].legacy is not None
    assert report.days[0].legacy.meals == {"breakfast": "'tis a banana", "lunch": "=1+1"}
    assert report.days[0].log.supplements == "'200 mg magnesium"
    assert [p.message for p in report.problems] == ['date "\'2025-03-03" is not YYYY-MM-DD']


def test_quoted_text_round_trips_exactly() -> None:
    texts = ["'tis", "''", "'=x", "=x", "\t=1", "\r=1", "-1 cup milk", "'"]
    entries = tuple(Entry(i + 1, MealTime.LUNCH, t) for i, t in enumerate(texts))
    day = SavedDay(DayLog(date(2025, 3, 2), entries))
    (back,) = import_csv(export_csv([day])).days
    assert [e.text for e in back.log.entries] == texts


# ---- one neutralising rule for every CSV (item 12) -----------------------------------------


def test_one_helper_serves_both_csv_exports() -> None:
    assert csv_io.neutralise_formula is shared_text.neutralise_formula
    assert plan_export.neutralise_formula is shared_text.neutralise_formula
    assert not hasattr(plan_export, "_safe_cell")


def _record(food: str, portion: str = "1 cup") -> dict[str, object]:
    item = {
        "day": 1,
        "meal": "breakfast",
        "fdc_id": 168462,
        "food": food,
        "family": "leafy greens",
        "role": "vegetable",
        "portion": portion,
        "servings": 1,
        "grams": 30.0,
        "magnesium_mg": 23.7,
        "kcal": 7.0,
    }
    return {"request": {"target_mg": 320, "kcal_min": 1800, "kcal_max": 2200}, "items": [item]}


#: what a spreadsheet runs as a formula (or strips and then runs: tab, carriage return), and "'"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_plan_csv_neutralises_every_formula_start(start: str) -> None:
    food = f'{start}=HYPERLINK("http://x","spinach")'
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan_from_record(_record(food, food))))))
    assert rows[0]["food"] == "'" + food and rows[0]["portion"] == "'" + food
    assert shared_text.restore_formula(rows[0]["food"]) == food


def test_plan_csv_leaves_plain_text_alone() -> None:
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan_from_record(_record("Spinach, raw"))))))
    assert (rows[0]["food"], rows[0]["portion"]) == ("Spinach, raw", "1 cup")
