"""Importing Cronometer's servings export and a plain CSV: the rows, their matches and the
skipped-row report of the fixtures; nothing saved until save_import; the CLI previews."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import magfood
from magfood.cli.main import main
from magfood.diary import ImportFormat, preview_import, save_import

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CRONOMETER = FIXTURES / "cronometer_servings.csv"
PLAIN = FIXTURES / "plain_food_log.csv"

# line -> (date, meal, text read, fdc_id, grams, magfood mg, Cronometer mg)
CRONOMETER_ROWS = [
    (2, "2026-11-29", "breakfast", "80 g Oats, Rolled, Dry", 173904, 80.0, 110.4, 110.0),
    (3, "2026-11-29", "breakfast", "1 medium Banana, Raw", 173944, 118.0, 31.9, 32.0),
    (4, "2026-11-29", "lunch", "1 serving Greek Yogurt, Plain, Nonfat", 170894, 170.0, 18.7, 19.0),
    (5, "2026-11-29", "lunch", "1 cup Spinach, Raw", 168462, 30.0, 23.7, 24.0),
    (6, "2026-11-30", "dinner", "30 g Almonds", 170567, 30.0, 81.0, 81.0),  # 7:45 PM
    (7, "2026-11-30", "dinner", "200 mg Magnesium Glycinate", None, None, 200.0, 200.0),
]
CRONOMETER_SKIPPED = [
    (8, "date '2026-11-31' is not YYYY-MM-DD"),
    (9, "no food named"),
    (10, "amount 'lots' does not start with a number"),
    (11, "Magnesium (mg) 'abc' is not a number"),
]


@pytest.fixture(scope="module")
def table() -> magfood.FoodTable:
    return magfood.load_table()


def test_cronometer_rows_matches_and_skipped(table: magfood.FoodTable):
    preview = preview_import(CRONOMETER.read_bytes(), table)
    assert preview.format is ImportFormat.CRONOMETER
    found = [
        (
            r.line,
            r.day.isoformat(),
            str(r.meal),
            r.text,
            r.fdc_id,
            r.grams,
            None if r.magnesium_mg is None else round(r.magnesium_mg, 1),
            r.cronometer_mg,
        )
        for r in preview.rows
    ]
    assert found == CRONOMETER_ROWS
    assert [(p.line, p.message) for p in preview.problems] == CRONOMETER_SKIPPED
    assert preview.rows[-1].supplement
    assert preview.summary() == "6 row(s) over 2 days read, 6 matched; 4 row(s) skipped"


def test_plain_csv_columns_by_name(table: magfood.FoodTable):
    preview = preview_import(PLAIN.read_text(), table)
    assert preview.format is ImportFormat.PLAIN
    assert [(r.text, r.fdc_id, r.cronometer_mg) for r in preview.rows] == [
        ("1 cup oatmeal", 2708381, None),
        ("1/2 cup black beans", 173735, None),
        ("1 oz pumpkin seeds", 170556, None),
    ]
    assert [(p.line, p.message) for p in preview.problems] == [
        (5, "date '29/11/2026' is not YYYY-MM-DD")
    ]


def test_round_trip_saves_only_when_asked(db: Path, table: magfood.FoodTable):
    history = magfood.open_history(db)
    history.save_day(
        magfood.with_totals(
            magfood.DayLog(date(2026, 11, 29)).add_text(
                magfood.MealTime.DINNER, "1 cup rice", table
            ),
            None,
            table,
        )
    )
    preview = preview_import(CRONOMETER.read_bytes(), table)
    assert [d.day for d in history.days()] == [date(2026, 11, 29)]  # the preview saved nothing
    saved = save_import(history, preview, table)
    assert [d.day for d in saved] == [date(2026, 11, 29), date(2026, 11, 30)]
    first = history.load_day(date(2026, 11, 29))
    assert first is not None
    entries = first.open(table).entries
    assert entries[0].text == "1 cup rice"  # added to, not replaced
    assert [(e.fdc_id, e.portion_grams) for e in entries[1:]] == [
        (173904, 80.0),
        (173944, 118.0),
        (170894, 170.0),
        (168462, 30.0),
    ]
    second = history.load_day(date(2026, 11, 30))
    assert second is not None and second.log.supplements == "200 mg Magnesium Glycinate"
    assert second.total_mg == 281.0
    save_import(history, preview, table, replace=True)
    again = history.load_day(date(2026, 11, 29))
    assert again is not None and len(again.log.entries) == 4  # the rice was replaced


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,colour\nx,red\n", "not a Cronometer servings export"),
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"Day,Food Name,Amount\n" + b"x" * 5_000_001, "larger than 5 MB"),
    ],
)
def test_a_file_of_another_kind_is_refused_in_one_line(
    table: magfood.FoodTable, data: bytes, message: str
):
    preview = preview_import(data, table)
    assert preview.rows == () and len(preview.problems) == 1
    assert message in preview.problems[0].message


def test_cli_previews_then_saves(db: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["import", str(CRONOMETER)]) == 0
    out = capsys.readouterr().out
    assert "(file: 110 mg)" in out and "skipped line 9: no food named" in out
    assert "Nothing saved; add --save to save." in out and not db.exists()
    assert main(["import", str(CRONOMETER), "--save"]) == 0
    assert "Saved 2 day(s)." in capsys.readouterr().out
    assert len(magfood.open_history(db).days()) == 2


def test_cli_refuses_a_bad_file_in_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    assert main(["import", str(bad), "--save"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing saved" in err and not db.exists()
