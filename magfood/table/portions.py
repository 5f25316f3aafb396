"""Household portions: the one Portion type, and the one reader of ``portions.parquet``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: FNDDS's portion for an amount nobody reported ("Quantity not specified").
UNSPECIFIED = "Quantity not specified"


@dataclass(frozen=True)
class Portion:
    """One FDC household portion: ``gram_weight`` grams for ``amount`` of ``unit``.

    ``unit`` is the canonical unit the refresh read from the measure ("cup", "medium",
    "slice"), None when the measure names none ("1 banana") or is FNDDS's
    "Quantity not specified".
    """

    amount: float
    unit: str | None
    measure: str
    gram_weight: float

    @property
    def unspecified(self) -> bool:
        """FNDDS "Quantity not specified": a typical amount, not a household measure."""
        return self.measure.lower().startswith(UNSPECIFIED.lower())

    @property
    def grams_per_unit(self) -> float:
        return self.gram_weight / self.amount


def read_portions(frame: pd.DataFrame) -> dict[int, tuple[Portion, ...]]:
    """Every food's portions in FDC order (by ``seq_num``, unnumbered last)."""
    ordered = _ordered(frame)
    grouped: dict[int, list[Portion]] = defaultdict(list)
    for fdc_id, amount, unit, measure, grams in zip(
        ordered["fdc_id"].tolist(),
        ordered["amount"].tolist(),
        ordered["unit"].tolist(),
        ordered["measure"].tolist(),
        ordered["gram_weight"].tolist(),
        strict=True,
    ):
        name = unit if isinstance(unit, str) and unit else None
        grouped[int(fdc_id)].append(Portion(float(amount), name, str(measure), float(grams)))
    return {fdc_id: tuple(portions) for fdc_id, portions in grouped.items()}


class PortionsByFood(Mapping[int, tuple[Portion, ...]]):
    """``read_portions`` read lazily: fdc_id -> its portions, each food's read when first
    asked for (a meal asks for a few foods; reading all 36,000 portions took 0.1 s)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = _ordered(frame)
        ids = self._frame["fdc_id"].to_numpy(dtype=np.int64)
        foods, starts = np.unique(ids, return_index=True)
        ends = [*starts[1:].tolist(), len(ids)] if len(ids) else []
        self._ranges = dict(
            zip(foods.tolist(), zip(starts.tolist(), ends, strict=True), strict=True)
        )
        self._read: dict[int, tuple[Portion, ...]] = {}

    def __getitem__(self, fdc_id: int) -> tuple[Portion, ...]:
        found = self._read.get(fdc_id)
        if found is None:
            start, end = self._ranges[fdc_id]
            rows = self._frame.iloc[start:end]
            found = tuple(
                Portion(float(a), u if isinstance(u, str) and u else None, str(m), float(g))
                for a, u, m, g in zip(
                    rows["amount"].tolist(),
                    rows["unit"].tolist(),
                    rows["measure"].tolist(),
                    rows["gram_weight"].tolist(),
                    strict=True,
                )
            )
            self._read[fdc_id] = found
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["fdc_id", "seq_num"], kind="stable", na_position="last")
