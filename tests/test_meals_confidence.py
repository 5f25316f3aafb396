"""How sure a match is: "matched" only when the fitted confidence is sure, otherwise
"check" with the candidates offered (scripts/fit_confidence.py fits it)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from magfood.cli.main import main as cli
from magfood.meals import choose_food, matching, parse_meal
from magfood.meals.item import Status
from magfood.table import load_table

ROOT = Path(__file__).resolve().parent.parent


def _fit_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "fit_confidence", ROOT / "scripts/fit_confidence.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_confidence"] = module
    spec.loader.exec_module(module)
    return module


def test_the_fitted_confidence_weighs_every_input() -> None:
    sure = matching.RANKING.confidence
    assert sure.weights.shape == (len(matching.CONFIDENCE_INPUTS),)
    assert np.all(np.isfinite(sure.weights))
    assert 0.5 < sure.sure < 1.0  # fitted, not the always-sure placeholder


def test_a_clear_phrase_is_matched_and_a_vague_one_asks_for_a_check() -> None:
    banana, pepitas = parse_meal("1 medium banana and 1 oz pepitas", load_table()).items
    assert banana.status is Status.MATCHED and banana.fdc_id == 173944
    assert pepitas.status is Status.CHECK  # which pumpkin seeds: dried, roasted, salted?
    assert pepitas.food is not None and pepitas.food.startswith("Seeds, pumpkin")
    assert pepitas.message.startswith("Best guess, check the food: about ")
    assert len(pepitas.alternatives) == 5 and pepitas.counted


def test_a_food_the_person_picks_is_matched() -> None:
    (guess,) = parse_meal("1 oz pepitas", load_table()).items
    picked = choose_food(guess, guess.alternatives[0].fdc_id)
    assert guess.status is Status.CHECK and picked.status is Status.MATCHED


def test_json_counts_the_guesses(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["meal", "1 medium banana and 1 oz pepitas", "--json"]) == 0
    meal = json.loads(capsys.readouterr().out)
    assert [i["status"] for i in meal["items"]] == ["matched", "check"]
    assert meal["check_items"] == 1 and meal["counted_items"] == 2
    assert "1 best guess at the food to check" in meal["message"]


def test_the_bar_is_the_least_chance_whose_foods_were_right_often_enough() -> None:
    fit = _fit_script()
    rng = np.random.default_rng(7)
    n = len(matching.CONFIDENCE_INPUTS)
    inputs = rng.normal(size=(400, n))
    right = inputs[:, 1] + 0.3 * rng.normal(size=400) > -0.5  # the lead decides
    found = [
        fit.Guess("f.csv", str(i % 40), x, bool(r))
        for i, (x, r) in enumerate(zip(inputs, right, strict=True))
    ]
    confidence = fit.fit(found)
    sure = confidence.chances(inputs) >= confidence.sure
    assert right[sure].mean() >= fit.SURE_PRECISION
    assert 0.3 < sure.mean() < 1.0
    assert confidence.weights[1] == max(confidence.weights)  # the lead weighs most
