"""Portion-unit coverage: every unit the food table's portions carry resolves in units.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from magfood import bulk, units

DATA = Path(__file__).resolve().parent.parent / "data"
SHIPPED_UNITS = sorted(pd.read_parquet(DATA / "portions.parquet")["unit"].dropna().unique())


@pytest.mark.parametrize("unit", SHIPPED_UNITS)
def test_every_shipped_portion_unit_resolves(unit: str) -> None:
    assert units.canonical_unit(unit) == unit
    assert units.unit_kind(unit) in {"mass", "volume", "household"}


def test_foundation_fixture_units_resolve() -> None:
    release = bulk.open_release(Path(__file__).parent / "fixtures" / "foundation")
    found = set(bulk.read_release(release).portions["unit"].dropna())
    assert found == {"cup", "tbsp", "slice"}
    assert all(units.canonical_unit(u) == u for u in found)


# FDC measure_unit names used by real Foundation portions (../shared/fdc/fdc_full_download)
# -> the unit magfood reads from them
FOUNDATION_MEASURE_UNITS = [
    ("cup", "cup"),
    ("tablespoon", "tbsp"),
    ("teaspoon", "tsp"),
    ("milliliter", "ml"),
    ("fl oz", "fl oz"),
    ("quart", "quart"),
    ("oz", "oz"),
    ("egg", "egg"),
    ("slice", "slice"),
    ("piece", "piece"),
    ("pieces", "piece"),
    ("drumstick", "drumstick"),
    ("thigh", "thigh"),
    ("steak", "steak"),
    ("can", "can"),
    ("link", "link"),
    ("serving", "serving"),
    ("spear", "spear"),
    ("package", "package"),
    ("each", "each"),
    ("olive", "olive"),
    ("strip", "strip"),
    ("container", "container"),
    ("cookie", "cookie"),
    ("fillet", "fillet"),
    ("wedge", "wedge"),
    ("fruit", "fruit"),
    ("bunch", "bunch"),
    ("stalk", "stalk"),
]


@pytest.mark.parametrize(("name", "unit"), FOUNDATION_MEASURE_UNITS)
def test_foundation_measure_unit_names(name: str, unit: str) -> None:
    assert units.unit_in_text(name) == unit
    assert units.unit_kind(unit) in {"mass", "volume", "household"}


# unit -> grams (mass) or millilitres (volume) of one unit, through the pint registry
CONVERSIONS = [
    ("oz", "mass", 28.349523125),
    ("lb", "mass", 453.59237),
    ("g", "mass", 1.0),
    ("cup", "volume", 236.5882365),
    ("tbsp", "volume", 14.78676478125),
    ("tsp", "volume", 4.92892159375),
    ("fl oz", "volume", 29.5735295625),
    ("pint", "volume", 473.176473),
    ("quart", "volume", 946.352946),
    ("l", "volume", 1000.0),
    ("ml", "volume", 1.0),
    ("cubic inch", "volume", 16.387064),
]


@pytest.mark.parametrize(("unit", "kind", "size"), CONVERSIONS)
def test_portion_units_convert(unit: str, kind: str, size: float) -> None:
    assert units.unit_kind(unit) == kind
    convert = units.mass_grams if kind == "mass" else units.volume_ml
    assert convert(1.0, unit) == pytest.approx(size)
    assert convert(2.5, unit) == pytest.approx(2.5 * size)
