"""A magnesium supplement typed among foods is a supplement, never a food (``read_meal``,
``magfood meal``), as it is in a meal box of the page and in ``magfood day``."""

from __future__ import annotations

import json

import pytest

from magfood import MealTime
from magfood.cli.main import main as cli
from magfood.intake import read_meal
from magfood.table import load_table


def test_a_dose_among_foods_is_a_supplement() -> None:
    typed = read_meal("1 cup spinach, 200 mg magnesium glycinate", load_table())
    assert [i.fdc_id for i in typed.meal.items] == [168462]  # Spinach, raw
    assert [(s.text, s.elemental_mg) for s in typed.supplements] == [
        ("200 mg magnesium glycinate", 200.0)
    ]
    assert typed.supplement_magnesium_mg == 200.0
    assert typed.meal.total_magnesium_mg == pytest.approx(23.7, abs=0.1)  # food only


def test_a_food_that_names_magnesium_stays_a_food() -> None:
    typed = read_meal("a magnesium-rich smoothie", load_table())
    assert typed.supplements == () and len(typed.meal.items) == 1


def test_meal_labels_survive_the_supplements_leaving() -> None:
    typed = read_meal("breakfast: 1 medium banana; 2 magnesium citrate capsules", load_table())
    (banana,) = typed.meal.items
    assert (banana.meal, banana.fdc_id) == (MealTime.BREAKFAST, 173944)
    assert len(typed.supplements) == 1


def test_cli_meal_reports_the_supplement_apart(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["meal", "200 mg magnesium glycinate and 1 medium banana", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [i["fdc_id"] for i in out["items"]] == [173944]
    assert out["total_magnesium_mg"] == pytest.approx(31.9)
    assert out["supplement_magnesium_mg"] == 200.0
    assert out["supplements"][0]["food"] == "magnesium glycinate"
    assert cli(["meal", "200 mg magnesium glycinate and 1 medium banana"]) == 0
    text = capsys.readouterr().out
    assert "Tofu" not in text and "supplements:" in text and "200.0 mg" in text
