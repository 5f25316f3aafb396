"""Pantry foods and a price list: matched through the meal matcher, preferred, costed."""

from __future__ import annotations

from pathlib import Path

import pytest

from magfood.cli.main import main
from magfood.plan import PlanRequest, WeekPlan, pantry_foods, plan_week, read_prices, week_cost
from magfood.plan.pantry import match_food
from magfood.table import FoodTable

PRICES = Path(__file__).parent / "fixtures" / "prices.csv"
VEGETARIAN = PlanRequest(310, 1800, 2200, diet="vegetarian", exclude=("nuts",))


@pytest.mark.parametrize(
    ("word", "fdc_id"),
    [("lentils", 2707423), ("black beans", 2707359), ("brown rice", 2708409)],
)
def test_a_word_names_a_food_the_planner_can_serve(
    table: FoodTable, word: str, fdc_id: int
) -> None:
    assert match_food(table, word).fdc_id == fdc_id


def test_an_unknown_word_matches_nothing(table: FoodTable) -> None:
    assert match_food(table, "unobtainium").fdc_id is None


def test_the_price_list_reads_columns_by_name_and_reports_bad_rows(table: FoodTable) -> None:
    prices = read_prices(table, PRICES.read_text())
    per_gram = dict(prices.per_gram)
    assert per_gram[2707423] == pytest.approx(1.99 / 453.59237)  # lentils, $1.99 a lb
    assert per_gram[2707359] == pytest.approx(2.49 / (16 * 28.349523125))  # 16 oz
    assert per_gram[2708409] == pytest.approx(3.00 / (2 * 453.59237))
    assert len(per_gram) == 4
    assert prices.problems == (
        "row 6: price 'abc' or amount '1' is not a number",
        "row 7: give the amount as a weight (g, kg, oz, lb), not 'cup'",
        "row 8: no planner food matches 'unobtainium'",
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "The price list is empty."), ("name,amount\nlentils,1", "no price column")],
)
def test_an_unreadable_price_list_says_why(table: FoodTable, text: str, problem: str) -> None:
    prices = read_prices(table, text)
    assert prices.per_gram == () and problem in prices.problems[0]


def test_pantry_foods_are_in_the_week(table: FoodTable) -> None:
    pantry = tuple(m.fdc_id for m in pantry_foods(table, "lentils, black beans") if m.fdc_id)
    assert len(pantry) == 2
    plan = plan_week(table, PlanRequest(**{**VEGETARIAN.__dict__, "pantry": pantry}))
    assert isinstance(plan, WeekPlan)
    used = {i.fdc_id for d in plan.days for m in d.meals for i in m.items}
    assert set(pantry) & used


def test_the_weeks_cost_adds_up_its_priced_foods(table: FoodTable) -> None:
    prices = read_prices(table, PRICES.read_text())
    request = PlanRequest(**{**VEGETARIAN.__dict__, "prices": prices.per_gram})
    plan = plan_week(table, request)
    assert isinstance(plan, WeekPlan)
    per_gram = dict(prices.per_gram)
    cost, priced = week_cost(plan, prices)
    lines = [line for line in plan.shopping_list if line.fdc_id in per_gram]
    assert priced == len(lines)
    assert cost == pytest.approx(
        sum(line.grams * per_gram[line.fdc_id] for line in lines), abs=0.01
    )


def test_cli_shows_the_cost_and_the_bad_rows(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--sex", "female", "--age", "34", "--diet", "vegetarian"]
    assert main([*args, "--exclude", "nuts", "--have", "lentils", "--prices", str(PRICES)]) == 0
    out = capsys.readouterr().out
    assert "Estimated cost: " in out
    assert "Note: price list row 8: no planner food matches 'unobtainium'" in out


def test_cli_missing_price_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--sex", "female", "--age", "34", "--prices", "/nonexistent/prices.csv"]
    assert main(args) == 1
    assert "Cannot read the price list /nonexistent/prices.csv" in capsys.readouterr().err
