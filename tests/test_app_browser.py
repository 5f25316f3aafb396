"""The main flow in a real browser: `streamlit run app.py`, Debian's Chromium via Playwright.

Type a food into "Add to snacks", wait for the day's total, check it; move the Day picker
to a saved day; a supplement typed into Breakfast; the page at a phone width (390x844).
Screenshots at laptop and phone width go to tmp/artifacts (``MAGFOOD_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian chromium (apt-get install -y chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy at {url}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "MAGFOOD_DB": str(tmp_path / "days.sqlite3")}
    env.pop("MAGFOOD_DATA", None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    log = (tmp_path / "streamlit.log").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


#: Screenshots to look at after a run (MAGFOOD_ARTIFACTS, else tmp/artifacts in the repo).
ARTIFACTS = Path(os.environ.get("MAGFOOD_ARTIFACTS", ROOT / "tmp" / "artifacts"))
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _open(browser: Any, server: str, viewport: dict[str, int]) -> Any:
    page = browser.new_page(viewport=viewport)
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_role("textbox", name="Add to snacks").wait_for(timeout=30_000)
    return page


def _type(page: Any, meal: str, text: str) -> None:
    box = page.get_by_role("textbox", name=f"Add to {meal}")
    box.fill(text)
    box.press("Enter")


def _metric(page: Any, label: str) -> Any:
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def _pick_day(page: Any, label: str, day: date) -> None:
    """Open Streamlit's date field and click the day in its calendar."""
    page.get_by_role("spinbutton", name=f"day, {label}").click()
    name = f"{day:%A, %B} {day.day}, {day.year}"
    page.locator(f'[role=grid] [aria-label$="{name}"]').first.click()


#: Where an element sits in the page's content (Streamlit scrolls stMain, not the window).
_CONTENT_Y = """e => {
    const main = document.querySelector('[data-testid=stMain]');
    return e.getBoundingClientRect().bottom - main.getBoundingClientRect().top + main.scrollTop;
}"""


def _bottom_in_page(locator: Any) -> float:
    """How far down the page (from the top of its content) an element ends."""
    return float(locator.evaluate(_CONTENT_Y))


