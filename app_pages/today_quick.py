"""Today page: add a food eaten lately in one click, or copy the last logged day.

Keyed ``quick_food``, ``quick_meal``, ``quick_add`` and ``copy_previous``. The recent foods
and the previous day come from the core (``recent_foods``, ``previous_day``); a recent food
is added by its FDC id and the grams it had, a copied day by ``DayLog.add_copy``.
"""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

import magfood
from app_pages.common import AppContext, open_log, store_log

#: Recent foods offered for a quick add.
QUICK_FOODS = 12
#: The meal a quick add goes to on another day than today (today: the meal of the hour).
SNACKS = magfood.MealTime.SNACKS


def quick_add(ctx: AppContext, log: magfood.DayLog, days: tuple[magfood.SavedDay, ...]) -> None:
    """A recent food to a meal, and the last logged day copied into this one."""
    recent = {f.fdc_id: f for f in magfood.recent_foods(days, limit=QUICK_FOODS)}
    before = magfood.previous_day(days, log.day)
    if not recent and before is None:
        return
    row = st.container(horizontal=True, vertical_alignment="bottom", key="quick")
    if recent:
        row.selectbox(
            "Add a recent food",
            tuple(recent),
            format_func=lambda i: _line(recent[i]),
            key="quick_food",
            width=320,
        )
        now = magfood.meal_at(datetime.now()) if log.day == date.today() else SNACKS
        row.selectbox(
            "to",
            magfood.MEALS,
            index=magfood.MEALS.index(now),
            format_func=str.capitalize,
            key="quick_meal",
            width=120,
        )
        row.button(
            "Add",
            key="quick_add",
            icon=":material/add:",
            on_click=_add_recent,
            args=(ctx, log.day, recent),
        )
    if before is not None:
        foods = len(before.log.entries)
        row.button(
            f"Copy {before.day:%a %d %b} ({foods} food{'s' if foods != 1 else ''})",
            key="copy_previous",
            icon=":material/content_copy:",
            help="Adds that day's foods (the same FDC foods and grams) and its "
            "supplements to this day.",
            on_click=_copy,
            args=(ctx, log.day, before),
        )


def _line(food: magfood.RecentFood) -> str:
    return magfood.serving_line(f"{food.grams:.0f} g", food.food)


def _add_recent(ctx: AppContext, day: date, recent: dict[int, magfood.RecentFood]) -> None:
    fdc_id = st.session_state.get("quick_food")
    meal = magfood.meal_of(str(st.session_state.get("quick_meal") or ""))
    if fdc_id not in recent or meal is None:
        return
    food = recent[fdc_id]
    log = open_log(ctx, day)
    portion = f"{food.grams:.0f} g"
    store_log(ctx, log.add_food(meal, food.fdc_id, food.grams, portion, ctx.table()))


def _copy(ctx: AppContext, day: date, before: magfood.SavedDay) -> None:
    table = ctx.table()
    store_log(ctx, open_log(ctx, day).add_copy(before.open(table), table))
