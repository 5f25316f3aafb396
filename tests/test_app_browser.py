"""The main flow in a real browser: `streamlit run app.py`, Debian's Chromium via Playwright.

Type a food into "Add to snacks", wait for the day's total, check it, and save screenshots
at a laptop and a phone width under the test's temporary directory.
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
from pathlib import Path

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


def test_type_a_meal_and_see_the_total(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server, wait_until="domcontentloaded")
            snacks = page.get_by_label("Add to snacks")
            snacks.wait_for(timeout=30_000)
            snacks.fill("1 oz roasted pumpkin seeds")
            snacks.press("Enter")
            total = page.get_by_test_id("stMetricValue").first
            expect(total).to_have_text(re.compile(r"^1[56]\d mg$"), timeout=30_000)
            value = float(total.inner_text().split()[0])
            assert 150 <= value <= 160
            expect(page.get_by_text("not medical advice").first).to_be_visible()
            source = page.get_by_text(re.compile(r"^FDC \d+ · Seeds, pumpkin"))
            expect(source.first).to_be_visible()  # the figure names its FDC food
            page.screenshot(path=str(tmp_path / "today-laptop.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            page.wait_for_timeout(500)
            box = total.bounding_box()  # the page starts scrolled to the top
            assert box is not None and box["y"] + box["height"] <= 1.5 * 844, box
            wide = page.evaluate(
                "Math.max(...[...document.querySelectorAll('[data-testid=stMain], body')]"
                ".map(e => e.scrollWidth))"
            )
            assert wide <= 390, wide  # nothing needs sideways scrolling
            page.screenshot(path=str(tmp_path / "today-phone.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "today-laptop.png").stat().st_size > 10_000
    assert (tmp_path / "today-phone.png").stat().st_size > 10_000
