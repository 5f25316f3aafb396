"""A week a person would follow: few foods, rotating breakfasts, dinners as next-day lunches,
every day between the target and 160 % of it (``magfood.plan.shape``, ``menu``, ``dishes``)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood.plan import Infeasible, PlanRequest, WeekPlan, plan_week
from magfood.plan.dishes import CEILING_SHARE
from magfood.plan.menu import MAX_FOODS
from magfood.plan.shape import rotation, week_shape
from magfood.table import FoodTable

#: A 34-year-old woman (310 mg) at 1,800-2,200 kcal.
WOMAN_34 = [
    PlanRequest(310, 1800, 2200, diet="vegetarian", exclude=("nuts",)),
    PlanRequest(310, 1800, 2200, diet="omnivore"),
    PlanRequest(310, 1800, 2200, diet="vegan"),
]


@pytest.fixture(scope="module", params=WOMAN_34, ids=["vegetarian-no-nuts", "omnivore", "vegan"])
def week(request: pytest.FixtureRequest, table: FoodTable) -> WeekPlan:
    plan = plan_week(table, request.param)
    assert isinstance(plan, WeekPlan), getattr(plan, "explanation", "")
    return plan


def test_every_day_within_100_to_160_percent_and_calories(week: WeekPlan) -> None:
    request = week.request
    for day in week.days:
        assert request.target_mg <= day.magnesium_mg <= CEILING_SHARE * request.target_mg + 0.5
        assert request.kcal_min - 0.5 <= day.kcal <= request.kcal_max + 0.5


def test_at_most_25_foods_and_no_big_snack(week: WeekPlan) -> None:
    assert week.summary.distinct_foods <= MAX_FOODS
    snacks = [i for d in week.days for m in d.meals if "snack" in m.meal for i in m.items]
    assert snacks and max(i.kcal for i in snacks) <= 400


def test_last_nights_dinner_is_the_next_lunch(week: WeekPlan) -> None:
    n = len(week.days)
    for d, day in enumerate(week.days):
        lunch = next(m for m in day.meals if m.meal == "lunch")
        source = week.days[(d - 1) % n]
        dinner = next(m for m in source.meals if m.meal == "dinner")
        assert lunch.leftover_from == source.day
        assert [(i.fdc_id, i.servings) for i in lunch.items] == [
            (i.fdc_id, i.servings) for i in dinner.items
        ]


def test_two_or_three_breakfasts_in_rotation(week: WeekPlan) -> None:
    breakfasts = Counter(
        tuple(i.fdc_id for i in m.items)
        for d in week.days
        for m in d.meals
        if m.meal == "breakfast"
    )
    assert 2 <= len(breakfasts) <= 3
    assert max(breakfasts.values()) <= week.request.max_repeats


def test_no_food_twice_a_day(week: WeekPlan) -> None:
    for day in week.days:
        ids = [i.fdc_id for m in day.meals for i in m.items]
        assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("days", "repeats", "expected"), [(7, 3, 3), (7, 4, 2), (7, 2, 4), (1, 3, 1)]
)
def test_rotation_size(days: int, repeats: int, expected: int) -> None:
    assert rotation(days, repeats) == expected


def test_week_shape_serves_each_dinner_twice() -> None:
    shape = week_shape(PlanRequest(310, 1800, 2200, snacks=2))
    dinners = [k for k, dish in enumerate(shape.dishes) if dish.name.startswith("dinner")]
    assert len(dinners) == 7
    for k in dinners:
        assert len(shape.days_of(k)) == 2
    assert [shape.leftover[d][2] for d in range(7)] == [7, 1, 2, 3, 4, 5, 6]


def test_one_day_has_its_own_lunch() -> None:
    shape = week_shape(PlanRequest(310, 1800, 2200, days=1))
    assert shape.leftover == ((None, None, None, None),)
    assert len(set(shape.served[0])) == 4


@st.composite
def _weeks(draw: st.DrawFn) -> PlanRequest:
    diet, exclude = draw(
        st.sampled_from(
            [("omnivore", ()), ("vegetarian", ("nuts",)), ("vegan", ()), ("pescatarian", ())]
        )
    )
    kcal_min = draw(st.integers(1500, 2400))
    return PlanRequest(
        target_mg=draw(st.integers(240, 420)),
        kcal_min=kcal_min,
        kcal_max=kcal_min + draw(st.integers(300, 500)),
        snacks=draw(st.integers(1, 2)),
        diet=diet,
        exclude=exclude,
        seed=draw(st.integers(0, 50)),
    )


@settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(request=_weeks())
def test_random_weeks_meet_every_day_or_explain(table: FoodTable, request: PlanRequest) -> None:
    plan = plan_week(table, request)
    if isinstance(plan, Infeasible):
        assert plan.explanation and plan.suggestions
        return
    assert len(plan.days) == 7
    for day in plan.days:
        assert day.magnesium_mg >= request.target_mg - 0.5
        assert request.kcal_min - 0.5 <= day.kcal <= request.kcal_max + 0.5
        ids = [i.fdc_id for m in day.meals for i in m.items]
        assert len(ids) == len(set(ids))
    if any(m.leftover_from for d in plan.days for m in d.meals):  # a week of dishes
        assert plan.summary.distinct_foods <= MAX_FOODS
        assert all(d.magnesium_mg <= CEILING_SHARE * request.target_mg + 0.5 for d in plan.days)
