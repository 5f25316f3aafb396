"""deploy/: the compose file, its Dockerfile and README agree with each other and with
magfood (the app's database URL names the db service, its user and database, and carries
no password; the app is published on loopback only; the database on no port). Docker is
not needed: the YAML is read with PyYAML if installed, else by the small reader below,
which handles the subset compose.yaml is written in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from magfood.diary import database

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _scalar(text: str) -> Any:
    if text.startswith(("[", '"')):
        return json.loads(text)
    return text


def _block(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[Any, int]:
    if lines[i][1].startswith("- "):
        items = []
        while i < len(lines) and lines[i][0] == indent and lines[i][1].startswith("- "):
            items.append(_scalar(lines[i][1][2:].strip()))
            i += 1
        return items, i
    mapping: dict[str, Any] = {}
    while i < len(lines) and lines[i][0] == indent:
        key, _, rest = lines[i][1].partition(":")
        rest = rest.strip()
        i += 1
        if rest:
            mapping[key] = _scalar(rest)
        elif i < len(lines) and lines[i][0] > indent:
            mapping[key], i = _block(lines, i, lines[i][0])
        else:
            mapping[key] = None
    return mapping, i


def light_yaml(text: str) -> Any:
    """Block mappings, lists of scalars, JSON-style quoted and flow scalars; no anchors."""
    lines = [
        (len(line) - len(line.lstrip(" ")), line.strip())
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    value, end = _block(lines, 0, 0)
    assert end == len(lines), f"compose.yaml line {end} is outside the subset read here"
    return value


def _compose() -> dict[str, Any]:
    text = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        return dict(light_yaml(text))
    return dict(yaml.safe_load(text))


def test_the_light_reader_reads_the_subset() -> None:
    text = 'a:\n  b: "x: y"\n  c:\n    - 1:2\n    - "q"\n  d: ["e", "f"]\n# note\ng:\n'
    assert light_yaml(text) == {"a": {"b": "x: y", "c": ["1:2", "q"], "d": ["e", "f"]}, "g": None}


def _dockerfile_cmd() -> list[str]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    (line,) = [line for line in text.splitlines() if line.startswith("CMD ")]
    return list(json.loads(line[4:]))


def test_the_app_uses_the_db_service_its_user_database_and_password_file() -> None:
    services = _compose()["services"]
    app, db = services["app"], services["db"]
    assert db["image"] == "postgres:16"
    url = make_url(app["environment"]["MAGFOOD_DB"])
    assert url.drivername == "postgresql+psycopg" and url.password is None
    assert (url.host, url.port) == ("db", 5432)
    assert url.username == db["environment"]["POSTGRES_USER"]
    assert url.database == db["environment"]["POSTGRES_DB"]
    secret = app["environment"][database.PASSWORD_FILE_ENV]
    assert secret == db["environment"]["POSTGRES_PASSWORD_FILE"]
    folder = str(Path(secret).parent)
    for name in ("app", "db", "secret"):
        assert any(v.split(":")[1] == folder for v in services[name]["volumes"]), name
    assert secret in " ".join(services["secret"]["command"])
    assert database.Database.file_of(str(url)) is None  # magfood reads it as PostgreSQL
    assert "service_healthy" in json.dumps(app["depends_on"])


def test_the_app_is_published_on_loopback_only_and_the_database_not_at_all() -> None:
    services = _compose()["services"]
    (port,) = services["app"]["ports"]
    bind = re.fullmatch(r"\$\{MAGFOOD_BIND:-([0-9.]+)\}:(\d+):(\d+)", port)
    assert bind is not None, port
    assert bind.group(1) == "127.0.0.1" and bind.group(2) == "8501"
    command = _dockerfile_cmd()
    assert command[command.index("--server.port") + 1] == bind.group(3)
    assert "EXPOSE 8501" in (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "ports" not in services["db"] and "ports" not in services["secret"]
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"(?i)password\s*[:=]\s*[^/\s$]", compose.replace("_FILE", ""))


@pytest.mark.parametrize(
    "needed",
    [
        "docker compose -f deploy/compose.yaml up -d",
        "magfood user add alex --admin",
        "--password-stdin",
        "MAGFOOD_BIND=",
        "MAGFOOD_DB_PASSWORD_FILE",
        "TLS",
    ],
)
def test_the_deploy_readme_says_how(needed: str) -> None:
    assert needed in (DEPLOY / "README.md").read_text(encoding="utf-8")


def test_the_main_readme_points_at_the_deployment() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Shared deployments", 1)[1].split("\n## ", 1)[0]
    for needed in ("docker compose -f deploy/compose.yaml up -d", "MAGFOOD_DB", "--user"):
        assert needed in section


def test_ci_installs_postgresql_and_requires_its_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "packages+=(postgresql)" in ci and "export MAGFOOD_REQUIRE_POSTGRES=1" in ci
    assert ci.index("MAGFOOD_REQUIRE_POSTGRES=1") < ci.index('bash -c "$TEST_COMMAND"')
