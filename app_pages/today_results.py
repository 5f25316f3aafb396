"""Today page: the day's totals against the target, the items table, charts, safety notes
and "close the gap" suggestions (added to the day by FDC id and grams)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import magfood
from app_pages import today_items
from app_pages.common import AppContext, grams, mg, open_log, plain, store_log
from magfood import SAFETY_NOTES, Day, SafetyNote, Suggestion

ADD_TO = magfood.MealTime.SNACKS


def totals(day: Day, on: date) -> None:
    """Total, % of target, gap and supplements against the UL, with a progress bar; the
    total names the day when it is not today."""
    target = day.target.rda_mg
    row = st.container(horizontal=True, key="totals")
    when = "today" if on == date.today() else f"on {on:%a} {on.day} {on:%b}"
    row.metric(f"Magnesium {when}", mg(day.total_magnesium_mg))
    row.metric("Of your target", f"{day.percent_of_target:.0f} %", help=f"{target} mg/day")
    row.metric(
        "Still to go" if day.gap_mg > 0 else "Target met", mg(day.gap_mg) if day.gap_mg else "✓"
    )
    row.metric("Calories", f"{day.energy_kcal:,.0f} kcal", help="From the counted foods.")
    ul = day.target.supplement_ul_mg
    row.metric(
        "From supplements" if ul is None else f"Supplements (limit {ul} mg)",
        mg(day.supplement_magnesium_mg),
        help="Only supplements count toward the upper level; food never does.",
    )
    st.progress(
        min(1.0, day.percent_of_target / 100), text=f"{mg(day.total_magnesium_mg)} of {target} mg"
    )
    if day.items:  # an empty day says so once, under the totals (saved_state)
        st.caption(day.coverage.text)
    if day.supplements:
        if day.ul.over:
            st.warning(day.ul.message)
        else:
            st.caption(day.ul.message)


def saved_state(ctx: AppContext, log: magfood.DayLog) -> None:
    """One line under the day: whether what the page shows is the day in the diary."""
    saved = ctx.history().load_day(log.day)
    if saved is None:
        if log.entries or log.supplements.strip():
            st.warning("Not saved yet: change anything to save the day.", icon="⚠️")
        else:
            st.caption("Nothing logged for this day yet.", help=_SAVED_HELP)
        return
    if saved.log == log:
        when = _local_time(saved.saved_at)
        st.caption(f"✓ Saved in your diary{when}.", help=_SAVED_HELP)
    else:
        st.warning("Not saved: the diary holds another version of this day.", icon="⚠️")


_SAVED_HELP = "Every change is saved at once to the diary on this computer."


def _local_time(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return ""
    return f" at {moment:%H:%M}"


def items_table(day: Day) -> None:
    if not day.items:
        st.info(
            "Type what you ate in the boxes above, one food per line or separated by commas; "
            "amounts like '1 cup', '30 g' or '2' help."
        )
        return
    rows = [
        {
            "meal": magfood.meal_label(name),
            "you wrote": item.text,
            "magnesium": today_items.magnesium_text(item),
            "grams": grams(item.grams),
            "status": str(item.status),
            "FDC food": item.food or "—",
            "FDC id": str(item.fdc_id or "—"),
            "portion used": item.portion or "—",
        }
        for name, meal in day.meals
        for item in meal.items
    ]
    # A wide table: one tap away, so a phone never scrolls the page sideways for it.
    with st.expander("All items as a table"):
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
        st.vega_lite_chart(by_food, _bars("food"), key="chart_foods", alt="Top foods")
    with right:
        st.markdown("**By meal**")
        st.vega_lite_chart(by_meal, _bars("meal"), key="chart_meals", alt="By meal")


def _bars(label: str) -> dict[str, object]:
    """A horizontal bar chart of magnesium by ``label``, written as a Vega-Lite spec (Altair
    would rebuild and validate the same spec on every rerun of the page)."""
    return {
        "mark": {"type": "bar", "color": "#2e7d32"},
        "encoding": {
            "x": {"field": "magnesium (mg)", "type": "quantitative"},
            "y": {
                "field": label,
                "type": "nominal",
                "sort": "-x",
                "title": None,
                "axis": {"labelLimit": 180},
            },
            "tooltip": [
                {"field": label, "type": "nominal"},
                {"field": "magnesium (mg)", "type": "quantitative"},
            ],
        },
    }


def _short(food: str) -> str:
    return food if len(food) <= 40 else food[:39] + "…"


def safety_notes(day: Day) -> None:
    """Once supplements are logged: one line naming the topics, the notes one click away;
    otherwise the general notes in a closed expander."""
    if day.safety_notes:
        topics = ", ".join(note.topic for note in day.safety_notes)
        st.caption(
            f":material/health_and_safety: Before taking magnesium supplements, "
            f"read the {len(day.safety_notes)} safety notes ({topics})."
        )
        _notes(
            st.expander(f"Before taking magnesium supplements: {len(day.safety_notes)} notes"),
            day.safety_notes,
        )
    else:
        _notes(st.expander("Safety notes on magnesium supplements"), SAFETY_NOTES)


def _notes(where: DeltaGenerator, notes: tuple[SafetyNote, ...]) -> None:
    for note in notes:
        flag = "" if note.confirmed else " *(provisional: secondary sources)*"
        where.markdown(f"- **{note.topic.capitalize()}**: {note.text}{flag}")


def suggestions(ctx: AppContext, log: magfood.DayLog, day: Day) -> None:
    """Servings that close the remaining gap, each added to snacks in one click."""
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
            f"**{plain(suggestion.text)}**: "
            f"**{mg(suggestion.magnesium_mg)}**, {suggestion.kcal:.0f} kcal"
        )
        left.caption(f"FDC {suggestion.fdc_id} · {grams(suggestion.grams)}")
        right.button(
            "Add",
            key=f"add_suggestion_{number}",
            on_click=_add_suggestion,
            args=(ctx, log.day, suggestion),
        )


def eaten_ids(day: Day) -> tuple[int, ...]:
    """The FDC foods eaten that day (counted items): never suggested again."""
    ids = (item.fdc_id for _, meal in day.meals for item in meal.items if item.status.counts)
    return tuple(dict.fromkeys(i for i in ids if i is not None))


def _add_suggestion(ctx: AppContext, day: date, suggestion: Suggestion) -> None:
    """Add the serving to snacks with its exact FDC id, portion and grams, written as a
    person would ("½ cup cooked Swiss chard")."""
    log = open_log(ctx, day)
    added = log.add_food(
        ADD_TO,
        suggestion.fdc_id,
        suggestion.grams,
        suggestion.portion,
        ctx.table(),
        text=suggestion.text,
    )
    store_log(ctx, added)
