"""The pages over a PostgreSQL diary (MAGFOOD_DB a URL, as deploy/compose.yaml sets it): the
Today page saves there, History reads it back, and with no account and no login provider
the day is the single-person user's (tests/test_app_accounts.py signs people in)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from magfood import open_history

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TODAY = date.today().isoformat()


def test_today_saves_to_postgres_and_history_reads_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", postgres_url)
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key=f"add_{TODAY}_snacks").input("1 oz roasted pumpkin seeds")
    at.button(key=f"add_{TODAY}_snacks_go").click().run()
    assert not at.exception, at.exception
    saved = open_history(postgres_url).load_day(date.today())
    assert saved is not None and [e.text for e in saved.log.entries] == [
        "1 oz roasted pumpkin seeds"
    ]
    assert saved.total_mg is not None and 150 <= saved.total_mg <= 160
    assert open_history(postgres_url, user="sam").load_day(date.today()) is None
    at.switch_page("app_pages/history_page.py").run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["History"]
    figures = {m.label: m.value for m in at.metric}
    assert figures["Days logged"] == "1 of 7"
    assert "mg" in at.button(key=f"history_open_{TODAY}").label
