"""Fault injection on the bulk download, against a local server (issue 13, items 3, 6, 8, 13).

Throttling (a Retry-After beyond the cap ends the attempt at once, shorter ones count against
the call's wait budget), a server trickling bytes (the minimum rate and the total time limit),
a zip bomb (refused before it reaches the cache, and one cached by an older magfood is not
reused), size caps, a full disk (a fake ENOSPC and a real RLIMIT_FSIZE), and a broken
transfer reporting the bytes that really arrived. No test depends on the machine's speed: the
limits are small and the servers slower than them by construction.
"""

from __future__ import annotations

import errno
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import urllib3.util.retry
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from magfood.errors import DownloadError
from magfood.fdc import download
from magfood.fdc import releases as config

FAST = config.NetworkSettings(connect_timeout=2.0, read_timeout=2.0, retries=2, backoff_factor=0.0)
SR_NAME = "FoodData_Central_sr_legacy_food_csv_2018-04.zip"
ZIP = "application/zip"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def sr_zip(tiny_release) -> bytes:
    return Path(tiny_release("sr_legacy")).read_bytes()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retry sleeps, recorded instead of slept (3,600 s must never be slept): urllib3's
    ``time`` is the time module, so this patches ``time.sleep`` for the test's duration."""
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)
    return slept


def _fetch(server: HTTPServer, cache: Path, settings: config.NetworkSettings = FAST) -> Path:
    url = server.url_for(f"/d/{SR_NAME}")
    return download.fetch(url, cache, download.make_session(settings), settings)


def _cache_is_empty(cache: Path) -> bool:
    return not cache.exists() or not any(cache.iterdir())


# ---- throttling: Retry-After (item 6) ------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_a_long_retry_after_ends_the_attempt_at_once(
    httpserver: HTTPServer, cache: Path, no_sleep: list[float], status: int
) -> None:
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(
        "slow down", status=status, headers={"Retry-After": "3600"}
    )
    with pytest.raises(DownloadError) as caught:
        _fetch(httpserver, cache)
    message = str(caught.value)
    assert f"is busy (HTTP {status}) and asks to wait 60 min before trying again" in message
    assert "longer than the 60 s magfood waits; try again after 20" in message
    assert message.endswith(" UTC") and "\n" not in message
    assert no_sleep == [] and len(httpserver.log) == 1
    assert _cache_is_empty(cache)


def test_short_waits_count_against_the_budget(
    httpserver: HTTPServer, cache: Path, no_sleep: list[float], sr_zip: bytes
) -> None:
    for _ in range(3):
        httpserver.expect_oneshot_request(f"/d/{SR_NAME}").respond_with_data(
            "busy", status=503, headers={"Retry-After": "40"}
        )
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(sr_zip, content_type=ZIP)
    budget = config.NetworkSettings(
        read_timeout=2.0, retries=5, backoff_factor=0.0, retry_wait_budget=100.0
    )
    with pytest.raises(DownloadError, match="which would take this call's waits past 100 s"):
        _fetch(httpserver, cache, budget)
    assert no_sleep == [40.0, 40.0] and len(httpserver.log) == 3


def test_a_short_retry_after_is_waited_and_retried(
    httpserver: HTTPServer, cache: Path, no_sleep: list[float], sr_zip: bytes
) -> None:
    httpserver.expect_oneshot_request(f"/d/{SR_NAME}").respond_with_data(
        "busy", status=503, headers={"Retry-After": "2"}
    )
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(sr_zip, content_type=ZIP)
    assert _fetch(httpserver, cache).read_bytes() == sr_zip
    assert no_sleep == [2.0]


# ---- slow servers: minimum rate and total time (item 6) ------------------------------------


def _trickle(count: int, pause: float) -> Iterator[bytes]:
    for _ in range(count):
        time.sleep(pause)
        yield b"P"


