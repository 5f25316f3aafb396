"""Plain-text reports: exact lines for pinned targets, a day, a gap plan and a meal."""

from __future__ import annotations

import pytest

from magfood.cli.report import day_text, foods_table, gap_plan_text, meal_text, target_text
from magfood.foods import close_gap, rank_foods
from magfood.intake.day import day_from_text
from magfood.intake.reference import make_profile, target_for
from magfood.meals.parse import parse_meal
from magfood.table import FoodTable


@pytest.mark.parametrize(
    ("profile", "line"),
    [
        (
            make_profile(sex="female", age_years=34),
            "Females 31–50 years: RDA 320 mg/day; upper limit for supplemental magnesium: 350 mg",
        ),
        (
            make_profile(sex="male", age_months=4),
            "Infants 0–6 months: AI 30 mg/day; "
            "upper limit for supplemental magnesium: not set (infants)",
        ),
    ],
)
def test_target_text(profile: object, line: str) -> None:
    assert target_text(target_for(profile)) == line  # type: ignore[arg-type]


def test_day_text_ends_with_totals_coverage_and_ul(table: FoodTable) -> None:
    day = day_from_text(
        "1 medium banana; 200 mg magnesium glycinate",
        make_profile(sex="female", age_years=34),
        table,
    )
    lines = day_text(day).splitlines()
    assert lines[-3] == "Total 232 mg (food 32, supplements 200) of 320 mg RDA = 72 %; gap 88 mg."
    assert lines[-1] == (
        "200 mg from supplements is within the 350 mg upper level. "
        "Only supplements count toward it; food never does."
    )


def test_gap_plan_text_with_no_gap(table: FoodTable) -> None:
    assert gap_plan_text(close_gap(table, -5)) == "There is no gap to close."


def test_foods_table_has_a_header_and_a_row_a_food(table: FoodTable) -> None:
    lines = foods_table(rank_foods(table, limit=3)).splitlines()
    assert len(lines) == 4 and lines[0].split() == [
        "fdc_id",
        "food",
        "portion",
        "mg",
        "kcal",
        "mg/100g",
        "mg/100kcal",
        "family",
    ]


def test_meal_text_of_nothing(table: FoodTable) -> None:
    assert meal_text(parse_meal("", table)) == (
        "Total 0.0 mg magnesium. Nothing to read: type foods like '1 cup spinach'."
    )
