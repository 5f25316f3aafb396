"""History page: saved days against target, top foods, edit/delete, CSV export, and import
(magfood days, or food from Cronometer or a plain CSV: ``history_import``)."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from app_pages import history_import
from app_pages.common import AppContext, mg, run_page
from magfood import WINDOWS, History, PeriodSummary, SavedDay, export_csv, readable_name
from magfood import summarise_period as summarise


def render(ctx: AppContext) -> None:
    st.title("History")
    store = ctx.history()
    days = store.days()
    today = date.today()
    window = st.radio(
        "Period",
        WINDOWS,
        format_func=lambda n: f"Last {n} days",
        horizontal=True,
        key="history_window",
    )
    summary = summarise(days, today, window or 7)
    _figures(summary)
    _chart(summary)
    _days_to_open(ctx, summary)
    _top_foods(summary)
    _edit_or_delete(ctx, store, days)
    _export(days)
    history_import.import_days(store)
    history_import.import_food(ctx, store)


def _figures(period: PeriodSummary) -> None:
    # A row that wraps: two figures a line on a phone, not four stacked ones.
    row = st.container(horizontal=True, key="history_figures")
    row.metric(f"{period.window_days}-day average", mg(period.average_mg), help="Per logged day.")
    row.metric("Days logged", f"{period.logged_days} of {period.window_days}")
    row.metric("Days meeting target", str(period.days_meeting_target))
    percent = period.percent_of_target
    row.metric("Of target", "–" if percent is None else f"{percent:.0f} %")


def _chart(summary: PeriodSummary) -> None:
    """Daily bars by date, the target as a line and the 7-day rolling average."""
    if not summary.points:
        st.info("No days saved in this period yet. Log a day on the Today page and save it.")
        return
    frame = pd.DataFrame(
        {
            "day": [p.day.strftime("%a %d %b") for p in summary.points],
            "magnesium (mg)": [p.total_mg for p in summary.points],
            "target (mg)": [p.target_mg for p in summary.points],
            "7-day average (mg)": [p.rolling_mg for p in summary.points],
            "status": ["below target" if p.below_target else "target met" for p in summary.points],
        }
    )
    order = list(frame["day"])
    x = alt.X("day:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=True))
    base = alt.Chart(frame).encode(x=x)
    bars = base.mark_bar(size=min(40, max(4, 600 // len(order)))).encode(
        y=alt.Y("magnesium (mg):Q", title="mg"),
        color=alt.Color(
            "status:N",
            scale=alt.Scale(domain=["target met", "below target"], range=["#2e7d32", "#f9a825"]),
            legend=alt.Legend(orient="bottom", title=None),
        ),
        tooltip=["day:N", "magnesium (mg):Q", "target (mg):Q", "7-day average (mg):Q"],
    )
    target = base.mark_line(
        color="#c62828", strokeDash=[6, 3], point=alt.OverlayMarkDef(color="#c62828")
    ).encode(y="target (mg):Q")
    rolling = base.mark_line(color="#1565c0").encode(y="7-day average (mg):Q")
    st.altair_chart(bars + target + rolling, key="history_chart")
    st.caption("Bars: each day's magnesium. Dashed red: the target. Blue: 7-day rolling average.")


def _top_foods(summary: PeriodSummary) -> None:
    if not summary.top_foods:
        return
    st.subheader("Top foods")
    rows = [
        {
            "food": readable_name(f.food),
            "magnesium": mg(f.magnesium_mg),
            "days": f.days,
            "FDC id": f.fdc_id,
        }
        for f in summary.top_foods
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _days_to_open(ctx: AppContext, summary: PeriodSummary) -> None:
    """The period's saved days, newest first, four to a row: one click opens it in Today."""
    if not summary.points:
        return
    st.subheader("Open a day")
    columns = st.columns(4)
    for i, point in enumerate(reversed(summary.points)):
        met = "" if point.below_target is None else (" ✓" if not point.below_target else "")
        label = f"{point.day.strftime('%a %d %b')} · {mg(point.total_mg)}{met}"
        if columns[i % 4].button(label, key=f"history_open_{point.day.isoformat()}"):
            st.session_state["open_day"] = point.day
            ctx.go_today()


def _edit_or_delete(ctx: AppContext, store: History, days: tuple[SavedDay, ...]) -> None:
    if not days:
        return
    st.subheader("Edit or delete a day")
    choices = [d.day for d in reversed(days)]
    picked = st.selectbox(
        "Saved day",
        choices,
        format_func=lambda d: _day_label(d, days),
        key="history_pick",
    )
    if picked is None:
        return
    left, right = st.columns(2)
    if left.button("Open in Today to edit", key="history_open"):
        st.session_state["open_day"] = picked
        ctx.go_today()
    confirm = right.checkbox("Yes, delete it", key="history_delete_confirm")
    if right.button("Delete this day", key="history_delete", disabled=not confirm):
        store.delete_day(picked)
        st.session_state.pop("history_pick", None)
        st.toast(f"Deleted {picked.isoformat()}")
        st.rerun()


def _day_label(day: date, days: tuple[SavedDay, ...]) -> str:
    saved = next(d for d in days if d.day == day)
    return f"{day.isoformat()} · {mg(saved.total_mg)}"


def _export(days: tuple[SavedDay, ...]) -> None:
    st.subheader("Export and import")
    st.download_button(
        "Export all days as CSV",
        data=export_csv(days),
        file_name="magfood-days.csv",
        mime="text/csv",
        key="history_export",
        disabled=not days,
    )


if __name__ == "__main__":
    run_page(render)
