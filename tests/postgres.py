"""A PostgreSQL server for the storage tests: ``$MAGFOOD_TEST_POSTGRES_URL`` if set, else a
throwaway server started from Debian's binaries (``/usr/lib/postgresql/*/bin``) in a
temporary folder, listening on 127.0.0.1 only at a free port, for one test session. initdb
and postgres refuse to run as root, so as root they run as the ``postgres`` OS user.
Each test gets its own schema (``schema_url``), dropped afterwards."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

URL_ENV = "MAGFOOD_TEST_POSTGRES_URL"
REQUIRE_ENV = "MAGFOOD_REQUIRE_POSTGRES"


def source(environ: Mapping[str, str], bin_dir: Path | None) -> tuple[str, str]:
    """Where the session's server comes from: ("url", the given URL), ("start", the bin
    folder), or ("skip" / "fail", why there is none; "fail" when it is required)."""
    given = environ.get(URL_ENV)
    if given:
        return "url", given
    if bin_dir is not None:
        return "start", str(bin_dir)
    reason = f"no PostgreSQL: set {URL_ENV} or install Debian's postgresql"
    if environ.get(REQUIRE_ENV) == "1":
        return "fail", f"{REQUIRE_ENV}=1 but {reason}"
    return "skip", reason


def binaries() -> Path | None:
    """The newest Debian PostgreSQL bin folder with initdb, or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found.sort(key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def throwaway_server(bin_dir: Path, durable: bool = False) -> Iterator[str]:
    """Start a server for the session; yield its URL (SQLAlchemy, psycopg driver). Tests
    run it without fsync; ``durable`` keeps PostgreSQL's defaults (for benchmarks)."""
    folder = Path(tempfile.mkdtemp(prefix="magfood-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    server = None
    try:
        subprocess.run(
            _as_postgres(
                [
                    *(str(bin_dir / "initdb"), "-D", str(data), "-U", "magfood", "-A", "trust"),
                    *("-E", "UTF8", "--no-locale", "--no-sync"),
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        log = (folder / "server.log").open("wb")
        server = subprocess.Popen(
            _as_postgres(
                [
                    *(str(bin_dir / "postgres"), "-D", str(data), "-k", str(folder)),
                    *("-c", "listen_addresses=127.0.0.1", "-p", str(port)),
                    *(() if durable else ("-c", "fsync=off", "-c", "synchronous_commit=off")),
                    *(() if durable else ("-c", "full_page_writes=off")),
                    *("-c", "max_connections=200"),
                ]
            ),
            stdout=log,
            stderr=log,
        )
        conninfo = f"host=127.0.0.1 port={port} user=magfood dbname=postgres"
        deadline = time.monotonic() + 60
        while True:
            try:
                psycopg.connect(conninfo, connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "the throwaway PostgreSQL did not start: "
                        + (folder / "server.log").read_text(errors="replace")[-2000:]
                    ) from None
                time.sleep(0.1)
        yield f"postgresql+psycopg://magfood@127.0.0.1:{port}/postgres"
    finally:
        if server is not None:
            _fast_shutdown(data, server)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _fast_shutdown(data: Path, server: subprocess.Popen[bytes]) -> None:
    """SIGINT to the postmaster itself (not the runuser wrapper): close sessions and stop."""
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGINT)
    except (OSError, ValueError, IndexError):
        server.terminate()


def _conninfo(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@contextlib.contextmanager
def schema_url(server_url: str) -> Iterator[str]:
    """A fresh schema on the server, as a URL whose search_path is that schema."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(_conninfo(server_url), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    try:
        yield str(
            make_url(server_url)
            .update_query_dict({"options": f"-csearch_path={name}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(_conninfo(server_url), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {name} CASCADE")
