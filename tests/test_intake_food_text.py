"""A food added by FDC id (a suggestion, a Foods row, a planned day) is written in the diary
as a person would write it, with the exact FDC id and grams kept beside the text."""

from __future__ import annotations

from datetime import date

from magfood import DayLog, MealTime
from magfood.table import load_table


def test_a_food_added_by_id_reads_as_a_person_writes_it() -> None:
    table = load_table()
    log = DayLog(date(2026, 11, 30)).add_food(MealTime.LUNCH, 2707656, 86.0, "2 buns", table)
    (entry,) = log.entries
    # was "2 buns Roll, white, hot dog bun": the FDC description inverted
    assert entry.text == "2 buns white roll, hot dog bun"
    assert (entry.fdc_id, entry.portion_grams, entry.meal) == (2707656, 86.0, MealTime.LUNCH)


def test_text_given_is_kept() -> None:
    table = load_table()
    log = DayLog(date(2026, 11, 30)).add_food(None, 2707656, 43.0, "1 bun", table, text="a bun")
    assert log.entries[0].text == "a bun"
