"""Where the storage tests' PostgreSQL comes from (tests/postgres.py): the given URL, else
a throwaway server from Debian's binaries, else a skip, or a failure when
MAGFOOD_REQUIRE_POSTGRES=1 (as CI sets)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tests import postgres

URL = {"MAGFOOD_TEST_POSTGRES_URL": "postgresql://h/d"}
NONE = "no PostgreSQL: set MAGFOOD_TEST_POSTGRES_URL or install Debian's postgresql"
BIN = Path("/usr/lib/postgresql/16/bin")


@pytest.mark.parametrize(
    ("environ", "bin_dir", "expected"),
    [
        (URL, None, ("url", "postgresql://h/d")),
        ({**URL, "MAGFOOD_REQUIRE_POSTGRES": "1"}, BIN, ("url", "postgresql://h/d")),
        ({}, BIN, ("start", str(BIN))),
        ({"MAGFOOD_REQUIRE_POSTGRES": "1"}, BIN, ("start", str(BIN))),
        ({}, None, ("skip", NONE)),
        ({"MAGFOOD_REQUIRE_POSTGRES": "0"}, None, ("skip", NONE)),
        (
            {"MAGFOOD_REQUIRE_POSTGRES": "1"},
            None,
            ("fail", f"MAGFOOD_REQUIRE_POSTGRES=1 but {NONE}"),
        ),
    ],
)
def test_the_server_comes_from_the_url_or_debian_else_skips_unless_required(
    environ: dict[str, str], bin_dir: Path | None, expected: tuple[str, str]
) -> None:
    assert postgres.source(environ, bin_dir) == expected


@pytest.mark.skipif(postgres.URL_ENV in os.environ, reason="a given server, not ours")
def test_the_throwaway_server_listens_on_loopback_only(postgres_server: str) -> None:
    engine = create_engine(postgres_server)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW listen_addresses").scalar_one() == "127.0.0.1"
    finally:
        engine.dispose()
