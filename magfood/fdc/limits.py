"""Bounded input: what a refresh agrees to read from a path, a zip or a stream.

Only regular files and folders are opened (``/dev/zero``, a pipe or a socket is refused
before anything reads it); a zip is refused when a member would expand past a size cap or
by more than a compression ratio no CSV reaches (a zip bomb), judged from its central
directory before any byte is inflated; and every stream read passes a byte counter that
stops at a cap. The same checks guard the download cache (``download``), so a bomb is never
kept there.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from magfood.errors import SourceError

_GIB = 1 << 30
_CHUNK = 1 << 20


@dataclass(frozen=True)
class InputLimits:
    """Caps on what a release may hold. The defaults leave room for the Branded release
    (its ``food_nutrient.csv`` is about 25 million rows, near 2 GB; deflate shrinks FDC's
    CSVs 5-15 times)."""

    #: one CSV, uncompressed (``food_nutrient.csv`` is streamed; the others are read whole)
    max_member_bytes: int = 16 * _GIB
    #: a CSV read whole into memory (food.csv, food_portion.csv, branded_food.csv, ...)
    max_read_bytes: int = 4 * _GIB
    #: all members of one zip together, uncompressed
    max_archive_bytes: int = 32 * _GIB
    #: uncompressed / compressed size of a member; checked for members above ``ratio_floor``
    max_ratio: float = 100.0
    ratio_floor: int = 1 << 20
    max_members: int = 10_000


DEFAULT_LIMITS = InputLimits()


def path_kind(path: Path) -> str:
    """``"dir"`` or ``"file"`` for a folder or regular file (links followed); anything else
    (a device such as /dev/zero, a pipe, a socket) raises SourceError before it is opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError(f"{path} does not exist") from None
    except OSError as exc:
        raise SourceError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    raise SourceError(
        f"{path} is not a regular file or folder (a device, pipe or socket); "
        "give an FDC bulk CSV release folder or zip"
    )


def archive_problem(archive: zipfile.ZipFile, limits: InputLimits | None = None) -> str | None:
    """Why a zip must not be read (too many members, one too large or too compressed, too
    large in all), from its central directory alone; None if it is within the limits."""
    limits = limits or DEFAULT_LIMITS
    members = archive.infolist()
    if len(members) > limits.max_members:
        return f"it has {len(members):,} members (at most {limits.max_members:,})"
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > limits.max_member_bytes:
            return (
                f"{info.filename} would expand to {info.file_size:,} bytes "
                f"(at most {limits.max_member_bytes:,})"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            return (
                f"{info.filename} would expand {ratio:,.0f} times, to {info.file_size:,} bytes "
                f"(a zip bomb? FDC CSVs compress at most {limits.max_ratio:g} times)"
            )
    if total > limits.max_archive_bytes:
        return f"it would expand to {total:,} bytes (at most {limits.max_archive_bytes:,})"
    return None


class _Counted(io.RawIOBase):
    """A binary stream that raises SourceError once more than ``cap`` bytes came through."""

    def __init__(self, inner: IO[bytes], cap: int, label: str) -> None:
        self._inner = inner
        self._cap = cap
        self._label = label
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        self.count += len(data)
        if self.count > self._cap:
            raise SourceError(f"{self._label} is larger than {self._cap:,} bytes; refused")
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        """The rest of the stream in 1 MB reads (the default reads 8 KB at a time)."""
        parts = []
        while chunk := self.read(_CHUNK):
            parts.append(chunk)
        return b"".join(parts)


def bounded(handle: IO[bytes], cap: int, label: str) -> IO[bytes]:
    """``handle`` read through a counter: more than ``cap`` bytes raises SourceError."""
    return io.BufferedReader(_Counted(handle, cap, label), buffer_size=1 << 20)
