"""Copying another day's foods into a day (``DayLog.add_copy``), on the shipped table."""

from __future__ import annotations

from datetime import date

import pytest

from magfood.intake import DayLog, Entry, amount_words, resolve_entry
from magfood.mealtimes import MealTime

YESTERDAY = date(2026, 11, 30)
TODAY = date(2026, 12, 1)


def _yesterday(table) -> DayLog:
    log = DayLog(YESTERDAY, supplements="200 mg magnesium glycinate")
    log = log.add_text(MealTime.BREAKFAST, "1 cup oatmeal, 1 medium banana", table)
    log = log.add_text(MealTime.SNACKS, "1 cup qwzx blorf", table)  # not matched
    return log.set_grams(2, 150.0)  # the banana corrected to 150 g


def test_copied_foods_keep_their_fdc_food_and_grams(table) -> None:
    yesterday = _yesterday(table)
    before = [resolve_entry(e, table) for e in yesterday.entries]
    today = DayLog(TODAY).add_text(MealTime.LUNCH, "2 eggs", table).add_copy(yesterday, table)
    assert [e.id for e in today.entries] == [1, 2, 3, 4]
    copied = today.entries[1:]
    assert [e.meal for e in copied] == [MealTime.BREAKFAST, MealTime.BREAKFAST, MealTime.SNACKS]
    after = [resolve_entry(e, table) for e in copied]
    assert [(i.fdc_id, i.grams) for i in after] == [(i.fdc_id, i.grams) for i in before]
    assert after[1].grams == 150.0
    assert pytest.approx(after[1].magnesium_mg) == before[1].magnesium_mg
    # matched foods are pinned by FDC id; the unmatched one is copied as typed
    assert copied[0].added and copied[1].added
    assert copied[2] == Entry(4, MealTime.SNACKS, "1 cup qwzx blorf")
    assert today.supplements == "200 mg magnesium glycinate"


def test_copying_twice_appends_twice_but_the_supplement_once(table) -> None:
    yesterday = _yesterday(table)
    today = DayLog(TODAY).add_copy(yesterday, table).add_copy(yesterday, table)
    assert len(today.entries) == 2 * len(yesterday.entries)
    assert today.supplements == "200 mg magnesium glycinate"


def test_copying_an_empty_day_changes_nothing(table) -> None:
    today = DayLog(TODAY).add_text(MealTime.LUNCH, "2 eggs", table)
    assert today.add_copy(DayLog(YESTERDAY), table) == today


@pytest.mark.parametrize(
    ("text", "words"),
    [("1 oz roasted pumpkin seeds", "1 oz"), ("2 eggs", "2"), ("1 medium banana", "1 medium")],
)
def test_amount_words(table, text: str, words: str) -> None:
    item = resolve_entry(Entry(1, None, text), table)
    assert amount_words(item) == words
