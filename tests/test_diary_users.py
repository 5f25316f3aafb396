"""Every row belongs to a user: no History method reads or changes another user's days,
plans or settings, on SQLite and on PostgreSQL; and the user name is checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from magfood.diary import LOCAL_USER, open_accounts
from magfood.diary.records import SavedDay
from magfood.diary.store import History, open_history
from magfood.errors import StorageError
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

D1, D2 = date(2025, 3, 1), date(2025, 3, 2)
RECORD = {"format": 1, "request": {"days": 1}, "status": "optimal", "items": [{"day": 1}]}


def _day(day: date, text: str) -> SavedDay:
    return SavedDay(DayLog(day, (Entry(1, MealTime.LUNCH, text),), "100 mg citrate"), 10.0)


def _texts(store: History) -> list[tuple[str, str]]:
    return [(d.day.isoformat(), d.log.entries[0].text) for d in store.days()]


def _everything(store: History) -> tuple[object, ...]:
    return (
        _texts(store),
        [(p.id, p.name, dict(p.record)) for p in store.plans()],
        store.load_setting("profile"),
    )


@pytest.fixture
def alex(db_location: str) -> History:
    store = open_history(db_location, user="alex")
    store.save_days([_day(D1, "alex's oats"), _day(D2, "alex's beans")])
    store.save_plan("Week 1", RECORD)
    store.save_setting("profile", {"age": 34.0, "sex": "female"})
    return store


def test_another_user_sees_nothing_and_changes_nothing(alex: History) -> None:
    before = _everything(alex)
    (plan,) = alex.plans()
    sam = alex.for_user("sam")
    assert sam.user == "sam" and sam.database is alex.database
    assert sam.days() == () and sam.load_day(D1) is None
    assert sam.plans() == () and sam.load_plan(plan.id) is None
    assert sam.load_setting("profile") is None
    assert sam.delete_day(D1) is False
    assert sam.delete_plan(plan.id) is False
    assert sam.delete_setting("profile") is False
    seen: list[SavedDay | None] = []

    def change(day: date, saved: SavedDay | None) -> SavedDay:
        seen.append(saved)
        return _day(day, "sam's rice")

    sam.update_days([D1], change)
    assert seen == [None]  # sam's day 1 did not exist, whatever alex saved
    sam.save_day(_day(D2, "sam's soup"))
    mine = sam.save_plan("Week 1", {**RECORD, "status": "feasible"})
    sam.save_setting("profile", {"age": 60.0, "sex": "male"})
    assert mine.id != plan.id
    assert _texts(sam) == [("2025-03-01", "sam's rice"), ("2025-03-02", "sam's soup")]
    assert _everything(alex) == before
    assert sam.delete_day(D1) and sam.delete_plan(mine.id) and sam.delete_setting("profile")
    assert _everything(alex) == before


def test_the_single_person_default_is_its_own_user(alex: History, db_location: str) -> None:
    local = open_history(db_location)
    assert local.user == LOCAL_USER == "local"
    assert local.days() == () and local.plans() == ()
    local.save_day(_day(D1, "mine"))
    assert _texts(open_history(db_location)) == [("2025-03-01", "mine")]
    assert _texts(alex) == [("2025-03-01", "alex's oats"), ("2025-03-02", "alex's beans")]


def test_removing_a_user_removes_only_their_rows(alex: History, db_location: str) -> None:
    accounts = open_accounts(db_location)
    accounts.add_user("sam", "correct horse")
    sam = alex.for_user("sam")
    sam.save_day(replace(_day(D1, "sam's rice"), foods=()))
    sam.save_plan("Week 1", RECORD)
    before = _everything(alex)
    assert accounts.remove_user("sam") is True
    assert _everything(sam) == ([], [], None)
    assert _everything(alex) == before
    assert accounts.remove_user("sam") is False


@pytest.mark.parametrize(
    "name", ["", " alex", "alex smith", "-alex", "a/b", "é", "x" * 129, "alex\n", "a;drop"]
)
def test_bad_user_names_are_refused(tmp_path, name: str) -> None:
    with pytest.raises(StorageError, match="is not a user name"):
        open_history(tmp_path / "days.sqlite3", user=name)


@pytest.mark.parametrize("name", ["alex", "Alex.Smith", "alex@example.org", "u+1", "x" * 128])
def test_good_user_names_are_kept_as_given(tmp_path, name: str) -> None:
    store = open_history(tmp_path / "days.sqlite3", user=name)
    store.save_day(_day(D1, "oats"))
    assert store.user == name and _texts(store.for_user(name)) == [("2025-03-01", "oats")]
