"""Who is using the pages: the decision a front end makes once per request, without Streamlit.

Three ways to run magfood, chosen by :func:`sign_in_mode`:

- ``PROVIDER``: the Streamlit secrets have an ``[auth]`` section (an OpenID Connect login
  provider). A person is who the provider says: their e-mail address, lower-cased, is
  their user name (:func:`provider_user`); an address the provider marks unverified
  signs nobody in. Admins are the addresses listed in ``[magfood] admins``.
- ``ACCOUNTS``: the diary database has local accounts, or ``$MAGFOOD_AUTH=local``. A
  person signs in with a name and password (:func:`account_user`); admins have the admin
  role (:class:`~magfood.diary.accounts.Role`).
- ``SINGLE``: neither. One person on one machine, whose diary is ``"local"``; nobody
  signs in and nothing is shared.

``PROVIDER`` and ``ACCOUNTS`` are shared deployments: only an admin may rebuild the food
table from the page (:func:`may_refresh`). On one's own machine the rebuild stays behind
``$MAGFOOD_ALLOW_REFRESH=1``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from magfood.diary.accounts import Accounts
from magfood.diary.schema import LOCAL_USER, user_name
from magfood.errors import SignInError, StorageError

#: ``local`` makes the pages ask for a local account even before the first one exists.
AUTH_ENV = "MAGFOOD_AUTH"
#: Set to 1 to offer the page's rebuild on one's own machine (SINGLE mode).
ALLOW_REFRESH_ENV = "MAGFOOD_ALLOW_REFRESH"
#: The provider name Streamlit gives an ``[auth]`` section without named providers.
DEFAULT_PROVIDER = "default"


class SignInMode(enum.Enum):
    """How the pages learn who is using them."""

    SINGLE = "single"
    ACCOUNTS = "accounts"
    PROVIDER = "provider"


@dataclass(frozen=True)
class SignedIn:
    """The person a request is for: the user name that owns their diary rows, whether they
    are an admin, and the mode that signed them in."""

    name: str
    admin: bool
    mode: SignInMode

    @property
    def shared(self) -> bool:
        """True in a shared deployment (someone signed in), False on one's own machine."""
        return self.mode is not SignInMode.SINGLE


#: The single person on their own machine.
SINGLE_PERSON = SignedIn(LOCAL_USER, admin=False, mode=SignInMode.SINGLE)


def sign_in_mode(
    *,
    provider_configured: bool,
    has_accounts: Callable[[], bool],
    setting: str | None,
) -> SignInMode:
    """The mode: a login provider if one is configured, else local accounts if the
    database has any or ``setting`` (``$MAGFOOD_AUTH``) is ``local``, else one person.
    ``has_accounts`` is only asked when it matters. SignInError for another setting."""
    chosen = (setting or "").strip().lower()
    if chosen not in ("", "local"):
        raise SignInError(
            f"{AUTH_ENV} must be 'local' or unset, not {setting!r}; set it to 'local' to "
            "sign people in with local accounts."
        )
    if provider_configured:
        return SignInMode.PROVIDER
    if chosen == "local" or has_accounts():
        return SignInMode.ACCOUNTS
    return SignInMode.SINGLE


def provider_names(auth: Mapping[str, Any]) -> tuple[str, ...]:
    """The login providers an ``[auth]`` section configures: each ``[auth.NAME]`` table,
    or ``default`` when its client settings sit in ``[auth]`` itself."""
    named = tuple(str(key) for key, value in auth.items() if isinstance(value, Mapping))
    if "client_id" in auth or not named:
        return (DEFAULT_PROVIDER, *named)
    return named


def admin_emails(magfood_settings: Mapping[str, Any] | None) -> frozenset[str]:
    """The lower-cased addresses in ``[magfood] admins``; SignInError if it is not a list
    of addresses."""
    listed = (magfood_settings or {}).get("admins", [])
    if not isinstance(listed, list | tuple) or not all(isinstance(a, str) for a in listed):
        raise SignInError(
            "the secrets' [magfood] admins must be a list of e-mail addresses, e.g. "
            'admins = ["alex@example.org"].'
        )
    return frozenset(address.strip().lower() for address in listed if address.strip())


def provider_user(claims: Mapping[str, Any], admins: frozenset[str]) -> SignedIn | None:
    """The person a login provider vouches for (``st.user``'s claims), or None if nobody
    is signed in, the provider gave no e-mail address, or it says the address is not
    verified. Their user name is the address, lower-cased."""
    if claims.get("is_logged_in") is not True:
        return None
    email = claims.get("email")
    if not isinstance(email, str) or claims.get("email_verified") is False:
        return None
    try:
        name = user_name(email.strip().lower())
    except StorageError:
        return None
    return SignedIn(name, admin=name in admins, mode=SignInMode.PROVIDER)


def account_user(accounts: Accounts, name: str, password: str) -> SignedIn | None:
    """The person whose local account ``name`` has the password ``password``, or None (the
    answer does not say whether the name exists)."""
    if not name.strip() or not password or not accounts.verify_password(name.strip(), password):
        return None
    return current_account(accounts, name.strip())


def current_account(accounts: Accounts, name: str) -> SignedIn | None:
    """The person signed in earlier as ``name``, as their account is now (None once the
    account has been removed; an admin who lost the role is no longer one)."""
    try:
        user_name(name)
    except StorageError:
        return None
    found = accounts.account(name)
    if found is None:
        return None
    return SignedIn(found.name, admin=found.is_admin, mode=SignInMode.ACCOUNTS)


def may_refresh(person: SignedIn, environ: Mapping[str, str]) -> bool:
    """Whether the page may rebuild the food table for ``person``: an admin in a shared
    deployment; on one's own machine, when ``$MAGFOOD_ALLOW_REFRESH=1``."""
    if person.shared:
        return person.admin
    return environ.get(ALLOW_REFRESH_ENV) == "1"
