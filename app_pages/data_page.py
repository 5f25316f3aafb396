"""Data page: which FDC releases the food table came from, and a refresh that keeps the old
table on any failure. Who may rebuild is the core's rule (``magfood.may_refresh``): an
admin in a shared deployment, else the person who started magfood with
MAGFOOD_ALLOW_REFRESH=1."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.common import AppContext, run_page
from magfood import (
    ALLOW_REFRESH_ENV,
    FoodTableError,
    MagfoodError,
    RefreshSource,
    default_data_dir,
    may_refresh,
    refresh_table,
)


def render(ctx: AppContext) -> None:
    st.title("Data")
    st.write(
        "Food values come from USDA FoodData Central (FDC). Rebuild the table from a newer "
        "release here; the current table stays in use unless the new one builds and passes "
        "its checks."
    )
    try:
        table = ctx.table()
    except FoodTableError as exc:
        data_dir = default_data_dir()
        message = str(exc).replace(str(data_dir.resolve()), "data/").replace(str(data_dir), "data/")
        st.error(f"The food table cannot be loaded: {message}")
    else:
        _show_manifest(table.manifest)
        data_dir = table.data_dir
    _refresh_section(ctx, data_dir)


def _show_manifest(manifest: dict[str, Any]) -> None:
    totals = manifest.get("totals", {})
    built = str(manifest.get("built", "unknown"))
    columns = st.columns(3)
    columns[0].metric("Foods", f"{totals.get('foods', 0):,}")
    columns[1].metric("With a magnesium value", f"{totals.get('foods_with_magnesium', 0):,}")
    columns[2].metric("Household portions", f"{totals.get('portions', 0):,}")
    st.caption(f"Built {built.replace('T', ' ')}")
    counts = manifest.get("counts", {})
    rows = [
        {
            "dataset": source.get("dataset"),
            "release": source.get("release"),
            "from": f"{source.get('origin', '')}: {Path(str(source.get('file', ''))).name}",
            "foods": counts.get(source.get("dataset"), {}).get("foods"),
            "portions": counts.get(source.get("dataset"), {}).get("portions"),
            "read": str(source.get("fetched", "")).replace("T", " "),
        }
        for source in manifest.get("sources", [])
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(str(manifest.get("citation", "")))


def _refresh_section(ctx: AppContext, data_dir: Path) -> None:
    st.subheader("Refresh")
    allowed = may_refresh(ctx.person, os.environ)
    if ctx.person.shared and not allowed:
        # Nothing of the server (paths, settings) for someone who may not rebuild.
        st.info("Only an administrator can rebuild the food table.")
        return
    if not allowed:
        st.info(
            "Rebuilding is off. To rebuild the table on your own machine, start magfood with "
            f"{ALLOW_REFRESH_ENV}=1, or run `magfood refresh` in a terminal."
        )
    path = st.text_input(
        "A downloaded FDC bulk CSV release (folder or zip)",
        key="refresh_path",
        placeholder="/path/to/FoodData_Central_sr_legacy_food_csv_2018-04",
        disabled=not allowed,
    )
    branded = st.checkbox(
        "Include Branded foods (large; most have no magnesium value)",
        key="refresh_branded",
        disabled=not allowed,
    )
    left, right = st.columns(2)
    if left.button(
        "Rebuild from this release", key="refresh_local", disabled=not allowed or not path.strip()
    ):
        _run(ctx, RefreshSource(paths=(Path(path.strip()),), branded=branded), data_dir)
    if right.button(
        "Download the pinned releases and rebuild", key="refresh_download", disabled=not allowed
    ):
        _run(ctx, RefreshSource(branded=branded, progress=False), data_dir)


def _run(ctx: AppContext, source: RefreshSource, data_dir: Path) -> None:
    with st.spinner("Reading the release, then checking and installing the new table…"):
        try:
            result = refresh_table(source, data_dir)
        except (MagfoodError, OSError) as exc:
            st.error(f"Refresh failed: {exc}. The previous food table is still in use.")
            return
    ctx.forget_table()
    st.success(f"Refresh done: {result.summary()}.")


if __name__ == "__main__":
    run_page(render)
