"""Foods written as a person writes them, the Foods search and close-the-gap's lines."""

from __future__ import annotations

import pytest

from magfood import close_gap, find_foods, load_table
from magfood.foods.everyday import everyday_signals, plainness, score
from magfood.foods.readable import readable_name, serving_line
from magfood.foods.search import food_words

NAMES = [
    ("Chard, swiss, cooked, boiled, drained, without salt", "cooked Swiss chard"),
    ("Beans, black, mature seeds, cooked, boiled, without salt", "cooked black beans"),
    ("Nuts, almonds", "almonds"),
    ("Pumpkin seeds, NFS", "pumpkin seeds"),
    ("Fish, salmon, chinook, cooked, dry heat", "cooked chinook salmon"),
    ("Oatmeal, regular or quick, made with water, no added fat", "oatmeal"),
    ("Potato, baked, from fresh, peel eaten, no added fat", "baked potato"),
    ("Soy milk, unsweetened", "unsweetened soy milk"),
    ("Yogurt, Greek, plain, nonfat", "nonfat Greek yogurt"),
    (
        "Rice, brown, long-grain, cooked (Includes foods for USDA's Food Distribution Program)",
        "cooked long-grain brown rice",
    ),
]


@pytest.mark.parametrize(("description", "expected"), NAMES)
def test_readable_name(description: str, expected: str) -> None:
    assert readable_name(description) == expected


@pytest.mark.parametrize(
    ("portion", "description", "expected"),
    [
        (
            "1/2 cup, chopped",
            "Chard, swiss, cooked, boiled, drained, without salt",
            "½ cup cooked Swiss chard",
        ),
        ("1 cup, cooked", "Quinoa, no added fat", "1 cup cooked quinoa"),
        ("1 banana", "Bananas, raw", "1 banana"),
        ("1 1/2 cups", "Spinach, fresh, cooked, no added fat", "1½ cups cooked spinach"),
        ("1 oz", "Nuts, almonds", "1 oz almonds"),
    ],
)
def test_serving_line(portion: str, description: str, expected: str) -> None:
    assert serving_line(portion, description) == expected


def test_plainness_and_score() -> None:
    assert plainness("Chard, cooked") == 1.0
    assert plainness("Black beans, from dried, no added fat") == 1.0
    assert plainness("Black beans, from fast food / restaurant") < 0.5
    assert plainness("Chard, swiss, cooked, boiled, drained, with salt") < plainness(
        "Chard, swiss, cooked, boiled, drained, without salt"
    )


def test_everyday_score_is_stored_and_matches_its_signals() -> None:
    table = load_table()
    signals = everyday_signals(table.foods, table.portions, table.ingredients)
    assert ((signals >= 0) & (signals <= 1)).all().all()
    stored = table.foods["everyday_score"]
    assert (score(signals) - stored).abs().max() < 1e-9
    by_name = dict(zip(table.foods["description"], stored, strict=True))
    assert by_name["Escargot"] < by_name["Black beans, from dried, no added fat"]
    assert by_name["Meat extender"] < by_name["Almonds, NFS"]


@pytest.mark.parametrize(
    ("query", "words"),
    [("foods high in magnesium", ""), ("nuts rich in magnesium", "nuts"), ("spinach", "spinach")],
)
def test_food_words(query: str, words: str) -> None:
    assert food_words(query) == words


def test_search_ranks_through_the_matcher() -> None:
    table = load_table()
    high = find_foods(table, "foods high in magnesium", limit=10)
    assert high[0].food == "Pumpkin seeds, NFS"
    assert not any("tortilla" in r.food.lower() for r in high)
    assert find_foods(table, "spinach", limit=3)[0].food.startswith("Spinach")
    assert find_foods(table, "escargot", limit=3)[0].food == "Escargot"  # never hidden
    assert find_foods(table, "   ") == ()


@pytest.mark.parametrize("gap", [60, 120, 200, 300])
def test_gap_lines_read_as_a_person_writes_them(gap: int) -> None:
    table = load_table()
    plan = close_gap(table, gap, kcal_budget=400)
    assert plan.closes_gap and plan.total_kcal <= 400
    for s in plan.suggestions:
        assert "," not in s.text and "salt" not in s.text, s.text
        assert s.everyday_score >= 0.6
        assert str(s).startswith(s.text)
