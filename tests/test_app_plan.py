"""The Plan page, driven with AppTest and widgets selected by key.

Every test points MAGFOOD_DB at its own temporary file. Planning takes about a second, so
only the tests about planning itself press "Plan my week"; the others start from one week
planned once for the module and handed to the page's session.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from magfood import (
    Infeasible,
    MealTime,
    PlannedItem,
    PlanRequest,
    WeekPlan,
    load_table,
    meal_of,
    open_history,
    plan_week,
)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
PAGE = "app_pages/plan_page.py"
REQUEST = PlanRequest(target_mg=320, kcal_min=1800, kcal_max=2200)


@pytest.fixture(scope="module")
def week() -> WeekPlan:
    plan = plan_week(load_table(), REQUEST)
    assert isinstance(plan, WeekPlan)
    return plan


def _page(plan: WeekPlan | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if plan is not None:
        at.session_state["plan_result"] = plan
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def _shown(at: AppTest) -> WeekPlan:
    plan = at.session_state["plan_result"]
    assert isinstance(plan, WeekPlan)
    return plan


def _items(plan: WeekPlan, day: int) -> list[tuple[str, PlannedItem]]:
    return [(m.meal, i) for m in plan.days[day - 1].meals for i in m.items]


def test_plan_a_week_meets_the_target_every_day(db: Path) -> None:
    at = _page()
    assert at.number_input(key="plan_target").value == 310  # default profile: woman of 30
    _click(at, "plan_run")
    days = at.dataframe[0].value
    assert days["day"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert (days["magnesium (mg)"] >= 310).all() and days["meets target"].all()
    assert days["kcal"].between(1800, 2200).all()
    assert next(m.value for m in at.metric if m.label == "Days meeting target") == "7 of 7"
    first_day = at.dataframe[1].value
    assert list(first_day.columns) == [
        "meal",
        "food",
        "portion",
        "grams",
        "magnesium (mg)",
        "kcal",
        "kept",
    ]
    assert first_day["meal"].iloc[0] == "breakfast"
    shopping = at.dataframe[-1].value
    assert {"section", "buy", "food", "grams"} <= set(shopping.columns) and len(shopping) > 7
    assert len(at.get("download_button")) == 2


def test_options_reach_the_request(db: Path) -> None:
    at = _page()
    at.selectbox(key="plan_diet").set_value("vegan")
    at.multiselect(key="plan_exclude").set_value(["soy"])
    at.text_input(key="plan_exclude_text").input("banana, kale")
    at.text_input(key="plan_favourites").input("1 cup oatmeal")
    at.radio(key="plan_snacks").set_value(2)
    at.slider(key="plan_repeats").set_value(2)
    _click(at, "plan_run")
    plan = _shown(at)
    request = plan.request
    assert (request.diet, request.snacks, request.max_repeats) == ("vegan", 2, 2)
    assert request.exclude == ("soy", "banana", "kale")
    assert len(request.favourites) == 1
    foods = [i.food.lower() for d in plan.days for m in d.meals for i in m.items]
    assert not any("banana" in f or "kale" in f or "tofu" in f for f in foods)


def test_swap_changes_an_item_and_keeps_the_day_in_range(db: Path, week: WeekPlan) -> None:
    at = _page(week)
    position = len(_items(week, 3)) - 1  # the last dinner vegetable
    meal, old = _items(week, 3)[position]
    at.selectbox(key="plan_item_3").set_value(position)
    _click(at, "plan_swap_3")
    swapped = _shown(at)
    new_meal, new = _items(swapped, 3)[position]
    assert new_meal == meal and new.fdc_id != old.fdc_id
    day = swapped.days[2]
    assert day.magnesium_mg >= 320 and 1800 <= day.kcal <= 2200
    assert swapped.days[:2] == week.days[:2]
    assert any(f"{old.food} → {new.food}" in s.value for s in at.success)
    assert new.food in at.dataframe[3].value["food"].tolist()  # days table, then day 1, 2, 3
    _click(at, "plan_swap_3")  # a second swap offers yet another food
    again = _items(_shown(at), 3)[position][1]
    assert again.fdc_id not in (old.fdc_id, new.fdc_id)


def test_lock_then_replan_keeps_the_item(db: Path, week: WeekPlan) -> None:
    at = _page(week)
    meal, kept = _items(week, 2)[0]
    at.selectbox(key="plan_item_2").set_value(0)
    _click(at, "plan_lock_2")
    plan = _shown(at)
    assert [lock.fdc_id for lock in plan.request.locked] == [kept.fdc_id]
    same = [i for m, i in _items(plan, 2) if m == meal and i.fdc_id == kept.fdc_id]
    assert len(same) == 1 and same[0].locked and same[0].servings == kept.servings
    assert plan.summary.days_meeting_target == 7
    assert at.dataframe[2].value["kept"].tolist().count(True) == 1
    _click(at, "plan_unlock")
    assert _shown(at).request.locked == ()


def test_infeasible_request_is_explained(db: Path) -> None:
    at = _page()
    at.number_input(key="plan_target").set_value(1000)
    at.slider(key="plan_kcal").set_range(1000, 1000)
    at.selectbox(key="plan_diet").set_value("vegan")
    at.multiselect(key="plan_exclude").set_value(["nuts", "soy", "gluten"])
    _click(at, "plan_run")
    assert isinstance(at.session_state["plan_result"], Infeasible)
    warning = at.warning[0].value
    assert warning.startswith("No plan fits. No week meets 1000 mg a day within 1000-1000 kcal")
    assert "with a vegan diet without nuts, soy, gluten" in warning
    assert any(m.value.startswith("What to relax:\n- ") for m in at.markdown)
    assert len(at.dataframe) == 0 and not at.error


def test_save_and_reopen_a_plan(db: Path, week: WeekPlan) -> None:
    at = _page(week)
    at.text_input(key="plan_save_name").input("Green week")
    _click(at, "plan_save")
    assert any("Saved the plan as “Green week”" in s.value for s in at.success)
    saved = open_history(db).plans()
    assert [p.name for p in saved] == ["Green week"]
    _click(at, "plan_shuffle")
    assert _shown(at) != week and at.number_input(key="plan_seed").value == 1
    at.selectbox(key="plan_saved").set_value(saved[0].id)
    _click(at, "plan_open")
    assert _shown(at) == week
    assert any("Opened “Green week”" in s.value for s in at.success)
    _click(at, "plan_delete")
    assert open_history(db).plans() == ()


def test_copy_a_day_into_the_log_keeps_each_food_and_its_grams(db: Path, week: WeekPlan) -> None:
    at = _page(week)
    _click(at, "plan_copy_2")
    assert [t.value for t in at.title] == ["Today"]
    day = week.days[1]
    planned = [(meal_of(m.meal), i) for m in day.meals for i in m.items]
    saved = open_history(db).load_day(date.today())
    assert saved is not None
    entries = saved.log.entries
    assert [(e.meal, e.fdc_id, e.portion, e.portion_grams) for e in entries] == [
        (meal, i.fdc_id, i.portion, i.grams) for meal, i in planned
    ]
    assert {e.meal for e in entries} <= set(MealTime)
    frame = at.dataframe[0].value
    assert sorted(frame["FDC id"]) == sorted(str(i.fdc_id) for _, i in planned)
    total = next(m.value for m in at.metric if m.label == "Magnesium today")
    assert float(total.removesuffix(" mg").replace(",", "")) == pytest.approx(
        day.magnesium_mg, abs=1.0
    )


def test_household_plan_meets_each_persons_target(db: Path) -> None:
    at = _page()
    at.text_area(key="plan_people").input("female 34\nchild 7 1400-1700")
    _click(at, "plan_household_run")
    result = at.session_state["plan_household"]
    for person, week in zip(result.people, result.weeks, strict=True):
        assert all(d.magnesium_mg >= person.target_mg - 0.5 for d in week.days)
    assert any("**child 7 1400-1700**: 130 mg target" in m.value for m in at.markdown)
    assert not at.error