def _shot(page: Any, name: str) -> Path:
    """The whole page, top to bottom, at the viewport's width (the viewport is made as tall
    as the content for the shot: Streamlit scrolls its main area, not the window)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    viewport = page.viewport_size
    page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height), 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
    assert path.stat().st_size > 10_000
    return path


def _no_sideways_scroll(page: Any, width: int) -> None:
    wide = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], body')]"
        ".map(e => e.scrollWidth))"
    )
    assert wide <= width, wide


def test_type_a_meal_and_see_the_total(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = _open(browser, server, LAPTOP)
    _type(page, "snacks", "1 oz roasted pumpkin seeds")
    total = _metric(page, "Magnesium today")
    expect(total).to_have_text(re.compile(r"^1[56]\d mg$"), timeout=30_000)
    value = float(total.inner_text().split()[0])
    assert 150 <= value <= 160
    expect(page.get_by_text("not medical advice").first).to_be_visible()
    # the card says the food in plain words; the FDC food is one click away
    expect(page.get_by_text(re.compile(r"roasted pumpkin .* · 1 oz \(28 g\)"))).to_be_visible()
    page.get_by_text("Details", exact=True).first.click()
    source = page.get_by_text(re.compile(r"^FDC \d+ · Seeds, pumpkin"))
    expect(source.first).to_be_visible()  # the figure names its FDC food
    _shot(page, "today-laptop.png")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(500)
    assert _bottom_in_page(total) <= 1.5 * PHONE["height"]
    _no_sideways_scroll(page, PHONE["width"])


def test_two_boxes_typed_at_once_add_each_food_once(server: str, browser: Any) -> None:
    """The second box is sent before the first box's rerun is back: no food is added twice
    (the old on_change box gave 344 mg), and none is lost: the banana is either counted or
    still in its box to send again (a busy machine shows both)."""
    from playwright.sync_api import expect

    page = _open(browser, server, LAPTOP)
    _type(page, "snacks", "1 oz roasted pumpkin seeds")
    _type(page, "breakfast", "1 medium banana")  # no wait between the two
    total = _metric(page, "Magnesium today")
    expect(total).not_to_have_text("0 mg", timeout=30_000)
    page.wait_for_timeout(3_000)  # any rerun still under way lands
    expect(page.get_by_text(re.compile(r"^roasted pumpkin"))).to_have_count(1)
    box = page.get_by_role("textbox", name="Add to breakfast")
    if box.input_value() == "1 medium banana":  # the second send came mid-rerun: kept
        expect(total).to_have_text(re.compile(r"^15\d mg$"))
        box.press("Enter")
    expect(total).to_have_text(re.compile(r"^18\d mg$"), timeout=30_000)  # 156 + 32
    expect(page.get_by_text(re.compile(r"^raw bananas"))).to_have_count(1)


def test_text_typed_in_one_box_survives_an_add_in_another(server: str, browser: Any) -> None:
    """The first food of a day adds lines above every box (coverage, quick add, cards); the
    boxes keep their place, so what is typed but not yet sent in another box stays there."""
    from playwright.sync_api import expect

    page = _open(browser, server, LAPTOP)
    breakfast = page.get_by_role("textbox", name="Add to breakfast")
    lunch = page.get_by_role("textbox", name="Add to lunch")
    breakfast.fill("1 medium banana")
    _type(page, "snacks", "1 oz roasted pumpkin seeds")
    total = _metric(page, "Magnesium today")
    expect(total).to_have_text(re.compile(r"^15\d mg$"), timeout=30_000)
    page.wait_for_timeout(1_000)
    expect(breakfast).to_have_value("1 medium banana")
    lunch.fill("1 cup cooked brown rice")
    breakfast.press("Enter")  # a card appears in breakfast, above the lunch box
    expect(total).to_have_text(re.compile(r"^18\d mg$"), timeout=30_000)
    page.wait_for_timeout(1_000)
    expect(lunch).to_have_value("1 cup cooked brown rice")


def test_moving_the_day_picker_opens_that_day(server: str, browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    from magfood import DayLog, Entry, MealTime, SavedDay, open_history

    yesterday = date.today() - timedelta(days=1)
    banana = Entry(1, MealTime.LUNCH, "1 medium banana")
    open_history(tmp_path / "days.sqlite3").save_day(
        SavedDay(DayLog(yesterday, (banana,)), total_mg=32.0, target_mg=310.0)
    )
    page = _open(browser, server, LAPTOP)
    _type(page, "snacks", "1 oz roasted pumpkin seeds")
    total = _metric(page, "Magnesium today")
    expect(total).to_have_text(re.compile(r"^1[56]\d mg$"), timeout=30_000)
    _pick_day(page, "Day", yesterday)
    then = _metric(page, f"Magnesium on {yesterday:%a} {yesterday.day} {yesterday:%b}")
    expect(then).to_have_text("32 mg", timeout=30_000)  # the banana of that day
    expect(page.get_by_text(re.compile(r"^raw bananas"))).to_be_visible()
    _shot(page, "today-yesterday.png")


def test_a_supplement_typed_in_breakfast_counts_as_a_supplement(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = _open(browser, server, LAPTOP)
    _type(page, "breakfast", "200 mg magnesium glycinate")
    expect(_metric(page, "Supplements (limit 350 mg)")).to_have_text("200 mg", timeout=30_000)
    expect(_metric(page, "Magnesium today")).to_have_text("200 mg")
    # the supplements box shows the line too
    box = page.get_by_role("textbox", name="Supplements")
    expect(box).to_have_value("200 mg magnesium glycinate", timeout=10_000)
    expect(page.get_by_text("within the 350 mg upper level").first).to_be_visible()


def test_phone_width_total_first_and_nothing_sideways(server: str, browser: Any) -> None:
    from playwright.sync_api import expect

    page = _open(browser, server, PHONE)
    total = _metric(page, "Magnesium today")
    _type(page, "breakfast", "1 cup oatmeal, 1 medium banana")
    expect(total).to_have_text(re.compile(r"^\d\d mg$"), timeout=30_000)  # about 89 mg
    _type(page, "snacks", "1 oz roasted pumpkin seeds")
    expect(total).to_have_text(re.compile(r"^2\d\d mg$"), timeout=30_000)
    assert _bottom_in_page(total) <= 1.5 * PHONE["height"]
    assert _bottom_in_page(page.get_by_test_id("stProgress")) <= 1.5 * PHONE["height"]
    _no_sideways_scroll(page, PHONE["width"])
    # the pages are links at the top of the page itself, not in the closed sidebar
    history = page.get_by_test_id("stMain").get_by_role("link", name="History")
    expect(history).to_be_visible()
    assert _bottom_in_page(history) <= PHONE["height"] / 2
    _shot(page, "today-phone.png")
    history.click()
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=30_000)
    _shot(page, "history-phone.png")
