"""Today page: the day's totals against the target, the items table, charts, safety notes,
"close the gap" suggestions, and the record that is saved."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages import today_items
from app_pages.common import AppContext, food_line, grams, mg
from magfood.diary.store import DayFood, Override, SavedDay
from magfood.foods.suggestions import Suggestion
from magfood.intake.day import Day
from magfood.intake.reference import SAFETY_NOTES, SafetyNote
from magfood.meals import parse as meals

ADD_TO = "snacks"


def totals(day: Day) -> None:
    """Total, % of target, gap and supplements against the UL, with a progress bar."""
    target = day.target.rda_mg
    row = st.container(horizontal=True, key="totals")
    row.metric("Magnesium today", mg(day.total_magnesium_mg))
    row.metric("Of your target", f"{day.percent_of_target:.0f} %", help=f"{target} mg/day")
    row.metric(
        "Still to go" if day.gap_mg > 0 else "Target met", mg(day.gap_mg) if day.gap_mg else "✓"
    )
    ul = day.target.supplement_ul_mg
    row.metric(
        "From supplements" if ul is None else f"Supplements (limit {ul} mg)",
        mg(day.supplement_magnesium_mg),
        help="Only supplements count toward the upper level; food never does.",
    )
    st.progress(
        min(1.0, day.percent_of_target / 100), text=f"{mg(day.total_magnesium_mg)} of {target} mg"
    )
    st.caption(day.coverage.text)
    if day.supplements:
        if day.ul.over:
            st.warning(day.ul.message)
        else:
            st.caption(day.ul.message)


def items_table(day: Day) -> None:
    if not day.items:
        st.info(
            "Type what you ate in the boxes above, one food per line or separated by commas; "
            "amounts like '1 cup', '30 g' or '2' help."
        )
        return
    rows = [
        {
            "meal": name,
            "you wrote": item.text,
            "magnesium": today_items.magnesium_text(item),
            "grams": grams(item.grams),
            "status": item.status,
            "FDC food": item.food or "—",
            "FDC id": str(item.fdc_id or "—"),
            "portion used": item.portion or "—",
        }
        for name, meal in day.meals
        for item in meal.items
    ]
    st.subheader("All items")
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def charts(day: Day) -> None:
    """Magnesium by food and by meal (Altair)."""
    if day.total_magnesium_mg <= 0:
        return
    by_food = pd.DataFrame(
        [{"food": _short(c.food), "magnesium (mg)": c.magnesium_mg} for c in day.top_foods]
    )
    by_meal = pd.DataFrame(
        [{"meal": m.meal, "magnesium (mg)": m.magnesium_mg} for m in day.meal_totals]
        + (
            [{"meal": "supplements", "magnesium (mg)": day.supplement_magnesium_mg}]
            if day.supplement_magnesium_mg
            else []
        )
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Top foods**")
        st.altair_chart(_bars(by_food, "food"), key="chart_foods")
    with right:
        st.markdown("**By meal**")
        st.altair_chart(_bars(by_meal, "meal"), key="chart_meals")


def _bars(frame: pd.DataFrame, label: str) -> alt.Chart:
    chart = alt.Chart(frame).mark_bar(color="#2e7d32")
    encoded: alt.Chart = chart.encode(
        x=alt.X("magnesium (mg):Q"),
        y=alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=180)),
        tooltip=[f"{label}:N", "magnesium (mg):Q"],
    )
    return encoded


def _short(food: str) -> str:
    return food if len(food) <= 40 else food[:39] + "…"


def safety_notes(day: Day) -> None:
    """In plain view when supplements are logged; otherwise one click away."""
    if day.safety_notes:
        box = st.container(border=True, key="safety_notes")
        box.markdown(":material/health_and_safety: **Before taking magnesium supplements**")
        left, right = box.columns(2)
        half = (len(day.safety_notes) + 1) // 2
        _notes(left, day.safety_notes[:half])
        _notes(right, day.safety_notes[half:])
    else:
        _notes(st.expander("Safety notes on magnesium supplements"), SAFETY_NOTES)


def _notes(where: DeltaGenerator, notes: tuple[SafetyNote, ...]) -> None:
    for note in notes:
        flag = "" if note.confirmed else " *(provisional: secondary sources)*"
        where.markdown(f"- **{note.topic.capitalize()}**: {note.text}{flag}")


def suggestions(ctx: AppContext, day: Day) -> None:
    """Servings that close the remaining gap, each addable to the snacks box in one click."""
    if day.gap_mg <= 0 or not day.items:
        return
    st.subheader("Close the gap")
    if not st.toggle(f"Suggest foods for the {mg(day.gap_mg)} still to go", key="suggest_gap"):
        return
    with st.spinner("Looking for foods that close the gap…"):
        plan = ctx.gap_plan(day.gap_mg, eaten_ids(day))
    st.caption(plan.message)
    for number, suggestion in enumerate(plan.suggestions):
        left, right = st.columns([4, 1])
        left.markdown(
            f"**{suggestion.portion}** {suggestion.food}: **{mg(suggestion.magnesium_mg)}**, "
            f"{suggestion.kcal:.0f} kcal"
        )
        left.caption(f"FDC {suggestion.fdc_id} · {grams(suggestion.grams)}")
        right.button(
            "Add",
            key=f"add_suggestion_{number}",
            on_click=_add_suggestion,
            args=(ctx, suggestion),
        )


def eaten_ids(day: Day) -> tuple[int, ...]:
    """The FDC foods eaten that day (matched or estimated items): never suggested again."""
    ids = (
        item.fdc_id
        for _, meal in day.meals
        for item in meal.items
        if item.status not in today_items.NOT_COUNTED
    )
    return tuple(dict.fromkeys(i for i in ids if i is not None))


def _add_suggestion(ctx: AppContext, suggestion: Suggestion) -> None:
    """Append the serving to the snacks box, pinned to the suggested FDC food."""
    key = f"meal_{ADD_TO}"
    old = str(st.session_state.get(key, "") or "").rstrip()
    line = food_line(suggestion.portion, suggestion.food)
    text = f"{old}\n{line}" if old else line
    parsed = meals.parse_meal(text, ctx.table())
    st.session_state[key] = text
    if parsed.items:
        position = len(parsed.items) - 1
        today_items.set_override(
            Override(ADD_TO, position, parsed.items[-1].text, suggestion.fdc_id, None)
        )


def day_record(
    day_date: date,
    texts: Mapping[str, str],
    supplements: str,
    overrides: tuple[Override, ...],
    day: Day,
) -> SavedDay:
    """What is saved for the day: the texts, corrections and computed totals."""
    foods = tuple(
        DayFood(name, item.fdc_id, item.food or "", item.grams, item.magnesium_mg)
        for name, meal in day.meals
        for item in meal.items
        if item.fdc_id is not None and item.status in ("matched", "estimated")
    )
    return SavedDay(
        day=day_date,
        meals={meal: text for meal, text in texts.items() if text.strip()},
        supplements=supplements,
        overrides=overrides,
        total_mg=day.total_magnesium_mg,
        target_mg=float(day.target.rda_mg),
        foods=foods,
    )


def same_day(saved: SavedDay, record: SavedDay) -> bool:
    """True when saving ``record`` would change nothing the user can see."""
    return (
        dict(saved.meals) == dict(record.meals)
        and saved.supplements == record.supplements
        and saved.overrides == record.overrides
        and saved.target_mg == record.target_mg
    )
