"""Plan page, a household: one menu for several people, each served to their own target,
and how an impossible request is explained."""

from __future__ import annotations

import streamlit as st

import magfood as menus
from app_pages.common import AppContext
from magfood import MagfoodError


def explain(result: menus.Infeasible) -> None:
    """Why no plan fits, and what to relax."""
    st.warning(f"No plan fits. {result.explanation}")
    if result.suggestions:
        st.markdown("What to relax:\n" + "\n".join(f"- {hint}" for hint in result.suggestions))


def household(ctx: AppContext, request: menus.PlanRequest, people: tuple[str, ...]) -> None:
    """One menu for several people: one person per line, the week's settings above."""
    with st.expander("Plan for a household"):
        text = st.text_area(
            "People, one a line",
            value="\n".join(people),
            key="plan_people",
            placeholder="female 34\nfemale 30 pregnant 2200-2600\nchild 7 1400-1700",
            help="SEX AGE, optionally pregnant or lactating and a calorie range "
            "(default: the range above).",
        )
        if not st.button("Plan for the household", key="plan_household_run"):
            return
        try:
            kcal = (request.kcal_min, request.kcal_max)
            persons = [
                menus.person_from_text(line, kcal) for line in text.splitlines() if line.strip()
            ]
            with st.spinner("Planning the household's week…"):
                result = menus.plan_household(ctx.table(), request, persons)
        except MagfoodError as exc:
            st.error(str(exc))
            return
        if isinstance(result, menus.Infeasible):
            explain(result)
            return
        st.session_state["plan_household"] = result
        for person, week in zip(result.people, result.weeks, strict=True):
            lows = min(d.magnesium_mg for d in week.days)
            st.markdown(
                f"**{person.label}**: {person.target_mg:g} mg target, lowest day {lows:g} mg; "
                f"{week.summary.min_kcal:g}-{week.summary.max_kcal:g} kcal a day"
            )
        st.markdown(menus.household_to_markdown(result))
