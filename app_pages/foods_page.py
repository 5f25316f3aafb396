"""Foods page: search the food table, and browse magnesium-rich foods ranked per serving,
per 100 g or per 100 kcal with diet filters and food families."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import AppContext, run_page
from magfood import (
    DIETS,
    EXCLUSIONS,
    RANK_BY,
    SUGGESTED,
    FoodTable,
    History,
    rank_foods,
    search_foods,
    usual_foods,
)

RANK_LABELS = {"serving": "per serving", "100g": "per 100 g", "100kcal": "per 100 kcal"}
ALL_FAMILIES = "all magnesium-rich families"
RANK_COLUMNS = {"serving": "mg per serving", "100g": "mg per 100 g", "100kcal": "mg per 100 kcal"}


def render(ctx: AppContext) -> None:
    st.title("Foods")
    table = ctx.table()
    _search(table)
    _ranking(table, ctx.history())


def _search(table: FoodTable) -> None:
    query = st.text_input(
        "Search the food table", key="foods_search", placeholder="e.g. pumpkin seeds, tofu"
    )
    if not query.strip():
        return
    found = search_foods(table, query, limit=15)
    if not found:
        st.info(f"No food in the table looks like '{query.strip()}'. Try fewer or other words.")
        return
    foods = table.foods.loc[[a.fdc_id for a in found]]
    rows = pd.DataFrame(
        {
            "magnesium mg/100 g": foods["magnesium_mg_per_100g"].round(0).to_numpy(),
            "food": foods["description"].to_numpy(),
            "kcal/100 g": foods["energy_kcal_per_100g"].round(0).to_numpy(),
            "source": foods["data_type"].to_numpy(),
            "FDC id": foods["fdc_id"].to_numpy(),
        }
    )
    st.dataframe(rows, hide_index=True)


def _ranking(table: FoodTable, store: History) -> None:
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
        return
    rows = pd.DataFrame(
        [
            {
                "food": r.food,
                "family": r.family,
                "serving": r.portion or "—",
                "mg per serving": _round(r.magnesium_mg),
                "kcal per serving": _round(r.kcal),
                "mg per 100 g": _round(r.magnesium_mg_per_100g),
                "mg per 100 kcal": _round(r.magnesium_mg_per_100kcal),
                "yours": "★" if r.favourite else "",
                "FDC id": r.fdc_id,
            }
            for r in ranked
        ]
    )
    # The ranked figure leads: on a phone it is the column seen without scrolling.
    leading = RANK_COLUMNS[by or "serving"]
    st.dataframe(rows[[leading, *(c for c in rows.columns if c != leading)]], hide_index=True)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value))


if __name__ == "__main__":
    run_page(render)
