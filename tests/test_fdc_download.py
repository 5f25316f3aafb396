"""Bulk download against a local fake fdc.nal.usda.gov: cache, conditional GET, retries,
truncated and corrupt zips, and the CLI leaving data/ untouched on every failure."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from magfood.cli import main as cli
from magfood.errors import DownloadError, MagfoodError
from magfood.fdc import download
from magfood.fdc import releases as config
from magfood.meals.index_store import read_parts
from magfood.table import read_table

FAST = config.NetworkSettings(connect_timeout=2.0, read_timeout=2.0, retries=2, backoff_factor=0.0)
ZIP_TYPE = "application/zip"


def _zip_bytes(tiny_release, dataset: str) -> bytes:
    return Path(tiny_release(dataset)).read_bytes()


def _serve_release(server: HTTPServer, name: str, body: bytes, etag: str = '"v1"') -> str:
    """Serve ``body`` at /fdc-datasets/<name>, answering 304 to a matching If-None-Match."""

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=ZIP_TYPE, headers={"ETag": etag})

    server.expect_request(f"/fdc-datasets/{name}").respond_with_handler(handler)
    return server.url_for(f"/fdc-datasets/{name}")


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def sr_zip(tiny_release) -> bytes:
    return _zip_bytes(tiny_release, "sr_legacy")


SR_NAME = "FoodData_Central_sr_legacy_food_csv_2018-04.zip"


def test_download_then_reuse_on_304(httpserver, sr_zip, cache) -> None:
    url = _serve_release(httpserver, SR_NAME, sr_zip)
    session = download.make_session(FAST)
    first = download.fetch(url, cache, session, FAST)
    assert first.read_bytes() == sr_zip
    stamp = first.stat().st_mtime_ns
    second = download.fetch(url, cache, session, FAST)
    assert second == first and second.stat().st_mtime_ns == stamp
    (_, r1), (req2, r2) = httpserver.log
    assert (r1.status_code, r2.status_code) == (200, 304)
    assert req2.headers["If-None-Match"] == '"v1"'
    assert sorted(p.name for p in cache.iterdir()) == [SR_NAME, SR_NAME + ".json"]


def test_last_modified_is_sent_back(httpserver, sr_zip, cache) -> None:
    stamp = "Wed, 18 Dec 2025 10:00:00 GMT"
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-Modified-Since"))
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(sr_zip, content_type=ZIP_TYPE, headers={"Last-Modified": stamp})

    httpserver.expect_request(f"/x/{SR_NAME}").respond_with_handler(handler)
    url = httpserver.url_for(f"/x/{SR_NAME}")
    session = download.make_session(FAST)
    download.fetch(url, cache, session, FAST)
    download.fetch(url, cache, session, FAST)
    assert seen == [None, stamp]


def test_changed_file_is_downloaded_again(httpserver, sr_zip, tiny_release, cache) -> None:
    url = _serve_release(httpserver, SR_NAME, sr_zip, etag='"v1"')
    session = download.make_session(FAST)
    download.fetch(url, cache, session, FAST)
    httpserver.clear()
    newer = _zip_bytes(tiny_release, "sr_legacy")
    _serve_release(httpserver, SR_NAME, newer + b"", etag='"v2"')
    path = download.fetch(url, cache, session, FAST)
    assert httpserver.log[0][1].status_code == 200
    assert path.read_bytes() == newer


def test_retries_a_503_then_succeeds(httpserver, sr_zip, cache) -> None:
    httpserver.expect_oneshot_request(f"/r/{SR_NAME}").respond_with_data("busy", status=503)
    httpserver.expect_request(f"/r/{SR_NAME}").respond_with_data(sr_zip, content_type=ZIP_TYPE)
    path = download.fetch(
        httpserver.url_for(f"/r/{SR_NAME}"), cache, download.make_session(FAST), FAST
    )
    assert [r.status_code for _, r in httpserver.log] == [503, 200]
    assert zipfile.ZipFile(path).testzip() is None


def test_sends_a_normal_user_agent(httpserver, sr_zip, cache) -> None:
    url = _serve_release(httpserver, SR_NAME, sr_zip)
    download.fetch(url, cache, download.make_session(FAST), FAST)
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("magfood/") and "python-requests" in agent


def test_no_progress_bar_when_not_a_tty(httpserver, sr_zip, cache, capsys) -> None:
    url = _serve_release(httpserver, SR_NAME, sr_zip)
    download.fetch(url, cache, download.make_session(FAST), FAST)
    assert capsys.readouterr().err == ""


def _truncated(body: bytes) -> Response:
    response = Response(body[: len(body) // 2], content_type=ZIP_TYPE)
    response.headers["Content-Length"] = str(len(body))
    return response


def _crc_broken(body: bytes) -> bytes:
    """The same zip stored uncompressed, with one byte of a member flipped."""
    source = zipfile.ZipFile(io.BytesIO(body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
    data = bytearray(out.getvalue())
    data[200] ^= 0xFF
    return bytes(data)


BAD_BODIES = [
    ("truncated", lambda body: _truncated(body), "is truncated"),
    ("garbage", lambda body: Response(b"<html>maintenance</html>"), "not a readable zip"),
    ("crc", lambda body: Response(_crc_broken(body)), "is corrupt|not a readable zip"),
    ("404", lambda body: Response("gone", status=404), "HTTP 404"),
    ("503 forever", lambda body: Response("busy", status=503), "HTTP 503"),
]


@pytest.mark.parametrize(
    ("label", "respond", "message"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES]
)
def test_bad_download_is_an_error_and_leaves_no_file(
    httpserver, sr_zip, cache, label, respond, message
) -> None:
    httpserver.expect_request(f"/b/{SR_NAME}").respond_with_response(respond(sr_zip))
    url = httpserver.url_for(f"/b/{SR_NAME}")
    with pytest.raises(DownloadError, match=message) as caught:
        download.fetch(url, cache, download.make_session(FAST), FAST)
    assert "\n" not in str(caught.value)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_bad_download_does_not_keep_a_stale_cache(httpserver, sr_zip, cache) -> None:
    url = _serve_release(httpserver, SR_NAME, sr_zip, etag='"v1"')
    download.fetch(url, cache, download.make_session(FAST), FAST)
    httpserver.clear()
    httpserver.expect_request(f"/fdc-datasets/{SR_NAME}").respond_with_response(_truncated(sr_zip))
    with pytest.raises(DownloadError, match="truncated"):
        download.fetch(url, cache, download.make_session(FAST), FAST)
    assert not cache.exists() or list(cache.iterdir()) == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_network_down_is_one_clear_error(cache) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/{SR_NAME}"
    with pytest.raises(DownloadError, match=r"cannot reach 127\.0\.0\.1.*after 2 retries"):
        download.fetch(url, cache, download.make_session(FAST), FAST)


@pytest.mark.parametrize("url", ["notaurl", "file:///etc/passwd", "ftp://host/a.zip", "https:///a"])
def test_a_url_that_is_not_a_web_address_is_refused_at_once(cache, url: str) -> None:
    with pytest.raises(DownloadError, match="is not a web address"):
        download.fetch(url, cache, download.make_session(FAST), FAST)
    assert not cache.exists() or not any(cache.iterdir())


def test_timeout_is_retried_then_reported(threaded_httpserver, cache) -> None:
    def stall(request: Request) -> Response:
        time.sleep(0.6)
        return Response(b"late")

    threaded_httpserver.expect_request(f"/t/{SR_NAME}").respond_with_handler(stall)
    quick = config.NetworkSettings(
        connect_timeout=0.2, read_timeout=0.2, retries=1, backoff_factor=0.0
    )
    url = threaded_httpserver.url_for(f"/t/{SR_NAME}")
    with pytest.raises(DownloadError, match=r"did not answer within 0\.2 s after 1 retry"):
        download.fetch(url, cache, download.make_session(quick), quick)
    assert len(threaded_httpserver.log) <= 2


@pytest.mark.parametrize(
    ("overrides", "dataset", "name"),
    [
        ({}, "foundation", "FoodData_Central_foundation_food_csv_2025-12-18.zip"),
        ({}, "sr_legacy", "FoodData_Central_sr_legacy_food_csv_2018-04.zip"),
        ({}, "survey_fndds", "FoodData_Central_survey_food_csv_2024-10-31.zip"),
        ({}, "branded", "FoodData_Central_branded_food_csv_2025-12-18.zip"),
        (
            {"foundation": "2026-04-30"},
            "foundation",
            "FoodData_Central_foundation_food_csv_2026-04-30.zip",
        ),
    ],
)
def test_release_urls(overrides, dataset, name) -> None:
    urls = config.release_urls([dataset], overrides)
    assert urls == {dataset: config.BULK_BASE_URL + name}


def test_unknown_release_override() -> None:
    with pytest.raises(MagfoodError, match="unknown dataset"):
        config.release_urls(["foundation"], {"fundation": "2025-12-18"})


@pytest.mark.parametrize(("include_branded", "count"), [(False, 3), (True, 4)])
def test_default_datasets(include_branded, count) -> None:
    datasets = config.default_datasets(include_branded)
    assert len(datasets) == count and ("branded" in datasets) == include_branded


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, (15.0, 60.0, 5, 1.0)),
        (
            {config.TIMEOUT_ENV: "0.5", config.RETRIES_ENV: "1", config.BACKOFF_ENV: "0"},
            (0.5, 0.5, 1, 0.0),
        ),
    ],
)
def test_network_settings_from_env(environ, expected) -> None:
    got = config.network_settings(environ)
    assert (got.connect_timeout, got.read_timeout, got.retries, got.backoff_factor) == expected


def test_network_settings_reject_junk() -> None:
    with pytest.raises(MagfoodError, match="MAGFOOD_HTTP_RETRIES must be a number"):
        config.network_settings({config.RETRIES_ENV: "many"})


# ---- the whole download path through the CLI --------------------------------------------


def _fake_fdc(
    server: HTTPServer, tiny_release, monkeypatch, broken: dict[str, Response] | None = None
) -> None:
    """The three pinned zips on a local server that the CLI downloads from."""
    for dataset in ("foundation", "sr_legacy", "survey_fndds"):
        name = config.release_urls([dataset], base_url="http://x/")[dataset].rsplit("/", 1)[1]
        if broken and dataset in broken:
            server.expect_request(f"/fdc-datasets/{name}").respond_with_response(broken[dataset])
        else:
            _serve_release(server, name, _zip_bytes(tiny_release, dataset))
    monkeypatch.setenv(config.BULK_BASE_URL_ENV, server.url_for("/fdc-datasets/"))
    monkeypatch.setenv(config.TIMEOUT_ENV, "2")
    monkeypatch.setenv(config.RETRIES_ENV, "1")
    monkeypatch.setenv(config.BACKOFF_ENV, "0")


def test_cli_download_builds_and_installs(
    httpserver, tiny_release, monkeypatch, tmp_path, capsys
) -> None:
    _fake_fdc(httpserver, tiny_release, monkeypatch)
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    argv = ["refresh", "--data-dir", str(data_dir), "--cache-dir", str(cache)]
    assert cli.main(argv) == 0
    assert "installed" in capsys.readouterr().out
    manifest = (data_dir / "manifest.json").read_text()
    assert '"origin": "download"' in manifest and '"release": "2025-12-18"' in manifest
    table = read_table(data_dir)
    assert len(read_parts(table)["tokens"]) == len(table.foods)  # the index, stored
    assert len(httpserver.log) == 3
    assert cli.main([*argv, "--force"]) == 0
    assert [r.status_code for _, r in httpserver.log[3:]] == [304, 304, 304]


FAILURES = [
    ("503 past retries", lambda body: Response("busy", status=503), "HTTP 503"),
    ("truncated", _truncated, "truncated"),
    ("corrupt zip", lambda body: Response(b"PK\x03\x04 garbage"), "not a readable zip"),
]


@pytest.mark.parametrize(("label", "respond", "message"), FAILURES, ids=[f[0] for f in FAILURES])
def test_cli_failure_leaves_data_untouched(
    httpserver,
    tiny_release,
    monkeypatch,
    installed_data,
    file_hashes,
    tmp_path,
    capsys,
    label,
    respond,
    message,
) -> None:
    _fake_fdc(httpserver, tiny_release, monkeypatch, {"sr_legacy": respond(b"x" * 4000)})
    before = file_hashes(installed_data)
    argv = ["refresh", "--data-dir", str(installed_data), "--cache-dir", str(tmp_path / "c")]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("magfood: error: ")
    assert re.search(message, err)
    assert file_hashes(installed_data) == before


def test_cli_network_down_leaves_data_untouched(
    installed_data, file_hashes, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv(config.BULK_BASE_URL_ENV, f"http://127.0.0.1:{_closed_port()}/")
    monkeypatch.setenv(config.RETRIES_ENV, "1")
    monkeypatch.setenv(config.BACKOFF_ENV, "0")
    before = file_hashes(installed_data)
    argv = ["refresh", "--data-dir", str(installed_data), "--cache-dir", str(tmp_path / "c")]
    assert cli.main(argv) == 1
    assert "cannot reach 127.0.0.1" in capsys.readouterr().err
    assert file_hashes(installed_data) == before


def test_cli_prints_exactly_one_line_in_a_real_process(installed_data, tmp_path) -> None:
    """No urllib3 retry warnings around the error line (pytest's log capture hides them)."""
    port = _closed_port()
    env = {
        **os.environ,
        config.BULK_BASE_URL_ENV: f"http://127.0.0.1:{port}/",
        config.RETRIES_ENV: "2",
        config.BACKOFF_ENV: "0",
    }
    argv = ["refresh", "--data-dir", str(installed_data), "--cache-dir", str(tmp_path / "c")]
    done = subprocess.run(
        [sys.executable, "-m", "magfood", *argv], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"magfood: error: cannot reach 127.0.0.1:{port} after 2 retries (ConnectionError); "
        "check the network and try again"
    ]
