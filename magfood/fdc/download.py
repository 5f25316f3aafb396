"""Download FDC bulk release zips into a cache, once.

One ``requests.Session`` (``transfer.make_session``) retries connection errors, 429 and 5xx
with backoff; every call has a timeout, a size cap, a minimum rate and a total time limit.
A zip is streamed to ``<name>.part``, checked (length, the zip-bomb limits of
``limits.archive_problem``, CRCs) and only then renamed into the cache, with its
ETag/Last-Modified beside it so the next run sends a conditional request and reuses the
file on ``304 Not Modified``. A full disk is one line naming the cache; nothing half-written
stays.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import platformdirs
import requests
from tqdm import tqdm

from magfood.errors import DownloadError, os_reason
from magfood.fdc import releases as config
from magfood.fdc.limits import archive_problem
from magfood.fdc.transfer import (
    WaitTooLong,
    is_timeout,
    make_session,
    read_body,
    retried,
    wait_message,
)

log = logging.getLogger("magfood")


@dataclass(frozen=True)
class CacheEntry:
    """What the server said about a cached zip: validators for the next conditional GET."""

    url: str
    etag: str | None
    last_modified: str | None
    size: int

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("magfood")) / "fdc"


def fetch_releases(
    releases: Mapping[str, str] | None = None,
    urls: Sequence[str] = (),
    include_branded: bool = False,
    cache_dir: Path | None = None,
    *,
    base_url: str | None = None,
    session: requests.Session | None = None,
    settings: config.NetworkSettings | None = None,
    progress: bool | None = None,
) -> list[Path]:
    """Cached zips of the pinned releases (or of ``urls``), downloading what changed."""
    if urls:
        targets = list(urls)
    else:
        datasets = config.default_datasets(include_branded)
        targets = list(config.release_urls(datasets, releases, base_url).values())
    settings = settings or config.network_settings()
    session = session or make_session(settings)
    directory = cache_dir or default_cache_dir()
    return [fetch(url, directory, session, settings, progress) for url in targets]


def fetch(
    url: str,
    cache_dir: Path,
    session: requests.Session,
    settings: config.NetworkSettings,
    progress: bool | None = None,
) -> Path:
    """One zip in the cache, fresh from ``url`` or reused after a 304."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DownloadError(f"{url!r} is not a web address; give one such as https://host/file.zip")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DownloadError(f"cannot create the download cache {cache_dir} ({exc})") from exc
    target = cache_dir / _file_name(url)
    cached = _read_entry(target, url)
    headers = {"Accept-Encoding": "identity", **(cached.conditional_headers() if cached else {})}
    response = _get(session, url, headers, settings)
    with response:
        if response.status_code == 304 and cached is not None:
            log.info("%s is unchanged on the server; using the cached copy", target.name)
            return target
        if response.status_code != 200:
            raise DownloadError(f"download of {target.name} failed: {_status_text(response)}")
        _stream(response, target, settings, progress)
    try:
        _write_entry(target, url, response)
    except OSError as exc:
        _forget(target)
        raise _write_error(target, exc) from None
    log.info("downloaded %s (%s bytes)", target.name, f"{target.stat().st_size:,}")
    return target


def _file_name(url: str) -> str:
    name = Path(unquote(urlsplit(url).path)).name
    if not name:
        raise DownloadError(f"cannot tell a file name from the URL {url!r}")
    return name


def _get(
    session: requests.Session, url: str, headers: dict[str, str], settings: config.NetworkSettings
) -> requests.Response:
    host = urlsplit(url).netloc
    try:
        return session.get(url, headers=headers, stream=True, timeout=settings.timeout)
    except WaitTooLong as wait:
        raise DownloadError(wait_message(host, wait, settings)) from None
    except requests.RequestException as exc:
        if is_timeout(exc):
            raise DownloadError(
                f"{host} did not answer within {settings.read_timeout:g} s "
                f"{retried(settings.retries)}; try again later"
            ) from exc
        raise DownloadError(
            f"cannot reach {host} {retried(settings.retries)} "
            f"({type(exc).__name__}); check the network and try again"
        ) from exc


