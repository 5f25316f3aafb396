"""Saves per second and save latency for 20 users saving at once, on SQLite and PostgreSQL.

Run: python benchmarks/bench_storage.py [--users 20] [--saves 50]
Each user is a thread of one process (as the app serves its sessions), with a diary of
its own in one shared database, adding one entry at a time to a day (``update_days``, what
``magfood log`` and the Today page do: read the day, change it, write it back in one
transaction). PostgreSQL is $MAGFOOD_BENCH_POSTGRES_URL if set, else a throwaway local
server started from Debian's binaries with PostgreSQL's default durability (fsync on);
SQLite is a file in a temporary folder (WAL, synchronous=NORMAL). Prints, per backend,
the saves per second over the whole run and the median and 95th-percentile latency of one
save, and checks that every save landed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from magfood.diary import History, SavedDay, open_history  # noqa: E402
from magfood.intake import DayLog, Entry  # noqa: E402
from magfood.mealtimes import MealTime  # noqa: E402
from tests import postgres  # noqa: E402

START = date(2026, 1, 1)
DAYS = 5  # each user spreads their saves over this many days


def _run(store: History, users: int, saves: int) -> tuple[float, list[float]]:
    """Wall time of the whole run and each save's latency (seconds)."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    go = threading.Event()

    def user(number: int) -> None:
        mine = store.for_user(f"user{number}")
        own: list[float] = []
        go.wait()
        try:
            for n in range(saves):

                def add(day: date, saved: SavedDay | None, n: int = n) -> SavedDay:
                    log = saved.log if saved else DayLog(day)
                    entry = Entry(len(log.entries) + 1, MealTime.LUNCH, f"1 cup rice #{n}")
                    return SavedDay(log.add_entries((entry,)), total_mg=19.5 * (n + 1))

                began = time.perf_counter()
                mine.update_days([START + timedelta(days=n % DAYS)], add)
                own.append(time.perf_counter() - began)
        except BaseException as exc:  # reported below
            errors.append(exc)
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=user, args=(k,)) for k in range(users)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if errors:
        raise errors[0]
    for k in range(users):
        saved = store.for_user(f"user{k}").days()
        assert sum(len(d.log.entries) for d in saved) == saves, f"user{k} lost saves"
    return wall, latencies


def _report(name: str, wall: float, latencies: list[float], users: int) -> None:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(
        f"{name:<11} {len(latencies):>5} saves by {users} users in {wall:6.2f} s: "
        f"{len(latencies) / wall:7.1f} saves/s, latency median "
        f"{statistics.median(latencies) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms",
        flush=True,
    )


@contextlib.contextmanager
def _postgres() -> Iterator[str | None]:
    given = os.environ.get("MAGFOOD_BENCH_POSTGRES_URL")
    if given:
        yield given
        return
    bin_dir = postgres.binaries()
    if bin_dir is None:
        yield None
        return
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(postgres.throwaway_server(bin_dir, durable=True))
        yield stack.enter_context(postgres.schema_url(server))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--saves", type=int, default=50, help="saves per user")
    args = parser.parse_args()
    print(f"command: python benchmarks/bench_storage.py --users {args.users} --saves {args.saves}")
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        store = open_history(Path(folder) / "bench.sqlite3")
        _report("SQLite", *_run(store, args.users, args.saves), args.users)
        store.database.dispose()
    with _postgres() as url:
        if url is None:
            print("PostgreSQL: not run (no $MAGFOOD_BENCH_POSTGRES_URL, no Debian postgresql)")
        else:
            store = open_history(url)
            _report("PostgreSQL", *_run(store, args.users, args.saves), args.users)
            store.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
