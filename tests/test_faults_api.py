"""Fault injection on the FDC REST API client, against local servers (issue 13, items 2, 3, 6).

The key goes only to the configured API host: a redirect (to another host or the same one) is
never followed, so no other server ever sees ``X-Api-Key``. A long Retry-After ends the call at
once; a trickled or oversized answer fails cleanly; no message carries the key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import urllib3.util.retry
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from magfood.errors import DownloadError
from magfood.fdc import api
from magfood.fdc import releases as config

KEY = "k3y-SECRET-0123456789abcdefghijklmnopqrstuv"
FAST = config.NetworkSettings(
    connect_timeout=2.0, read_timeout=2.0, retries=2, backoff_factor=0.0, rate_pause=0.0
)


@pytest.fixture
def elsewhere() -> Iterator[HTTPServer]:
    """Another host: every request it gets is recorded, with its headers."""
    server = HTTPServer(host="127.0.0.1")
    server.start()
    server.expect_request("/steal/foods/list").respond_with_json([])
    yield server
    server.clear()
    server.stop()


def _client(server: HTTPServer, settings: config.NetworkSettings = FAST) -> api.ApiClient:
    return api.ApiClient(KEY, server.url_for("/fdc/v1/"), settings=settings)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_the_key_never_follows_a_redirect_to_another_host(
    httpserver: HTTPServer, elsewhere: HTTPServer, status: int
) -> None:
    target = elsewhere.url_for("/steal/foods/list")
    httpserver.expect_request("/fdc/v1/foods/list").respond_with_response(
        Response(status=status, headers={"Location": target})
    )
    with pytest.raises(DownloadError) as caught:
        _client(httpserver).post("foods/list", {"pageSize": 1})
    message = str(caught.value)
    assert f"with a redirect (HTTP {status}) to 127.0.0.1:{elsewhere.port}" in message
    assert "sends the API key only to the configured host and did not follow it" in message
    assert f"set ${config.API_BASE_URL_ENV}" in message and KEY not in message
    assert elsewhere.log == []  # the other host was never asked, so it never saw the key
    assert httpserver.log[0][0].headers["X-Api-Key"] == KEY


def test_a_redirect_on_the_same_host_is_not_followed_either(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/fdc/v1/foods/list").respond_with_response(
        Response(status=307, headers={"Location": httpserver.url_for("/v2/foods/list")})
    )
    httpserver.expect_request("/v2/foods/list").respond_with_json([])
    with pytest.raises(DownloadError, match=r"with a redirect \(HTTP 307\)"):
        _client(httpserver).post("foods/list", {})
    assert [request.path for request, _ in httpserver.log] == ["/fdc/v1/foods/list"]


def test_a_long_retry_after_ends_the_call_at_once(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)
    httpserver.expect_request("/fdc/v1/foods/list").respond_with_data(
        "rate limited", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(DownloadError) as caught:
        _client(httpserver).post("foods/list", {})
    message = str(caught.value)
    assert message.startswith("the FDC API at localhost:")
    assert "is busy (HTTP 429) and asks to wait 60 min before trying again" in message
    assert "try again after " in message and KEY not in message
    assert slept == [] and len(httpserver.log) == 1


def test_a_trickled_answer_fails_on_the_minimum_rate(threaded_httpserver: HTTPServer) -> None:
    def trickle(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for byte in b"[" + b" " * 40 + b"]":
                time.sleep(0.05)
                yield bytes([byte])

        return Response(body(), headers={"Content-Length": "42"}, content_type="application/json")

    threaded_httpserver.expect_request("/fdc/v1/foods/list").respond_with_handler(trickle)
    slow = config.NetworkSettings(read_timeout=5.0, retries=0, min_rate=1000.0, rate_window=0.2)
    with pytest.raises(DownloadError, match=r"the FDC API answer to foods/list arrived too slowly"):
        _client(threaded_httpserver, slow).post("foods/list", {})


def test_an_oversized_answer_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/fdc/v1/foods").respond_with_data(
        "[" + "0," * 100_000 + "0]", content_type="application/json"
    )
    small = config.NetworkSettings(read_timeout=2.0, retries=0, max_api_bytes=10_000)
    with pytest.raises(DownloadError, match="answer to foods is larger than 10,000 bytes"):
        _client(httpserver, small).post("foods", {})


def test_an_answer_nested_too_deeply_is_a_source_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/fdc/v1/foods").respond_with_data(
        "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    with pytest.raises(api.SourceError, match="with something that is not JSON"):
        _client(httpserver).post("foods", {})
