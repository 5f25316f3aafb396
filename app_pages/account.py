"""Who is signed in, decided once per run by app.py (``signed_in``) before any page runs.

The decision itself is the core's (``magfood.sign_in_mode``, ``account_user``,
``provider_user``); this module only draws the sign-in screen and the Sign-out control.

- A login provider (an ``[auth]`` section in ``.streamlit/secrets.toml``): a Sign-in button
  per provider calls ``st.login``; the person is ``st.user``'s verified e-mail address.
- Local accounts (any in the database, or ``MAGFOOD_AUTH=local``): a form keyed
  ``signin_name`` / ``signin_password`` / ``signin_submit``; the name verified is kept in
  ``st.session_state`` under :data:`SIGNED_IN`.
- Otherwise the single person ``local``, with no sign-in at all.

Whatever the session holds (open days, the profile widgets, previews) belongs to one
person: when the person changes, the session is emptied first (:func:`_own_session`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

import magfood
from app_pages.common import plain

#: Session key of the local account name verified in this session.
SIGNED_IN = "account_signed_in"
#: Session key of the person whose data the rest of the session state holds.
OWNER = "account_owner"
WRONG = "That name and password do not match an account. Nothing was signed in."


def signed_in(history: magfood.History) -> magfood.SignedIn:
    """The person this run is for; draws the sign-in screen and stops the run when
    nobody is signed in yet."""
    auth = _secrets_section("auth")
    accounts = magfood.Accounts(history.database)
    mode = magfood.sign_in_mode(
        provider_configured=auth is not None,
        has_accounts=lambda: bool(accounts.accounts()),
        setting=os.environ.get(magfood.AUTH_ENV),
    )
    if mode is magfood.SignInMode.PROVIDER:
        person = _provider_person(auth or {})
    elif mode is magfood.SignInMode.ACCOUNTS:
        person = _account_person(accounts)
    else:
        person = magfood.SINGLE_PERSON
    _own_session(person.name)
    return person


def sign_out_control(where: Any, person: magfood.SignedIn) -> None:
    """A "Signed in as NAME" note and a Sign-out button in ``where`` (the row of links)."""
    if not person.shared:
        return
    role = " (admin)" if person.admin else ""
    where.caption(f"Signed in as {plain(person.name)}{role}")
    if where.button("Sign out", key="signout", type="tertiary", width="content"):
        _sign_out(person)


# -- a login provider --------------------------------------------------------------------


def _provider_person(auth: Mapping[str, Any]) -> magfood.SignedIn:
    admins = magfood.admin_emails(_secrets_section("magfood"))
    person = magfood.provider_user(st.user.to_dict(), admins)
    if person is not None:
        return person
    st.title("Sign in to magfood")
    if st.user.is_logged_in:
        st.warning(
            "Your login provider did not give magfood a verified e-mail address, so your "
            "diary cannot be opened. Sign out and use another account."
        )
        if st.button("Sign out", key="signout"):
            st.logout()
        st.stop()
    st.write("Your meals and saved days are your own. Sign in to open your diary.")
    for provider in magfood.provider_names(auth):
        default = provider == magfood.DEFAULT_PROVIDER
        label = "Sign in" if default else f"Sign in with {provider.title()}"
        if st.button(label, key=f"signin_{provider}", type="primary"):
            st.login(None if default else provider)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


# -- local accounts ----------------------------------------------------------------------


def _account_person(accounts: magfood.Accounts) -> magfood.SignedIn:
    name = st.session_state.get(SIGNED_IN)
    if isinstance(name, str):
        person = magfood.current_account(accounts, name)
        if person is not None:
            return person
        st.session_state.pop(SIGNED_IN, None)  # the account was removed meanwhile
    st.title("Sign in to magfood")
    if not accounts.accounts():
        st.info(
            "There are no accounts yet. An administrator creates the first one on the "
            "server with `magfood user add NAME --admin`."
        )
    with st.form("signin", clear_on_submit=True, enter_to_submit=True):
        typed = st.text_input("Name", key="signin_name", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key="signin_password", autocomplete="current-password"
        )
        sent = st.form_submit_button("Sign in", key="signin_submit", type="primary")
    if sent:
        person = magfood.account_user(accounts, typed, password)
        if person is not None:
            _own_session(person.name)
            for key in ("signin_name", "signin_password"):
                st.session_state.pop(key, None)  # the password is not kept in the session
            st.session_state[SIGNED_IN] = person.name
            st.rerun()
        st.error(WRONG)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover


# -- the session belongs to one person ---------------------------------------------------


def _own_session(name: str) -> None:
    """Empty the session's state (open days, profile widgets, previews) when it held
    another person's, so nothing of theirs is shown or saved under this name."""
    owner = st.session_state.get(OWNER)
    if owner == name:
        return
    if owner is None:  # a new session: nothing in it is anyone's yet
        st.session_state[OWNER] = name
        return
    keep = st.session_state.get(SIGNED_IN)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if isinstance(keep, str) and keep == name:
        st.session_state[SIGNED_IN] = keep
    st.session_state[OWNER] = name


def _sign_out(person: magfood.SignedIn) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if person.mode is magfood.SignInMode.PROVIDER:
        st.logout()
    st.rerun()


def _secrets_section(name: str) -> Mapping[str, Any] | None:
    """A section of ``.streamlit/secrets.toml``, or None (no file, or no such section).
    A secrets file that is there but cannot be read is an error, never "no login"."""
    if not st.secrets.load_if_toml_exists():
        if any(os.path.exists(path) for path in st.get_option("secrets.files")):
            raise magfood.SignInError(
                "the app's secrets file (.streamlit/secrets.toml) cannot be read; fix it "
                "(it must be TOML). Nobody can sign in until then."
            )
        return None
    section = st.secrets.get(name)
    return section if isinstance(section, Mapping) else None
