"""Saved days as CSV: formula neutralising, export, import row by row, the round-trip."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood.diary.csv_io import export_csv, import_csv
from magfood.diary.records import DayFood, LegacyDay, Override, SavedDay
from magfood.diary.store import open_history
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MEALS, MealTime
from magfood.text import neutralise_formula as neutralise
from magfood.text import restore_formula as restore

D1 = date(2025, 3, 1)
B, S = MealTime.BREAKFAST, MealTime.SNACKS
DAY = SavedDay(
    log=DayLog(
        D1,
        (
            Entry(1, B, "1 cup oatmeal"),
            Entry(2, B, "1 medium banana", quantity=2.0, unit="large"),
            Entry(3, S, "1 oz pumpkin seeds", fdc_id=170556, grams=28.35),
        ),
        "200 mg magnesium glycinate",
    ),
    total_mg=420.5,
    target_mg=320.0,
    foods=(DayFood("snacks", 170556, "Seeds, pumpkin and squash seed kernels", 28.35, 156.0),),
)


def _day(n: int, text: str = "1 banana") -> SavedDay:
    log = DayLog(D1 + timedelta(days=n), (Entry(1, MealTime.LUNCH, text),))
    return SavedDay(log, total_mg=float(n))


def _same(saved: SavedDay, expected: SavedDay) -> bool:
    return replace(saved, saved_at="") == replace(expected, saved_at="")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("1 oz pumpkin seeds", "1 oz pumpkin seeds"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_neutralise_and_restore(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected
    assert restore(neutralise(cell)) == cell


def test_export_neutralises_every_text_cell() -> None:
    entries = tuple(Entry(i + 1, meal, f"=cmd|' /C calc'!A{i}") for i, meal in enumerate(MEALS))
    day = SavedDay(DayLog(D1, entries, "@SUM(1)"))
    rows = list(csv.reader(io.StringIO(export_csv([day]))))
    assert rows[0][:4] == ["date", "breakfast", "lunch", "dinner"]
    cells = rows[1]
    assert cells[1] == "'=cmd|' /C calc'!A0"
    assert cells[5] == "'@SUM(1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    days = [DAY, _day(3, "-1 cup milk"), SavedDay(DayLog(D1 + timedelta(days=9)))]
    store = open_history(tmp_path / "days.sqlite3")
    store.save_days(days)
    report = import_csv(export_csv(store.days()))
    assert report.problems == ()
    assert report.summary() == "3 days read"
    other = open_history(tmp_path / "other.sqlite3")
    assert other.save_days(report.days) == 3
    for original, copied in zip(days, other.days(), strict=True):
        assert _same(copied, original)


_texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
_numbers = st.none() | st.floats(0, 5000)
_entries = st.lists(
    st.builds(
        lambda meal, text, fdc_id, quantity, unit, grams, portion: Entry(
            0, meal, text, fdc_id, quantity, unit if quantity is not None else None, grams, portion
        ),
        meal=st.none() | st.sampled_from(MEALS),
        text=_texts,
        fdc_id=st.none() | st.integers(1, 10**7),
        quantity=_numbers,
        unit=st.none() | _texts,
        grams=_numbers,
        portion=st.none() | _texts,
    ),
    min_size=1,
    max_size=4,
).map(lambda found: tuple(replace(e, id=i + 1) for i, e in enumerate(found)))
_days = st.builds(
    lambda day, entries, supplements, total, target, foods: SavedDay(
        DayLog(day, entries, supplements), total, target, foods
    ),
    day=st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    entries=_entries,
    supplements=_texts,
    total=st.none() | st.floats(0, 5000),
    target=st.none() | st.floats(0, 1000),
    foods=st.lists(
        st.builds(
            DayFood,
            meal=st.sampled_from([str(m) for m in MEALS]),
            fdc_id=st.none() | st.integers(1, 10**7),
            food=_texts,
            grams=_numbers,
            magnesium_mg=_numbers,
        ),
        max_size=3,
    ).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_days, max_size=4, unique_by=lambda d: d.day))
def test_csv_round_trip_property(days: list[SavedDay]) -> None:
    report = import_csv(export_csv(days))
    assert report.problems == ()
    assert list(report.days) == days


GOOD = "2025-03-02,1 banana,,,,,32.0,320.0,[],[]"
HEADER = "date,breakfast,lunch,dinner,snacks,supplements,total_magnesium_mg,target_mg,entries,foods"
OLD_HEADER = HEADER.replace("entries", "overrides")


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("03/02/2025,1 banana,,,,,,,[],[]", "date '03/02/2025' is not YYYY-MM-DD"),
        ("2025-02-30,1 banana,,,,,,,[],[]", "date '2025-02-30' is not a calendar date"),
        (",1 banana,,,,,,,[],[]", "date '' is not YYYY-MM-DD"),
        ("2025-03-05,x,,,,,lots,,[],[]", "total_magnesium_mg 'lots' is not a number"),
        ("2025-03-05,x,,,,,-5,,[],[]", "total_magnesium_mg '-5' is not between 0 and 100,000 mg"),
        ("2025-03-05,x,,,,,nan,,[],[]", "total_magnesium_mg 'nan' is not between 0"),
        ("2025-03-05,x,,,,,,1e9,[],[]", "target_mg '1e9' is not between 0"),
        ("2025-03-05,x,,,,,,,{oops,[]", "entries is not valid JSON"),
        ('2025-03-05,x,,,,,,,"{""a"": 1}",[]', "entries must be a JSON list of objects"),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""meal"": ""brunch"", ""text"": ""x""}]",[]',
            "entries: meal 'brunch' is not one of breakfast, lunch, dinner, snacks",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": -1, ""meal"": ""lunch"", ""text"": ""x""}]",[]',
            "entries: id -1 is missing, out of range or repeated",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""text"": ""x""}, {""id"": 1, ""text"": ""y""}]",[]',
            "entries: id 1 is missing, out of range or repeated",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""fdc_id"": 1000000000000000000000000000000}]",[]',
            "entries: fdc_id 1000000000000000000000000000000 is out of range",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""quantity"": ""2""}]",[]',
            "entries: quantity '2' has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""quantity"": -1}]",[]',
            "entries: quantity -1 is out of range",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""unit"": 3, ""quantity"": 1}]",[]',
            "entries: unit 3 has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""id"": 1, ""unit"": ""cup""}]",[]',
            "entries: unit 'cup' is given without a quantity",
        ),
        (
            '2025-03-05,x,,,,,,,[],"[{""meal"": ""lunch"", ""fdc_id"": ""abc""}]"',
            "foods: fdc_id 'abc' has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,[],"[{""meal"": ""lunch"", ""magnesium_mg"": -3}]"',
            "foods: magnesium_mg -3 is out of range",
        ),
        ("2025-03-05,x,,,,,,,[],[],extra", "more cells than columns"),
        ("2025-03-05," + "x" * 20_001 + ",,,,,,,[],[]", "breakfast is longer than 20,000"),
        ("2025-03-02,again,,,,,,,[],[]", "2025-03-02 appears twice; kept the first"),
    ],
)
def test_bad_import_rows_are_reported_and_skipped(bad_row: str, message: str) -> None:
    text = "\n".join([HEADER, GOOD, bad_row, "2025-03-03,,2 eggs,,,,,,,"]) + "\n"
    report = import_csv(text)
    assert [d.day for d in report.days] == [date(2025, 3, 2), date(2025, 3, 3)]
    assert report.days[0].legacy == LegacyDay({"breakfast": "1 banana"})
    assert report.days[0].total_mg == 32.0
    assert len(report.problems) == 1
    assert report.problems[0].line == 3
    assert report.problems[0].message.startswith(message)
    assert report.summary() == "2 days read; 1 row(s) skipped"


@pytest.mark.parametrize(
    "text",
    ["", "hello\nworld\n", "\x00\x01", "a,b,c\n1,2,3\n", "<script>alert(1)</script>"],
)
def test_import_of_something_else_never_raises(text: str) -> None:
    report = import_csv(text)
    assert report.days == ()
    assert report.problems


def test_import_accepts_a_byte_order_mark_and_missing_columns() -> None:
    report = import_csv("\ufeffdate,lunch\n2025-03-04,1 cup rice\n")
    assert report.problems == ()
    assert report.days == (
        SavedDay(DayLog(date(2025, 3, 4)), legacy=LegacyDay({"lunch": "1 cup rice"})),
    )


def test_export_writes_each_entry_with_its_corrections() -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv([DAY]))))
    assert rows[0]["breakfast"] == "1 cup oatmeal\n1 medium banana"
    assert json.loads(restore(rows[0]["entries"]))[1] == {
        "id": 2,
        "meal": "breakfast",
        "text": "1 medium banana",
        "fdc_id": None,
        "quantity": 2.0,
        "unit": "large",
        "grams": None,
        "portion": None,
        "portion_grams": None,
    }


def test_an_export_made_before_entries_were_kept_still_imports() -> None:
    old = '[{"meal": "snacks", "position": 0, "text": "1 oz pumpkin seeds", "fdc_id": 170556, '
    old += '"grams": 28.35}]'
    text = f"{OLD_HEADER}\n2025-03-02,,,,1 oz pumpkin seeds,,156.0,320.0,{_quoted(old)},[]\n"
    report = import_csv(text)
    assert report.problems == ()
    assert report.days[0].legacy == LegacyDay(
        {"snacks": "1 oz pumpkin seeds"},
        (Override("snacks", 0, "1 oz pumpkin seeds", 170556, 28.35, None, None),),
    )


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
