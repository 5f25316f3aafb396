"""Replacing the table in ``data/`` as one step: a journalled swap, and its recovery.

The three files cannot be renamed at once, so the swap is journalled. Before the first rename
the old files are hard-linked into ``.backup-<id>/`` and ``.swap-journal.json`` is written
atomically (write, fsync, rename), naming the backup, the staging folder and the sha256 of
every old and new file; then the new files are renamed in; removing the journal is the
commit. At every instant ``data/`` with its journal therefore describes one complete set:
while the journal exists the complete old set is kept (in ``data/`` or the backup), and
:func:`recover`, which every load and every command runs first, puts it back. Staging and
backup folders a killed process left behind are removed by the same call.

A swap holds an exclusive ``flock`` on the folder and a load a shared one, so a reader never
sees a swap half done; Ctrl-C during the swap is held until the swap has finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from magfood.errors import FoodTableError, MagfoodError, os_reason
from magfood.table.schema import TABLE_FILES

log = logging.getLogger("magfood")

JOURNAL = ".swap-journal.json"
STAGING_PREFIX = ".staging-"
BACKUP_PREFIX = ".backup-"
#: what a swap leaves in ``data/`` while it runs: the journal (and its unfinished copy),
#: the staging and the backup folder
_LEFTOVERS = (STAGING_PREFIX, BACKUP_PREFIX, JOURNAL)


@contextmanager
def locked(directory: Path, *, exclusive: bool, wait: bool = True) -> Iterator[bool]:
    """Hold an ``flock`` on ``directory`` (shared for readers, exclusive for a swap); yields
    whether it is held. Where locks are unavailable (no fcntl, no such folder yet, a
    filesystem without flock) it yields True and guards nothing."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield True
        return
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(handle, mode if wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        except OSError:
            pass
        yield True
    finally:
        os.close(handle)


def new_staging(data_dir: Path) -> Path:
    """A fresh staging folder inside ``data_dir`` (so the swap's renames stay on one disk)."""
    staging = data_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    return staging


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read 1 MB at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def swap_in(staging: Path, data_dir: Path) -> None:
    """Move the staged files into ``data_dir`` as one journalled step. Call under
    ``locked(data_dir, exclusive=True)``. On an error the old files are put back and a
    MagfoodError says so in one line; a crash leaves the journal for :func:`recover`."""
    with _interrupts_held():
        record = _begin(staging, data_dir)
        try:
            for name in TABLE_FILES:
                os.replace(staging / name, data_dir / name)
            _sync_dir(data_dir)
        except OSError as exc:
            reason = os_reason(exc)
            try:
                _restore(data_dir, record)
            except (OSError, FoodTableError):
                raise MagfoodError(
                    f"could not swap the new table into {data_dir} ({reason}), nor put the old "
                    "one back yet; the next magfood command will restore it"
                ) from None
            shutil.rmtree(data_dir / record["backup"], ignore_errors=True)
            raise MagfoodError(
                f"could not swap the new table into {data_dir} ({reason}); the old table "
                "was put back"
            ) from None
        (data_dir / JOURNAL).unlink()  # the commit
        _sync_dir(data_dir)
        shutil.rmtree(data_dir / record["backup"], ignore_errors=True)


def recover(data_dir: Path) -> str | None:
    """Finish what an interrupted swap left: restore the set its journal names, remove
    staging and backup leftovers. Returns what was done (also logged), or None. Skipped
    while another process holds the swap lock (its swap is live, not interrupted)."""
    if not _leftovers(data_dir):
        return None
    with locked(data_dir, exclusive=True, wait=False) as held:
        return recover_locked(data_dir) if held else None


def recover_locked(data_dir: Path) -> str | None:
    """:func:`recover` for a caller that already holds the exclusive lock."""
    found = _leftovers(data_dir)
    if not found:
        return None
    message = None
    try:
        if JOURNAL in found:
            message = _restore(data_dir, _read_journal(data_dir))
        for name in _leftovers(data_dir):
            path = data_dir / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    except OSError as exc:
        raise FoodTableError(
            f"an interrupted refresh left {data_dir} to be repaired, and that failed "
            f"({os_reason(exc)}); check the folder's permissions and free space"
        ) from None
    if message:
        log.warning("magfood: %s", message)
    return message


def _begin(staging: Path, data_dir: Path) -> dict[str, Any]:
    """Back the old files up (hard links) and write the journal: after this, a crash at any
    point can be undone."""
    backup = data_dir / f"{BACKUP_PREFIX}{staging.name.removeprefix(STAGING_PREFIX)}"
    backup.mkdir()
    old: dict[str, str | None] = {}
    for name in TABLE_FILES:
        current = data_dir / name
        if not current.exists():
            old[name] = None
            continue
        try:
            os.link(current, backup / name)
        except OSError:  # a filesystem without hard links
            shutil.copy2(current, backup / name)
            _sync_file(backup / name)
        old[name] = sha256_file(backup / name)
    _sync_dir(backup)
    for name in TABLE_FILES:
        _sync_file(staging / name)
    record = {
        "format": 1,
        "started": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "staging": staging.name,
        "backup": backup.name,
        "old": old,
        "new": {name: sha256_file(staging / name) for name in TABLE_FILES},
    }
    partial = data_dir / f"{JOURNAL}.{uuid.uuid4().hex[:8]}"
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, data_dir / JOURNAL)
    _sync_dir(data_dir)
    return record


