"""Portion-unit coverage: every unit the food table's portions carry resolves in units.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from magfood import units
from magfood.fdc import bulk

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


# --- meal-parser vocabulary (magfood/meals.py, magfood/amounts.py) ---------------------

# word as people write it -> canonical unit
USER_WORDS = [
    ("tbsps", "tbsp"),
    ("Tbsp", "tbsp"),
    ("T", "tbsp"),
    ("t", "tsp"),
    ("tsp.", "tsp"),
    ("ozs", "oz"),
    ("grams", "g"),
    ("gr", "g"),
    ("kilos", "kg"),
    ("lbs", "lb"),
    ("millilitres", "ml"),
    ("fluid ounces", "fl oz"),
    ("cups", "cup"),
    ("handfuls", "handful"),
    ("shots", "shot"),
    ("glass", "glass"),
    ("mugs", "mug"),
    ("scoops", "scoop"),
    ("packets", "packet"),
    ("leaves", "leaf"),
    ("med", "medium"),
    ("lg", "large"),
]


@pytest.mark.parametrize(("word", "unit"), USER_WORDS)
def test_user_unit_words(word: str, unit: str) -> None:
    assert units.canonical_unit(word) == unit


@pytest.mark.parametrize("word", sorted(units.FOOD_NOUNS))
def test_food_nouns_are_household_units(word: str) -> None:
    assert units.unit_kind(word) == "household"


@pytest.mark.parametrize(("word", "convention"), sorted(units.CONVENTIONS.items()))
def test_conventions_convert_through_the_registry(
    word: str, convention: tuple[float, str, str]
) -> None:
    amount, unit, why = convention
    assert units.unit_kind(word) == "household"
    assert units.unit_kind(unit) in {"mass", "volume"}
    assert why
    assert amount > 0


@pytest.mark.parametrize(("word", "others"), sorted(units.EQUIVALENTS.items()))
def test_equivalents_are_known_household_words(word: str, others: tuple[str, ...]) -> None:
    assert all(units.unit_kind(u) == "household" for u in (word, *others))


def test_every_unit_word_resolves_in_the_registry() -> None:
    for unit in units.known_units():
        assert units.quantity(1.0, unit).magnitude == 1.0
