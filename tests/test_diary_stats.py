"""Period summaries of saved days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.diary.records import DayFood, SavedDay
from magfood.diary.stats import DailyPoint, FoodTotal, summarise, top_foods, usual_foods
from magfood.intake import DayLog

END = date(2025, 3, 31)
SEEDS = DayFood("snacks", 170556, "Pumpkin seeds, roasted", 28.35, 156.0)
SPINACH = DayFood("dinner", 168462, "Spinach, boiled", 90.0, 78.0)
BANANA = DayFood("breakfast", 173944, "Bananas, raw", 118.0, 32.0)
UNKNOWN = DayFood("lunch", 1, "Mystery food", 100.0, None)


def _day(days_ago: int, total: float | None, target: float | None = 320.0, *foods: DayFood):
    return SavedDay(
        DayLog(END - timedelta(days=days_ago)), total_mg=total, target_mg=target, foods=foods
    )


LOG = (
    _day(0, 266.0, 320.0, SEEDS, SPINACH, BANANA),
    _day(1, 400.0, 320.0, SEEDS, SEEDS, BANANA),
    _day(3, None, 320.0, UNKNOWN),
    _day(6, 100.0, None, BANANA),
    _day(10, 500.0, 320.0, SPINACH),
    _day(45, 50.0, 320.0),
)


@pytest.mark.parametrize(
    ("window", "logged", "total", "target", "average", "below"),
    [
        (1, 1, 266.0, 320.0, 266.0, 1),
        (7, 4, 666.0, 640.0, (266 + 400 + 100) / 3, 1),
        (30, 5, 1166.0, 960.0, (266 + 400 + 100 + 500) / 4, 1),
        (90, 6, 1216.0, 1280.0, (266 + 400 + 100 + 500 + 50) / 5, 2),
    ],
)
def test_summarise_windows(
    window: int, logged: int, total: float, target: float, average: float, below: int
) -> None:
    summary = summarise(LOG, END, window)
    assert summary.window_days == window
    assert summary.start == END - timedelta(days=window - 1)
    assert summary.logged_days == logged
    assert summary.total_mg == pytest.approx(total)
    assert summary.target_mg == pytest.approx(target)
    assert summary.average_mg == pytest.approx(average)
    assert summary.days_below_target == below
    assert [p.day for p in summary.points] == sorted(p.day for p in summary.points)


def test_empty_period() -> None:
    summary = summarise(LOG, END - timedelta(days=20), 7)
    assert summary.logged_days == 0
    assert summary.average_mg is None
    assert summary.percent_of_target is None
    assert summary.top_foods == ()


def test_percent_of_target() -> None:
    assert summarise(LOG, END, 7).percent_of_target == pytest.approx(666 / 640 * 100)


@pytest.mark.parametrize(
    ("point", "below"),
    [
        (DailyPoint(END, 100.0, 320.0), True),
        (DailyPoint(END, 320.0, 320.0), False),
        (DailyPoint(END, None, 320.0), None),
        (DailyPoint(END, 100.0, None), None),
    ],
)
def test_below_target(point: DailyPoint, below: bool | None) -> None:
    assert point.below_target is below


def test_top_foods_sum_magnesium_and_count_days() -> None:
    assert top_foods(LOG[:3], 3) == (
        FoodTotal(170556, "Pumpkin seeds, roasted", 468.0, 2),
        FoodTotal(168462, "Spinach, boiled", 78.0, 1),
        FoodTotal(173944, "Bananas, raw", 64.0, 2),
    )


def test_usual_foods_by_days_logged() -> None:
    assert usual_foods(LOG, 2) == (173944, 170556)


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        summarise(LOG, END, 0)


_totals = st.none() | st.floats(0, 3000)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 120), _totals, _totals), max_size=30))
def test_summary_properties(rows: list[tuple[int, float | None, float | None]]) -> None:
    days = list({ago: _day(ago, total, target) for ago, total, target in rows}.values())
    summary = summarise(days, END, 30)
    known = [p.total_mg for p in summary.points if p.total_mg is not None]
    assert summary.total_mg >= 0
    assert 0 <= summary.days_below_target <= summary.logged_days <= 30
    if known:
        assert min(known) - 1e-9 <= (summary.average_mg or 0) <= max(known) + 1e-9
    assert summarise(days, END, 90).logged_days >= summary.logged_days


def test_each_point_carries_the_rolling_average_of_the_week_ending_on_it() -> None:
    days = [_day(8, 100.0), _day(6, 200.0), _day(0, 400.0)]  # END - 8, END - 6, END
    summary = summarise(days, END, 30)
    # END: the days from END - 6 on (200 and 400); END - 8 is outside its week
    assert [p.rolling_mg for p in summary.points] == [100.0, 150.0, 300.0]
    assert summary.days_meeting_target == 1  # target 320 mg: only the 400 mg day
