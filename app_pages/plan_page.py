"""Plan page: a week of menus that meets the magnesium target within a calorie range, with
a shopping list, exports, and a way to copy a planned day into Today."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages import today_items
from app_pages.common import AppContext, food_line, mg, profile_from_setting, run_page
from magfood import meals, menus
from magfood.families import DIETS, EXCLUSIONS
from magfood.history import MEALS, Override
from magfood.history_stats import usual_foods
from magfood.reference import target_for

#: Planner meal slots -> the Today page's meal boxes.
TODAY_BOX = {"snack": "snacks", "morning snack": "snacks", "afternoon snack": "snacks"}


def render(ctx: AppContext) -> None:
    if st.session_state.pop("plan_copied", False):
        ctx.go_today()
    st.title("Plan a week")
    table = ctx.table()
    store = ctx.history()
    saved = store.load_setting("profile")
    default_target = target_for(profile_from_setting(saved)).rda_mg if saved else 320
    left, right = st.columns(2)
    target = left.number_input(
        "Magnesium target (mg a day)", 50, 1000, int(default_target), 10, key="plan_target"
    )
    kcal = right.slider("Calories a day", 1000, 4000, (1800, 2200), 50, key="plan_kcal")
    left, middle, right = st.columns(3)
    diet = left.selectbox("Diet", DIETS, key="plan_diet")
    exclude = middle.multiselect("Leave out", EXCLUSIONS, key="plan_exclude")
    snacks = right.radio("Snacks a day", (0, 1, 2), index=1, horizontal=True, key="plan_snacks")
    repeats = st.slider("Most times one food appears in the week", 1, 7, 3, key="plan_repeats")
    mine = st.checkbox("Prefer foods I usually eat (from saved days)", key="plan_mine")
    request = menus.PlanRequest(
        target_mg=float(target),
        kcal_min=float(kcal[0]),
        kcal_max=float(kcal[1]),
        snacks=int(snacks or 0),
        diet=diet or "omnivore",
        exclude=tuple(exclude),
        favourites=usual_foods(store.days()) if mine else (),
        max_repeats=int(repeats),
    )
    run, again = st.columns(2)
    if run.button("Plan my week", key="plan_run", type="primary"):
        with st.spinner("Planning seven days…"):
            st.session_state["plan_result"] = menus.plan_week(table, request)
    result = st.session_state.get("plan_result")
    if isinstance(result, menus.WeekPlan) and again.button("Shuffle", key="plan_shuffle"):
        with st.spinner("Finding another week…"):
            result = st.session_state["plan_result"] = menus.shuffle(table, result)
    if isinstance(result, menus.Infeasible):
        st.warning(f"No plan fits. {result.explanation}")
        for hint in result.suggestions:
            st.markdown(f"- {hint}")
    elif isinstance(result, menus.WeekPlan):
        _show(ctx, result)


def _show(ctx: AppContext, plan: menus.WeekPlan) -> None:
    summary = plan.summary
    columns = st.columns(3)
    columns[0].metric("Average a day", mg(summary.mean_magnesium_mg))
    columns[1].metric("Days meeting target", f"{summary.days_meeting_target} of {len(plan.days)}")
    columns[2].metric("Average kcal", f"{summary.mean_kcal:,.0f}")
    for day in plan.days:
        with st.expander(f"Day {day.day}: {mg(day.magnesium_mg)}, {day.kcal:,.0f} kcal"):
            rows = [
                {
                    "meal": meal.meal,
                    "food": item.food,
                    "portion": item.portion,
                    "grams": round(item.grams),
                    "magnesium (mg)": round(item.magnesium_mg),
                    "kcal": round(item.kcal),
                }
                for meal in day.meals
                for item in meal.items
            ]
            st.dataframe(pd.DataFrame(rows), hide_index=True)
            st.button(
                "Use as today's meals",
                key=f"plan_copy_{day.day}",
                on_click=_copy_day,
                args=(ctx, day),
            )
    st.subheader("Shopping list")
    shopping = [
        {"food": s.food, "amount": s.practical, "grams": round(s.grams)} for s in plan.shopping_list
    ]
    st.dataframe(pd.DataFrame(shopping), hide_index=True)
    left, right = st.columns(2)
    left.download_button(
        "Download CSV", menus.plan_to_csv(plan), "magfood-week.csv", "text/csv", key="plan_csv"
    )
    right.download_button(
        "Download Markdown",
        menus.plan_to_markdown(plan),
        "magfood-week.md",
        "text/markdown",
        key="plan_md",
    )


def _copy_day(ctx: AppContext, day: menus.PlannedDay) -> None:
    """Fill Today's meal boxes with a planned day, each line pinned to its FDC food."""
    lines: dict[str, list[tuple[str, int]]] = {meal: [] for meal in MEALS}
    for meal in day.meals:
        box = TODAY_BOX.get(meal.meal, meal.meal)
        for item in meal.items:
            lines.setdefault(box, []).append((food_line(item.portion, item.food), item.fdc_id))
    today_items.restore_overrides(())
    for box, entries in lines.items():
        text = "\n".join(line for line, _ in entries)
        st.session_state[f"meal_{box}"] = text
        parsed = meals.parse_meal(text, ctx.table()).items if text else ()
        for position, (parsed_item, (_, fdc_id)) in enumerate(zip(parsed, entries, strict=False)):
            today_items.set_override(Override(box, position, parsed_item.text, fdc_id, None))
    st.session_state["today_date"] = st.session_state["loaded_day"] = date.today()
    st.session_state["plan_copied"] = True


if __name__ == "__main__":
    run_page(render)
