"""The food table in memory: foods, portions and manifest, and what is cached per table."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from magfood.table.portions import Portion, PortionsByFood
from magfood.table.schema import empty_ingredients, empty_names

T = TypeVar("T")


@dataclass(frozen=True)
class Serving:
    """One serving of a food, the one answer every stage uses (the parser with no amount,
    the Foods ranking, close-the-gap, the planner): the household ``portion`` text, its
    ``grams``, the serving rule's ``kind``, and magnesium and energy in that serving;
    ``cups`` is its volume in US cups for a cup or spoon measure (None otherwise), stored
    by the refresh so that n servings are n times it without the unit registry."""

    fdc_id: int
    portion: str
    grams: float
    kind: str
    magnesium_mg: float | None
    kcal: float | None
    cups: float | None = None


@dataclass(frozen=True, eq=False)
class FoodTable:
    """Foods (one row per FDC food, with the columns the refresh derived), their household
    portions, the build manifest, the names people use for the foods (FNDDS additional
    descriptions, SR common names) and what FNDDS foods are made of (SR ingredients and
    their shares). Compared and hashed by identity."""

    foods: pd.DataFrame
    portions: pd.DataFrame
    manifest: dict[str, Any]
    data_dir: Path
    names: pd.DataFrame = field(default_factory=empty_names)
    ingredients: pd.DataFrame = field(default_factory=empty_ingredients)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False)

    def portions_of(self, fdc_id: int) -> tuple[Portion, ...]:
        """The household portions of one food in FDC order (possibly none)."""
        return portions_by_food(self).get(int(fdc_id), ())

    def serving_of(self, fdc_id: int) -> Serving | None:
        """One serving of a food (None when FDC gives it no portion at all)."""
        return servings(self).get(int(fdc_id))

    def description(self, fdc_id: int) -> str:
        """The FDC description of a food in the table."""
        return str(self.foods.at[int(fdc_id), "description"])


def per_table(build: Callable[[FoodTable], T]) -> Callable[[FoodTable], T]:
    """Compute ``build(table)`` once per table and keep it with the table (thread-safe)."""
    key = f"{build.__module__}.{build.__qualname__}"

    @wraps(build)
    def cached(table: FoodTable) -> T:
        store = table._derived
        if key not in store:
            with table._lock:
                if key not in store:
                    store[key] = build(table)
        value: T = store[key]
        return value

    return cached


@per_table
def portions_by_food(table: FoodTable) -> Mapping[int, tuple[Portion, ...]]:
    """fdc_id -> its portions (``read_portions``), each food's read once per table."""
    return PortionsByFood(table.portions)


@per_table
def servings(table: FoodTable) -> Mapping[int, Serving]:
    """fdc_id -> its serving, from the columns the refresh derived (each food's read when
    first asked for: a meal asks for a few, and reading all 13,000 took 0.1 s)."""
    return _Servings(table.foods)


class _Servings(Mapping[int, Serving]):
    def __init__(self, foods: pd.DataFrame) -> None:
        known = foods["serving_grams"].notna().to_numpy(dtype=bool)
        rows = np.flatnonzero(known)
        ids = foods["fdc_id"].to_numpy(dtype=np.int64)[rows]
        self._row = dict(zip(ids.tolist(), rows.tolist(), strict=True))
        self._foods = foods
        figures = ["serving_grams", "magnesium_mg_per_100g", "energy_kcal_per_100g"]
        if "serving_cups" in foods:
            figures.append("serving_cups")
        self._figures = {name: foods[name].to_numpy(dtype=float) for name in figures}
        self._read: dict[int, Serving] = {}

    def __getitem__(self, fdc_id: int) -> Serving:
        found = self._read.get(fdc_id)
        if found is None:
            row = self._row[fdc_id]
            grams, mg, kcal, *cups = (float(v[row]) for v in self._figures.values())
            portion = self._foods["serving_portion"].iat[row]
            kind = self._foods["serving_kind"].iat[row]
            cup = cups[0] if cups and cups[0] == cups[0] else None
            found = Serving(
                fdc_id, str(portion), grams, str(kind), _per(grams, mg), _per(grams, kcal), cup
            )
            self._read[fdc_id] = found
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


def _per(grams: float, per_100g: float) -> float | None:
    """A serving's amount of a per-100 g figure, to 0.1 (None where FDC has none)."""
    value = grams * per_100g / 100
    return None if value != value else round(value, 1)
