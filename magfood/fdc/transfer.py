"""HTTP plumbing the bulk download and the REST API share: one ``requests.Session`` whose
retries never wait longer than the settings allow, and a body reader with a size cap, a
minimum transfer rate and a total time limit.

A ``Retry-After`` longer than ``max_retry_after`` (or one that would take the call's waits
past ``retry_wait_budget``) ends the attempt at once with the time to try again; shorter
ones are waited out and each uses one retry. A body is read as it arrives (``read1``), so a
server that sends a byte every half second, which never trips the read timeout, is caught
by the rate check, and a broken transfer reports the bytes that really arrived.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from magfood.errors import DownloadError
from magfood.fdc import releases as config
from magfood.version import __version__

USER_AGENT = f"magfood/{__version__} python-requests/{requests.__version__}"
_CHUNK = 1 << 20


class WaitTooLong(Exception):
    """Raised from inside the retry loop when a server asks to wait longer than allowed."""

    def __init__(self, seconds: float, status: int, budget: float | None) -> None:
        super().__init__(f"Retry-After {seconds:g} s (HTTP {status})")
        self.seconds = seconds
        self.status = status
        #: set when the wait was refused because the call's waits together exceed it
        self.budget = budget


class CappedRetry(Retry):
    """urllib3's Retry, honouring Retry-After only up to ``max_retry_after`` seconds and
    ``wait_budget`` seconds in all for one call (``waited`` carries the sum across retries)."""

    def __init__(
        self,
        *args: Any,
        max_retry_after: float = 60.0,
        wait_budget: float = 180.0,
        waited: float = 0.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after
        self.wait_budget = wait_budget
        self.waited = waited

    def new(self, **kw: Any) -> Self:
        kw.setdefault("max_retry_after", self.max_retry_after)
        kw.setdefault("wait_budget", self.wait_budget)
        kw.setdefault("waited", self.waited)
        return super().new(**kw)

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        seconds = self.get_retry_after(response)
        if seconds is None:
            return False
        if seconds > self.max_retry_after:
            raise WaitTooLong(seconds, response.status, None)
        if self.waited + seconds > self.wait_budget:
            raise WaitTooLong(seconds, response.status, self.wait_budget)
        self.waited += seconds
        time.sleep(seconds)
        return True


def make_session(settings: config.NetworkSettings | None = None) -> requests.Session:
    """A session that retries connection errors, 429 and 5xx with exponential backoff."""
    settings = settings or config.network_settings()
    retry = CappedRetry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=settings.backoff_factor,
        status_forcelist=settings.retry_statuses,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),
        respect_retry_after_header=True,
        raise_on_status=False,
        max_retry_after=settings.max_retry_after,
        wait_budget=settings.retry_wait_budget,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def wait_message(host: str, wait: WaitTooLong, settings: config.NetworkSettings) -> str:
    """One line: what the server asked, why magfood did not wait, and when to try again."""
    when = (datetime.now(UTC) + timedelta(seconds=wait.seconds)).strftime("%Y-%m-%d %H:%M UTC")
    if wait.budget is None:
        why = f"longer than the {settings.max_retry_after:g} s magfood waits"
    else:
        why = f"which would take this call's waits past {wait.budget:g} s"
    return (
        f"{host} is busy (HTTP {wait.status}) and asks to wait {_duration(wait.seconds)} "
        f"before trying again, {why}; try again after {when}"
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def retried(retries: int) -> str:
    """ "after 2 retries", "after 1 retry", "without retrying": for error messages."""
    if retries <= 0:
        return "without retrying"
    return f"after {retries} retr{'y' if retries == 1 else 'ies'}"


def is_timeout(exc: BaseException) -> bool:
    """Whether a requests error was a connect or read timeout (possibly after retries)."""
    if isinstance(exc, requests.Timeout | ReadTimeoutError):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NewConnectionError):  # a subclass of ConnectTimeoutError
        return False
    return isinstance(reason, ConnectTimeoutError | ReadTimeoutError)


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def read_body(
    response: requests.Response,
    write: Callable[[bytes], object],
    settings: config.NetworkSettings,
    *,
    limit: int,
    label: str,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Pass a streamed body to ``write`` as it arrives; return its length in bytes.

    Raises DownloadError (one line, naming ``label`` and the bytes that arrived) when the
    body passes ``limit`` bytes, arrives slower than ``settings.min_rate`` over a window of
    ``settings.rate_window`` seconds, takes longer than ``settings.total_timeout``, stalls
    past the read timeout or breaks off. Errors raised by ``write`` (a full disk) pass.
    """
    expected = _content_length(response)
    of = f" of {expected:,}" if expected is not None else ""
    start = window_start = clock()
    received = window_bytes = 0
    while True:
        try:
            chunk = response.raw.read1(_CHUNK, decode_content=True)
        except (HTTPError, OSError, requests.RequestException) as exc:
            if is_timeout(exc):
                raise DownloadError(
                    f"{label} stalled: nothing arrived for {settings.read_timeout:g} s after "
                    f"{received:,}{of} bytes; try again later"
                ) from None
            raise DownloadError(
                f"{label} is truncated (the connection broke off after {received:,}{of} "
                "bytes); run the refresh again"
            ) from None
        if not chunk:
            return received
        received += len(chunk)
        window_bytes += len(chunk)
        if received > limit:
            raise DownloadError(f"{label} is larger than {limit:,} bytes; refused")
        write(chunk)
        now = clock()
        if now - start > settings.total_timeout:
            raise DownloadError(
                f"{label} took longer than {settings.total_timeout:g} s ({received:,}{of} "
                "bytes arrived); try again later"
            )
        elapsed = now - window_start
        if elapsed >= settings.rate_window and elapsed > 0:
            rate = window_bytes / elapsed
            if rate < settings.min_rate:
                raise DownloadError(
                    f"{label} arrived too slowly ({rate:,.0f} bytes/s over {elapsed:.1f} s, "
                    f"below the {settings.min_rate:,.0f} bytes/s magfood waits for; "
                    f"{received:,}{of} bytes arrived); try again later"
                )
            window_start, window_bytes = now, 0


def _content_length(response: requests.Response) -> int | None:
    try:
        return int(response.headers["Content-Length"])
    except (KeyError, ValueError):
        return None
