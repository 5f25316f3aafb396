"""Accuracy of the meal parser on labelled phrases: top-1 food and grams within 10 %.

A labelled file is a CSV with one phrase per row: ``phrase``, ``fdc_ids`` (the foods
whose portions give the expected grams), optionally ``also_ok_ids`` (other correct foods
whose portion weights differ), ``grams``, ``household`` ("1" when the amount is a
household unit, the rows the grams figure is judged on) and ``portion``. The first
parsed item of a phrase is judged: its food must be one of ``fdc_ids`` or
``also_ok_ids``; its grams within ``GRAMS_TOLERANCE`` of ``grams``. Shared by
``tests/test_meals_accuracy.py`` and ``benchmarks/bench_meals.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from magfood.meals.item import MealItem, Status
from magfood.meals.parse import parse_meal
from magfood.table import FoodTable

#: Grams count as right within this share of the labelled grams.
GRAMS_TOLERANCE = 0.10
#: Magnesium counts as right within this share of the labelled milligrams.
MAGNESIUM_TOLERANCE = 0.15


@dataclass(frozen=True)
class Accuracy:
    """Accuracy figures on a labelled set, with the rows that missed."""

    rows: int
    food_hits: int
    household_rows: int
    grams_hits: int
    food_misses: tuple[str, ...]
    grams_misses: tuple[str, ...]
    top5_hits: int = 0
    magnesium_rows: int = 0
    magnesium_hits: int = 0
    sure_items: int = 0
    sure_hits: int = 0

    @property
    def food_rate(self) -> float:
        """Share of rows whose first item is an acceptable food."""
        return self.food_hits / self.rows if self.rows else 0.0

    @property
    def grams_rate(self) -> float:
        """Share of household rows whose grams are within the tolerance."""
        return self.grams_hits / self.household_rows if self.household_rows else 0.0

    @property
    def top5_rate(self) -> float:
        """Share of rows with an acceptable food among the match and its first alternatives."""
        return self.top5_hits / self.rows if self.rows else 0.0

    @property
    def magnesium_rate(self) -> float:
        """Share of labelled rows whose magnesium is within ``MAGNESIUM_TOLERANCE``."""
        return self.magnesium_hits / self.magnesium_rows if self.magnesium_rows else 0.0

    @property
    def sure_share(self) -> float:
        """Share of rows whose food stands without a check ("matched" or "estimated")."""
        return self.sure_items / self.rows if self.rows else 0.0

    @property
    def sure_precision(self) -> float:
        """Share of the foods standing without a check that are acceptable."""
        return self.sure_hits / self.sure_items if self.sure_items else 0.0

    def summary(self) -> str:
        """One line of every figure."""
        return (
            f"top-1 {self.food_rate:.1%}, top-5 {self.top5_rate:.1%}, grams {self.grams_rate:.1%}"
            f" (household {self.household_rows}), magnesium +-15 % {self.magnesium_rate:.1%},"
            f" sure {self.sure_share:.1%} of rows at {self.sure_precision:.1%} precision"
        )


def read_labels(path: Path) -> list[dict[str, str]]:
    """The rows of a labelled CSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def acceptable_ids(row: dict[str, str]) -> frozenset[int]:
    """FDC ids accepted for a row: ``fdc_ids`` and, when present, ``also_ok_ids``."""
    text = f"{row.get('fdc_ids') or ''} {row.get('also_ok_ids') or ''}"
    return frozenset(int(i) for i in text.split())


def grams_close(got: float | None, expected: float) -> bool:
    """Whether grams are within the tolerance of the expected grams."""
    return got is not None and abs(got - expected) <= GRAMS_TOLERANCE * expected


def magnesium_close(got: float | None, expected: float) -> bool:
    """Whether milligrams are within ``MAGNESIUM_TOLERANCE`` (or 1 mg) of the expected."""
    return got is not None and abs(got - expected) <= max(MAGNESIUM_TOLERANCE * expected, 1.0)


def measure_accuracy(table: FoodTable, rows: Iterable[dict[str, str]]) -> Accuracy:
    """Top-1 food and grams on labelled rows (the first parsed item of each)."""
    count = food_hits = grams_hits = household = top5 = mg_rows = mg_hits = sure = sure_hits = 0
    food_misses: list[str] = []
    grams_misses: list[str] = []
    for row in rows:
        count += 1
        items = parse_meal(row["phrase"], table).items
        item = items[0] if items else None
        accepted = acceptable_ids(row)
        hit = item is not None and item.fdc_id in accepted
        if hit:
            food_hits += 1
        else:
            food_misses.append(describe_miss(row, item))
        if item is not None and item.status in (Status.MATCHED, Status.ESTIMATED):
            sure += 1
            sure_hits += hit
        offered = [] if item is None else [item.fdc_id, *(a.fdc_id for a in item.alternatives)]
        top5 += bool(set(offered[:5]) & accepted)
        if row.get("magnesium_mg"):
            mg_rows += 1
            mg_hits += item is not None and magnesium_close(
                item.magnesium_mg, float(row["magnesium_mg"])
            )
        if row.get("household") != "1":
            continue
        household += 1
        if item is not None and grams_close(item.grams, float(row["grams"])):
            grams_hits += 1
        else:
            grams_misses.append(describe_miss(row, item))
    return Accuracy(
        count,
        food_hits,
        household,
        grams_hits,
        tuple(food_misses),
        tuple(grams_misses),
        top5,
        mg_rows,
        mg_hits,
        sure,
        sure_hits,
    )


def describe_miss(row: dict[str, str], item: MealItem | None) -> str:
    """One line: what the phrase gave and what the label wanted."""
    if item is None:
        return f"{row['phrase']!r}: nothing parsed"
    wanted = (row.get("fdc_ids") or "").split()
    return (
        f"{row['phrase']!r}: got {item.fdc_id} {item.food!r} {item.grams} g "
        f"[{item.grams_rule}: {item.portion}] | want {wanted[0] if wanted else '?'} "
        f"{row.get('grams')} g [{row.get('portion')}]"
    )
