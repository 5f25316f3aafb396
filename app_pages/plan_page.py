"""Plan page: a week of menus that meets the magnesium target within a calorie range, with
per-item swap and lock, a shopping list, exports, saved plans, and a way to copy a planned
day into Today.

Actions that change the plan (shuffle, swap, lock, open) are button callbacks, so the page
drawn after them already shows the new plan; a failed action leaves the plan as it was and
says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

import magfood as menus
from app_pages.common import (
    AppContext,
    mg,
    open_log,
    remembered_profile,
    run_page,
    store_log,
)
from app_pages.plan_household import explain, household
from magfood import DIETS, EXCLUSIONS, History, MagfoodError, PlanError, target_for, usual_foods
from magfood import top_saved_foods as top_foods

#: Session keys: the plan (or Infeasible) shown, a message about the last action, and the
#: foods already offered per (day, meal, position) so repeated swaps cycle.
RESULT, NOTICE, OFFERED = "plan_result", "plan_notice", "plan_offered"
#: Foods from saved days passed as favourites: the most often logged and the top sources.
USUAL_FOODS, TOP_FOODS = 20, 10


def render(ctx: AppContext) -> None:
    if st.session_state.pop("plan_copied", False):
        ctx.go_today()
    st.title("Plan a week")
    table, store = ctx.table(), ctx.history()
    request = _request(ctx, store)
    run, again = st.columns(2)
    if run.button("Plan my week", key="plan_run", type="primary"):
        with st.spinner("Planning seven days…"):
            _attempt(lambda: _set_result(menus.plan_week(table, request)))
    if isinstance(st.session_state.get(RESULT), menus.WeekPlan):
        again.button("Shuffle", key="plan_shuffle", on_click=_attempt, args=(_shuffle(ctx),))
    st.button(
        "Remember these settings",
        key="plan_remember",
        on_click=_remember,
        args=(store, request),
        help="Diet, exclusions, calories, snacks and household, kept with your profile.",
    )
    household(ctx, request, _remembered(remembered_profile(store)).people)
    _saved_plans(ctx, store)
    _notice()
    result = st.session_state.get(RESULT)
    if isinstance(result, menus.Infeasible):
        explain(result)
    elif isinstance(result, menus.WeekPlan):
        _show(ctx, store, result)


# --- the request ----------------------------------------------------------------------------


def _request(ctx: AppContext, store: History) -> menus.PlanRequest:
    saved = remembered_profile(store)
    default_target = target_for(saved.profile).rda_mg if saved else 320
    left, right = st.columns(2)
    target = left.number_input(
        "Magnesium target (mg a day)",
        50,
        1000,
        int(default_target),
        10,
        key="plan_target",
        help="From your profile on the Today page; change it here for this plan.",
    )
    kept = _remembered(saved)
    kcal = right.slider(
        "Calories a day",
        1000,
        4000,
        (int(kept.kcal_min), int(kept.kcal_max)),
        50,
        key="plan_kcal",
    )
    left, middle, right = st.columns(3)
    diet = left.selectbox(
        "Diet", DIETS, index=DIETS.index(kept.diet) if kept.diet in DIETS else 0, key="plan_diet"
    )
    exclude = middle.multiselect(
        "Leave out",
        EXCLUSIONS,
        default=[w for w in kept.exclude if w in EXCLUSIONS],
        key="plan_exclude",
    )
    snacks = right.radio(
        "Snacks a day", (0, 1, 2), index=kept.snacks, horizontal=True, key="plan_snacks"
    )
    left, right = st.columns(2)
    other = left.text_input(
        "Also leave out",
        value=", ".join(w for w in kept.exclude if w not in EXCLUSIONS),
        key="plan_exclude_text",
        placeholder="any foods, e.g. tuna, mushrooms",
    )
    liked = right.text_input(
        "Foods to include", key="plan_favourites", placeholder="e.g. oatmeal, black beans"
    )
    left, middle, right = st.columns(3)
    mine = left.checkbox(
        "Prefer what I usually eat", key="plan_mine", help="Foods from your saved days."
    )
    repeats = middle.slider("Most times one food appears in the week", 1, 7, 3, key="plan_repeats")
    st.session_state.setdefault("plan_seed", 0)  # Shuffle steps it
    seed = right.number_input(
        "Variation", 0, 100_000, step=1, key="plan_seed", help="Another number, another week."
    )
    favourites = [*_named_foods(ctx, liked), *(_usual_foods(store) if mine else ())]
    return menus.request_from_options(
        target_mg=float(target),
        kcal=f"{kcal[0]}-{kcal[1]}",
        diet=diet or "omnivore",
        exclude=[*exclude, other],
        snacks=int(snacks or 0),
        seed=int(seed),
        max_repeats=int(repeats),
        favourites=list(dict.fromkeys(favourites)),
    )


def _remembered(saved: menus.SavedProfile | None) -> menus.PlanSettings:
    """The plan settings remembered with the person's profile (defaults if none)."""
    return saved.plan if saved is not None and saved.plan is not None else menus.PlanSettings()


