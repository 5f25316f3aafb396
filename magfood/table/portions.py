"""Household portions: the one Portion type, and the one reader of ``portions.parquet``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

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
    ordered = frame.sort_values(["fdc_id", "seq_num"], kind="stable", na_position="last")
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
