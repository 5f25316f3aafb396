"""The shopping list in what a person buys: sections, dry weights, counts (``plan.shopping``)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from magfood.plan import PlanRequest, WeekPlan, plan_week
from magfood.plan.shopping import RawForm, buy_text, raw_form, raw_forms, section_of, sections
from magfood.table import FoodTable


@pytest.mark.parametrize("form", raw_forms(), ids=lambda f: f.bought)
def test_each_yield_is_the_energy_ratio_of_its_fdc_pair(table: FoodTable, form: RawForm) -> None:
    foods = table.foods
    raw = foods.at[form.raw_fdc_id, "energy_kcal_per_100g"]
    cooked = foods.at[form.cooked_fdc_id, "energy_kcal_per_100g"]
    assert form.yield_ == pytest.approx(raw / cooked, abs=0.006)
    raw_name = str(foods.at[form.raw_fdc_id, "description"]).lower()
    assert any(word in raw_name for word in ("raw", "dry", "uncooked", "oats ("))
    assert "cooked" in str(foods.at[form.cooked_fdc_id, "description"]).lower()


@pytest.mark.parametrize(
    ("description", "portion", "servings", "grams", "expected"),
    [
        ("Veggie burger patty, no bun", "1 patty", 4, 400, "4 veggie burger patties"),
        (
            "Lentils, from dried, no added fat",
            "1/2 cup",
            6,
            540,
            "178 g dry lentils (3 cups cooked)",
        ),
        (
            "Rice, brown, cooked, NS as to fat",
            "1 cup, cooked",
            3,
            588,
            "197 g dry brown rice (3 cups cooked)",
        ),
        ("Banana, baked", "1 banana", 3, 300, "3 bananas"),
        ("Potato, boiled, from fresh, peel eaten", "1 medium", 3, 510, "3 medium (potato)"),
        ("Bread, barley", "1 slice", 6, 144, "6 slices (bread)"),
        ("Milk, reduced fat (2%)", "1 cup", 6, 1464, "6 cups"),
        ("Kidney beans, from canned, no added fat", "1/2 cup", 4, 360, "2 cups"),
    ],
)
def test_buy_text(
    description: str, portion: str, servings: int, grams: float, expected: str
) -> None:
    assert buy_text(description, portion, Fraction(servings), grams) == expected


@pytest.mark.parametrize(
    ("role", "family", "section"),
    [
        ("fruit", "fruit", "produce"),
        ("starchy vegetable", "vegetables", "produce"),
        ("bread", "whole grains", "grains & bakery"),
        ("legumes", "legumes", "beans, nuts & seeds"),
        ("soy protein", "legumes", "dairy & eggs"),
        ("cheese", "soy and dairy", "dairy & eggs"),
        ("fish", "fish and seafood", "meat & fish"),
        ("dark chocolate", "cacao and dark chocolate", "snacks & sweets"),
        ("none", "spices", "other"),
    ],
)
def test_section_of(role: str, family: str, section: str) -> None:
    assert section_of(role, family) == section


def test_canned_beans_are_not_bought_dry() -> None:
    assert raw_form("Kidney beans, from canned, no added fat") is None
    assert raw_form("Kidney beans, from dried, no added fat") is not None


def test_a_weeks_list_is_grouped_by_section_and_adds_up(table: FoodTable) -> None:
    plan = plan_week(table, PlanRequest(310, 1800, 2200, diet="vegan"))
    assert isinstance(plan, WeekPlan)
    order = [s.name for s in sections()]
    positions = [order.index(line.section) for line in plan.shopping_list]
    assert positions == sorted(positions)
    for line in plan.shopping_list:
        assert line.buy
        form = raw_form(line.food)
        if form is not None:
            dry = float(line.buy.split(" g ")[0])
            assert dry == pytest.approx(line.grams / form.yield_, abs=0.6)
