"""How fast the Today page is on the shipped table, measured with Streamlit's AppTest.

    python benchmarks/bench_app.py

Prints the first render of Today in a fresh process (imports of pandas, altair and
streamlit and the food table load included) and in a new session of a running server,
then reruns after editing a meal: the first edit, made after a few seconds of "typing"
(app.py builds the matching index in the background meanwhile), and the median and worst
of later edits. Targets: first render < 2 s, rerun < 300 ms.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
FIRST_RENDER_S = 2.0
RERUN_S = 0.300
TYPING_S = 3.0
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
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    first = _timed(at.run)
    time.sleep(TYPING_S)  # the user types; app.py builds the matching index meanwhile
    at.text_area(key="meal_lunch").input(MEALS[0])
    first_edit = _timed(at.run)
    later = []
    for text in MEALS[1:] * 3:
        at.text_area(key="meal_lunch").input(text)
        later.append(_timed(at.run))
    if at.exception:
        print(at.exception)
        return 1
    session = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    new_session = _timed(session.run)
    median = statistics.median(later)
    print(f"first render of Today (cold, table load included): {first * 1000:7.0f} ms")
    print(f"first render of Today in a new session (warm):    {new_session * 1000:7.0f} ms")
    typing = f"({TYPING_S:g} s of typing)"
    print(f"rerun after the first meal edit {typing}:     {first_edit * 1000:7.0f} ms")
    print(f"rerun after editing a meal, median of {len(later)}:       {median * 1000:7.0f} ms")
    print(f"rerun after editing a meal, worst:                 {max(later) * 1000:7.0f} ms")
    ok = first < FIRST_RENDER_S and median < RERUN_S
    print(
        f"targets: first render < {FIRST_RENDER_S:g} s, rerun < {RERUN_S * 1000:.0f} ms: "
        f"{'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