def _restore(data_dir: Path, record: dict[str, Any]) -> str:
    """Put back the old set the journal names (or, if it cannot be had whole, finish the new
    one); then drop the journal. Returns what was done."""
    started = record.get("started", "?")
    old = _plan(data_dir, record["backup"], record["old"])
    plan = old if old is not None else _plan(data_dir, record["staging"], record["new"])
    if plan is None:
        raise FoodTableError(
            f"an interrupted refresh (started {started}) left {data_dir} with neither the old "
            "nor the new table whole; rebuild it with `magfood refresh`"
        )
    for name, source in plan.items():
        if source is None:
            (data_dir / name).unlink(missing_ok=True)
        elif isinstance(source, Path):
            os.replace(source, data_dir / name)
    _sync_dir(data_dir)
    (data_dir / JOURNAL).unlink(missing_ok=True)
    _sync_dir(data_dir)
    if old is not None:
        return (
            f"a refresh interrupted at {started} was undone; {data_dir} holds the table "
            "from before it"
        )
    return f"a refresh interrupted at {started} was completed; {data_dir} holds its new table"


def _plan(
    data_dir: Path, folder: str, digests: dict[str, str | None]
) -> dict[str, Path | bool | None] | None:
    """For each table file, where the set's version is (see :func:`_source`); None if one
    of them is lost."""
    plan = {name: _source(data_dir, folder, name, digests.get(name)) for name in TABLE_FILES}
    return None if any(source is False for source in plan.values()) else plan


def _source(data_dir: Path, folder: str, name: str, digest: str | None) -> Path | bool | None:
    """Where ``name`` with ``digest`` can be had: True if ``data_dir`` already holds it, a
    path to move in, None if the set has no such file (remove it), False if it is lost."""
    current = data_dir / name
    if digest is None:
        return None
    if current.exists() and sha256_file(current) == digest:
        return True
    spare = data_dir / folder / name
    if spare.exists() and sha256_file(spare) == digest:
        return spare
    return False


def _read_journal(data_dir: Path) -> dict[str, Any]:
    try:
        record = json.loads((data_dir / JOURNAL).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not {"old", "new", "backup", "staging"} <= set(record):
            raise ValueError("not a swap journal")
    except ValueError as exc:
        raise FoodTableError(
            f"{data_dir / JOURNAL} is unreadable ({exc}); remove it and check the table with "
            '`magfood meal "1 cup spinach"`'
        ) from None
    return record


def _leftovers(data_dir: Path) -> list[str]:
    try:
        with os.scandir(data_dir) as entries:
            return sorted(e.name for e in entries if e.name.startswith(_LEFTOVERS))
    except OSError:
        return []


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl-C waits until the block is done (then a warning says the swap was finished
    first). Only the main thread can set a signal handler; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        log.warning(
            "magfood: Ctrl-C came while the new table was being swapped in; the swap was "
            "finished first"
        )


def _sync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _sync_dir(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:  # not POSIX
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
