"""``--user`` on the diary commands and ``magfood user``, against one database on SQLite
and PostgreSQL: each user logs, reads and keeps a profile of their own."""

from __future__ import annotations

import io
import json
from datetime import date

import argon2
import pytest
from cli_run import run

import magfood
from magfood.diary import accounts as account_store

DATE = "2026-11-30"
DAY = date.fromisoformat(DATE)


@pytest.fixture
def shared_db(db_location: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MAGFOOD_DB", db_location)
    monkeypatch.delenv("MAGFOOD_USER", raising=False)
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    fast = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(account_store, "_HASHER", fast)
    return db_location


def _history(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "history", "--json", *argv)
    assert code == 0, err
    return list(json.loads(out)["days"])


def test_users_log_and_read_only_their_own_days(
    shared_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "log", "--user", "a", "--date", DATE, "1 cup black beans for lunch")
    assert code == 0 and f"Logged 1 food to {DATE}; the day now totals 120.4 mg." in out
    assert _history(capsys, "--user", "b") == []
    assert _history(capsys) == []  # the single-person diary is nobody else's either
    (day,) = _history(capsys, "--user", "a")
    assert day["date"] == DATE and day["magnesium_mg"] == 120.4
    monkeypatch.setenv("MAGFOOD_USER", "b")
    run(capsys, "log", "--date", DATE, "--meal", "dinner", "1 medium banana")
    (mine,) = _history(capsys)
    assert [i["text"] for i in mine["items"]] == ["1 medium banana"]  # type: ignore[index]
    (theirs,) = _history(capsys, "--user", "a")  # --user wins over $MAGFOOD_USER
    assert [i["text"] for i in theirs["items"]] == ["1 cup black beans for lunch"]  # type: ignore[index]


def test_each_user_has_a_profile_of_their_own(
    shared_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "profile", "--user", "a", "--age", "70", "--sex", "male")
    assert code == 0 and out.startswith(f"Saved (a in {magfood.open_history(shared_db).where})")
    run(capsys, "profile", "--user", "b", "--age", "34", "--sex", "female")
    run(capsys, "log", "--user", "a", "--date", DATE, "--meal", "lunch", "1 cup rice")
    run(capsys, "log", "--user", "b", "--date", DATE, "--meal", "lunch", "1 cup rice")
    a_day = magfood.open_history(shared_db, user="a").load_day(DAY)
    b_day = magfood.open_history(shared_db, user="b").load_day(DAY)
    assert a_day is not None and a_day.target_mg == 420.0
    assert b_day is not None and b_day.target_mg == 320.0
    assert magfood.load_profile() is None  # the single-person profile file is untouched
    code, out, _ = run(capsys, "profile", "--user", "a", "--json")
    assert json.loads(out)["profile"]["age"] == 70.0
    assert run(capsys, "profile", "--user", "a", "--forget")[1].startswith("Removed")
    assert json.loads(run(capsys, "profile", "--user", "a", "--json")[1])["profile"] is None
    assert json.loads(run(capsys, "profile", "--user", "b", "--json")[1])["profile"]["age"] == 34


def test_user_add_list_remove(
    shared_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    code, out, err = run(capsys, "user", "add", "alex", "--admin", "--password-stdin")
    assert (code, out, err) == (0, "Added the user alex (admin).\n", "")
    answers = iter(["sam's password", "sam's password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert run(capsys, "user", "add", "sam")[1] == "Added the user sam (user).\n"
    accounts = magfood.open_accounts(shared_db)
    assert accounts.verify_password("alex", "a long password") and accounts.is_admin("alex")
    assert accounts.verify_password("sam", "sam's password") and not accounts.is_admin("sam")
    users = json.loads(run(capsys, "user", "list", "--json")[1])["users"]
    assert [(u["name"], u["role"]) for u in users] == [("alex", "admin"), ("sam", "user")]
    run(capsys, "log", "--user", "sam", "--date", DATE, "--meal", "lunch", "1 cup rice")
    code, _, err = run(capsys, "user", "remove", "sam")
    assert code == 1 and "add --yes" in err and accounts.verify_password("sam", "sam's password")
    removed = run(capsys, "user", "remove", "sam", "--yes")[1]
    assert removed == "Removed the user sam and their diary.\n"
    assert _history(capsys, "--user", "sam") == []
    assert [a.name for a in accounts.accounts()] == ["alex"]


@pytest.mark.parametrize(
    ("argv", "stdin", "prompts", "message"),
    [
        (["user", "add", "sam", "--password-stdin"], "short\n", [], "at least 8 characters"),
        (["user", "add", "sam", "--password-stdin"], "", [], "no password on standard input"),
        (["user", "add", "sam"], "", ["one password", "another one"], "the two passwords differ"),
        (["user", "add", "local", "--password-stdin"], "long enough\n", [], "single-person"),
        (["user", "remove", "nobody", "--yes"], "", [], "there is no user 'nobody'"),
        (["user", "password", "nobody", "--password-stdin"], "long enough\n", [], "no user"),
        (["log", "--user", "bad name", "--meal", "lunch", "1 egg"], "", [], "is not a user name"),
        (["history", "--user", "../etc"], "", [], "is not a user name"),
    ],
)
def test_bad_user_input_is_one_line_and_changes_nothing(
    shared_db: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str,
    prompts: list[str],
    message: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    answers = iter(prompts)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err, err
    for secret in ("short", "one password", "another one", "long enough"):
        assert secret not in err
    assert magfood.open_accounts(shared_db).accounts() == ()
    assert magfood.open_history(shared_db, user="bad").days() == ()


def test_a_url_password_is_never_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://magfood:Sup3r-s3cret@127.0.0.1:1/magfood"
    monkeypatch.setenv("MAGFOOD_DB", url)
    for argv in (["history", "--json"], ["log", "--meal", "lunch", "1 egg"], ["user", "list"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and "Sup3r-s3cret" not in out + err and "magfood:***@" in err
    help_text = run(capsys, "history", "--help")[1]
    assert "Sup3r-s3cret" not in help_text and "$MAGFOOD_DB" in help_text
