"""``magfood log`` and ``magfood history`` against the database the Today page saves to:
saved by one, read by the other, and two logs for one day add up."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_run import run

import magfood

DAY = date(2026, 11, 30)


def history_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, _ = run(capsys, "history", "--json", *argv)
    assert code == 0
    return json.loads(out)


def test_two_logs_add_up_and_history_reads_them(db: Path, capsys: pytest.CaptureFixture[str]):
    assert (
        run(capsys, "log", "--date", "2026-11-30", "--meal", "lunch", "1 cup black beans")[0] == 0
    )
    code, out, _ = run(capsys, "log", "--date", "2026-11-30", "1 medium banana for breakfast")
    assert code == 0 and "Logged 1 food to 2026-11-30" in out
    run(capsys, "log", "--date", "2026-11-30", "--meal", "dinner", "200 mg magnesium glycinate")
    found = history_json(capsys)
    assert found == {
        "days": [
            {
                "date": "2026-11-30",
                "magnesium_mg": 352.3,
                "items": [
                    {
                        "meal": "lunch",
                        "text": "1 cup black beans",
                        "fdc_id": 173735,
                        "food": "Beans, black, mature seeds, cooked, boiled, without salt",
                        "grams": 172.0,
                        "magnesium_mg": 120.4,
                    },
                    {
                        "meal": "breakfast",
                        "text": "1 medium banana for breakfast",
                        "fdc_id": 173944,
                        "food": "Bananas, raw",
                        "grams": 118.0,
                        "magnesium_mg": 31.9,
                    },
                    {
                        "meal": "supplements",
                        "text": "200 mg magnesium glycinate",
                        "fdc_id": None,
                        "food": None,
                        "grams": None,
                        "magnesium_mg": 200.0,
                    },
                ],
            }
        ]
    }
    saved = magfood.open_history(db).load_day(DAY)
    assert saved is not None and saved.total_mg == 352.3 and saved.target_mg is None


def test_the_page_saves_and_history_reads(db: Path, capsys: pytest.CaptureFixture[str]):
    table = magfood.load_table()
    log = magfood.DayLog(DAY).add_text(magfood.MealTime.DINNER, "1 cup spinach", table)
    profile = magfood.make_profile(sex="female", age_years=34)
    # exactly what app_pages/common.store_log does
    magfood.open_history(db).save_day(magfood.saved_day(log, magfood.evaluate(log, profile, table)))
    run(capsys, "log", "--date", "2026-11-30", "--meal", "snacks", "1 oz pumpkin seeds")
    days = history_json(capsys, "--from", "2026-11-30", "--to", "2026-11-30")["days"]
    assert [(i["meal"], i["text"]) for i in days[0]["items"]] == [  # type: ignore[index]
        ("dinner", "1 cup spinach"),
        ("snacks", "1 oz pumpkin seeds"),
    ]
    # and the page reads what log saved, through the store it uses
    saved = magfood.open_history(db).load_day(DAY)
    assert saved is not None
    assert [e.text for e in saved.open(table).entries] == ["1 cup spinach", "1 oz pumpkin seeds"]
    assert saved.total_mg == pytest.approx(23.7 + 167.8, abs=0.2)


def test_log_uses_the_saved_profile_for_the_target(db: Path, capsys: pytest.CaptureFixture[str]):
    run(capsys, "profile", "--age", "34", "--sex", "female")
    run(capsys, "log", "--date", "2026-11-30", "--meal", "lunch", "1 cup rice")
    saved = magfood.open_history(db).load_day(DAY)
    assert saved is not None and saved.target_mg == 320.0


def test_history_range_and_empty(db: Path, capsys: pytest.CaptureFixture[str]):
    assert history_json(capsys) == {"days": []}
    run(capsys, "log", "--date", "2026-11-29", "--meal", "lunch", "1 cup rice")
    run(capsys, "log", "--date", "2026-11-30", "--meal", "lunch", "1 cup rice")
    days = history_json(capsys, "--from", "2026-11-30")["days"]
    assert [d["date"] for d in days] == ["2026-11-30"]  # type: ignore[index]
    assert "2026-11-29" in run(capsys, "history")[1]


BAD = [
    (["log", "--date", "2026-13-01", "1 egg"], "expected a date as YYYY-MM-DD"),
    (["log", "--meal", "elevenses", "1 egg"], "expected one of breakfast, lunch"),
    (["log", "   "], "nothing to log"),
    (["log", "--date", "2026-11-30", "1 egg"], "say which meal"),
    (["history", "--from", "2026-12-01", "--to", "2026-11-01"], "is after --to"),
]


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_input_is_one_line_and_nothing_saved(
    db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert not db.exists() or magfood.open_history(db).days() == ()


def test_a_file_that_is_not_a_diary_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    code, _, err = run(capsys, "log", "--db", str(path), "--meal", "lunch", "1 egg")
    assert code == 1 and "is not a magfood database" in err and path.read_text() == "my notes"


def test_logs_from_two_threads_all_land(db: Path):
    import threading

    table = magfood.load_table()
    history = magfood.open_history(db)

    def logs(meal: magfood.MealTime) -> None:
        for _ in range(5):
            magfood.log_text(magfood.open_history(db), DAY, "1 cup rice", table, meal=meal)

    threads = [threading.Thread(target=logs, args=(m,)) for m in magfood.MEALS[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = history.load_day(DAY)
    assert saved is not None and len(saved.log.entries) == 10
    assert len({e.id for e in saved.log.entries}) == 10
