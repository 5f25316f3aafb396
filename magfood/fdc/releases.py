"""Where FDC data comes from: pinned bulk releases, the API address, timeouts and retries.

Everything a refresh downloads is named here and nowhere else. ``--release DATASET=DATE``
and ``--url`` override the pins per run; the environment variables below point the
whole package at another server (the tests' local fake FDC) or shorten its patience.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from magfood.errors import MagfoodError

#: magfood dataset name -> the ``<kind>`` in FDC's bulk zip names.
ZIP_KINDS: dict[str, str] = {
    "foundation": "foundation_food",
    "sr_legacy": "sr_legacy_food",
    "survey_fndds": "survey_food",
    "branded": "branded_food",
}

#: The releases a plain ``magfood refresh`` downloads (fdc.nal.usda.gov/download-datasets).
PINNED_RELEASES: dict[str, str] = {
    "foundation": "2025-12-18",
    "sr_legacy": "2018-04",
    "survey_fndds": "2024-10-31",
    "branded": "2025-12-18",
}

BULK_BASE_URL = "https://fdc.nal.usda.gov/fdc-datasets/"
ZIP_NAME = "FoodData_Central_{kind}_csv_{release}.zip"
API_BASE_URL = "https://api.nal.usda.gov/fdc/v1/"
API_SIGNUP_URL = "https://fdc.nal.usda.gov/api-key-signup"

BULK_BASE_URL_ENV = "MAGFOOD_FDC_BASE_URL"
API_BASE_URL_ENV = "MAGFOOD_FDC_API_URL"
TIMEOUT_ENV = "MAGFOOD_HTTP_TIMEOUT"
RETRIES_ENV = "MAGFOOD_HTTP_RETRIES"
BACKOFF_ENV = "MAGFOOD_HTTP_BACKOFF"
MAX_RETRY_AFTER_ENV = "MAGFOOD_HTTP_MAX_RETRY_AFTER"
MIN_RATE_ENV = "MAGFOOD_HTTP_MIN_RATE"
RATE_WINDOW_ENV = "MAGFOOD_HTTP_RATE_WINDOW"
TOTAL_TIMEOUT_ENV = "MAGFOOD_HTTP_TOTAL_TIMEOUT"
API_KEY_ENV = "FDC_API_KEY"
DEMO_KEY = "DEMO_KEY"


@dataclass(frozen=True)
class NetworkSettings:
    """How patient every HTTP call is: timeouts in seconds, retries and their backoff, how
    long a server may ask to wait, how slowly it may send, and how much."""

    connect_timeout: float = 15.0
    read_timeout: float = 60.0
    retries: int = 5
    backoff_factor: float = 1.0
    #: statuses retried with backoff (Retry-After is honoured when sent)
    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504)
    #: a Retry-After longer than this ends the attempt at once ("try again after ...")
    max_retry_after: float = 60.0
    #: the Retry-After waits of one call together may not exceed this
    retry_wait_budget: float = 180.0
    #: a body arriving slower than this many bytes/s over a window of ``rate_window`` s
    #: fails (a server trickling a byte every half second never trips ``read_timeout``)
    min_rate: float = 8192.0
    rate_window: float = 30.0
    #: no response body may take longer than this (a 1 GB zip at 1 MB/s takes 17 minutes)
    total_timeout: float = 7200.0
    #: the largest zip downloaded, and the largest API answer
    max_download_bytes: int = 8 << 30
    max_api_bytes: int = 64 << 20
    #: API: below this many requests left in the hour, pause before each call
    rate_low_water: int = 20
    rate_pause: float = 30.0
    api_page_size: int = 200
    api_batch_size: int = 20

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


def network_settings(environ: Mapping[str, str] | None = None) -> NetworkSettings:
    """Default settings, with ``MAGFOOD_HTTP_TIMEOUT/RETRIES/BACKOFF/MAX_RETRY_AFTER/
    MIN_RATE/RATE_WINDOW/TOTAL_TIMEOUT`` applied if set."""
    env = os.environ if environ is None else environ
    base = NetworkSettings()
    timeout = _env_number(env, TIMEOUT_ENV)
    retries = _env_number(env, RETRIES_ENV)

    def number(name: str, default: float) -> float:
        value = _env_number(env, name)
        return default if value is None else value

    return replace(
        base,
        connect_timeout=base.connect_timeout if timeout is None else timeout,
        read_timeout=base.read_timeout if timeout is None else timeout,
        retries=base.retries if retries is None else int(retries),
        backoff_factor=number(BACKOFF_ENV, base.backoff_factor),
        max_retry_after=number(MAX_RETRY_AFTER_ENV, base.max_retry_after),
        min_rate=number(MIN_RATE_ENV, base.min_rate),
        rate_window=number(RATE_WINDOW_ENV, base.rate_window),
        total_timeout=number(TOTAL_TIMEOUT_ENV, base.total_timeout),
    )


def _env_number(env: Mapping[str, str], name: str) -> float | None:
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as exc:
        raise MagfoodError(f"${name} must be a number, got {text!r}") from exc
    if value < 0:
        raise MagfoodError(f"${name} must not be negative, got {text!r}")
    return value


def bulk_base_url() -> str:
    return _with_slash(os.environ.get(BULK_BASE_URL_ENV) or BULK_BASE_URL)


def api_base_url() -> str:
    return _with_slash(os.environ.get(API_BASE_URL_ENV) or API_BASE_URL)


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def release_dates(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The pinned release per dataset with ``--release`` overrides applied."""
    unknown = sorted(set(overrides or {}) - set(PINNED_RELEASES))
    if unknown:
        raise MagfoodError(
            f"--release names unknown dataset(s) {', '.join(unknown)}; "
            f"known: {', '.join(PINNED_RELEASES)}"
        )
    return {**PINNED_RELEASES, **(overrides or {})}


def release_urls(
    datasets: Iterable[str],
    overrides: Mapping[str, str] | None = None,
    base_url: str | None = None,
) -> dict[str, str]:
    """dataset -> zip URL for the pinned (or overridden) releases of ``datasets``."""
    dates = release_dates(overrides)
    base = _with_slash(base_url) if base_url else bulk_base_url()
    return {
        dataset: base + ZIP_NAME.format(kind=ZIP_KINDS[dataset], release=dates[dataset])
        for dataset in datasets
    }


def default_datasets(include_branded: bool) -> tuple[str, ...]:
    """Foundation, SR Legacy and FNDDS; Branded only when asked for."""
    return tuple(d for d in PINNED_RELEASES if include_branded or d != "branded")
