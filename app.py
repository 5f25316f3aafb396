"""magfood in the browser: ``streamlit run app.py``.

This file owns the Streamlit caches and the navigation; the widgets of each page live in
``app_pages/`` (one file per page, each also a Streamlit page script) and every number comes
from the ``magfood`` package.
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

import magfood
from app_pages import account
from app_pages.common import DISCLAIMER, AppContext, set_context

#: Widget keys whose values must survive a switch to another page and back.
PERSISTENT_PREFIXES = ("profile_", "today_date", "pick_", "qty_", "unit_", "grams_", "reading_")
#: Parsed once when the table loads, so the matching index is built before the first edit.
WARM_UP_MEAL = "1 oz roasted pumpkin seeds, 1 cup cooked spinach"
#: (page file, title, icon, url path); each page file runs ``run_page(render)``.
PAGES = (
    ("app_pages/today_page.py", "Today", ":material/restaurant:", "today"),
    ("app_pages/history_page.py", "History", ":material/calendar_month:", "history"),
    ("app_pages/foods_page.py", "Foods", ":material/nutrition:", "foods"),
    ("app_pages/plan_page.py", "Plan", ":material/event_note:", "plan"),
    ("app_pages/data_page.py", "Data", ":material/database:", "data"),
)


@st.cache_resource(show_spinner="Loading the food table…", max_entries=2)
def _cached_table(directory: str, stamps: tuple[int, ...]) -> magfood.FoodTable:
    """The table with its matching index built (by reading one meal): the first edit of
    the page then costs what every later one does."""
    del stamps  # part of the cache key, so a refreshed table is picked up
    table = magfood.load_table(Path(directory))
    magfood.parse_meal(WARM_UP_MEAL, table)
    return table


@st.cache_resource(max_entries=4)
def _cached_history(path: str) -> magfood.History:
    """One History (one engine, one pool) per database, shared by every session; each
    session reads and writes through ``for_user`` of the person signed in."""
    return magfood.open_history(path)  # a file path or a database URL


#: Gaps are rounded up to this many mg so nearby gaps share one cached search.
GAP_STEP_MG = 10


@st.cache_data(max_entries=64, show_spinner="Looking for foods that close the gap…")
def _cached_gap_plan(
    directory: str, stamps: tuple[int, ...], gap_mg: float, exclude_ids: tuple[int, ...]
) -> magfood.GapPlan:
    table = _cached_table(directory, stamps)
    return magfood.close_gap(table, gap_mg, exclude_ids=exclude_ids)


def _gap_plan(gap_mg: float, exclude_ids: tuple[int, ...] = ()) -> magfood.GapPlan:
    rounded = math.ceil(gap_mg / GAP_STEP_MG) * GAP_STEP_MG
    eaten = tuple(sorted(set(exclude_ids)))
    return _cached_gap_plan(*magfood.table_stamp(), rounded, eaten)


def _table() -> magfood.FoodTable:
    return _cached_table(*magfood.table_stamp())


class _OncePerRun:
    """The table for one run of the page: its files are checked once per run, not at
    every card that asks for it."""

    def __init__(self) -> None:
        self._kept: list[magfood.FoodTable] = []

    def table(self) -> magfood.FoodTable:
        if not self._kept:
            self._kept.append(_table())
        return self._kept[0]

    def forget(self) -> None:
        self._kept.clear()
        _cached_table.clear()


def _shared_history() -> magfood.History:
    return _cached_history(magfood.default_db_location())


def _keep_widget_state() -> None:
    """Re-assign persistent widget values so Streamlit keeps them across page switches."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(PERSISTENT_PREFIXES):
            st.session_state[key] = st.session_state[key]


def main() -> None:
    st.set_page_config(
        page_title="magfood: magnesium from food", page_icon=":material/eco:", layout="wide"
    )
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url, default=url == "today")
        for path, title, icon, url in PAGES
    ]
    # The pages as a row of links at the top of every page, at every width: Streamlit's
    # own top navigation (position="top") folds into the closed sidebar on a phone.
    navigation = st.navigation(pages, position="hidden")
    try:  # who this run is for, before any page runs (a sign-in screen stops here)
        person = account.signed_in(_shared_history())
    except magfood.MagfoodError as exc:
        st.error(str(exc))
        st.stop()
    _keep_widget_state()
    run = _OncePerRun()
    set_context(
        AppContext(
            table=run.table,
            history=lambda: _shared_history().for_user(person.name),
            forget_table=run.forget,
            go_today=lambda: st.switch_page(PAGES[0][0]),
            gap_plan=_gap_plan,
            person=person,
        )
    )
    links = st.container(horizontal=True, key="nav", gap="small")
    for page in pages:
        links.page_link(page, width="content")
    account.sign_out_control(links, person)
    st.caption(DISCLAIMER)
    navigation.run()
    try:
        run.table()  # pages that need no table (History) load it after they are drawn
    except magfood.MagfoodError as exc:
        # Only a page that does not need the table gets here (History); the Data page
        # says it itself.
        if navigation.url_path != "data":
            st.warning(f"Saved days are shown, but {exc}")


main()
