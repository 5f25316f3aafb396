"""The FDC REST API path against a local fake api.nal.usda.gov: paging, batching, the four
portion styles, rate limits, gateway errors, timeouts, key hygiene, and data/ safety."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from magfood.cli import main as cli
from magfood.errors import DownloadError
from magfood.fdc import api, bulk
from magfood.fdc import releases as config
from magfood.meals.index_store import read_parts
from magfood.table import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "api"
FOODS: list[dict[str, Any]] = json.loads((FIXTURES / "foods_full.json").read_text())
BIG_MAC: dict[str, Any] = json.loads((FIXTURES / "BigMacFood.json").read_text())
KEY = "k3y-SECRET-0123456789abcdefghijklmnopqrstuv"
FAST = config.NetworkSettings(
    connect_timeout=2.0,
    read_timeout=2.0,
    retries=2,
    backoff_factor=0.0,
    rate_pause=0.0,
    api_page_size=2,
    api_batch_size=3,
)
GATEWAY_403 = {
    "API_KEY_INVALID": "An invalid api_key was supplied. Get one at https://api.data.gov:443",
    "API_KEY_MISSING": "No api_key was supplied. Get one at https://api.data.gov:443",
    "API_KEY_DISABLED": "The api_key supplied has been disabled.",
    "API_KEY_UNVERIFIED": "The api_key supplied has not been verified yet.",
    "API_KEY_UNAUTHORIZED": "The api_key supplied is not authorized to access the given service.",
}


def _abridged(food: dict[str, Any]) -> dict[str, Any]:
    """A foods/list item: abridged, nutrients flattened to number/amount/unitName."""
    out = {k: food[k] for k in ("fdcId", "description", "dataType", "publicationDate")}
    for key in ("ndbNumber", "foodCode", "gtinUpc", "brandOwner"):
        if key in food:
            out[key] = food[key]
    out["foodNutrients"] = [
        {
            "number": n["nutrient"]["number"],
            "name": n["nutrient"]["name"],
            "amount": n["amount"],
            "unitName": n["nutrient"]["unitName"].upper(),
        }
        for n in food["foodNutrients"]
    ]
    return out


class FakeFdc:
    """Answers foods/list and foods like the real API (key in X-Api-Key, rate headers)."""

    def __init__(self, foods: list[dict[str, Any]], remaining: int = 1000) -> None:
        self.catalogue = sorted(foods, key=lambda f: f["fdcId"])
        self.remaining = remaining

    def _headers(self) -> dict[str, str]:
        self.remaining = max(self.remaining - 1, 0)
        return {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": str(self.remaining)}

    def _refuse(self, request: Request) -> Response | None:
        if request.headers.get("X-Api-Key") != KEY:
            body = {"error": {"code": "API_KEY_INVALID", "message": GATEWAY_403["API_KEY_INVALID"]}}
            return Response(json.dumps(body), status=403, content_type="application/json")
        return None

    def food_list(self, request: Request) -> Response:
        refused = self._refuse(request)
        if refused:
            return refused
        body = request.get_json()
        size, page = body["pageSize"], body["pageNumber"]
        assert 1 <= size <= 200 and isinstance(body["dataType"], list)
        matching = [f for f in self.catalogue if f["dataType"] in body["dataType"]]
        items = [_abridged(f) for f in matching[(page - 1) * size : page * size]]
        return Response(json.dumps(items), content_type="application/json", headers=self._headers())

    def foods(self, request: Request) -> Response:
        refused = self._refuse(request)
        if refused:
            return refused
        body = request.get_json()
        if len(body["fdcIds"]) > 20:
            spring = {"status": 400, "error": "Bad Request", "message": "fdcIds: size must be 1-20"}
            return Response(json.dumps(spring), status=400, content_type="application/json")
        numbers = {str(n) for n in body["nutrients"]}
        wanted = set(body["fdcIds"])
        items = []
        for food in self.catalogue:
            if food["fdcId"] in wanted:
                kept = [n for n in food["foodNutrients"] if n["nutrient"]["number"] in numbers]
                items.append({**food, "foodNutrients": kept})
        return Response(json.dumps(items), content_type="application/json", headers=self._headers())

    def install(self, server: HTTPServer) -> None:
        server.expect_request("/fdc/v1/foods/list", method="POST").respond_with_handler(
            self.food_list
        )
        server.expect_request("/fdc/v1/foods", method="POST").respond_with_handler(self.foods)


@pytest.fixture
def fake_api(httpserver: HTTPServer) -> HTTPServer:
    FakeFdc(FOODS).install(httpserver)
    return httpserver


def _build(server: HTTPServer, **options: Any) -> Any:
    options.setdefault("settings", FAST)
    options.setdefault("sleep", lambda seconds: None)
    return api.build_from_api(api_key=KEY, base_url=server.url_for("/fdc/v1/"), **options)


def test_build_pages_and_batches(fake_api) -> None:
    built = _build(fake_api, include_branded=True)
    assert sorted(built.foods["fdc_id"]) == sorted(f["fdcId"] for f in FOODS)
    lists = [r for r, _ in fake_api.log if r.path.endswith("/foods/list")]
    batches = [r.get_json() for r, _ in fake_api.log if r.path.endswith("/foods")]
    # 4 data types, 2 or 3 foods each at 2 a page: a full page, then a short or empty one
    assert len(lists) == 4 * 2
    assert all(len(b["fdcIds"]) <= 3 and b["format"] == "full" for b in batches)
    assert all(b["nutrients"] == [304, 208, 957, 958, 268] for b in batches)
    assert [s["origin"] for s in built.sources] == ["api"] * 4
    assert built.counts["sr_legacy"]["foods"] == 3
    assert built.counts["branded"]["foods_without_magnesium"] == 2


def test_key_travels_only_in_the_header(fake_api) -> None:
    _build(fake_api)
    for request, _ in fake_api.log:
        assert request.headers["X-Api-Key"] == KEY
        assert KEY not in request.url and KEY not in request.get_data(as_text=True)


# fdc_id -> (Mg, kcal, energy source, category)
API_FOODS = [
    (168462, 79.0, 23.0, "1008", "Vegetables and Vegetable Products"),
    (2709614, 93.0, 27.0, "1008", "Spinach"),
    (328637, 26.8, 408.0, "1008", "Dairy and Egg Products"),
    (2647443, 29.9, 352.0, "2048", "Dairy and Egg Products"),
    (2057648, None, 393.0, "1008", "Cheese"),
]


@pytest.mark.parametrize(("fdc_id", "magnesium", "kcal", "source", "category"), API_FOODS)
def test_food_values(fdc_id, magnesium, kcal, source, category) -> None:
    row = api.tables_from_foods(FOODS).foods.set_index("fdc_id").loc[fdc_id]
    if magnesium is None:
        assert pd.isna(row["magnesium_mg_per_100g"])
    else:
        assert row["magnesium_mg_per_100g"] == magnesium
    assert row["energy_kcal_per_100g"] == kcal
    assert (row["energy_source"], row["category"]) == (source, category)


# one row per portion style: (fdc_id, measure) -> (amount, unit, grams)
PORTION_STYLES = [
    (328637, "1 cup, shredded", 1.0, "cup", 105.0),  # Foundation: real measureUnit
    (328637, "1 slice", 1.0, "slice", 17.0),
    (168462, "1 cup", 1.0, "cup", 30.0),  # SR Legacy: unit 9999, text in modifier
    (168462, "1 package (10 oz)", 1.0, "package", 284.0),
    (2707581, "1 cup, without shell", 1.0, "cup", 144.0),  # FNDDS: portionDescription
    (2709614, "Quantity not specified", 1.0, None, 13.0),
    (2015943, "0.25 cup", 0.25, "cup", 28.0),  # Branded: household text + serving grams
    (2057648, "1 ONZ", 1.0, None, 28.0),
]


@pytest.mark.parametrize(("fdc_id", "measure", "amount", "unit", "grams"), PORTION_STYLES)
def test_portion_styles(fdc_id, measure, amount, unit, grams) -> None:
    portions = api.tables_from_foods(FOODS).portions
    row = portions[(portions["fdc_id"] == fdc_id) & (portions["measure"] == measure)].iloc[0]
    assert row["amount"] == amount
    assert (None if pd.isna(row["unit"]) else row["unit"]) == unit
    assert row["gram_weight"] == grams


@pytest.mark.parametrize("dataset", ["sr_legacy", "survey_fndds"])
def test_api_rows_equal_bulk_rows(tiny_release, dataset) -> None:
    """The same food read from the API or from the bulk CSVs gives identical rows."""
    from_bulk = bulk.read_release(bulk.open_release(tiny_release(dataset, extra=0)))
    from_api = api.tables_from_foods(FOODS)
    ids = sorted(from_bulk.foods["fdc_id"])
    bulk_foods = from_bulk.foods.set_index("fdc_id").loc[ids]
    api_foods = from_api.foods.set_index("fdc_id").loc[ids]
    pd.testing.assert_frame_equal(api_foods, bulk_foods, check_dtype=False)
    key = ["fdc_id", "seq_num"]

    def portions(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["fdc_id"].isin(ids)].sort_values(key).reset_index(drop=True)

    pd.testing.assert_frame_equal(
        portions(from_api.portions), portions(from_bulk.portions), check_dtype=False
    )


def test_real_captures_parse() -> None:
    listed = json.loads((FIXTURES / "foods-list.foundation.pagesize1.json").read_text())
    assert list(api._ids(listed)) == [321611]
    tables = api.tables_from_foods([BIG_MAC, *listed])
    foods = tables.foods.set_index("fdc_id")
    assert foods.loc[170720, "magnesium_mg_per_100g"] == 20.0
    assert foods.loc[321611, "magnesium_mg_per_100g"] == 12.7  # abridged shape
    assert foods.loc[321611, "energy_kcal_per_100g"] == 21.0
    assert tables.portions[["measure", "gram_weight"]].values.tolist() == [["1 item 7.6 oz", 219.0]]


def test_malformed_items_are_skipped_and_counted() -> None:
    broken = [
        {"fdcId": 1, "dataType": "Experimental", "description": "x"},
        {"fdcId": "2", "dataType": "SR Legacy"},
        {
            "fdcId": 3,
            "dataType": "SR Legacy",
            "description": "Nutrients without a nutrient object",
            "foodNutrients": [{"id": 9, "amount": 5.0}, "junk"],
            "foodPortions": ["junk", {"gramWeight": 0, "amount": 1, "modifier": "cup"}],
        },
    ]
    tables = api.tables_from_foods(broken)
    assert tables.foods["fdc_id"].tolist() == [3]
    assert pd.isna(tables.foods.loc[0, "magnesium_mg_per_100g"])
    assert tables.counts["other_rows_dropped"] == {"foods": 2}
    assert tables.counts["sr_legacy"]["portions_dropped"] == 1


def test_paging_stops_when_the_server_repeats_a_page(httpserver) -> None:
    page = [_abridged(f) for f in FOODS[:2]]
    httpserver.expect_request("/fdc/v1/foods/list").respond_with_json(page)
    client = api.ApiClient(KEY, httpserver.url_for("/fdc/v1/"), settings=FAST)
    assert api.list_ids(client, "SR Legacy") == [168462, 170557]
    assert len(httpserver.log) == 2


def test_retries_a_429_then_succeeds(fake_api) -> None:
    body = {"error": {"code": "OVER_RATE_LIMIT", "message": "You have exceeded your rate limit."}}
    fake_api.expect_oneshot_request("/fdc/v1/foods", method="POST").respond_with_json(
        body, status=429, headers={"X-RateLimit-Remaining": "0"}
    )
    built = _build(fake_api, datasets=["sr_legacy"])
    assert sorted(built.foods["fdc_id"]) == [168462, 170557, 173735]
    statuses = [r.status_code for q, r in fake_api.log if q.path.endswith("/foods")]
    assert statuses[:2] == [429, 200]


def test_low_rate_limit_slows_down(httpserver, caplog) -> None:
    FakeFdc(FOODS, remaining=12).install(httpserver)
    pauses: list[float] = []
    slow = config.NetworkSettings(retries=0, rate_pause=7.5, api_page_size=2)
    with caplog.at_level(logging.WARNING, logger="magfood"):
        _build(httpserver, datasets=["sr_legacy"], settings=slow, sleep=pauses.append)
    assert pauses and set(pauses) == {7.5}
    assert "requests left this hour" in caplog.text


def _error_cases() -> list[tuple[str, Response, str, int]]:
    """(label, response, message pattern, requests expected with retries=2)."""
    cases = [
        (
            f"403 {code}",
            Response(
                json.dumps({"error": {"code": code, "message": text}}),
                status=403,
                content_type="application/json",
            ),
            code,
            1,
        )
        for code, text in GATEWAY_403.items()
    ]
    return [
        *cases,
        (
            "429 forever",
            Response(
                json.dumps({"error": {"code": "OVER_RATE_LIMIT", "message": "slow down"}}),
                status=429,
                content_type="application/json",
            ),
            "rate limit exceeded on foods/list and still exceeded after 2 retries",
            3,
        ),
        (
            "500 html",
            Response(
                "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>",
                status=500,
                content_type="text/html",
            ),
            "HTTP 500 after 2 retries: an HTML error page; FDC may be down",
            3,
        ),
        (
            "500 spring",
            Response(
                json.dumps(
                    {
                        "timestamp": "2020-11-02T10:00:00.000+0000",
                        "status": 500,
                        "error": "Internal Server Error",
                        "message": "None of the configured nodes are available",
                        "path": "/portal-data/api/v1/foods/list",
                    }
                ),
                status=500,
                content_type="application/json",
            ),
            "None of the configured nodes are available",
            3,
        ),
        (
            "echoed key",
            Response(
                json.dumps({"error": {"code": "API_KEY_INVALID", "message": f"bad key {KEY}"}}),
                status=403,
                content_type="application/json",
            ),
            "rejected the key",
            1,
        ),
    ]


ERRORS = _error_cases()


@pytest.mark.parametrize(
    ("label", "response", "message", "calls"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_api_errors_are_one_clear_line_without_the_key(
    httpserver, caplog, capsys, label, response, message, calls
) -> None:
    httpserver.expect_request("/fdc/v1/foods/list").respond_with_response(response)
    with caplog.at_level(logging.DEBUG), pytest.raises(DownloadError) as caught:
        _build(httpserver, datasets=["foundation"])
    text = str(caught.value)
    assert message in text and "\n" not in text
    assert len(httpserver.log) == calls
    assert KEY not in text and KEY not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert KEY not in caplog.text
    out = capsys.readouterr()
    assert KEY not in out.out + out.err


def test_timeout_is_retried_then_reported(threaded_httpserver) -> None:
    def stall(request: Request) -> Response:
        time.sleep(0.6)
        return Response("[]", content_type="application/json")

    threaded_httpserver.expect_request("/fdc/v1/foods/list").respond_with_handler(stall)
    quick = config.NetworkSettings(connect_timeout=0.2, read_timeout=0.2, retries=1)
    with pytest.raises(DownloadError, match=r"did not answer foods/list within 0\.2 s") as caught:
        _build(threaded_httpserver, datasets=["foundation"], settings=quick)
    assert KEY not in str(caught.value)


def test_client_repr_hides_the_key() -> None:
    client = api.ApiClient(KEY, "http://127.0.0.1:9/fdc/v1/", settings=FAST)
    assert KEY not in repr(client) and KEY not in str(vars(client).get("base_url"))
    assert client.scrub(f"x {KEY} y") == "x [key hidden] y"


@pytest.mark.parametrize(
    ("environ", "outcome"),
    [
        ({}, "set $FDC_API_KEY"),
        ({"FDC_API_KEY": "  "}, "set $FDC_API_KEY"),
        ({"FDC_API_KEY": "DEMO_KEY"}, "DEMO_KEY"),
        ({"FDC_API_KEY": KEY}, KEY),
    ],
)
def test_api_key_from_env(environ, outcome, caplog) -> None:
    if outcome.startswith("set "):
        with pytest.raises(DownloadError, match=r"set \$FDC_API_KEY"):
            api.api_key_from_env(environ)
        return
    with caplog.at_level(logging.WARNING, logger="magfood"):
        assert api.api_key_from_env(environ) == outcome
    assert ("using DEMO_KEY" in caplog.text) == (outcome == "DEMO_KEY")
    assert KEY not in caplog.text


# ---- through the CLI ----------------------------------------------------------------------


@pytest.fixture
def api_env(httpserver, monkeypatch) -> HTTPServer:
    monkeypatch.setenv("FDC_API_KEY", KEY)
    monkeypatch.setenv(config.API_BASE_URL_ENV, httpserver.url_for("/fdc/v1/"))
    monkeypatch.setenv(config.TIMEOUT_ENV, "2")
    monkeypatch.setenv(config.RETRIES_ENV, "1")
    monkeypatch.setenv(config.BACKOFF_ENV, "0")
    return httpserver


def test_cli_api_refresh_installs(api_env, tmp_path, capsys) -> None:
    FakeFdc(FOODS).install(api_env)
    assert cli.main(["refresh", "--api", "--data-dir", str(tmp_path / "d")]) == 0
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert {s["origin"] for s in manifest["sources"]} == {"api"}
    assert manifest["totals"]["foods"] == 8
    assert len(read_parts(read_table(tmp_path / "d"))["tokens"]) == 8  # the index, stored
    out = capsys.readouterr()
    assert "installed 8 foods" in out.out and KEY not in out.out + out.err


#: label -> what the one line must say when the CLI runs with one retry
CLI_FAILURES = {
    "403 API_KEY_INVALID": "rejected the key in $FDC_API_KEY as invalid",
    "429 forever": "rate limit exceeded on foods/list and still exceeded after 1 retry",
    "500 html": "HTTP 500 after 1 retry: an HTML error page",
}


@pytest.mark.parametrize(
    ("label", "response", "message", "calls"),
    [e for e in ERRORS if e[0] in CLI_FAILURES],
    ids=[e[0] for e in ERRORS if e[0] in CLI_FAILURES],
)
def test_cli_api_failure_leaves_data_untouched(
    api_env, installed_data, file_hashes, capsys, label, response, message, calls
) -> None:
    api_env.expect_request("/fdc/v1/foods/list").respond_with_response(response)
    before = file_hashes(installed_data)
    assert cli.main(["refresh", "--api", "--data-dir", str(installed_data)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("magfood: error: ") and err.count("\n") == 1
    assert CLI_FAILURES[label] in err and KEY not in err
    assert file_hashes(installed_data) == before


def test_cli_api_timeout_leaves_data_untouched(
    threaded_httpserver, installed_data, file_hashes, monkeypatch, capsys
) -> None:
    def stall(request: Request) -> Response:
        time.sleep(0.6)
        return Response("[]", content_type="application/json")

    threaded_httpserver.expect_request("/fdc/v1/foods/list").respond_with_handler(stall)
    monkeypatch.setenv("FDC_API_KEY", KEY)
    monkeypatch.setenv(config.API_BASE_URL_ENV, threaded_httpserver.url_for("/fdc/v1/"))
    monkeypatch.setenv(config.TIMEOUT_ENV, "0.2")
    monkeypatch.setenv(config.RETRIES_ENV, "0")
    before = file_hashes(installed_data)
    assert cli.main(["refresh", "--api", "--data-dir", str(installed_data)]) == 1
    assert "did not answer foods/list" in capsys.readouterr().err
    assert file_hashes(installed_data) == before