def test_a_trickling_server_fails_on_the_minimum_rate(
    threaded_httpserver: HTTPServer, cache: Path
) -> None:
    """One byte every 50 ms is at most 20 bytes/s, below 1,000 on any machine."""
    threaded_httpserver.expect_request(f"/d/{SR_NAME}").respond_with_handler(
        lambda request: Response(_trickle(60, 0.05), headers={"Content-Length": "60"})
    )
    slow = config.NetworkSettings(
        read_timeout=5.0, retries=0, min_rate=1000.0, rate_window=0.2, total_timeout=600.0
    )
    with pytest.raises(DownloadError) as caught:
        _fetch(threaded_httpserver, cache, slow)
    message = str(caught.value)
    assert message.startswith(f"download of {SR_NAME} arrived too slowly (")
    assert (
        "below the 1,000 bytes/s magfood waits for" in message and "of 60 bytes arrived" in message
    )
    assert _cache_is_empty(cache)


def test_a_transfer_past_the_total_time_limit_fails(
    threaded_httpserver: HTTPServer, cache: Path
) -> None:
    threaded_httpserver.expect_request(f"/d/{SR_NAME}").respond_with_handler(
        lambda request: Response(_trickle(60, 0.05), headers={"Content-Length": "60"})
    )
    slow = config.NetworkSettings(read_timeout=5.0, retries=0, min_rate=0.0, total_timeout=0.3)
    with pytest.raises(DownloadError, match=r"took longer than 0\.3 s \(\d+ of 60 bytes arrived\)"):
        _fetch(threaded_httpserver, cache, slow)
    assert _cache_is_empty(cache)


def test_slow_server_settings_come_from_the_environment() -> None:
    got = config.network_settings(
        {
            config.MIN_RATE_ENV: "500",
            config.RATE_WINDOW_ENV: "2",
            config.TOTAL_TIMEOUT_ENV: "30",
            config.MAX_RETRY_AFTER_ENV: "5",
        }
    )
    assert (got.min_rate, got.rate_window, got.total_timeout, got.max_retry_after) == (
        500.0,
        2.0,
        30.0,
        5.0,
    )


# ---- a broken transfer says what arrived (item 13) -----------------------------------------


def test_a_broken_download_reports_the_bytes_that_arrived(
    threaded_httpserver: HTTPServer, cache: Path
) -> None:
    def cut() -> Iterator[bytes]:
        yield b"x" * 221_184
        raise ConnectionAbortedError("the server went away")

    threaded_httpserver.expect_request(f"/d/{SR_NAME}").respond_with_handler(
        lambda request: Response(cut(), headers={"Content-Length": "1000000"}, content_type=ZIP)
    )
    with pytest.raises(DownloadError) as caught:
        _fetch(threaded_httpserver, cache)
    assert str(caught.value) == (
        f"download of {SR_NAME} is truncated (the connection broke off after 221,184 of "
        "1,000,000 bytes); run the refresh again"
    )
    assert _cache_is_empty(cache)


# ---- bounded input: zip bombs and size caps (item 3) ---------------------------------------


