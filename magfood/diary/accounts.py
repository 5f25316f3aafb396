"""Local accounts: who may sign in to a shared magfood, in the diary's own database.

A user has a name (the same name that owns their diary rows, see
:func:`~magfood.diary.schema.user_name`), a password kept only as an Argon2id hash
(argon2-cffi, with its recommended parameters; a hash made under older parameters is
replaced at the next good sign-in) and a role, ``user`` or ``admin``. The plain password
is never stored, logged or put in a message. :meth:`Accounts.verify_password` compares in
the library's constant time, and spends the same work on a name that has no account, so
the answer's timing does not tell which names exist.

A front end signs a person in with :meth:`Accounts.verify_password` and then opens
``open_history(where, user=name)`` (or ``history.for_user(name)``) for the name it
verified. The single-person diary's owner, ``"local"``, is not an account.
"""

from __future__ import annotations

import enum
import functools
import logging
import os
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, delete, insert, select, update

from magfood.diary.database import Database, default_location
from magfood.diary.rows import delete_owned, now
from magfood.diary.schema import LOCAL_USER, user_name, users
from magfood.errors import StorageError

log = logging.getLogger("magfood")

#: The shortest password an account may have.
MIN_PASSWORD = 8
_MAX_PASSWORD = 1024
_HASHER = PasswordHasher()


@functools.cache
def _nobody() -> str:
    """Checked against when a name has no account, so that costs what a real check costs."""
    return _HASHER.hash(os.urandom(16).hex())


class Role(enum.StrEnum):
    """What an account may do: ``admin`` may also manage accounts."""

    USER = "user"
    ADMIN = "admin"


@dataclass(frozen=True)
class Account:
    """A local account as listed: its name, role and when it was created (never its hash)."""

    name: str
    role: Role
    created_at: str

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def open_accounts(where: str | os.PathLike[str] | None = None) -> Accounts:
    """The accounts in the diary database at ``where`` (default ``$MAGFOOD_DB``)."""
    return Accounts(Database(default_location() if where is None else where))


class Accounts:
    """The users table of one diary database. Safe to share between threads."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def add_user(self, name: str, password: str, *, admin: bool = False) -> Account:
        """Create an account; StorageError if the name is taken, not a user name, or the
        password too short."""
        name = _account_name(name)
        hashed = _HASHER.hash(_checked(password))
        account = Account(name, Role.ADMIN if admin else Role.USER, now())

        def work(conn: Connection) -> None:
            if _hash_of(conn, name) is not None:
                raise StorageError(f"there is already a user {name!r}; nothing was changed.")
            conn.execute(
                insert(users).values(
                    name=name,
                    password_hash=hashed,
                    role=str(account.role),
                    created_at=account.created_at,
                )
            )

        self.database.write(work)
        log.info("added the user %s (%s)", name, account.role)
        return account

    def verify_password(self, name: str, password: str) -> bool:
        """True if ``name`` has an account and ``password`` is its password."""
        try:
            name = user_name(name)
        except StorageError:
            name = ""
        stored = self.database.read(lambda conn: _hash_of(conn, name)) if name else None
        try:
            _HASHER.verify(stored or _nobody(), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if _HASHER.check_needs_rehash(stored):
            self._store_hash(name, _HASHER.hash(password))
        return True

    def set_password(self, name: str, password: str) -> None:
        """Give an existing account a new password; StorageError if there is no such user."""
        self._store_hash(user_name(name), _HASHER.hash(_checked(password)))
        log.info("changed the password of the user %s", name)

    def remove_user(self, name: str) -> bool:
        """Remove an account and everything its user saved (days, plans, settings), in one
        transaction; True if there was such an account."""
        name = user_name(name)

        def work(conn: Connection) -> bool:
            gone = conn.execute(delete(users).where(users.c.name == name)).rowcount > 0
            if gone:
                delete_owned(conn, name)
            return gone

        removed = self.database.write(work)
        if removed:
            log.info("removed the user %s and their diary", name)
        return removed

    def is_admin(self, name: str) -> bool:
        """True if ``name`` has an account with the admin role."""
        found = self.account(name)
        return found is not None and found.is_admin

    def account(self, name: str) -> Account | None:
        """The account called ``name``, or None."""
        query = select(users.c.name, users.c.role, users.c.created_at).where(
            users.c.name == user_name(name)
        )
        rows = self.database.read(lambda conn: [tuple(row) for row in conn.execute(query)])
        return Account(rows[0][0], Role(rows[0][1]), rows[0][2]) if rows else None

    def accounts(self) -> tuple[Account, ...]:
        """Every account, by name."""
        query = select(users.c.name, users.c.role, users.c.created_at).order_by(users.c.name)
        rows = self.database.read(lambda conn: [tuple(row) for row in conn.execute(query)])
        return tuple(Account(name, Role(role), created) for name, role, created in rows)

    def _store_hash(self, name: str, hashed: str) -> None:
        def work(conn: Connection) -> None:
            changed = conn.execute(
                update(users).where(users.c.name == name).values(password_hash=hashed)
            )
            if changed.rowcount == 0:
                raise StorageError(f"there is no user {name!r}; nothing was changed.")

        self.database.write(work)


def _hash_of(conn: Connection, name: str) -> str | None:
    found = conn.execute(select(users.c.password_hash).where(users.c.name == name))
    value = found.scalar_one_or_none()
    return None if value is None else str(value)


def _account_name(name: str) -> str:
    checked = user_name(name)
    if checked == LOCAL_USER:
        raise StorageError(
            f"{LOCAL_USER!r} is the single-person diary's owner, not an account; "
            "choose another name."
        )
    return checked


def _checked(password: str) -> str:
    """A password an account may have (the message never repeats it)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise StorageError(f"a password needs at least {MIN_PASSWORD} characters.")
    if len(password) > _MAX_PASSWORD:
        raise StorageError(f"a password may have at most {_MAX_PASSWORD} characters.")
    return password
