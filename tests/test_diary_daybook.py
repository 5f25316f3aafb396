"""Recent foods and the previous saved day (``magfood.diary.daybook``), for the Today page's
quick-add and "copy the last day"."""

from __future__ import annotations

from datetime import date

from magfood.diary import DayFood, SavedDay, previous_day, recent_foods
from magfood.intake import DayLog, Entry
from magfood.mealtimes import MealTime

D1, D2, D3 = date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30)


def _day(day: date, *foods: DayFood, supplements: str = "") -> SavedDay:
    entries = tuple(Entry(i + 1, MealTime.LUNCH, f.food) for i, f in enumerate(foods))
    return SavedDay(DayLog(day, entries, supplements), foods=foods)


OATS = DayFood("breakfast", 173904, "Oatmeal", 234.0, 63.0)
BANANA = DayFood("breakfast", 173944, "Bananas, raw", 118.0, 32.0)
SEEDS = DayFood("snacks", 170557, "Seeds, pumpkin", 28.4, 156.0)
NO_ID = DayFood("lunch", None, "mystery", 100.0, 10.0)


def test_recent_foods_latest_day_first_last_logged_first_each_once() -> None:
    days = (_day(D1, OATS, SEEDS), _day(D3, BANANA, OATS), _day(D2, SEEDS, NO_ID))
    found = recent_foods(days)
    assert [(f.fdc_id, f.day) for f in found] == [(173904, D3), (173944, D3), (170557, D2)]
    assert found[0].grams == 234.0 and found[0].meal is MealTime.BREAKFAST
    assert found[0].food == "Oatmeal"
    assert [f.fdc_id for f in recent_foods(days, limit=2)] == [173904, 173944]
    assert recent_foods(()) == ()


def test_previous_day_is_the_latest_logged_day_before() -> None:
    days = (_day(D1, OATS), _day(D2), _day(D3, BANANA))
    assert previous_day(days, date(2026, 12, 1)) == days[2]
    assert previous_day(days, D3) == days[0]  # D2 is saved but empty
    assert previous_day(days, D1) is None
    with_pill = (_day(D2, supplements="200 mg magnesium glycinate"),)
    assert previous_day(with_pill, D3) == with_pill[0]