def _bomb(size: int = 8 << 20) -> bytes:
    """A valid zip whose food.csv inflates about 1,000 times (8 MB from 8 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("food.csv", b'"fdc_id","data_type","description"\n' + b"1" * size)
    return out.getvalue()


def test_a_zip_bomb_is_refused_and_never_cached(httpserver: HTTPServer, cache: Path) -> None:
    bomb = _bomb()
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(bomb, content_type=ZIP)
    with pytest.raises(DownloadError) as caught:
        _fetch(httpserver, cache)
    assert str(caught.value).startswith(
        f"download of {SR_NAME} was refused and not kept: food.csv would expand"
    )
    assert "a zip bomb?" in str(caught.value)
    assert _cache_is_empty(cache)


def test_a_bomb_cached_by_an_older_magfood_is_not_reused(
    httpserver: HTTPServer, cache: Path, sr_zip: bytes
) -> None:
    url = httpserver.url_for(f"/d/{SR_NAME}")
    cache.mkdir()
    bomb = _bomb()
    (cache / SR_NAME).write_bytes(bomb)
    record = {"url": url, "etag": '"bomb"', "last_modified": None, "size": len(bomb)}
    (cache / f"{SR_NAME}.json").write_text(json.dumps(record))

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"bomb"':
            return Response(status=304)
        return Response(sr_zip, content_type=ZIP, headers={"ETag": '"v2"'})

    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_handler(handler)
    assert _fetch(httpserver, cache).read_bytes() == sr_zip
    assert "If-None-Match" not in httpserver.log[0][0].headers


def test_a_download_larger_than_the_cap_is_refused_at_once(
    httpserver: HTTPServer, cache: Path, sr_zip: bytes
) -> None:
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(sr_zip, content_type=ZIP)
    small = config.NetworkSettings(read_timeout=2.0, retries=0, max_download_bytes=1000)
    with pytest.raises(DownloadError, match=rf"is {len(sr_zip):,} bytes, more than the 1,000"):
        _fetch(httpserver, cache, small)
    assert _cache_is_empty(cache)


def test_a_stream_without_a_length_stops_at_the_cap(
    threaded_httpserver: HTTPServer, cache: Path
) -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"0" * 65536

    threaded_httpserver.expect_request(f"/d/{SR_NAME}").respond_with_handler(
        lambda request: Response(endless(), content_type=ZIP)  # chunked: no Content-Length
    )
    small = config.NetworkSettings(read_timeout=2.0, retries=0, max_download_bytes=1 << 20)
    with pytest.raises(DownloadError, match="is larger than 1,048,576 bytes; refused"):
        _fetch(threaded_httpserver, cache, small)
    assert _cache_is_empty(cache)


# ---- disk full during the download (item 8) ------------------------------------------------


def test_disk_full_during_the_download_is_one_line(
    httpserver: HTTPServer, cache: Path, sr_zip: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request(f"/d/{SR_NAME}").respond_with_data(sr_zip, content_type=ZIP)
    real_open = open

    class Full(io.FileIO):
        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fake_open(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if str(path).endswith(".part"):
            return Full(str(path), "w")
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(download, "open", fake_open, raising=False)
    with pytest.raises(DownloadError) as caught:
        _fetch(httpserver, cache)
    assert str(caught.value) == (
        f"cannot write the download of {SR_NAME} into {cache} (No space left on device); "
        "free some space there or pass --cache-dir, then run the refresh again"
    )
    assert _cache_is_empty(cache)


def _fake_fdc(server: HTTPServer, tiny_release) -> dict[str, str]:
    for dataset in ("foundation", "sr_legacy", "survey_fndds"):
        name = config.release_urls([dataset], base_url="http://x/")[dataset].rsplit("/", 1)[1]
        body = Path(tiny_release(dataset)).read_bytes()
        server.expect_request(f"/fdc-datasets/{name}").respond_with_data(body, content_type=ZIP)
    return {
        config.BULK_BASE_URL_ENV: server.url_for("/fdc-datasets/"),
        config.RETRIES_ENV: "0",
        config.TIMEOUT_ENV: "5",
    }


def _file_size_limit(limit: int):  # a preexec_fn
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_real_file_size_limit_during_the_download_is_one_line(
    httpserver: HTTPServer, tiny_release, installed_data: Path, file_hashes, tmp_path: Path
) -> None:
    """``ulimit -f`` in a real process: the zip cannot be written to the cache."""
    env = {**os.environ, **_fake_fdc(httpserver, tiny_release)}
    before = file_hashes(installed_data)
    cache = tmp_path / "cache"
    argv = ["refresh", "--data-dir", str(installed_data), "--cache-dir", str(cache)]
    done = subprocess.run(
        [sys.executable, "-m", "magfood", *argv],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=_file_size_limit(4096),
    )
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("magfood: error: cannot write the download of FoodData_Central_")
    assert "(File too large); free some space there or pass --cache-dir" in line
    assert file_hashes(installed_data) == before
    failed = line.split("cannot write the download of ")[1].split(" into ")[0]
    assert not (cache / failed).exists() and not list(cache.glob("*.part"))
    for kept in cache.glob("*.zip"):  # a smaller zip that fitted is whole, with its record
        assert zipfile.ZipFile(kept).testzip() is None
        assert kept.with_name(kept.name + ".json").exists()
