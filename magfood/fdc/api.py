"""Build the food table from the FDC REST API (``magfood refresh --api``).

``foods/list`` enumerates each data type (200 per page, until a short page), then
``foods`` fetches 20 foods at a time in full format for nutrients and portions. The
result has exactly the shape of a bulk build: the same columns, energy rule, portion
labels and counts, with sources marked ``"origin": "api"``.

The key comes from ``$FDC_API_KEY`` and travels only in the ``X-Api-Key`` header, only to
the configured API host: a redirect is never followed (requests would carry the header to
any host). Every message magfood forms is scrubbed of it, and errors are raised without the
underlying requests exception (whose request object carries the header). Answers are read
with the size cap, minimum rate and time limit of ``transfer.read_body``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from tqdm import tqdm

from magfood.errors import DownloadError, SourceError
from magfood.fdc import releases as config
from magfood.fdc.api_tables import API_DATA_TYPES, tables_from_foods
from magfood.fdc.bulk import ReleaseTables
from magfood.fdc.refresh import BuiltTables, combine, now_iso
from magfood.fdc.transfer import (
    WaitTooLong,
    host_of,
    is_timeout,
    make_session,
    read_body,
    retried,
    wait_message,
)
from magfood.fdc.vocabulary import Vocabulary, vocabulary_from_items

log = logging.getLogger("magfood")

#: Nutrient NUMBERS (not ids) the ``foods`` call asks for: Mg, kcal, Atwater x2, kJ.
NUTRIENT_NUMBERS = (304, 208, 957, 958, 268)

#: api.data.gov gateway ``error.code`` on HTTP 403 -> what the user should do.
KEY_PROBLEMS: dict[str, str] = {
    "API_KEY_MISSING": "the FDC API got no key: set $FDC_API_KEY (free key at {signup})",
    "API_KEY_INVALID": "the FDC API rejected the key in $FDC_API_KEY as invalid: "
    "check it or get a new one at {signup}",
    "API_KEY_DISABLED": "the key in $FDC_API_KEY has been disabled: get a new one at {signup}",
    "API_KEY_UNVERIFIED": "the key in $FDC_API_KEY is not verified yet: "
    "follow the link in the sign-up e-mail",
    "API_KEY_UNAUTHORIZED": "the key in $FDC_API_KEY may not use the FDC API: "
    "get one for it at {signup}",
}
_SCRUBBED = "[key hidden]"


def api_key_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The key in ``$FDC_API_KEY``; DEMO_KEY is accepted with a warning."""
    env = os.environ if environ is None else environ
    key = env.get(config.API_KEY_ENV, "").strip()
    if not key:
        raise DownloadError(
            f"set ${config.API_KEY_ENV} to your data.gov key (free at {config.API_SIGNUP_URL}), "
            f"or to {config.DEMO_KEY} for a quick try"
        )
    if key == config.DEMO_KEY:
        log.warning(
            "using DEMO_KEY: it allows only a few dozen requests an hour, far fewer than a "
            "full refresh needs; set $%s to your own key",
            config.API_KEY_ENV,
        )
    return key


