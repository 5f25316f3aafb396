"""One serving answer: what the parser takes with no amount, what the Foods ranking and
close-the-gap show, and what the planner multiplies are the same portion and grams, for
every food of the shipped table (``FoodTable.serving_of``, derived once at refresh)."""

from __future__ import annotations

import pytest

from magfood.foods.ranking import ranked_rows
from magfood.meals.amounts import Amount
from magfood.meals.matching import food_index
from magfood.meals.parse import resolve
from magfood.plan.slots import _base_serving
from magfood.table import FoodTable


def test_every_food_has_one_serving_answer(table: FoodTable) -> None:
    index = food_index(table)
    ids = [int(i) for i in table.foods.index]
    ranked = {r.fdc_id: r for r in ranked_rows(table, ids, set())}
    without = []
    for fdc_id in ids:
        serving = table.serving_of(fdc_id)
        text = table.description(fdc_id)
        parsed = resolve(text, Amount(text, None, None, text), fdc_id, None, (), index, None)
        planned = _base_serving(table, fdc_id)
        shown = ranked[fdc_id]
        if serving is None:
            without.append(fdc_id)
            assert parsed.grams == pytest.approx(100.0)  # said so: no FDC portion
            assert (shown.portion, shown.grams, planned) == (None, None, None)
            continue
        assert parsed.grams == pytest.approx(serving.grams), fdc_id
        assert parsed.portion is not None and serving.portion in parsed.portion, fdc_id
        assert (shown.portion, shown.grams) == (serving.portion, serving.grams), fdc_id
        assert planned == (serving.portion, serving.grams), fdc_id
    assert len(without) == int(table.foods["serving_grams"].isna().sum()) < 300


@pytest.mark.parametrize(
    ("fdc_id", "portion", "grams"),
    [
        (172184, "1 large", 17.0),  # egg yolk: by the egg, not a cup (was 135 g on Foods)
        (170569, "1 oz", 28.35),  # Brazil nuts: 1 oz, as for every nut (the parser had 5 g)
        (173944, "1 medium", 118.0),  # a banana
        (169343, "1/2 cup, chopped", 87.5),  # cooked chard
    ],
)
def test_servings_people_recognise(
    table: FoodTable, fdc_id: int, portion: str, grams: float
) -> None:
    serving = table.serving_of(fdc_id)
    assert serving is not None
    assert (serving.portion, serving.grams) == (portion, pytest.approx(grams, abs=0.01))