def _status_text(response: requests.Response) -> str:
    reason = f" {response.reason}" if response.reason else ""
    return f"HTTP {response.status_code}{reason} from {urlsplit(response.url).netloc}"


def _stream(
    response: requests.Response,
    target: Path,
    settings: config.NetworkSettings,
    progress: bool | None,
) -> None:
    """Write the body to ``target.part``, verify it and rename it to ``target``."""
    part = target.with_name(target.name + ".part")
    expected = _content_length(response)
    cap = settings.max_download_bytes
    if expected is not None and expected > cap:
        raise DownloadError(
            f"download of {target.name} is {expected:,} bytes, more than the {cap:,} "
            "magfood downloads; refused"
        )
    show = sys.stderr.isatty() if progress is None else progress
    label = f"download of {target.name}"
    try:
        with open(part, "wb") as handle, _bar(target.name, expected, show) as bar:

            def write(chunk: bytes) -> None:
                handle.write(chunk)
                bar.update(len(chunk))

            received = read_body(response, write, settings, limit=cap, label=label)
        if expected is not None and received != expected:
            raise DownloadError(
                f"download of {target.name} is truncated ({received:,} of {expected:,} bytes); "
                "run the refresh again"
            )
        _check_zip(part, target.name)
        os.replace(part, target)
    except OSError as exc:  # a full disk, a file-size limit, a cache that turned read-only
        _discard(part, target)
        raise _write_error(target, exc) from None
    except BaseException:
        _discard(part, target)
        raise


def _discard(part: Path, target: Path) -> None:
    part.unlink(missing_ok=True)
    _forget(target)


def _write_error(target: Path, exc: OSError) -> DownloadError:
    reason = os_reason(exc)
    return DownloadError(
        f"cannot write the download of {target.name} into {target.parent} ({reason}); "
        "free some space there or pass --cache-dir, then run the refresh again"
    )


def _bar(name: str, total: int | None, show: bool) -> Any:
    return tqdm(
        total=total, desc=name, unit="B", unit_scale=True, unit_divisor=1024, disable=not show
    )


def _content_length(response: requests.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _check_zip(path: Path, name: str) -> None:
    """A zip that opens, is within the zip-bomb limits and whose every member passes its
    CRC check (the limits first: testzip inflates every member)."""
    try:
        with zipfile.ZipFile(path) as archive:
            problem = archive_problem(archive)
            bad = None if problem else archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise DownloadError(
            f"download of {name} is not a readable zip ({exc}); run the refresh again"
        ) from None
    if problem:
        raise DownloadError(f"download of {name} was refused and not kept: {problem}")
    if bad is not None:
        raise DownloadError(f"download of {name} is corrupt ({bad} fails its CRC check)")


def _entry_path(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def _read_entry(target: Path, url: str) -> CacheEntry | None:
    """The cache record of ``target`` if it exists, matches ``url`` and the file size."""
    try:
        data = json.loads(_entry_path(target).read_text(encoding="utf-8"))
        entry = CacheEntry(data["url"], data.get("etag"), data.get("last_modified"), data["size"])
        size = target.stat().st_size
        with zipfile.ZipFile(target) as archive:  # a bomb cached by an older magfood: not reused
            usable = entry.url == url and entry.size == size and archive_problem(archive) is None
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None
    return entry if usable else None


def _write_entry(target: Path, url: str, response: requests.Response) -> None:
    entry = {
        "url": url,
        "etag": response.headers.get("ETag"),
        "last_modified": response.headers.get("Last-Modified"),
        "size": target.stat().st_size,
    }
    _entry_path(target).write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")


def _forget(target: Path) -> None:
    """Drop a cached zip and its record (a failed download must not be reused)."""
    target.unlink(missing_ok=True)
    _entry_path(target).unlink(missing_ok=True)
