"""Download FDC bulk release zips into a cache, once.

One ``requests.Session`` retries connection errors, 429 and 5xx with backoff; every call
has a timeout. A zip is streamed to ``<name>.part``, checked (length and CRCs) and only
then renamed into the cache, with its ETag/Last-Modified beside it so the next run sends
a conditional request and reuses the file on ``304 Not Modified``.
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
from typing import IO, Any
from urllib.parse import unquote, urlsplit

import platformdirs
import requests
from requests.adapters import HTTPAdapter
from tqdm import tqdm
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from magfood.errors import DownloadError
from magfood.fdc import releases as config
from magfood.version import __version__

log = logging.getLogger("magfood")

USER_AGENT = f"magfood/{__version__} python-requests/{requests.__version__}"
_CHUNK = 1 << 20


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


def make_session(settings: config.NetworkSettings | None = None) -> requests.Session:
    """A session that retries connection errors, 429 and 5xx with exponential backoff."""
    settings = settings or config.network_settings()
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff_factor,
        status_forcelist=settings.retry_statuses,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


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
        _stream(response, target, progress)
    _write_entry(target, url, response)
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


def retried(retries: int) -> str:
    """ "after 2 retries", "after 1 retry", "without retrying": for error messages."""
    if retries <= 0:
        return "without retrying"
    return f"after {retries} retr{'y' if retries == 1 else 'ies'}"


def is_timeout(exc: BaseException) -> bool:
    """Whether a requests error was a connect or read timeout (possibly after retries)."""
    if isinstance(exc, requests.Timeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError):  # a subclass of ConnectTimeoutError
        return False
    return isinstance(reason, ConnectTimeoutError | ReadTimeoutError)


def _status_text(response: requests.Response) -> str:
    reason = f" {response.reason}" if response.reason else ""
    return f"HTTP {response.status_code}{reason} from {urlsplit(response.url).netloc}"


def _stream(response: requests.Response, target: Path, progress: bool | None) -> None:
    """Write the body to ``target.part``, verify it and rename it to ``target``."""
    part = target.with_name(target.name + ".part")
    expected = _content_length(response)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with open(part, "wb") as handle, _bar(target.name, expected, show) as bar:
            received = _copy(response, handle, bar)
        if expected is not None and received != expected:
            raise DownloadError(
                f"download of {target.name} is truncated ({received:,} of {expected:,} bytes); "
                "run the refresh again"
            )
        _check_zip(part, target.name)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        _forget(target)
        raise


def _copy(response: requests.Response, handle: IO[bytes], bar: Any) -> int:
    received = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            handle.write(chunk)
            received += len(chunk)
            bar.update(len(chunk))
    except requests.RequestException as exc:
        name = Path(urlsplit(response.url).path).name
        raise DownloadError(
            f"download of {name} is truncated (the connection broke off after "
            f"{received:,} bytes); run the refresh again"
        ) from exc
    return received


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
    """A zip that opens and whose every member passes its CRC check."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise DownloadError(
            f"download of {name} is not a readable zip ({exc}); run the refresh again"
        ) from exc
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
    except (OSError, ValueError, KeyError, TypeError):
        return None
    usable = entry.url == url and entry.size == size and zipfile.is_zipfile(target)
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
