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

from magfood.diary.csv_io import export_csv, import_csv, neutralise, restore
from magfood.diary.store import MEALS, DayFood, Override, SavedDay, open_history

D1 = date(2025, 3, 1)
DAY = SavedDay(
    day=D1,
    meals={"breakfast": "1 cup oatmeal, 1 medium banana", "snacks": "1 oz pumpkin seeds"},
    supplements="200 mg magnesium glycinate",
    overrides=(
        Override("breakfast", 1, "1 medium banana", None, None, 2.0, "large"),
        Override("snacks", 0, "1 oz pumpkin seeds", 170556, 28.35),
    ),
    total_mg=420.5,
    target_mg=320.0,
    foods=(DayFood("snacks", 170556, "Seeds, pumpkin and squash seed kernels", 28.35, 156.0),),
)


def _day(n: int, text: str = "1 banana") -> SavedDay:
    return SavedDay(day=D1 + timedelta(days=n), meals={"lunch": text}, total_mg=float(n))


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
    day = SavedDay(
        D1,
        meals={meal: f"=cmd|' /C calc'!A{i}" for i, meal in enumerate(MEALS)},
        supplements="@SUM(1)",
    )
    rows = list(csv.reader(io.StringIO(export_csv([day]))))
    assert rows[0][:4] == ["date", "breakfast", "lunch", "dinner"]
    cells = rows[1]
    assert cells[1] == "'=cmd|' /C calc'!A0"
    assert cells[5] == "'@SUM(1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    days = [DAY, _day(3, "-1 cup milk"), SavedDay(D1 + timedelta(days=9))]
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
_days = st.builds(
    SavedDay,
    day=st.dates(date(1990, 1, 1), date(2100, 1, 1)),
    meals=st.dictionaries(st.sampled_from(MEALS), _texts.filter(bool)),
    supplements=_texts,
    overrides=st.lists(
        st.builds(
            Override,
            meal=st.sampled_from(MEALS),
            position=st.integers(0, 50),
            text=_texts,
            fdc_id=st.none() | st.integers(1, 10**7),
            grams=st.none() | st.floats(0, 5000),
            quantity=st.none() | st.floats(0, 5000),
            unit=st.none() | _texts,
        ).filter(lambda o: o.quantity is not None or o.unit is None),
        max_size=3,
    ).map(tuple),
    total_mg=st.none() | st.floats(0, 5000),
    target_mg=st.none() | st.floats(0, 1000),
    foods=st.lists(
        st.builds(
            DayFood,
            meal=st.sampled_from(MEALS),
            fdc_id=st.none() | st.integers(1, 10**7),
            food=_texts,
            grams=st.none() | st.floats(0, 5000),
            magnesium_mg=st.none() | st.floats(0, 5000),
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
HEADER = (
    "date,breakfast,lunch,dinner,snacks,supplements,total_magnesium_mg,target_mg,overrides,foods"
)


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
        ("2025-03-05,x,,,,,,,{oops,[]", "overrides is not valid JSON"),
        ('2025-03-05,x,,,,,,,"{""a"": 1}",[]', "overrides must be a JSON list of objects"),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""brunch"", ""position"": 0}]",[]',
            "overrides: meal 'brunch' is not one of breakfast, lunch, dinner, snacks",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": -1}]",[]',
            "overrides: position must be a whole number from 0",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": 0, ""quantity"": ""2""}]",[]',
            "overrides: quantity '2' has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": 0, ""quantity"": -1}]",[]',
            "overrides: quantity -1 is out of range",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": 0, ""unit"": 3}]",[]',
            "overrides: unit 3 has the wrong type",
        ),
        (
            '2025-03-05,x,,,,,,,"[{""meal"": ""lunch"", ""position"": 0, ""unit"": ""cup""}]",[]',
            "overrides: unit 'cup' is given without a quantity",
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
    assert report.days[0].meal_text("breakfast") == "1 banana"
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
    assert report.days == (SavedDay(date(2025, 3, 4), meals={"lunch": "1 cup rice"}),)


def test_export_writes_the_corrected_amount() -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv([DAY]))))
    assert json.loads(restore(rows[0]["overrides"]))[0] == {
        "meal": "breakfast",
        "position": 1,
        "text": "1 medium banana",
        "fdc_id": None,
        "grams": None,
        "quantity": 2.0,
        "unit": "large",
    }


def test_an_export_made_before_amounts_were_saved_still_imports() -> None:
    old = '[{"meal": "snacks", "position": 0, "text": "1 oz pumpkin seeds", "fdc_id": 170556, '
    old += '"grams": 28.35}]'
    text = f"{HEADER}\n2025-03-02,,,,1 oz pumpkin seeds,,156.0,320.0,{_quoted(old)},[]\n"
    report = import_csv(text)
    assert report.problems == ()
    assert report.days[0].overrides == (
        Override("snacks", 0, "1 oz pumpkin seeds", 170556, 28.35, None, None),
    )


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def test_csv_names_are_still_importable_from_history() -> None:
    from magfood.diary import csv_io as history_csv
    from magfood.diary import store as history

    for name in ("export_csv", "import_csv", "neutralise", "restore", "ImportReport"):
        assert getattr(history, name) is getattr(history_csv, name)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        history.nothing  # noqa: B018
