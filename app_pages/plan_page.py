"""Plan page (coming: written against the module it needs once that lands)."""

from __future__ import annotations

import streamlit as st

from app_pages.common import AppContext, run_page


def render(ctx: AppContext) -> None:
    st.title("Plan")
    st.info("This page is coming soon.")


if __name__ == "__main__":
    run_page(render)
