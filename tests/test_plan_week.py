"""The weekly planner on the shipped food table: targets, calories, diet, variety, exports."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood.cli.main import main
from magfood.errors import PlanError
from magfood.foods import allowed, food_tags
from magfood.plan import (
    Infeasible,
    LockedItem,
    PlanRequest,
    WeekPlan,
    lock_item,
    plan_from_record,
    plan_record,
    plan_to_csv,
    plan_to_dict,
    plan_to_markdown,
    plan_week,
    request_from_options,
    shuffle,
    swap_item,
)
from magfood.plan.slots import item_range, within
from magfood.table import FoodTable
from magfood.units import times_portion


@pytest.fixture(scope="module")
def week(table: FoodTable) -> WeekPlan:
    plan = plan_week(table, PlanRequest(target_mg=320, kcal_min=1800, kcal_max=2200))
    assert isinstance(plan, WeekPlan)
    return plan


def _items(plan: WeekPlan) -> list[tuple[int, str, int]]:
    return [(d.day, m.meal, i.fdc_id) for d in plan.days for m in d.meals for i in m.items]


def _check_week(table: FoodTable, plan: WeekPlan) -> None:
    """Every rule of the request holds in the plan."""
    request = plan.request
    fits = allowed(table, request.diet, request.exclude)
    locked = {lock.fdc_id for lock in request.locked}
    assert len(plan.days) == request.days
    for day in plan.days:
        assert day.magnesium_mg >= request.target_mg - 0.5
        assert request.kcal_min - 0.5 <= day.kcal <= request.kcal_max + 0.5
        assert [m.meal for m in day.meals] == list(request.meals)
        ids = [i.fdc_id for m in day.meals for i in m.items]
        assert len(ids) == len(set(ids)), "a food twice in one day"
        for meal in day.meals:
            assert meal.items, f"empty {meal.meal}"
            for item in meal.items:
                assert item.fdc_id in locked or bool(fits[item.fdc_id])
                assert "snack" not in meal.meal or item.kcal <= 400 + 0.5, item
    fresh = [  # a lunch of last night's dinner is the same preparation
        i.fdc_id for d in plan.days for m in d.meals if m.leftover_from is None for i in m.items
    ]
    assert max(Counter(fresh).values()) <= request.max_repeats
    signatures = [
        tuple(sorted((m.meal, i.fdc_id) for m in d.meals for i in m.items)) for d in plan.days
    ]
    assert len(set(signatures)) == len(signatures), "two identical days"


def test_week_meets_target_calories_and_variety(table: FoodTable, week: WeekPlan) -> None:
    _check_week(table, week)
    assert week.summary.days_meeting_target == 7
    assert week.summary.min_magnesium_mg >= 320


def test_meals_follow_their_templates(week: WeekPlan) -> None:
    for day in week.days:
        roles = {m.meal: [i.role for i in m.items] for m in day.meals}
        assert sum(r in ("cereal", "bread", "grain") for r in roles["breakfast"]) == 1
        for meal in ("lunch", "dinner"):
            assert (
                sum(r in ("legumes", "soy protein", "fish", "meat", "eggs") for r in roles[meal])
                == 1
            )
            assert sum(r in _STARCHES for r in roles[meal]) == 1
            assert 1 <= sum(r in ("vegetables", "leafy greens") for r in roles[meal]) <= 2


def test_totals_add_up(week: WeekPlan) -> None:
    for day in week.days:
        assert day.magnesium_mg == pytest.approx(sum(m.magnesium_mg for m in day.meals), abs=0.2)
        assert day.kcal == pytest.approx(sum(m.kcal for m in day.meals), abs=0.2)
        for meal in day.meals:
            assert meal.kcal == pytest.approx(sum(i.kcal for i in meal.items), abs=0.2)


def test_shopping_list_adds_up_to_the_plan(week: WeekPlan) -> None:
    grams: Counter[int] = Counter()
    servings: Counter[int] = Counter()
    for day in week.days:
        for meal in day.meals:
            for item in meal.items:
                grams[item.fdc_id] += item.grams
                servings[item.fdc_id] += item.servings
    assert {line.fdc_id for line in week.shopping_list} == set(grams)
    for line in week.shopping_list:
        assert line.grams == pytest.approx(grams[line.fdc_id], abs=0.2)
        assert line.servings == servings[line.fdc_id]
        assert line.practical


@pytest.mark.parametrize("diet", ["omnivore", "vegan"])
def test_a_week_with_no_food_twice(table: FoodTable, diet: str) -> None:
    plan = plan_week(table, PlanRequest(320, 1800, 2200, diet=diet, max_repeats=1))
    assert isinstance(plan, WeekPlan), getattr(plan, "explanation", "")
    _check_week(table, plan)
    assert plan.summary.distinct_foods == len(_items(plan))


def test_same_seed_same_week_other_seed_other_valid_week(table: FoodTable) -> None:
    request = PlanRequest(target_mg=350, kcal_min=1700, kcal_max=2100, days=2, seed=5)
    first, again = plan_week(table, request), plan_week(table, request)
    assert isinstance(first, WeekPlan) and isinstance(again, WeekPlan)
    assert _items(first) == _items(again)
    other = shuffle(table, first)
    assert isinstance(other, WeekPlan)
    assert other.request.seed == 6
    assert _items(other) != _items(first)
    _check_week(table, other)


def test_locked_item_stays(table: FoodTable) -> None:
    black_beans = 2707361
    request = PlanRequest(
        target_mg=320,
        kcal_min=1800,
        kcal_max=2200,
        days=2,
        locked=(LockedItem(2, "dinner", black_beans, 2),),
    )
    plan = plan_week(table, request)
    assert isinstance(plan, WeekPlan)
    dinner = next(m for m in plan.days[1].meals if m.meal == "dinner")
    item = next(i for i in dinner.items if i.fdc_id == black_beans)
    assert item.locked and item.servings == 2 and item.portion == "1 cup"
    _check_week(table, plan)


def test_replan_around_a_planned_item(table: FoodTable) -> None:
    plan = plan_week(table, PlanRequest(target_mg=320, kcal_min=1800, kcal_max=2200, days=2))
    assert isinstance(plan, WeekPlan)
    lunch = next(m for m in plan.days[0].meals if m.meal == "lunch")
    kept = lunch.items[0]
    again = lock_item(table, plan, 1, "lunch", kept.fdc_id)
    assert isinstance(again, WeekPlan)
    lunch_again = next(m for m in again.days[0].meals if m.meal == "lunch")
    assert kept.fdc_id in [i.fdc_id for i in lunch_again.items]


def test_swap_keeps_role_and_day_in_range(table: FoodTable, week: WeekPlan) -> None:
    dinner = next(m for m in week.days[2].meals if m.meal == "dinner")
    old = dinner.items[-1]
    swapped = swap_item(table, week, 3, "dinner", old.fdc_id)
    assert isinstance(swapped, WeekPlan)
    new_dinner = next(m for m in swapped.days[2].meals if m.meal == "dinner")
    new = new_dinner.items[-1]
    assert new.fdc_id != old.fdc_id and new.role == old.role
    assert swapped.days[2].magnesium_mg >= 320
    assert 1800 <= swapped.days[2].kcal <= 2200
    assert swapped.days[0] == week.days[0]
    again = swap_item(table, week, 3, "dinner", old.fdc_id, skip={new.fdc_id})
    assert isinstance(again, WeekPlan)
    assert next(m for m in again.days[2].meals if m.meal == "dinner").items[-1].fdc_id not in (
        old.fdc_id,
        new.fdc_id,
    )


def test_swap_falls_back_to_another_role_of_the_same_component(
    table: FoodTable, week: WeekPlan
) -> None:
    grains = {i.fdc_id for d in week.days for m in d.meals for i in m.items if i.role == "grain"}
    roomiest = sorted(week.days, key=lambda d: -min(d.kcal - 1800, 2200 - d.kcal))
    day, old = next(  # the lunch of the day with most calorie room (its twin is a dinner)
        (d.day, i)
        for d in roomiest
        for m in d.meals
        if m.meal == "lunch"
        for i in m.items
        if i.role in ("grain", "bread")
    )
    no_grain = swap_item(table, week, day, "lunch", old.fdc_id, skip=grains | {old.fdc_id})
    assert isinstance(no_grain, WeekPlan)
    lunch = next(m for m in no_grain.days[day - 1].meals if m.meal == "lunch")
    new = next(i for i in lunch.items if i.role in ("grain", "bread"))
    assert new.fdc_id not in grains | {old.fdc_id}
    assert no_grain.days[day - 1].magnesium_mg >= 320


def test_swap_with_nothing_left_is_explained(table: FoodTable, week: WeekPlan) -> None:
    dinner = next(m for m in week.days[0].meals if m.meal == "dinner")
    old = dinner.items[0]
    everything = set(table.foods.index)
    result = swap_item(table, week, 1, "dinner", old.fdc_id, skip=everything)
    assert isinstance(result, Infeasible)
    assert result.explanation.startswith("No other ")
    assert "keeps day 1 at 320 mg or more and within 1800-2200 kcal" in result.explanation


def test_swap_of_an_item_not_in_the_plan_is_an_error(table: FoodTable, week: WeekPlan) -> None:
    with pytest.raises(PlanError, match="is not in day 1 lunch"):
        swap_item(table, week, 1, "lunch", 1)


def test_420_mg_inside_100_kcal_is_explained(table: FoodTable) -> None:
    result = plan_week(table, PlanRequest(target_mg=420, kcal_min=100, kcal_max=100, days=2))
    assert isinstance(result, Infeasible)
    assert result.blocking == ("calorie maximum",)
    assert "calorie maximum" in result.explanation
    assert result.suggestions[0].startswith("Raise the calorie maximum to about")
    assert result.suggestions[1] == (
        "Widen the calorie range to about 95-105 kcal: household portions seldom add up to "
        "a narrower window every day."
    )


def test_exclusions_and_a_leafy_greens_cap_are_explained(table: FoodTable) -> None:
    request = PlanRequest(
        target_mg=1250,
        kcal_min=1200,
        kcal_max=1400,
        diet="vegan",
        exclude=("nuts", "soy"),
        family_limits=(("leafy greens", 0),),
        days=1,
    )
    result = plan_week(table, request)
    assert isinstance(result, Infeasible)
    assert {"magnesium", "family limits"} <= set(result.blocking)
    assert "without nuts, soy" in result.explanation
    assert any(s.startswith("Lower the target to") for s in result.suggestions)
    assert "Raise the weekly limits on leafy greens (0)." in result.suggestions
    uncapped = plan_week(table, replace(request, family_limits=()))
    assert isinstance(uncapped, WeekPlan)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_mg": 0, "kcal_min": 1800, "kcal_max": 2200}, "target must be above 0"),
        ({"target_mg": 300, "kcal_min": 2200, "kcal_max": 1800}, "calorie range"),
        ({"target_mg": 300, "kcal_min": 1800, "kcal_max": 2200, "snacks": 3}, "snacks"),
        ({"target_mg": 300, "kcal_min": 1800, "kcal_max": 2200, "diet": "keto"}, "diet"),
        ({"target_mg": 300, "kcal_min": 1800, "kcal_max": 2200, "max_repeats": 0}, "max_rep"),
        ({"target_mg": float("inf"), "kcal_min": 1800, "kcal_max": 2200}, "finite number"),
        ({"target_mg": 300, "kcal_min": 1800, "kcal_max": float("inf")}, "must be finite"),
        (
            {"target_mg": 300, "kcal_min": 1800, "kcal_max": 2200, "family_limits": (("pies", 2),)},
            "got pies=2",
        ),
        (
            {
                "target_mg": 300,
                "kcal_min": 1800,
                "kcal_max": 2200,
                "family_limits": (("leafy greens", -1),),
            },
            "got leafy greens=-1",
        ),
        (
            {
                "target_mg": 300,
                "kcal_min": 1800,
                "kcal_max": 2200,
                "locked": (LockedItem(9, "lunch", 1),),
            },
            "locked item 1 is on day 9",
        ),
    ],
)
def test_malformed_requests_raise(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(PlanError, match=message):
        PlanRequest(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("portion", "servings", "expected"),
    [
        ("1/2 cup", 1, "1/2 cup"),
        ("1/2 cup", 3, "1 1/2 cups"),
        ("1/2 cup, chopped", 4, "2 cups, chopped"),
        ("1 cup, cooked", 2, "2 cups, cooked"),
        ("1 slice", 2, "2 slices"),
        ("1 medium", 2, "2 medium"),
        ("3 oz", 2, "6 oz"),
        ("1 oz", 2, "2 oz"),
        ("2 tbsp", 2, "4 tbsp"),
        ("1 egg", 3, "3 eggs"),
        ("1/4 cup", 2, "1/2 cup"),
        ("Quantity not specified", 2, "2 x Quantity not specified"),
    ],
)
def test_times_portion(portion: str, servings: int, expected: str) -> None:
    assert times_portion(portion, servings) == expected


def test_request_from_options() -> None:
    request = request_from_options(
        target_mg=320,
        kcal="1800-2200",
        exclude=["nuts, soy", "fish"],
        limits=["leafy greens=3"],
        locks=["2:dinner:2707361"],
    )
    assert (request.kcal_min, request.kcal_max) == (1800, 2200)
    assert request.exclude == ("nuts", "soy", "fish")
    assert request.family_limits == (("leafy greens", 3),)
    assert request.locked == (LockedItem(2, "dinner", 2707361),)
    with pytest.raises(PlanError, match="MIN-MAX"):
        request_from_options(target_mg=320, kcal="lots")


def test_exports(week: WeekPlan) -> None:
    data = plan_to_dict(week)
    assert json.loads(json.dumps(data)) == data
    first = data["days"][0]
    assert set(first) >= {"day", "magnesium_mg", "kcal", "meals"}
    assert set(first["meals"][0]["items"][0]) >= {
        "fdc_id",
        "food",
        "portion",
        "grams",
        "magnesium_mg",
        "kcal",
    }
    assert set(data["shopping_list"][0]) >= {"fdc_id", "food", "grams"}
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(week))))
    assert len(rows) == len(_items(week))
    assert rows[0]["day"] == "1" and rows[0]["meal"] == "breakfast"
    markdown = plan_to_markdown(week)
    assert markdown.startswith("# Week plan: 320 mg")
    assert markdown.count("## Day ") == 7 and "## Shopping list" in markdown


def test_saved_record_rebuilds_the_same_plan(table: FoodTable, week: WeekPlan) -> None:
    locked = lock_item(table, week, 2, "dinner", week.days[1].meals[-1].items[0].fdc_id)
    assert isinstance(locked, WeekPlan)
    for plan in (week, locked):
        record = json.loads(json.dumps(plan_record(plan)))
        assert plan_from_record(record) == plan
    assert plan_record(locked)["request"]["locked"][0]["day"] == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"request": None}, "cannot be read"),
        ({"items": [{"day": 1}]}, "cannot be read .KeyError"),
        ({"items": [{"day": "one"}]}, "cannot be read .ValueError"),
        ({"request": {"target_mg": 320, "kcal_min": 1800}}, "cannot be read .TypeError"),
        ({"request": {"target_mg": -1, "kcal_min": 1, "kcal_max": 2}}, "target must be above"),
    ],
)
def test_unreadable_record_is_a_plan_error(
    week: WeekPlan, change: dict[str, object], message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        plan_from_record({**plan_record(week), **change})
    with pytest.raises(PlanError, match="cannot be read"):
        plan_from_record({})


def test_cli_plan_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "plan",
            "--age",
            "34",
            "--sex",
            "female",
            "--kcal",
            "1800-2200",
            "--diet",
            "vegetarian",
            "--exclude",
            "nuts",
            "--json",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["target_mg"] == 320 and len(data["days"]) == 7
    assert all(day["magnesium_mg"] >= 320 for day in data["days"])
    assert data["shopping_list"]


def test_cli_plan_infeasible_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", "--age", "40", "--sex", "male", "--kcal", "100-100", "--json"])
    assert code == 2
    data = json.loads(capsys.readouterr().out)
    assert data["error"] == "infeasible" and "calorie maximum" in data["explanation"]


def test_cli_plan_bad_range_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--age", "40", "--sex", "male", "--kcal", "many"]) == 1
    assert capsys.readouterr().err.startswith("magfood: error: Write calories as MIN-MAX")


#: Exclusions drawn per diet. A gluten-free week has four whole grains (brown rice, quinoa,
#: millet, buckwheat) for three grain servings a day; starchy staples fill the rest.
_DIET_EXCLUSIONS = {
    "omnivore": ((), ("fish",), ("dairy", "peanuts"), ("gluten",)),
    "pescatarian": ((), ("nuts",), ("gluten",)),
    "vegetarian": ((), ("nuts",), ("soy",)),
    "vegan": ((), ("peanuts",), ("gluten",)),
}


@st.composite
def _requests(draw: st.DrawFn) -> PlanRequest:
    diet = draw(st.sampled_from(sorted(_DIET_EXCLUSIONS)))
    kcal_min = draw(st.integers(1600, 2200))
    exclude = draw(st.sampled_from(_DIET_EXCLUSIONS[diet]))
    days = draw(st.integers(1, 3))
    repeats = draw(st.integers(1, 3))
    return PlanRequest(
        target_mg=draw(st.integers(240, 420)),
        kcal_min=kcal_min,
        kcal_max=kcal_min + draw(st.integers(300, 600)),
        snacks=draw(st.integers(0, 2)),
        diet=diet,
        exclude=exclude,
        max_repeats=repeats,
        seed=draw(st.integers(0, 1000)),
        days=days,
    )


@pytest.mark.parametrize("diet", ["omnivore", "pescatarian", "vegetarian", "vegan"])
def test_gluten_free_week_with_default_settings(table: FoodTable, diet: str) -> None:
    plan = plan_week(table, PlanRequest(320, 1800, 2200, diet=diet, exclude=("gluten",)))
    assert isinstance(plan, WeekPlan), getattr(plan, "explanation", "")
    _check_week(table, plan)
    gluten = food_tags(table)["gluten"]
    items = [i for d in plan.days for m in d.meals for i in m.items]
    assert not any(gluten[i.fdc_id] for i in items)
    assert {i.role for i in items} & {"corn or rice staple", "starchy vegetable"}
    for day in plan.days:  # the grain's place is still taken, by a grain or a staple
        for meal in day.meals:
            if meal.meal in ("lunch", "dinner"):
                assert sum(i.role in _STARCHES for i in meal.items) == 1


_STARCHES = ("grain", "bread", "cereal", "corn or rice staple", "starchy vegetable")


def test_meal_by_meal_weeks_with_enough_whole_grains_have_no_staples(table: FoodTable) -> None:
    """The per-meal planner keeps potatoes and rice out while whole grains suffice (a week
    of dishes may use them, to keep days under the magnesium ceiling)."""
    plan = plan_week(table, PlanRequest(320, 1800, 2200, max_repeats=1))
    assert isinstance(plan, WeekPlan)
    roles = {i.role for d in plan.days for m in d.meals for i in m.items}
    assert not roles & {"corn or rice staple", "starchy vegetable"}


def test_a_vegan_week_with_no_food_twice_says_how_often_to_repeat(table: FoodTable) -> None:
    request = PlanRequest(320, 1800, 2200, diet="vegan", exclude=("soy", "gluten"), max_repeats=1)
    result = plan_week(table, request)
    assert isinstance(result, Infeasible)
    assert "variety" in result.blocking
    assert "Allow a food up to 2 times a week." in result.suggestions


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(request=_requests())
def test_every_rule_holds_for_random_requests(table: FoodTable, request: PlanRequest) -> None:
    plan = plan_week(table, request)
    assert isinstance(plan, WeekPlan), getattr(plan, "explanation", "")
    _check_week(table, plan)


def test_favourites_are_preferred(table: FoodTable) -> None:
    """By the per-meal planner (no food twice asked; a week of dishes only nudges them)."""
    tahini = 2707587
    base = PlanRequest(target_mg=320, kcal_min=1800, kcal_max=2200, days=2, max_repeats=1)
    plan = plan_week(table, replace(base, favourites=(tahini,)))
    assert isinstance(plan, WeekPlan)
    assert sum(fdc_id == tahini for _, _, fdc_id in _items(plan)) == 1


@pytest.mark.parametrize(
    ("kcal", "expected"),
    [("1800-2200", (1800.0, 2200.0)), ("2000", (1900.0, 2100.0)), (" 1500 ", (1425.0, 1575.0))],
)
def test_calorie_text_is_read_as_a_range(kcal: str, expected: tuple[float, float]) -> None:
    request = request_from_options(target_mg=320, kcal=kcal)
    assert (request.kcal_min, request.kcal_max) == pytest.approx(expected)


#: Profiles and diets for the portion sweep: (target mg, kcal range, diet, exclusions, snacks).
PORTION_SWEEP = [
    (310, (1800, 2200), "vegetarian", ("nuts",), 1),
    (310, (1800, 2200), "vegan", (), 1),
    (420, (2400, 2800), "omnivore", (), 2),
    (360, (1500, 1700), "pescatarian", ("dairy",), 0),
    (400, (2000, 2400), "vegan", ("soy", "gluten"), 1),
]


@pytest.mark.parametrize(("target", "kcal", "diet", "exclude", "snacks"), PORTION_SWEEP)
def test_every_planned_item_is_a_portion_people_eat(
    table: FoodTable,
    target: float,
    kcal: tuple[float, float],
    diet: str,
    exclude: tuple[str, ...],
    snacks: int,
) -> None:
    request = PlanRequest(
        target_mg=target,
        kcal_min=kcal[0],
        kcal_max=kcal[1],
        diet=diet,
        exclude=exclude,
        snacks=snacks,
        days=4,
    )
    plan = plan_week(table, request)
    assert isinstance(plan, WeekPlan)
    mg_per_100g = table.foods["magnesium_mg_per_100g"]
    kcal_per_100g = table.foods["energy_kcal_per_100g"]
    for item in (i for d in plan.days for m in d.meals for i in m.items):
        spec = item_range(item.role, item.food)
        assert spec is not None
        assert within(spec, item.grams, item.kcal, item.portion), item
        assert not item.food.startswith(("Egg, yolk", "Egg, white")), item
        # the figures of the rounded grams, to the nearest 0.1 (either way on a tie)
        mg = item.grams * mg_per_100g[item.fdc_id] / 100
        energy = item.grams * kcal_per_100g[item.fdc_id] / 100
        assert abs(item.magnesium_mg - mg) <= 0.05 + 1e-9, item
        assert abs(item.kcal - energy) <= 0.05 + 1e-9, item


@pytest.mark.parametrize(
    ("diet", "exclude"), [("vegetarian", ("nuts",)), ("omnivore", ()), ("vegan", ())]
)
def test_the_weeks_of_issue_11_have_no_snack_item_over_400_kcal(
    table: FoodTable, diet: str, exclude: tuple[str, ...]
) -> None:
    """A 34-year-old woman (320 mg) at 1,800-2,200 kcal, two snacks a day."""
    request = PlanRequest(320, 1800, 2200, snacks=2, diet=diet, exclude=exclude)
    plan = plan_week(table, request)
    assert isinstance(plan, WeekPlan), getattr(plan, "explanation", "")
    _check_week(table, plan)
    snacks = [i for d in plan.days for m in d.meals if "snack" in m.meal for i in m.items]
    assert len(snacks) >= 14 and max(i.kcal for i in snacks) <= 400.5