def _remember(store: History, request: menus.PlanRequest) -> None:
    """Keep the page's diet, exclusions, calories, snacks and people with the profile."""
    try:
        people = menus.household_lines(
            st.session_state.get("plan_people", ""), (request.kcal_min, request.kcal_max)
        )
        settings = menus.PlanSettings(
            diet=request.diet,
            exclude=request.exclude,
            kcal_min=request.kcal_min,
            kcal_max=request.kcal_max,
            snacks=request.snacks,
            people=people,
        )
        where = menus.save_user_plan_settings(store, settings)
    except MagfoodError as exc:
        st.session_state[NOTICE] = ("error", str(exc))
        return
    st.session_state[NOTICE] = ("success", f"Remembered these settings in {where}.")


def _named_foods(ctx: AppContext, text: str) -> list[int]:
    """FDC ids of the foods typed in "Foods to include" (read like a meal)."""
    if not text.strip():
        return []
    items = menus.parse_meal(text, ctx.table()).items
    return [item.fdc_id for item in items if item.counted and item.fdc_id is not None]


def _usual_foods(store: History) -> list[int]:
    days = store.days()
    top = [food.fdc_id for food in top_foods(days, TOP_FOODS) if food.fdc_id is not None]
    return [*usual_foods(days, USUAL_FOODS), *top]


# --- actions (button callbacks) -------------------------------------------------------------


def _attempt(action: Callable[[], None]) -> None:
    """Run an action; a MagfoodError becomes the page's notice instead of a traceback."""
    try:
        action()
    except MagfoodError as exc:
        st.session_state[NOTICE] = ("error", str(exc))


def _set_result(result: menus.WeekPlan | menus.Infeasible) -> None:
    st.session_state[RESULT] = result
    st.session_state[OFFERED] = {}


def _plan() -> menus.WeekPlan:
    plan = st.session_state.get(RESULT)
    if not isinstance(plan, menus.WeekPlan):
        raise PlanError("There is no plan to change; plan a week first.")
    return plan


def _shuffle(ctx: AppContext) -> Callable[[], None]:
    def action() -> None:
        plan = _plan()
        st.session_state["plan_seed"] = plan.request.seed + 1
        _set_result(menus.shuffle(ctx.table(), plan))

    return action


def _picked(plan: menus.WeekPlan, day: int) -> tuple[int, str, menus.PlannedItem]:
    """The (position, meal, item) chosen in a day's item picker."""
    items = _day_items(plan.days[day - 1])
    position = st.session_state.get(f"plan_item_{day}") or 0
    position = position if position < len(items) else 0
    meal, item = items[position]
    return position, meal, item


