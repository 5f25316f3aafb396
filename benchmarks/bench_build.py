"""Time a full refresh from local FDC bulk releases; prints seconds, asserts nothing.

    python benchmarks/bench_build.py             # 3 runs
    python benchmarks/bench_build.py --runs 5

Input: ../shared/fdc/fdc_sr_legacy and fndds_2021_2023 (the releases data/ is built
from) plus the Foundation-layout fixture in tests/fixtures/foundation. Each run builds,
writes, validates and installs into a temporary folder, exactly as `magfood refresh
--from` does. Issue bar: under 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from magfood.fdc import refresh  # the build and install steps, timed apart

REPO = Path(__file__).resolve().parent.parent
SOURCES = [
    REPO.parent / "shared" / "fdc" / "fdc_sr_legacy",
    REPO.parent / "shared" / "fdc" / "fndds_2021_2023",
    REPO / "tests" / "fixtures" / "foundation",
]
BAR_SECONDS = 30.0


def one_run() -> tuple[float, float, refresh.RefreshResult]:
    """(build seconds, install seconds, result) for one refresh into a temp folder."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        built = refresh.build_from_paths(SOURCES)
        middle = time.perf_counter()
        result = refresh.install(built, Path(folder) / "data")
        return middle - start, time.perf_counter() - middle, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    totals = []
    for run in range(1, args.runs + 1):
        build, install, result = one_run()
        totals.append(build + install)
        print(
            f"run {run}: build {build:.2f} s + validate/install {install:.2f} s "
            f"= {build + install:.2f} s"
        )
    print(result.summary().split(" into ")[0])
    best, median = min(totals), statistics.median(totals)
    verdict = "meets" if median < BAR_SECONDS else "MISSES"
    print(
        f"refresh from local releases: best {best:.2f} s, median {median:.2f} s "
        f"on {os.cpu_count()} cores ({verdict} the {BAR_SECONDS:g} s bar)"
    )


if __name__ == "__main__":
    main()
