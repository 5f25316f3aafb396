"""Who a page request is for (magfood/diary/signin.py), without Streamlit."""

from __future__ import annotations

from pathlib import Path

import pytest

from magfood import (
    SINGLE_PERSON,
    SignedIn,
    SignInError,
    SignInMode,
    account_user,
    admin_emails,
    current_account,
    may_refresh,
    open_accounts,
    provider_names,
    provider_user,
    sign_in_mode,
)
from magfood.diary import Accounts

ADMINS = frozenset({"alex@example.org"})


def _never() -> bool:
    raise AssertionError("has_accounts was asked although the answer did not matter")


# -- the mode ------------------------------------------------------------------------------

MODES = [
    # provider configured, has accounts, MAGFOOD_AUTH -> mode
    (True, False, None, SignInMode.PROVIDER),
    (True, True, None, SignInMode.PROVIDER),
    (True, False, "local", SignInMode.PROVIDER),
    (False, True, None, SignInMode.ACCOUNTS),
    (False, False, "local", SignInMode.ACCOUNTS),
    (False, False, " LOCAL ", SignInMode.ACCOUNTS),
    (False, False, None, SignInMode.SINGLE),
    (False, False, "", SignInMode.SINGLE),
]


@pytest.mark.parametrize(("provider", "accounts", "setting", "mode"), MODES)
def test_sign_in_mode(
    provider: bool, accounts: bool, setting: str | None, mode: SignInMode
) -> None:
    assert (
        sign_in_mode(provider_configured=provider, has_accounts=lambda: accounts, setting=setting)
        is mode
    )


def test_the_database_is_not_asked_when_a_provider_or_the_setting_decides() -> None:
    assert sign_in_mode(provider_configured=True, has_accounts=_never, setting=None) is (
        SignInMode.PROVIDER
    )
    assert sign_in_mode(provider_configured=False, has_accounts=_never, setting="local") is (
        SignInMode.ACCOUNTS
    )


@pytest.mark.parametrize("setting", ["none", "oidc", "yes"])
def test_an_unknown_auth_setting_is_one_clear_error(setting: str) -> None:
    with pytest.raises(SignInError) as caught:
        sign_in_mode(provider_configured=False, has_accounts=lambda: False, setting=setting)
    assert str(caught.value) == (
        f"MAGFOOD_AUTH must be 'local' or unset, not {setting!r}; set it to 'local' to sign "
        "people in with local accounts."
    )


# -- a login provider ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("auth", "names"),
    [
        ({"redirect_uri": "u", "cookie_secret": "s", "client_id": "c"}, ("default",)),
        ({"redirect_uri": "u", "google": {"client_id": "c"}}, ("google",)),
        ({"redirect_uri": "u", "google": {}, "microsoft": {}}, ("google", "microsoft")),
        ({"redirect_uri": "u"}, ("default",)),
    ],
)
def test_provider_names(auth: dict[str, object], names: tuple[str, ...]) -> None:
    assert provider_names(auth) == names


def test_admin_emails_are_lower_cased() -> None:
    assert admin_emails({"admins": ["Alex@Example.org", " sam@example.org ", ""]}) == {
        "alex@example.org",
        "sam@example.org",
    }
    assert admin_emails(None) == frozenset()
    assert admin_emails({}) == frozenset()


@pytest.mark.parametrize("admins", ["alex@example.org", [1, 2], {"alex": True}])
def test_admins_that_are_not_a_list_of_addresses_are_an_error(admins: object) -> None:
    with pytest.raises(SignInError, match=r"must be a list of e-mail addresses"):
        admin_emails({"admins": admins})


def test_the_provider_user_is_the_verified_address_lower_cased() -> None:
    claims = {"is_logged_in": True, "email": "Alex@Example.org", "email_verified": True}
    assert provider_user(claims, ADMINS) == SignedIn(
        "alex@example.org", admin=True, mode=SignInMode.PROVIDER
    )
    sam = provider_user({"is_logged_in": True, "email": "sam@example.org"}, ADMINS)
    assert sam == SignedIn("sam@example.org", admin=False, mode=SignInMode.PROVIDER)
    assert sam.shared


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"is_logged_in": False, "email": "alex@example.org"},
        {"email": "alex@example.org"},  # no [auth] section: st.user has no is_logged_in
        {"is_logged_in": True},
        {"is_logged_in": True, "email": "alex@example.org", "email_verified": False},
        {"is_logged_in": True, "email": "not a name!"},
        {"is_logged_in": True, "email": ["alex@example.org"]},
        {"is_logged_in": "true", "email": "alex@example.org"},
    ],
)
def test_nobody_is_signed_in_without_a_verified_address(claims: dict[str, object]) -> None:
    assert provider_user(claims, ADMINS) is None


# -- local accounts --------------------------------------------------------------------------


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    store = open_accounts(tmp_path / "days.sqlite3")
    store.add_user("alex", "correct horse battery", admin=True)
    store.add_user("sam", "sam's own password")
    return store


def test_an_account_signs_in_with_its_password(accounts: Accounts) -> None:
    alex = account_user(accounts, "alex", "correct horse battery")
    assert alex == SignedIn("alex", admin=True, mode=SignInMode.ACCOUNTS)
    sam = account_user(accounts, " sam ", "sam's own password")
    assert sam == SignedIn("sam", admin=False, mode=SignInMode.ACCOUNTS)


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("alex", "sam's own password"),
        ("alex", ""),
        ("", "correct horse battery"),
        ("nobody", "correct horse battery"),
        ("local", "correct horse battery"),
        ("not a name!", "correct horse battery"),
        ("ALEX", "correct horse battery"),
    ],
)
def test_a_wrong_name_or_password_signs_nobody_in(
    accounts: Accounts, name: str, password: str
) -> None:
    assert account_user(accounts, name, password) is None


def test_a_signed_in_account_is_read_again(accounts: Accounts) -> None:
    assert current_account(accounts, "alex") == SignedIn("alex", True, SignInMode.ACCOUNTS)
    accounts.remove_user("sam")
    assert current_account(accounts, "sam") is None
    assert current_account(accounts, "not a name!") is None


# -- who may rebuild --------------------------------------------------------------------------

REFRESH = [
    (SINGLE_PERSON, {}, False),
    (SINGLE_PERSON, {"MAGFOOD_ALLOW_REFRESH": "1"}, True),
    (SINGLE_PERSON, {"MAGFOOD_ALLOW_REFRESH": "yes"}, False),
    (SignedIn("sam", False, SignInMode.ACCOUNTS), {"MAGFOOD_ALLOW_REFRESH": "1"}, False),
    (SignedIn("alex", True, SignInMode.ACCOUNTS), {}, True),
    (SignedIn("sam@example.org", False, SignInMode.PROVIDER), {}, False),
    (SignedIn("alex@example.org", True, SignInMode.PROVIDER), {}, True),
]


@pytest.mark.parametrize(("person", "environ", "allowed"), REFRESH)
def test_may_refresh(person: SignedIn, environ: dict[str, str], allowed: bool) -> None:
    assert may_refresh(person, environ) is allowed
