"""Today page: profile and target in the sidebar, meal boxes and supplements, corrections,
totals against the target, charts, and "close the gap" suggestions."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from app_pages import today_items, today_results
from app_pages.common import AppContext, profile_from_setting, run_page
from magfood.diary.store import MEALS, History, SavedDay
from magfood.intake import day as intake
from magfood.intake.reference import Profile, Target, target_for
from magfood.intake.supplements import SupplementItem

PLACEHOLDERS = {
    "breakfast": "1 cup oatmeal, 1 medium banana, coffee with milk",
    "lunch": "2 slices whole wheat bread, 1/2 cup black beans, a handful of spinach",
    "dinner": "4 oz salmon, 1 cup brown rice, 1/2 cup boiled spinach",
    "snacks": "1 oz roasted pumpkin seeds, 1 square dark chocolate",
}
DEFAULT_PROFILE: dict[str, Any] = {"age": 30.0, "unit": "years", "sex": "female"}


def render(ctx: AppContext) -> None:
    table = ctx.table()
    store = ctx.history()
    profile = _profile_sidebar(store)
    st.title("Today")
    day_date = _day_picker(store)
    texts = _meal_boxes()
    supplements_text, supplement_items = _supplement_box()
    notes_slot = st.container()
    summary_slot = st.container()
    parsed, overrides = today_items.corrected_meals(texts, table)
    day = intake.summarise(profile, parsed, supplement_items)
    with notes_slot:
        today_results.safety_notes(day)
    with summary_slot:
        today_results.totals(day)
        _save_button(store, day_date, texts, supplements_text, overrides, day)
    today_results.items_table(day)
    today_results.charts(day)
    today_results.suggestions(ctx, day)


# -- sidebar profile ---------------------------------------------------------------------


def _profile_sidebar(store: History) -> Profile:
    """Age, sex, pregnancy/lactation in the sidebar; remembered in the database."""
    if "profile_age" not in st.session_state:
        saved = {**DEFAULT_PROFILE, **(store.load_setting("profile") or {})}
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
    if store.load_setting("profile") != chosen:
        store.save_setting("profile", chosen)
    _target_note(target_for(profile))
    return profile


def _target_note(target: Target) -> None:
    ul = (
        "no supplement limit set"
        if target.supplement_ul_mg is None
        else (f"supplements at most {target.supplement_ul_mg} mg/day")
    )
    st.sidebar.markdown(
        f"**Target: {target.rda_mg} mg/day** ({target.kind}, {target.life_stage}); {ul}."
    )


# -- the day, meal boxes and supplements -------------------------------------------------


def _day_picker(store: History) -> date:
    requested = st.session_state.pop("open_day", None)
    if isinstance(requested, date):
        st.session_state["today_date"] = requested
    elif "today_date" not in st.session_state:
        st.session_state["today_date"] = date.today()
    picked = st.date_input("Day", key="today_date", max_value=date.today())
    day = picked if isinstance(picked, date) else date.today()
    if st.session_state.get("loaded_day") != day:
        st.session_state["loaded_day"] = day
        saved = store.load_day(day)
        if saved is not None:
            _fill_from(saved)  # the boxes below are not drawn yet in this run
    return day


def _fill_from(saved: SavedDay) -> None:
    """Put a saved day back into the boxes and corrections (before they are drawn)."""
    for meal in MEALS:
        st.session_state[f"meal_{meal}"] = saved.meal_text(meal)
    st.session_state["supplements_text"] = saved.supplements
    today_items.restore_overrides(saved.overrides)


def _meal_boxes() -> dict[str, str]:
    texts: dict[str, str] = {}
    rows = (MEALS[:2], MEALS[2:])
    for row in rows:
        for column, meal in zip(st.columns(2), row, strict=True):
            texts[meal] = column.text_area(
                meal.capitalize(),
                key=f"meal_{meal}",
                placeholder=f"e.g. {PLACEHOLDERS[meal]}",
                height=90,
            )
    return texts


def _supplement_box() -> tuple[str, tuple[SupplementItem, ...]]:
    """The supplements box with, beside it, how each line was read (elemental mg)."""
    left, right = st.columns([3, 2])
    text = left.text_area(
        "Supplements",
        key="supplements_text",
        placeholder="e.g. 200 mg magnesium glycinate",
        height=68,
    )
    with right:
        items = today_items.supplement_readings(text)
    return text, items


def _save_button(
    store: History,
    day_date: date,
    texts: dict[str, str],
    supplements: str,
    overrides: tuple[Any, ...],
    day: intake.Day,
) -> None:
    record = today_results.day_record(day_date, texts, supplements, overrides, day)
    saved = store.load_day(day_date)
    unchanged = saved is not None and today_results.same_day(saved, record)
    label = "Saved" if unchanged else f"Save {day_date.isoformat()}"
    if st.button(label, key="save_day", disabled=unchanged, type="primary"):
        store.save_day(record)
        st.toast(f"Saved {day_date.isoformat()}")
        st.rerun()


if __name__ == "__main__":
    run_page(render)
