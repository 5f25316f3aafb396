"""Foods page: search the food table, and browse magnesium-rich foods ranked per serving,
per 100 g or per 100 kcal with diet filters and food families."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages.common import AppContext, open_log, run_page, store_log
from magfood import (
    DIETS,
    EXCLUSIONS,
    RANK_BY,
    SUGGESTED,
    FoodTable,
    History,
    MealTime,
    RankedFood,
    find_foods,
    rank_foods,
    serving_line,
    usual_foods,
)

RANK_LABELS = {"serving": "per serving", "100g": "per 100 g", "100kcal": "per 100 kcal"}
ALL_FAMILIES = "all magnesium-rich families"
RANK_COLUMNS = {"serving": "mg per serving", "100g": "mg per 100 g", "100kcal": "mg per 100 kcal"}


def render(ctx: AppContext) -> None:
    st.title("Foods")
    table = ctx.table()
    found = _search(table)
    ranked = _ranking(table, ctx.history())
    _add_to_today(ctx, (*found, *ranked))


def _search(table: FoodTable) -> tuple[RankedFood, ...]:
    query = st.text_input(
        "Search the food table", key="foods_search", placeholder="e.g. pumpkin seeds, tofu"
    )
    if not query.strip():
        return ()
    found = find_foods(table, query, limit=15)
    if not found:
        st.info(f"No food in the table looks like '{query.strip()}'. Try fewer or other words.")
        return ()
    st.dataframe(_rows(found), hide_index=True, key="foods_found")
    return found


def _add_to_today(ctx: AppContext, shown: tuple[RankedFood, ...]) -> None:
    """Add one serving of a food shown above to today's snacks, by its FDC id."""
    servable = {r.fdc_id: r for r in shown if r.portion and r.grams}
    if not servable:
        return
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    fdc_id = left.selectbox(
        "Add a serving to today",
        tuple(servable),
        format_func=lambda i: f"{_line(servable[i])} (FDC {i})",
        key="foods_add_choice",
    )
    if right.button("Add to Today", key="foods_add") and fdc_id is not None:
        row = servable[fdc_id]
        assert row.portion and row.grams
        log = open_log(ctx, date.today())
        added = log.add_food(
            MealTime.SNACKS, row.fdc_id, row.grams, row.portion, ctx.table()
        )  # written as serving_line writes it, as _line shows it
        store_log(ctx, added)
        st.success(f"Added {_line(row)} to today's snacks.")


def _line(row: RankedFood) -> str:
    return serving_line(row.portion or "", row.food)


def _ranking(table: FoodTable, store: History) -> tuple[RankedFood, ...]:
    st.subheader("Magnesium-rich foods")
    by = st.radio(
        "Rank by",
        RANK_BY,
        format_func=RANK_LABELS.__getitem__,
        horizontal=True,
        key="foods_rank_by",
    )
    left, middle, right = st.columns(3)
    family = left.selectbox("Family", (ALL_FAMILIES, *SUGGESTED), key="foods_family")
    diet = middle.selectbox("Diet", DIETS, key="foods_diet")
    exclude = right.multiselect("Leave out", EXCLUSIONS, key="foods_exclude")
    mine = st.checkbox("Foods I already eat first (from saved days)", key="foods_mine")
    favourites = usual_foods(store.days()) if mine else ()
    ranked = rank_foods(
        table,
        family=None if family == ALL_FAMILIES else family,
        diet=diet or "omnivore",
        exclude=exclude,
        favourites=favourites,
        by=by or "serving",
        limit=30,
    )
    if not ranked:
        st.info("No food fits these filters. Try another family or fewer exclusions.")
        return ()
    rows = _rows(ranked)
    # The ranked figure leads: on a phone it is the column seen without scrolling.
    leading = RANK_COLUMNS[by or "serving"]
    st.dataframe(rows[[leading, *(c for c in rows.columns if c != leading)]], hide_index=True)
    return ranked


def _rows(ranked: tuple[RankedFood, ...]) -> pd.DataFrame:
    """One row a food: per serving, per 100 g and per 100 kcal side by side; "—" where a
    figure is missing."""
    return pd.DataFrame(
        [
            {
                "food": r.name,
                "family": r.family,
                "serving": r.portion or "—",
                "mg per serving": _round(r.magnesium_mg),
                "kcal per serving": _round(r.kcal),
                "mg per 100 g": _round(r.magnesium_mg_per_100g),
                "mg per 100 kcal": _round(r.magnesium_mg_per_100kcal),
                "yours": "★" if r.favourite else "",
                "FDC food": r.food,
                "FDC id": r.fdc_id,
            }
            for r in ranked
        ]
    )


def _round(value: float | None) -> str:
    return "—" if value is None else f"{float(value):.0f}"


if __name__ == "__main__":
    run_page(render)
