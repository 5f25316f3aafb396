"""How fast the Today page is on the shipped table, measured with Streamlit's AppTest.

    python benchmarks/bench_app.py

Prints the first render of Today in a fresh process (the imports of streamlit, pandas
and altair, the food table load and its matching index included: the clock starts before
Streamlit is imported) and in a new session of a running server, then the reruns after
adding a food: the first edit, made straight after the page opened with no pause, and the
median and worst of later ones. Targets: first render < 2 s, first edit and median rerun
< 300 ms. Exits 1 if a target is missed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_RENDER_S = 2.0
RERUN_S = 0.300
MEALS = (
    "1 cup oatmeal, 1 medium banana",
    "1 oz roasted pumpkin seeds",
    "2 slices whole wheat bread, 1/2 cup black beans",
    "1/2 cup boiled spinach, 4 oz salmon",
    "1 cup brown rice, 1 square dark chocolate",
    "1 cup plain yogurt, 1 oz almonds",
    "2 eggs, 1 slice toast",
    "1 cup milk, 1 apple",
)


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> int:
    os.environ["MAGFOOD_DB"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    os.chdir(ROOT)
    start = time.perf_counter()
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    first = time.perf_counter() - start
    box = f"add_{date.today().isoformat()}_lunch"
    at.text_input(key=box).input(MEALS[0])
    first_edit = _timed(at.run)  # no pause: straight after the page opened
    later = []
    for text in MEALS[1:] * 3:
        at.text_input(key=box).input(text)
        later.append(_timed(at.run))
    if at.exception:
        print(at.exception)
        return 1
    session = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    new_session = _timed(session.run)
    median = statistics.median(later)
    print(f"first render of Today (cold, Streamlit import included): {first * 1000:7.0f} ms")
    print(f"first render of Today in a new session (warm):          {new_session * 1000:7.0f} ms")
    print(f"first edit, straight after the page opened (no pause):  {first_edit * 1000:7.0f} ms")
    print(f"rerun after adding a food, median of {len(later)}:             {median * 1000:7.0f} ms")
    print(f"rerun after adding a food, worst:                       {max(later) * 1000:7.0f} ms")
    ok = first < FIRST_RENDER_S and first_edit < RERUN_S and median < RERUN_S
    print(
        f"targets: first render < {FIRST_RENDER_S:g} s, first edit and rerun < "
        f"{RERUN_S * 1000:.0f} ms: "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
