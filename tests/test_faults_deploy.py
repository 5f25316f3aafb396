"""The app is local by default (issue 13, item 4): ``streamlit run app.py`` from the repository
listens on loopback only, and the README says how a shared deployment opts in safely."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 in /proc/net


def test_the_config_binds_the_app_to_localhost() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"


def test_the_readme_says_how_to_serve_other_people() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Serving other people", 1)[1].split("\n## ", 1)[0]
    assert "--server.address" in section and "0.0.0.0" in section
    assert "login" in section and "HTTPS" in section


def _listening(port: int) -> set[str]:
    """The local addresses (as /proc/net hex) of the sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net")
def test_streamlit_run_listens_on_loopback_only(tmp_path: Path) -> None:
    """The README's command, with only a free port added: no address on the command line."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {**os.environ, "MAGFOOD_DB": str(tmp_path / "days.sqlite3")}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    with (tmp_path / "streamlit.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60  # waiting for start-up, not timing it
            while not _listening(port):
                assert process.poll() is None, (tmp_path / "streamlit.log").read_text()
                assert time.monotonic() < deadline, "streamlit did not start"
                time.sleep(0.2)
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health") as answer:
                assert answer.status == 200
            assert _listening(port) <= LOOPBACK, _listening(port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
