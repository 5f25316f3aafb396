"""What every page shares: the loaders app.py hands over, and small display helpers.

Caching lives in app.py (``st.cache_resource``), which hands the loaders over with
:func:`set_context` before running the page file; a page only calls ``ctx.table()`` and
``ctx.history()``. Nothing here parses text or adds magnesium up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from magfood.diary.store import History
from magfood.errors import MagfoodError
from magfood.foods.suggestions import GapPlan
from magfood.intake.reference import Profile, make_profile
from magfood.table.load import FoodTable

DISCLAIMER = (
    "Nutrition information from USDA FoodData Central, not medical advice. "
    "Ask a clinician before changing supplements."
)


@dataclass(frozen=True)
class AppContext:
    """Loaders for the cached food table and saved-days database, a cache reset, a way
    to switch to the Today page, and the cached "close the gap" search."""

    table: Callable[[], FoodTable]
    history: Callable[[], History]
    forget_table: Callable[[], None]
    go_today: Callable[[], None]
    gap_plan: Callable[[float, tuple[int, ...]], GapPlan]


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
    except MagfoodError as exc:
        st.error(str(exc))
        st.stop()


def mg(value: float | None) -> str:
    """Milligrams for display: "156 mg", or "unknown"."""
    return "unknown" if value is None else f"{value:,.0f} mg"


def grams(value: float | None) -> str:
    return "?" if value is None else f"{value:,.0f} g"


def food_line(portion: str, food: str) -> str:
    """ "1 cup Dock raw": a serving as a meal-box line the parser reads as one item
    (commas and joining words such as "and"/"with" would split it)."""
    head = portion.split(",")[0]
    words = re.sub(r"\b(?:and|with|plus|n)\b|[&+,;()]", " ", food)
    return " ".join(f"{head} {words}".split())


def profile_from_setting(saved: Mapping[str, Any]) -> Profile:
    """The remembered profile (as saved by the Today sidebar) as a checked Profile."""
    years = saved.get("unit", "years") == "years"
    age = float(saved.get("age", 30.0))
    return make_profile(
        sex=str(saved.get("sex", "female")),
        age_years=age if years else None,
        age_months=None if years else int(age),
        pregnant=bool(saved.get("pregnant", False)),
        lactating=bool(saved.get("lactating", False)),
    )
