"""The local account store (``magfood/diary/accounts.py``) on SQLite and PostgreSQL: Argon2
hashes, never the password; roles; bad input changes nothing."""

from __future__ import annotations

import logging

import argon2
import pytest
from sqlalchemy import text

from magfood.diary import accounts as account_store
from magfood.diary.accounts import Accounts, Role, open_accounts
from magfood.errors import StorageError

PASSWORD = "correct horse battery"
REAL = account_store._HASHER
#: Cheap Argon2 parameters, so each test hashes in milliseconds (the real ones: below).
FAST = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(account_store, "_HASHER", FAST)


def test_accounts_are_hashed_with_the_librarys_recommended_argon2id() -> None:
    recommended = argon2.profiles.RFC_9106_LOW_MEMORY
    assert REAL.type is argon2.Type.ID
    assert (REAL.time_cost, REAL.memory_cost, REAL.parallelism) == (
        recommended.time_cost,
        recommended.memory_cost,
        recommended.parallelism,
    )
    assert REAL.hash(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.fixture
def accounts(db_location: str) -> Accounts:
    return open_accounts(db_location)


def _stored(accounts: Accounts) -> list[tuple[str, str, str]]:
    query = text("SELECT name, password_hash, role FROM users ORDER BY name")
    return accounts.database.read(lambda conn: [tuple(row) for row in conn.execute(query)])


def test_add_and_verify(accounts: Accounts, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="magfood")
    alex = accounts.add_user("alex", PASSWORD, admin=True)
    accounts.add_user("sam", "another one!")
    assert (alex.name, alex.role, alex.is_admin) == ("alex", Role.ADMIN, True)
    assert accounts.verify_password("alex", PASSWORD) is True
    assert accounts.verify_password("alex", PASSWORD + " ") is False
    assert accounts.verify_password("alex", "another one!") is False
    assert accounts.verify_password("sam", "another one!") is True
    assert accounts.verify_password("nobody", PASSWORD) is False
    assert accounts.verify_password("not a name", PASSWORD) is False
    assert accounts.is_admin("alex") and not accounts.is_admin("sam")
    assert not accounts.is_admin("nobody")
    assert [(a.name, a.role) for a in accounts.accounts()] == [
        ("alex", Role.ADMIN),
        ("sam", Role.USER),
    ]
    rows = _stored(accounts)
    assert [row[2] for row in rows] == ["admin", "user"]
    for _, hashed, _ in rows:
        assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert PASSWORD not in caplog.text and "another one!" not in caplog.text


def test_set_password_replaces_the_old_one(accounts: Accounts) -> None:
    accounts.add_user("alex", PASSWORD)
    accounts.set_password("alex", "a new password")
    assert accounts.verify_password("alex", "a new password")
    assert not accounts.verify_password("alex", PASSWORD)
    with pytest.raises(StorageError, match="there is no user 'sam'"):
        accounts.set_password("sam", "a new password")


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("alex", "short", "at least 8 characters"),
        ("alex", "x" * 1025, "at most 1024 characters"),
        ("local", PASSWORD, "single-person diary's owner"),
        ("no spaces", PASSWORD, "is not a user name"),
        ("taken", PASSWORD, "there is already a user 'taken'"),
    ],
)
def test_bad_accounts_are_refused_and_change_nothing(
    accounts: Accounts, name: str, password: str, message: str
) -> None:
    accounts.add_user("taken", "the first one")
    before = _stored(accounts)
    with pytest.raises(StorageError, match=message) as caught:
        accounts.add_user(name, password)
    assert password not in str(caught.value)
    assert _stored(accounts) == before


def test_an_old_hash_is_upgraded_at_sign_in(accounts: Accounts) -> None:
    accounts.add_user("alex", PASSWORD)
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    accounts.database.write(
        lambda conn: conn.execute(
            text("UPDATE users SET password_hash = :h WHERE name = 'alex'"), {"h": weak}
        )
    )
    assert accounts.verify_password("alex", PASSWORD)
    (row,) = _stored(accounts)
    assert row[1] != weak and "m=8," not in row[1] and row[1].startswith("$argon2id$")
    assert accounts.verify_password("alex", PASSWORD)
