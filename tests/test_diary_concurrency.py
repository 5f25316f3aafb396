"""Saves from several processes at once, and a save killed inside its transaction, on SQLite
and PostgreSQL: nothing saved is lost, no user sees another's rows, and a save that dies
changes nothing already saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from magfood.diary.records import SavedDay
from magfood.diary.rows import PAUSE_ENV
from magfood.diary.store import open_history
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

ROOT = Path(__file__).resolve().parent.parent
START = date(2024, 1, 1)
SAVES = 200
#: Every this many saves, a process also adds an entry to its user's shared day (a read,
#: change and write that must not overwrite the other process's additions).
SHARED_EVERY = 10

_WRITER = """
import sys, time
from datetime import date, timedelta
from pathlib import Path
from magfood.diary.records import SavedDay
from magfood.diary.store import open_history
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

where, user, first, saves, every, folder = sys.argv[1:7]
first, saves, every = int(first), int(saves), int(every)
store = open_history(where, user=user)
Path(folder, f"ready-{user}-{first}").touch()
while not Path(folder, "go").exists():
    time.sleep(0.01)
start = date(2024, 1, 1)
for n in range(first, first + saves):
    day = start + timedelta(days=n)
    store.save_day(SavedDay(DayLog(day, (Entry(1, MealTime.LUNCH, f"{user} {n}"),)), float(n)))
    if n % every == 0:
        def add(key, saved, n=n):
            log = saved.log if saved else DayLog(key)
            entry = Entry(len(log.entries) + 1, MealTime.DINNER, f"{user} shared {n}")
            return SavedDay(log.add_entries((entry,)))
        store.update_days([start - timedelta(days=1)], add)
"""


def _counts(first: int) -> list[str]:
    return [str(first), str(SAVES), str(SHARED_EVERY)]


@pytest.mark.slow  # the race takes a few seconds; starting 4 Pythons takes as long again
def test_four_processes_two_users_lose_nothing(db_location: str, tmp_path: Path) -> None:
    open_history(db_location)  # created and migrated once, before the race
    writers = [("alex", 0), ("alex", 1000), ("sam", 2000), ("sam", 3000)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, db_location, user, *_counts(first), str(tmp_path)],
            env=env,
        )
        for user, first in writers
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("ready-*"))) < len(writers):
            assert time.monotonic() < deadline, "the writers did not start"
            assert all(p.poll() is None for p in processes), "a writer died while starting"
            time.sleep(0.02)
        (tmp_path / "go").touch()
        codes = [p.wait(timeout=300) for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    assert codes == [0, 0, 0, 0]
    shared_day = START - timedelta(days=1)
    for user, firsts in (("alex", (0, 1000)), ("sam", (2000, 3000))):
        store = open_history(db_location, user=user)
        days = store.days()
        expected = {n for first in firsts for n in range(first, first + SAVES)}
        own = [d for d in days if d.day != shared_day]
        assert len(own) == len(expected) == 2 * SAVES
        assert {(d.day - START).days for d in own} == expected
        assert all(d.log.entries[0].text == f"{user} {(d.day - START).days}" for d in own)
        shared = store.load_day(shared_day)
        assert shared is not None
        texts = sorted(e.text for e in shared.log.entries)
        assert texts == sorted(f"{user} shared {n}" for n in expected if n % SHARED_EVERY == 0)
        assert len({e.id for e in shared.log.entries}) == len(texts)  # ids stayed distinct


_KILLED = """
import sys
from datetime import date
from magfood.diary.records import SavedDay
from magfood.diary.store import open_history
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime
store = open_history(sys.argv[1], user="alex")
store.save_days([
    SavedDay(DayLog(date(2025, 3, 1), (Entry(1, MealTime.LUNCH, "half written"),))),
    SavedDay(DayLog(date(2025, 3, 9), (Entry(1, MealTime.LUNCH, "never saved"),))),
])
"""


def test_a_save_killed_inside_its_transaction_keeps_earlier_days(
    db_location: str, tmp_path: Path
) -> None:
    store = open_history(db_location, user="alex")
    first = SavedDay(DayLog(date(2025, 3, 1), (Entry(1, MealTime.LUNCH, "oats"),)), 64.0)
    second = SavedDay(DayLog(date(2025, 3, 2), (Entry(1, MealTime.LUNCH, "beans"),)), 120.0)
    store.save_days([first, second])
    before = store.days()
    marker = tmp_path / "inside-the-transaction"
    env = {**os.environ, "PYTHONPATH": str(ROOT), PAUSE_ENV: str(marker)}
    process = subprocess.Popen([sys.executable, "-c", _KILLED, db_location], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():  # it has deleted 2025-03-01 inside its transaction
            assert process.poll() is None, "the saving process ended before its save"
            assert time.monotonic() < deadline, "the save never began"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
    reopened = open_history(db_location, user="alex")
    assert reopened.days() == before
    assert [d.log.entries[0].text for d in reopened.days()] == ["oats", "beans"]
    again = reopened.save_day(replace(first, total_mg=65.0))  # nothing is left locked
    assert reopened.load_day(first.day) == again


def test_first_opens_at_once_migrate_once(db_location: str) -> None:
    """Several app processes starting on a new database: one creates the schema, the others
    wait for it and find it done (PostgreSQL: an advisory lock; SQLite: the write lock)."""
    import threading

    versions: list[int] = []
    errors: list[BaseException] = []

    def first_open(k: int) -> None:
        try:
            store = open_history(db_location, user=f"user{k}")
            store.save_day(SavedDay(DayLog(START, (Entry(1, MealTime.LUNCH, f"u{k}"),))))
            versions.append(store.schema_version)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=first_open, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and versions == [5] * 6
    for k in range(6):
        (day,) = open_history(db_location, user=f"user{k}").days()
        assert day.log.entries[0].text == f"u{k}"
