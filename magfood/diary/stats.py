"""Summaries of saved days: totals against target over 7, 30 or 90 days, and top foods.

Only logged days count: a day with nothing saved is unknown, not zero, so averages are per
logged day and the summary says how many days were logged.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from magfood.diary.records import SavedDay

WINDOWS = (7, 30, 90)


@dataclass(frozen=True)
class DailyPoint:
    """One logged day's total against its target (either may be unknown)."""

    day: date
    total_mg: float | None
    target_mg: float | None
    #: the average of the logged days in the 7 days ending on this one (None: none known)
    rolling_mg: float | None = None

    @property
    def below_target(self) -> bool | None:
        """True under target, None when total or target is unknown."""
        if self.total_mg is None or self.target_mg is None:
            return None
        return self.total_mg < self.target_mg


@dataclass(frozen=True)
class FoodTotal:
    """A food's magnesium summed over the period and the number of days it was eaten."""

    fdc_id: int | None
    food: str
    magnesium_mg: float
    days: int


@dataclass(frozen=True)
class PeriodSummary:
    """Logged days from ``start`` to ``end`` inclusive, their totals and top foods."""

    start: date
    end: date
    points: tuple[DailyPoint, ...]
    total_mg: float
    target_mg: float
    average_mg: float | None
    days_below_target: int
    top_foods: tuple[FoodTotal, ...]

    @property
    def window_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def logged_days(self) -> int:
        return len(self.points)

    @property
    def days_meeting_target(self) -> int:
        """Logged days whose total reached their target."""
        return sum(1 for p in self.points if p.below_target is False)

    @property
    def percent_of_target(self) -> float | None:
        """Total as a percentage of the summed targets of days that have both."""
        return self.total_mg / self.target_mg * 100 if self.target_mg else None


def summarise(days: Sequence[SavedDay], end: date, window_days: int, top: int = 5) -> PeriodSummary:
    """Summarise the saved days in the ``window_days`` days ending on ``end``."""
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    start = end - timedelta(days=window_days - 1)
    inside = sorted((d for d in days if start <= d.day <= end), key=lambda d: d.day)
    points = tuple(
        DailyPoint(d.day, d.total_mg, d.target_mg, _rolling(days, d.day)) for d in inside
    )
    known = [p.total_mg for p in points if p.total_mg is not None]
    both = [p for p in points if p.total_mg is not None and p.target_mg is not None]
    return PeriodSummary(
        start=start,
        end=end,
        points=points,
        total_mg=sum(p.total_mg or 0.0 for p in both),
        target_mg=sum(p.target_mg or 0.0 for p in both),
        average_mg=sum(known) / len(known) if known else None,
        days_below_target=sum(1 for p in points if p.below_target),
        top_foods=top_foods(inside, top),
    )


#: Days in the rolling average of each day's point.
ROLLING_DAYS = 7


def _rolling(days: Sequence[SavedDay], end: date) -> float | None:
    """The average total of the logged days in the ``ROLLING_DAYS`` days ending on ``end``."""
    start = end - timedelta(days=ROLLING_DAYS - 1)
    known = [d.total_mg for d in days if start <= d.day <= end and d.total_mg is not None]
    return sum(known) / len(known) if known else None


def top_foods(days: Sequence[SavedDay], limit: int = 5) -> tuple[FoodTotal, ...]:
    """Foods that gave the most magnesium over these days, largest first."""
    mg: defaultdict[tuple[int | None, str], float] = defaultdict(float)
    seen: defaultdict[tuple[int | None, str], set[date]] = defaultdict(set)
    for day in days:
        for food in day.foods:
            if food.magnesium_mg is None or not food.food:
                continue
            key = (food.fdc_id, food.food)
            mg[key] += food.magnesium_mg
            seen[key].add(day.day)
    ranked = sorted(mg, key=lambda key: (-mg[key], key[1]))
    return tuple(FoodTotal(key[0], key[1], mg[key], len(seen[key])) for key in ranked[:limit])


def usual_foods(days: Sequence[SavedDay], limit: int = 20) -> tuple[int, ...]:
    """FDC ids of the foods logged on the most days (for "foods I already eat")."""
    counts: Counter[int] = Counter()
    for day in days:
        counts.update({f.fdc_id for f in day.foods if f.fdc_id is not None})
    return tuple(fdc_id for fdc_id, _ in counts.most_common(limit))