class ApiClient:
    """Calls to one FDC API base URL with one key, paced by ``X-RateLimit-Remaining``."""

    def __init__(
        self,
        key: str,
        base_url: str | None = None,
        session: requests.Session | None = None,
        settings: config.NetworkSettings | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or config.network_settings()
        self.base_url = base_url or config.api_base_url()
        self.session = session or make_session(self.settings)
        self._key = key
        self._sleep = sleep
        self.remaining: int | None = None

    def __repr__(self) -> str:
        return f"ApiClient(base_url={self.base_url!r})"

    def scrub(self, text: str) -> str:
        """``text`` with the key blanked out."""
        return text.replace(self._key, _SCRUBBED) if self._key else text

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST a JSON body and return the decoded JSON answer, or raise one clear error."""
        self._pace()
        host = host_of(self.base_url)
        try:
            response = self.session.post(
                self.base_url + path,
                json=body,
                headers={"X-Api-Key": self._key, "Accept": "application/json"},
                timeout=self.settings.timeout,
                allow_redirects=False,  # the key goes to the API host and nowhere else
                stream=True,
            )
        except WaitTooLong as wait:
            raise DownloadError(
                wait_message(f"the FDC API at {host}", wait, self.settings)
            ) from None
        except requests.RequestException as exc:
            raise DownloadError(self.scrub(self._transport_text(path, exc))) from None
        with response:
            self._note_rate(response)
            if response.is_redirect or 300 <= response.status_code < 400:
                raise DownloadError(self.scrub(self._redirect_text(path, response))) from None
            content = self._read(path, response, 200)
            if response.status_code != 200:
                raise DownloadError(
                    self.scrub(self._status_text(path, response, content))
                ) from None
            try:
                return json.loads(content)
            except (ValueError, RecursionError):
                raise SourceError(
                    f"the FDC API answered {path} with something that is not JSON"
                ) from None

    def _read(self, path: str, response: requests.Response, ok: int) -> bytes:
        """The answer's body, read within the size cap, rate and time limits (an error page
        only as far as its first 64 KB)."""
        parts: list[bytes] = []
        limit = self.settings.max_api_bytes if response.status_code == ok else 1 << 16
        label = f"the FDC API answer to {path}"
        try:
            read_body(response, parts.append, self.settings, limit=limit, label=label)
        except DownloadError as exc:
            if response.status_code == ok:
                raise DownloadError(self.scrub(str(exc))) from None
        return b"".join(parts)

    def _redirect_text(self, path: str, response: requests.Response) -> str:
        target = host_of(response.headers.get("Location", "")) or "another address"
        return (
            f"the FDC API at {host_of(self.base_url)} answered {path} with a redirect "
            f"(HTTP {response.status_code}) to {target}; magfood sends the API key only to "
            f"the configured host and did not follow it. If the API moved, set "
            f"${config.API_BASE_URL_ENV} to its new address"
        )

    def _pace(self) -> None:
        if self.remaining is not None and self.remaining <= self.settings.rate_low_water:
            log.warning(
                "FDC API: %d requests left this hour; pausing %g s before the next call",
                self.remaining,
                self.settings.rate_pause,
            )
            self._sleep(self.settings.rate_pause)

    def _note_rate(self, response: requests.Response) -> None:
        try:
            self.remaining = int(response.headers["X-RateLimit-Remaining"])
        except (KeyError, ValueError):
            return

    def _transport_text(self, path: str, exc: requests.RequestException) -> str:
        retries = self.settings.retries
        if is_timeout(exc):
            return (
                f"the FDC API did not answer {path} within {self.settings.read_timeout:g} s "
                f"{retried(retries)}; try again later"
            )
        host = urlsplit(self.base_url).netloc
        return (
            f"cannot reach the FDC API at {host} {retried(retries)} "
            f"({type(exc).__name__}); check the network and try again"
        )

    def _status_text(self, path: str, response: requests.Response, content: bytes) -> str:
        status = response.status_code
        code, message = _error_detail(response, content)
        retries = self.settings.retries
        if status == 403:
            advice = KEY_PROBLEMS.get(code or "")
            if advice:
                return advice.format(signup=config.API_SIGNUP_URL) + f" (HTTP 403 {code})"
            return (
                f"the FDC API refused access (HTTP 403 {code or ''}); check ${config.API_KEY_ENV}"
            )
        if status == 429:
            demo = " (DEMO_KEY allows very few calls)" if self._key == config.DEMO_KEY else ""
            return (
                f"FDC API rate limit exceeded on {path} and still exceeded {retried(retries)}"
                f"{demo}; wait an hour or ask FDC for a higher limit"
            )
        detail = f": {message}" if message else ""
        if status >= 500:
            return (
                f"the FDC API failed on {path} with HTTP {status} {retried(retries)}"
                f"{detail}; FDC may be down, try again later"
            )
        return f"the FDC API rejected {path} with HTTP {status}{detail}"


def _error_detail(response: requests.Response, content: bytes) -> tuple[str | None, str]:
    """(gateway error code, short message) from a JSON error body; HTML pages say so."""
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        kind = response.headers.get("Content-Type", "")
        return None, "an HTML error page" if "html" in kind.lower() else ""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):  # api.data.gov gateway
        error = body["error"]
        return error.get("code"), str(error.get("message", ""))[:160]
    if isinstance(body, dict):  # Spring Boot style from the FDC backend
        return None, str(body.get("message") or body.get("error") or "")[:160]
    return None, ""


def list_ids(client: ApiClient, data_type: str) -> list[int]:
    """Every fdcId of one API data type, paging ``foods/list`` until a short page."""
    size = client.settings.api_page_size
    seen: dict[int, None] = {}
    page = 1
    while True:
        body = {
            "dataType": [data_type],
            "pageSize": size,
            "pageNumber": page,
            "sortBy": "fdcId",
            "sortOrder": "asc",
        }
        items = client.post("foods/list", body)
        if not isinstance(items, list):
            raise SourceError("the FDC API answered foods/list with something that is not a list")
        fresh = [i for i in _ids(items) if i not in seen]
        seen.update(dict.fromkeys(fresh))
        if len(items) < size or not fresh:
            return list(seen)
        page += 1


def _ids(items: Iterable[Any]) -> Iterator[int]:
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("fdcId"), int):
            yield item["fdcId"]


def fetch_foods(
    client: ApiClient, ids: Sequence[int], progress: bool | None = None
) -> list[dict[str, Any]]:
    """Full-format foods for ``ids``, fetched ``api_batch_size`` at a time."""
    size = client.settings.api_batch_size
    batches = [list(ids[i : i + size]) for i in range(0, len(ids), size)]
    show = sys.stderr.isatty() if progress is None else progress
    foods: list[dict[str, Any]] = []
    for batch in tqdm(batches, desc="FDC API foods", unit="batch", disable=not show):
        body = {"fdcIds": batch, "format": "full", "nutrients": list(NUTRIENT_NUMBERS)}
        answer = client.post("foods", body)
        if not isinstance(answer, list):
            raise SourceError("the FDC API answered foods with something that is not a list")
        foods.extend(item for item in answer if isinstance(item, dict))
    return foods


def build_from_api(
    include_branded: bool = False,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    session: requests.Session | None = None,
    settings: config.NetworkSettings | None = None,
    datasets: Sequence[str] | None = None,
    progress: bool | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> BuiltTables:
    """The whole table from the API: list ids per data type, fetch them, convert."""
    client = ApiClient(api_key or api_key_from_env(), base_url, session, settings, sleep)
    parts: list[ReleaseTables] = []
    sources: list[dict[str, Any]] = []
    words: list[Vocabulary] = []
    for dataset in datasets or config.default_datasets(include_branded):
        ids = list_ids(client, API_DATA_TYPES[dataset])
        log.info("FDC API: %s lists %d foods", API_DATA_TYPES[dataset], len(ids))
        items = fetch_foods(client, ids, progress)
        parts.append(tables_from_foods(items))
        words.append(vocabulary_from_items(items))
        sources.append(_source(client, dataset, items))
    return combine(
        [p.foods for p in parts],
        [p.portions for p in parts],
        tuple(sources),
        [p.counts for p in parts],
        words,
    )


def _source(client: ApiClient, dataset: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode("utf-8")).hexdigest()
    parts = urlsplit(client.base_url)
    return {
        "dataset": dataset,
        "release": f"API {datetime.now(UTC).date().isoformat()}",
        "origin": "api",
        "file": f"{parts.netloc}{parts.path}",
        "sha256": {"foods": digest},
        "fetched": now_iso(),
    }
