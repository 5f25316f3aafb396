"""The food table in memory: foods, portions and manifest, and what is cached per table."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from magfood.table.portions import Portion, read_portions
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
def portions_by_food(table: FoodTable) -> dict[int, tuple[Portion, ...]]:
    """fdc_id -> its portions, read once per table."""
    return read_portions(table.portions)


@per_table
def servings(table: FoodTable) -> dict[int, Serving]:
    """fdc_id -> its serving, from the columns the refresh derived (read in one pass: the
    magnesium and kcal of every serving are computed as arrays, not food by food)."""
    foods = table.foods
    known = foods[foods["serving_grams"].notna()]
    grams = known["serving_grams"].to_numpy(dtype=float)
    mg = _per_serving(grams, known["magnesium_mg_per_100g"])
    kcal = _per_serving(grams, known["energy_kcal_per_100g"])
    cups = _present(known["serving_cups"]) if "serving_cups" in known else [None] * len(known)
    return {
        int(fdc_id): Serving(int(fdc_id), str(portion), float(g), str(kind), m, k, c)
        for fdc_id, portion, g, kind, m, k, c in zip(
            known["fdc_id"].tolist(),
            known["serving_portion"].tolist(),
            grams.tolist(),
            known["serving_kind"].tolist(),
            mg,
            kcal,
            cups,
            strict=True,
        )
    }


def _present(values: pd.Series) -> list[float | None]:
    return [None if v != v else float(v) for v in values.to_numpy(dtype=float).tolist()]


def _per_serving(grams: Any, per_100g: pd.Series) -> list[float | None]:
    """Each serving's amount of a per-100 g figure, to 0.1 (None where FDC has none)."""
    values = grams * per_100g.to_numpy(dtype=float) / 100
    return [None if v != v else round(v, 1) for v in values.tolist()]
