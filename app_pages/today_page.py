"""Today page: profile and target in the sidebar, the day's total first, then each meal's
foods (add, correct, remove), supplements, and "close the gap" suggestions.

Every change goes through the core's day log (``magfood.DayLog``) and is saved at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

import magfood
from app_pages import today_items, today_quick, today_results
from app_pages.common import (
    DEFAULT_PROFILE,
    AppContext,
    open_log,
    profile_from_setting,
    remembered_profile,
    run_page,
)

PLACEHOLDERS = {
    magfood.MealTime.BREAKFAST: "1 cup oatmeal, 1 medium banana, coffee with milk",
    magfood.MealTime.LUNCH: "2 slices whole wheat bread, 1/2 cup black beans",
    magfood.MealTime.DINNER: "4 oz salmon, 1 cup brown rice, 1/2 cup boiled spinach",
    magfood.MealTime.SNACKS: "1 oz roasted pumpkin seeds, 1 square dark chocolate",
}

#: Saved days (before the day shown) whose foods the pickers and quick-add offer first.
MINE_DAYS = 90


def render(ctx: AppContext) -> None:
    table = ctx.table()
    profile = _profile_sidebar(ctx.history())
    st.title("Today")
    day = _day_picker()
    log = open_log(ctx, day)
    items = log.items(table)
    supplement_items = today_items.supplement_items(log.supplements)
    result = magfood.evaluate(log, profile, table, supplement_items)
    today_results.totals(result, day)
    today_results.saved_state(ctx, log)
    days = ctx.history().days(day - timedelta(days=MINE_DAYS), day)
    today_quick.quick_add(ctx, log, days)
    mine = today_items.Mine(
        tuple(f.fdc_id for f in magfood.recent_foods(days)), magfood.usual_foods(days)
    )
    for meal in magfood.MEALS:
        today_items.meal_section(ctx, log, items, meal, PLACEHOLDERS[meal], mine)
    today_results.safety_notes(result)
    today_items.supplement_box(ctx, log)
    today_results.items_table(result)
    today_results.charts(result)
    today_results.suggestions(ctx, log, result)


# -- sidebar profile ---------------------------------------------------------------------


def _profile_sidebar(store: magfood.History) -> magfood.Profile:
    """Age, sex, pregnancy/lactation in the sidebar; remembered for the signed-in person."""
    remembered = remembered_profile(store)
    if "profile_age" not in st.session_state:
        saved = {**DEFAULT_PROFILE, **(remembered.setting() if remembered else {})}
        for name in ("age", "unit", "sex", "pregnant", "lactating"):
            if name in saved:
                st.session_state[f"profile_{name}"] = saved[name]
    bar = st.sidebar
    bar.subheader("Your profile")
    left, right = bar.columns(2)
    age = left.number_input("Age", 0.0, 120.0, step=1.0, format="%g", key="profile_age")
    unit = right.selectbox("in", ("years", "months"), key="profile_unit")
    sex = bar.radio("Sex", ("female", "male"), horizontal=True, key="profile_sex")
    pregnant = bar.checkbox("Pregnant", key="profile_pregnant", disabled=sex == "male")
    lactating = bar.checkbox("Breastfeeding", key="profile_lactating", disabled=sex == "male")
    chosen = {
        "age": age,
        "unit": unit,
        "sex": sex,
        "pregnant": pregnant and sex == "female",
        "lactating": lactating and sex == "female",
    }
    profile = profile_from_setting(chosen)
    if remembered is None or remembered.profile != profile:
        magfood.save_user_profile(store, profile)
    _target_note(magfood.target_for(profile))
    return profile


def _target_note(target: magfood.Target) -> None:
    ul = (
        "no supplement limit set"
        if target.supplement_ul_mg is None
        else (f"supplements at most {target.supplement_ul_mg} mg/day")
    )
    st.sidebar.markdown(
        f"**Target: {target.rda_mg} mg/day** ({target.kind}, {target.life_stage}); {ul}."
    )


def _day_picker() -> date:
    requested = st.session_state.pop("open_day", None)
    if isinstance(requested, date):
        st.session_state["today_date"] = requested
    elif "today_date" not in st.session_state:
        st.session_state["today_date"] = date.today()
    picked = st.date_input("Day", key="today_date", max_value=date.today(), width=220)
    return picked if isinstance(picked, date) else date.today()


if __name__ == "__main__":
    run_page(render)
