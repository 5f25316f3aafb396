"""Run every benchmark in this folder, one after another, and print their figures.

python benchmarks/run_all.py            # all of them
python benchmarks/run_all.py meals app  # those whose name contains a word
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(words: list[str]) -> int:
    scripts = sorted(
        p for p in HERE.glob("bench_*.py") if not words or any(w in p.stem for w in words)
    )
    failed = 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], check=False)
        print(
            f"-- {script.name}: exit {result.returncode}, "
            f"{time.perf_counter() - start:.1f} s wall\n",
            flush=True,
        )
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
