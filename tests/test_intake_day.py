"""A day's intake: totals, targets, supplements against the supplemental UL, coverage."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.cli.main import main
from magfood.intake import DayLog, day_from_text, day_to_dict, evaluate, meal_label
from magfood.intake.reference import make_profile
from magfood.mealtimes import MealTime

WOMAN_34 = make_profile(sex="female", age_years=34)
CHILD_7 = make_profile(sex="male", age_years=7)


@pytest.mark.parametrize(
    ("text", "meals", "supplements"),
    [
        (
            "breakfast: oats, 1 banana\nlunch: 1 cup spinach",
            {"breakfast": "oats, 1 banana", "lunch": "1 cup spinach"},
            (),
        ),
        (
            "2 eggs; 200 mg magnesium glycinate",
            {"meals": "2 eggs"},
            ("200 mg magnesium glycinate",),
        ),
        (
            "Dinner - salmon\nsupplements: 1 tsp milk of magnesia",
            {"dinner": "salmon"},
            ("1 tsp milk of magnesia",),
        ),
        (
            "snack: 1 oz almonds, 400 mg magnesium citrate",
            {"snacks": "1 oz almonds"},
            ("400 mg magnesium citrate",),
        ),
        (
            "breakfast: oats, 1 banana; lunch: 1 cup spinach, dinner - salmon",
            {"breakfast": "oats, 1 banana", "lunch": "1 cup spinach", "dinner": "salmon"},
            (),
        ),
        (
            "1 egg; supplements: 1 tsp milk of magnesia\r\nsnack: 1 pear",
            {"meals": "1 egg", "snacks": "1 pear"},
            ("1 tsp milk of magnesia",),
        ),
        ("", {}, ()),
    ],
)
def test_day_text_is_read_into_meals_and_supplements(table, text, meals, supplements):
    assert _read(text, table) == (meals, supplements)


def _read(text, table):
    """A day's text as (meal -> its items' texts, the supplement lines)."""
    day = day_from_text(text, WOMAN_34, table)
    named = {
        str(name or "meals"): ", ".join(i.text for i in meal.items) for name, meal in day.meals
    }
    return named, tuple(s.text for s in day.supplements)


def test_day_totals_food_and_supplement(table):
    day = day_from_text("1 oz roasted pumpkin seeds\n200 mg magnesium glycinate", WOMAN_34, table)
    assert 150 <= day.food_magnesium_mg <= 160
    assert day.supplement_magnesium_mg == pytest.approx(200)
    assert day.total_magnesium_mg == pytest.approx(day.food_magnesium_mg + 200, abs=0.11)
    assert day.target.rda_mg == 320
    assert day.gap_mg == pytest.approx(max(0.0, 320 - day.total_magnesium_mg), abs=0.11)
    assert day.percent_of_target == pytest.approx(100 * day.total_magnesium_mg / 320, abs=0.1)
    assert not day.ul.over
    assert day.safety_notes, "safety notes are shown whenever supplements are logged"


def test_food_only_day_above_ul_is_not_a_warning(table):
    day = day_from_text("4 oz roasted pumpkin seeds", WOMAN_34, table)
    assert day.food_magnesium_mg > 500
    assert day.supplement_magnesium_mg == 0
    assert not day.ul.over
    assert day.safety_notes == ()


def test_supplement_above_ul_warns(table):
    day = day_from_text("400 mg magnesium (elemental)", WOMAN_34, table)
    assert day.supplement_magnesium_mg == pytest.approx(400)
    assert day.ul.over


def test_child_supplement_ul_is_110(table):
    day = day_from_text("120 mg magnesium citrate", CHILD_7, table)
    assert day.target.rda_mg == 130
    assert day.target.supplement_ul_mg == 110
    assert day.ul.over


def test_coverage_marks_lower_bound_for_unmatched(table):
    day = day_from_text("1 medium banana, 2 cups of qwzxv blorp", WOMAN_34, table)
    assert day.coverage.items == 2
    assert day.coverage.known == 1
    assert day.coverage.lower_bound
    assert "1 of 2" in day.coverage.text and "lower bound" in day.coverage.text


def test_meal_totals_and_top_foods(table):
    log = DayLog(date(2026, 11, 30)).add_text(MealTime.BREAKFAST, "1 medium banana", table)
    log = log.add_text(MealTime.SNACKS, "1 oz roasted pumpkin seeds", table)
    day = evaluate(log, WOMAN_34, table)
    totals = {m.meal: m.magnesium_mg for m in day.meal_totals}
    assert set(totals) == {"breakfast", "snacks"}
    assert totals["snacks"] > totals["breakfast"] > 25
    assert day.top_foods[0].food.lower().startswith(("seeds, pumpkin", "pumpkin seeds"))


def test_day_json_shape(table):
    data = day_to_dict(day_from_text("1 cup boiled spinach", WOMAN_34, table))
    for key in (
        "total_magnesium_mg",
        "food_magnesium_mg",
        "supplement_magnesium_mg",
        "target_mg",
        "percent_of_target",
        "gap_mg",
        "supplement_ul_mg",
        "over_supplement_ul",
        "items",
    ):
        assert key in data
    item = data["items"][0]
    for key in (
        "text",
        "quantity",
        "unit",
        "grams",
        "fdc_id",
        "food",
        "magnesium_mg",
        "status",
        "portion",
        "score",
        "alternatives",
    ):
        assert key in item


def test_cli_day_json(capsys):
    code = main(
        [
            "day",
            "--age",
            "34",
            "--sex",
            "female",
            "--text",
            "1 oz roasted pumpkin seeds; 100 mg magnesium oxide",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target_mg"] == 320
    assert data["supplement_magnesium_mg"] == pytest.approx(100)
    assert 250 <= data["total_magnesium_mg"] <= 260


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--age", "34", "--sex", "female"], {"rda_mg": 320, "supplement_ul_mg": 350}),
        (["--age", "25", "--sex", "female", "--pregnant"], {"rda_mg": 350}),
        (["--age", "7", "--sex", "male"], {"rda_mg": 130, "supplement_ul_mg": 110}),
        (["--months", "4", "--sex", "female"], {"rda_mg": 30, "supplement_ul_mg": None}),
    ],
)
def test_cli_target(capsys, argv, expected):
    assert main(["target", *argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in expected} == expected
    assert data["life_stage"]


def test_cli_bad_profile_is_one_line(capsys):
    assert main(["target", "--age", "5", "--sex", "female", "--pregnant"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Pregnancy" in err


FOODS = [
    "1 medium banana",
    "1 oz almonds",
    "1 cup boiled spinach",
    "2 slices whole wheat bread",
    "1 cup cooked brown rice",
    "3 oz salmon",
    "1 cup milk",
    "qwzxv",
]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(FOODS), max_size=4), st.sampled_from(FOODS))
def test_adding_a_food_never_lowers_the_total(table, foods, extra):
    before = day_from_text("\n".join(foods), WOMAN_34, table)
    after = day_from_text("\n".join([*foods, extra]), WOMAN_34, table)
    assert after.total_magnesium_mg >= before.total_magnesium_mg


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Nothing logged yet."),
        ("1 medium banana", "Magnesium known for the one item."),
        ("1 medium banana, 1 oz almonds", "Magnesium known for all 2 items."),
    ],
)
def test_coverage_wording(table, text, expected):
    assert day_from_text(text, WOMAN_34, table).coverage.text == expected


def test_meal_words_in_unlabelled_lines_file_items_under_that_meal(table):
    day = day_from_text(
        "2 eggs for breakfast\n1 cup cooked brown rice at dinner\n1 apple", WOMAN_34, table
    )
    names = [meal_label(name) for name, _ in day.meals]
    assert names == ["breakfast", "dinner", "meals"]
    assert [len(meal.items) for _, meal in day.meals] == [1, 1, 1]
    assert day.total_magnesium_mg == pytest.approx(
        sum(m.magnesium_mg for m in day.meal_totals), abs=0.2
    )


def test_meals_come_in_day_order(table):
    day = day_from_text("lunch: 1 cup cooked brown rice\n2 eggs for breakfast", WOMAN_34, table)
    assert [name for name, _ in day.meals] == ["breakfast", "lunch"]


@pytest.mark.parametrize(
    ("text", "meals", "supplements"),
    [
        (
            "1 cup spinach and 200 mg magnesium glycinate",
            {"meals": "1 cup spinach"},
            ("200 mg magnesium glycinate",),
        ),
        (
            "breakfast: oats with 200 mg magnesium citrate",
            {"breakfast": "oats"},
            ("200 mg magnesium citrate",),
        ),
        (
            "1 banana plus 100 mg magnesium oxide & 2 eggs",
            {"meals": "1 banana, 2 eggs"},
            ("100 mg magnesium oxide",),
        ),
    ],
)
def test_a_food_and_a_supplement_in_one_piece_are_both_kept(table, text, meals, supplements):
    assert _read(text, table) == (meals, supplements)


def test_day_json_lists_supplements_among_items(table):
    data = day_to_dict(
        day_from_text("1 cup spinach and 200 mg magnesium glycinate", WOMAN_34, table)
    )
    kinds = [(item["kind"], item["magnesium_mg"] is not None) for item in data["items"]]
    assert kinds == [("food", True), ("supplement", True)]
    supplement = data["items"][1]
    assert supplement["magnesium_mg"] == pytest.approx(200)
    assert supplement["fdc_id"] is None and supplement["grams"] is None
    assert data["food_magnesium_mg"] > 20
