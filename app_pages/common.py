"""What every page shares: the loaders app.py hands over, the day being logged, and small
display helpers.

Caching lives in app.py (``st.cache_resource``), which hands the loaders over with
:func:`set_context` before running the page file; a page only calls ``ctx.table()`` and
``ctx.history()``. Nothing here parses text or adds magnesium up: the core does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

import magfood

DISCLAIMER = (
    "Nutrition information from USDA FoodData Central, not medical advice. "
    "Ask a clinician before changing supplements."
)
#: Session key of the logs opened this session, by date.
LOGS = "today_logs"
DEFAULT_PROFILE: dict[str, Any] = {"age": 30.0, "unit": "years", "sex": "female"}


@dataclass(frozen=True)
class AppContext:
    """Loaders for the cached food table and the signed-in person's diary, a cache reset,
    a way to switch to the Today page, the cached "close the gap" search, and who is
    signed in (``app_pages/account.py``)."""

    table: Callable[[], magfood.FoodTable]
    history: Callable[[], magfood.History]
    forget_table: Callable[[], None]
    go_today: Callable[[], None]
    gap_plan: Callable[[float, tuple[int, ...]], magfood.GapPlan]
    person: magfood.SignedIn


_context: list[AppContext] = []


def set_context(ctx: AppContext) -> None:
    """Called by app.py on every run, before the page file runs."""
    _context[:] = [ctx]


def run_page(render: Callable[[AppContext], None]) -> None:
    """Run a page; any MagfoodError becomes one friendly message, never a traceback."""
    if not _context:
        st.error("Start magfood with `streamlit run app.py`.")
        st.stop()
    try:
        render(_context[0])
    except magfood.MagfoodError as exc:
        st.error(str(exc))
        st.stop()


# -- the day being logged --------------------------------------------------------------------


def open_log(ctx: AppContext, day: date) -> magfood.DayLog:
    """The log of a day as this session has it (read from the diary the first time)."""
    logs: dict[date, magfood.DayLog] = st.session_state.setdefault(LOGS, {})
    if day not in logs:
        saved = ctx.history().load_day(day)
        logs[day] = magfood.DayLog(day) if saved is None else saved.open(ctx.table())
    return logs[day]


def store_log(ctx: AppContext, log: magfood.DayLog) -> None:
    """Keep a changed log and save it at once (an empty day is removed from the diary)."""
    st.session_state.setdefault(LOGS, {})[log.day] = log
    store = ctx.history()
    if not log.entries and not log.supplements.strip():
        store.delete_day(log.day)
        return
    result = magfood.evaluate(log, current_profile(ctx), ctx.table())
    store.save_day(magfood.saved_day(log, result))


def remembered_profile(store: magfood.History) -> magfood.SavedProfile | None:
    """The profile remembered for the signed-in person, or None (also when it cannot be
    read: the sidebar then starts from the default and saves over it)."""
    try:
        return magfood.load_user_profile(store)
    except magfood.ProfileError:
        return None


def current_profile(ctx: AppContext) -> magfood.Profile:
    """The profile the sidebar shows (or the remembered one)."""
    remembered = remembered_profile(ctx.history())
    saved = {**DEFAULT_PROFILE, **(remembered.setting() if remembered else {})}
    chosen = {name: st.session_state.get(f"profile_{name}", saved.get(name)) for name in saved}
    return profile_from_setting(chosen)


def profile_from_setting(saved: Mapping[str, Any]) -> magfood.Profile:
    """The remembered profile (as saved by the Today sidebar) as a checked Profile."""
    years = saved.get("unit", "years") == "years"
    age = float(saved.get("age", 30.0))
    female = saved.get("sex", "female") == "female"
    return magfood.make_profile(
        sex=str(saved.get("sex", "female")),
        age_years=age if years else None,
        age_months=None if years else int(age),
        pregnant=bool(saved.get("pregnant", False)) and female,
        lactating=bool(saved.get("lactating", False)) and female,
    )


# -- display ---------------------------------------------------------------------------------


def mg(value: float | None) -> str:
    """Milligrams for display: "156 mg", or "unknown"."""
    return "unknown" if value is None else f"{value:,.0f} mg"


def grams(value: float | None) -> str:
    return "?" if value is None else f"{value:,.0f} g"


#: Every ASCII punctuation character: CommonMark lets a backslash make any of them literal,
#: which also stops Streamlit's :icon: and :color[...] directives, links, images and HTML.
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def plain(text: str) -> str:
    """Keep user or FDC text from being read as Markdown or HTML."""
    return "".join("\\" + char if char in _PUNCTUATION else char for char in text)