def _swap(ctx: AppContext, day: int) -> Callable[[], None]:
    def action() -> None:
        plan = _plan()
        position, meal, old = _picked(plan, day)
        offered: dict[tuple[int, str, int], set[int]] = st.session_state.setdefault(OFFERED, {})
        skip = offered.setdefault((day, meal, position), set())
        skip.add(old.fdc_id)
        result = menus.swap_item(ctx.table(), plan, day, meal, old.fdc_id, skip)
        if isinstance(result, menus.Infeasible):
            skip.clear()  # the next swap starts the round of alternatives again
            st.session_state[NOTICE] = ("warning", result.explanation)
            return
        new = _day_items(result.days[day - 1])[position][1]
        skip.add(new.fdc_id)
        st.session_state[RESULT] = result
        st.session_state[NOTICE] = ("success", f"Day {day} {meal}: {old.food} → {new.food}.")

    return action


def _lock(ctx: AppContext, day: int) -> Callable[[], None]:
    def action() -> None:
        plan = _plan()
        _, meal, item = _picked(plan, day)
        with st.spinner("Re-planning the week around it…"):
            result = menus.lock_item(ctx.table(), plan, day, meal, item.fdc_id)
        if isinstance(result, menus.Infeasible):
            st.session_state[NOTICE] = (
                "warning",
                f"The week cannot keep {item.food} on day {day}: {result.explanation} "
                + " ".join(result.suggestions),
            )
            return
        _set_result(result)
        st.session_state[NOTICE] = ("success", f"Kept {item.food} on day {day} {meal}.")

    return action


def _unlock(ctx: AppContext) -> Callable[[], None]:
    def action() -> None:
        plan = _plan()
        _set_result(menus.plan_week(ctx.table(), replace(plan.request, locked=())))

    return action


def _save(store: History) -> Callable[[], None]:
    def action() -> None:
        name = str(st.session_state.get("plan_save_name") or "").strip() or _default_name()
        saved = store.save_plan(name, menus.plan_record(_plan()))
        st.session_state[NOTICE] = ("success", f"Saved the plan as “{saved.name}”.")

    return action


def _open(store: History) -> Callable[[], None]:
    def action() -> None:
        saved = store.load_plan(int(st.session_state.get("plan_saved") or 0))
        if saved is None:
            st.session_state[NOTICE] = ("warning", "That plan is no longer saved.")
            return
        _set_result(menus.plan_from_record(saved.record))
        st.session_state[NOTICE] = ("success", f"Opened “{saved.name}”.")

    return action


def _delete(store: History) -> Callable[[], None]:
    def action() -> None:
        plan_id = int(st.session_state.get("plan_saved") or 0)
        if store.delete_plan(plan_id):
            st.session_state[NOTICE] = ("success", "Deleted the saved plan.")

    return action


def _default_name() -> str:
    return f"Week of {date.today().isoformat()}"


# --- showing the result ---------------------------------------------------------------------


def _notice() -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        kind, text = notice
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(text)


def _saved_plans(ctx: AppContext, store: History) -> None:
    saved = store.plans()
    if not saved:
        return
    labels = {p.id: f"{p.name} (saved {p.saved_at[:10]})" for p in saved}
    with st.expander(f"Saved plans ({len(saved)})"):
        st.selectbox("Saved plan", tuple(labels), format_func=labels.__getitem__, key="plan_saved")
        left, right = st.columns(2)
        left.button("Open", key="plan_open", on_click=_attempt, args=(_open(store),))
        right.button("Delete", key="plan_delete", on_click=_attempt, args=(_delete(store),))


def _show(ctx: AppContext, store: History, plan: menus.WeekPlan) -> None:
    _summary(plan)
    for day in plan.days:
        _day(ctx, plan, day)
    _shopping(plan)
    _downloads_and_save(store, plan)


def _summary(plan: menus.WeekPlan) -> None:
    summary, target = plan.summary, plan.request.target_mg
    columns = st.columns(4)
    columns[0].metric("Average a day", mg(summary.mean_magnesium_mg))
    columns[1].metric("Lowest day", mg(summary.min_magnesium_mg))
    columns[2].metric("Days meeting target", f"{summary.days_meeting_target} of {len(plan.days)}")
    columns[3].metric("Average kcal", f"{summary.mean_kcal:,.0f}")
    st.caption(
        f"Target {target:g} mg a day within {plan.request.kcal_min:g}–"
        f"{plan.request.kcal_max:g} kcal; {summary.distinct_foods} different foods."
    )
    days = pd.DataFrame(
        {
            "day": [d.day for d in plan.days],
            "magnesium (mg)": [round(d.magnesium_mg) for d in plan.days],
            "% of target": [round(d.magnesium_mg / target * 100) for d in plan.days],
            "kcal": [round(d.kcal) for d in plan.days],
            "meets target": [d.meets_target for d in plan.days],
        }
    )
    st.dataframe(days, hide_index=True)


def _day_items(day: menus.PlannedDay) -> list[tuple[str, menus.PlannedItem]]:
    return [(meal.meal, item) for meal in day.meals for item in meal.items]


def _day(ctx: AppContext, plan: menus.WeekPlan, day: menus.PlannedDay) -> None:
    items = _day_items(day)
    with st.expander(f"Day {day.day}: {mg(day.magnesium_mg)}, {day.kcal:,.0f} kcal"):
        rows = [
            {
                "meal": meal,
                "food": item.food,
                "portion": item.portion,
                "grams": round(item.grams),
                "magnesium (mg)": round(item.magnesium_mg),
                "kcal": round(item.kcal),
                "kept": item.locked,
            }
            for meal, item in items
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        labels = {n: f"{meal}: {item.food}" for n, (meal, item) in enumerate(items)}
        st.selectbox(
            "Item", tuple(labels), format_func=labels.__getitem__, key=f"plan_item_{day.day}"
        )
        swap, lock, copy = st.columns(3)
        swap.button(
            "Swap for a similar food",
            key=f"plan_swap_{day.day}",
            on_click=_attempt,
            args=(_swap(ctx, day.day),),
        )
        lock.button(
            "Keep it and re-plan the week",
            key=f"plan_lock_{day.day}",
            on_click=_attempt,
            args=(_lock(ctx, day.day),),
        )
        copy.button(
            "Use as today's meals",
            key=f"plan_copy_{day.day}",
            on_click=_copy_day,
            args=(ctx, day),
        )
    if day.day == len(plan.days) and plan.request.locked:
        st.button(
            f"Unlock {len(plan.request.locked)} kept food(s) and re-plan",
            key="plan_unlock",
            on_click=_attempt,
            args=(_unlock(ctx),),
        )


def _shopping(plan: menus.WeekPlan) -> None:
    st.subheader("Shopping list")
    st.dataframe(_shopping_frame(plan.shopping_list), hide_index=True)


def _shopping_frame(items: tuple[menus.ShoppingItem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"section": s.section, "buy": s.buy, "food": s.food, "grams": round(s.grams)}
            for s in items
        ]
    )


def _downloads_and_save(store: History, plan: menus.WeekPlan) -> None:
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
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.text_input(
        "Save as",
        value=_default_name(),
        key="plan_save_name",
        help="Saving under a name already used replaces that plan.",
    )
    right.button("Save plan", key="plan_save", on_click=_attempt, args=(_save(store),))


def _copy_day(ctx: AppContext, day: menus.PlannedDay) -> None:
    """Add a planned day's foods to today's meals, each with its exact FDC id and grams."""
    today = date.today()
    store_log(ctx, menus.copy_planned_day(open_log(ctx, today), day, ctx.table()))
    st.session_state["open_day"] = today
    st.session_state["plan_copied"] = True


if __name__ == "__main__":
    run_page(render)
