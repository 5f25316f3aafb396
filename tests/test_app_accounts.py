"""The pages for several people: local accounts (a sign-in form) and a login provider
(``[auth]`` in the secrets, simulated with AppTest's ``secrets`` and ``user``). Each person
sees and changes only their own diary; only an admin may rebuild the food table.

The isolation tests run on SQLite and on PostgreSQL (``db_location``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from app_pages.account import SIGNED_IN, WRONG
from magfood import load_user_profile, open_accounts, open_history

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
TODAY = date.today().isoformat()
PASSWORDS = {"alex": "correct horse battery", "sam": "sam's own password"}
SEEDS = "1 oz roasted pumpkin seeds"
#: A provider section of the shape Streamlit reads; never a real secret.
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "only-for-tests",
    "client_id": "magfood-tests",
    "client_secret": "only-for-tests",
    "server_metadata_url": "https://login.invalid/.well-known/openid-configuration",
}
ALEX = "alex@example.org"
SAM = "sam@example.org"


@pytest.fixture
def shared(db_location: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A diary database with two accounts: alex (admin) and sam."""
    monkeypatch.setenv("MAGFOOD_DB", db_location)
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    monkeypatch.delenv("MAGFOOD_AUTH", raising=False)
    monkeypatch.delenv("MAGFOOD_ALLOW_REFRESH", raising=False)
    accounts = open_accounts(db_location)
    accounts.add_user("alex", PASSWORDS["alex"], admin=True)
    accounts.add_user("sam", PASSWORDS["sam"])
    return db_location


@pytest.fixture
def sqlite_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The same on SQLite only, for the tests that are not about the backend."""
    location = str(tmp_path / "days.sqlite3")
    monkeypatch.setenv("MAGFOOD_DB", location)
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    monkeypatch.delenv("MAGFOOD_AUTH", raising=False)
    monkeypatch.delenv("MAGFOOD_ALLOW_REFRESH", raising=False)
    accounts = open_accounts(location)
    accounts.add_user("alex", PASSWORDS["alex"], admin=True)
    accounts.add_user("sam", PASSWORDS["sam"])
    return location


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _keys(elements: Any) -> set[str]:
    return {e.key for e in elements if e.key}


def _sign_in(name: str, password: str, at: AppTest | None = None) -> AppTest:
    if at is None:
        at = _ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    assert _titles(at) == ["Sign in to magfood"]
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    return _ok(at.button(key="signin_submit").click().run())


def _eat(at: AppTest, text: str) -> AppTest:
    at.text_input(key=f"add_{TODAY}_snacks").input(text)
    return _ok(at.button(key=f"add_{TODAY}_snacks_go").click().run())


def _history_figure(at: AppTest) -> str:
    _ok(at.switch_page("app_pages/history_page.py").run())
    assert _titles(at) == ["History"]
    return _metric(at, "Days logged")


def _entries(location: str, user: str) -> list[str] | None:
    saved = open_history(location, user=user).load_day(date.today())
    return None if saved is None else [e.text for e in saved.log.entries]


# -- local accounts ------------------------------------------------------------------------


def test_each_account_sees_only_its_own_day_and_history(shared: str) -> None:
    alex = _sign_in("alex", PASSWORDS["alex"])
    assert _titles(alex) == ["Today"]
    assert any(c.value == "Signed in as alex (admin)" for c in alex.caption)
    assert "signin_password" not in alex.session_state
    _eat(alex, SEEDS)
    assert 150 <= float(_metric(alex, "Magnesium today").split()[0]) <= 160
    assert _entries(shared, "alex") == [SEEDS]

    sam = _sign_in("sam", PASSWORDS["sam"])
    assert _titles(sam) == ["Today"]
    assert _metric(sam, "Magnesium today") == "0 mg"
    assert any(c.value == "Nothing logged for this day yet." for c in sam.main.caption)
    assert _history_figure(sam) == "0 of 7"
    assert not any(k.startswith("history_open_") for k in _keys(sam.button))

    assert _history_figure(alex) == "1 of 7"
    assert f"history_open_{TODAY}" in _keys(alex.button)
    assert _entries(shared, "sam") is None
    assert _entries(shared, "local") is None  # the single-person diary is nobody's here


def test_each_account_has_its_own_profile_and_saved_plans(shared: str) -> None:
    alex = _sign_in("alex", PASSWORDS["alex"])
    _ok(alex.radio(key="profile_sex").set_value("male").run())
    _ok(alex.number_input(key="profile_age").set_value(60).run())
    remembered = load_user_profile(open_history(shared, user="alex"))
    assert remembered is not None and (remembered.sex, remembered.age) == ("male", 60.0)
    open_history(shared, user="alex").save_plan("Alex's week", {"request": {}, "items": []})

    sam = _sign_in("sam", PASSWORDS["sam"])
    assert (sam.radio(key="profile_sex").value, sam.number_input(key="profile_age").value) == (
        "female",
        30.0,
    )
    assert load_user_profile(open_history(shared, user="sam")).sex == "female"  # type: ignore[union-attr]
    _ok(sam.switch_page("app_pages/plan_page.py").run())
    assert "plan_saved" not in _keys(sam.selectbox)
    _ok(alex.switch_page("app_pages/plan_page.py").run())
    assert "plan_saved" in _keys(alex.selectbox)


def test_a_wrong_password_signs_nobody_in_and_says_nothing_of_the_name(
    sqlite_shared: str,
) -> None:
    wrong = _sign_in("alex", PASSWORDS["sam"])
    unknown = _sign_in("nobody", PASSWORDS["alex"])
    for at in (wrong, unknown):
        assert _titles(at) == ["Sign in to magfood"]
        assert [e.value for e in at.error] == [WRONG]
        assert SIGNED_IN not in at.session_state
        assert "nav" not in _keys(at.container) and not at.metric
    assert _titles(_sign_in("alex", PASSWORDS["alex"], wrong)) == ["Today"]


def test_signing_out_then_in_as_another_leaves_nothing_of_the_first(
    sqlite_shared: str,
) -> None:
    at = _eat(_sign_in("alex", PASSWORDS["alex"]), SEEDS)
    at = _ok(at.button(key="signout").click().run())
    assert _titles(at) == ["Sign in to magfood"]
    at = _sign_in("sam", PASSWORDS["sam"], at)
    assert _titles(at) == ["Today"] and _metric(at, "Magnesium today") == "0 mg"
    _eat(at, "1 cup cooked spinach")
    assert _entries(sqlite_shared, "sam") == ["1 cup cooked spinach"]
    assert _entries(sqlite_shared, "alex") == [SEEDS]


def test_a_removed_account_is_signed_out_at_the_next_run(sqlite_shared: str) -> None:
    at = _sign_in("sam", PASSWORDS["sam"])
    open_accounts(sqlite_shared).remove_user("sam")
    assert _titles(_ok(at.run())) == ["Sign in to magfood"]


def test_magfood_auth_local_asks_for_a_sign_in_before_the_first_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "days.sqlite3"))
    monkeypatch.setenv("MAGFOOD_AUTH", "local")
    at = _ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    assert _titles(at) == ["Sign in to magfood"]
    assert any("magfood user add NAME --admin" in i.value for i in at.info)
    monkeypatch.setenv("MAGFOOD_AUTH", "everyone")
    at = _ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    assert [e.value for e in at.error] == [
        "MAGFOOD_AUTH must be 'local' or unset, not 'everyone'; set it to 'local' to sign "
        "people in with local accounts."
    ]
    assert not at.title


def test_only_an_admin_can_rebuild_in_a_shared_deployment(
    sqlite_shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_ALLOW_REFRESH", "1")  # not enough for a non-admin
    sam = _ok(_sign_in("sam", PASSWORDS["sam"]).switch_page("app_pages/data_page.py").run())
    assert [i.value for i in sam.info] == ["Only an administrator can rebuild the food table."]
    assert not {"refresh_local", "refresh_download"} & _keys(sam.button)
    assert "refresh_path" not in _keys(sam.text_input)
    assert _metric(sam, "Foods") == "13,225"  # the releases are still shown

    monkeypatch.delenv("MAGFOOD_ALLOW_REFRESH")
    alex = _ok(_sign_in("alex", PASSWORDS["alex"]).switch_page("app_pages/data_page.py").run())
    assert not alex.info
    assert not alex.button(key="refresh_download").disabled
    assert not alex.text_input(key="refresh_path").disabled


def test_one_person_on_their_own_machine_signs_nothing_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "days.sqlite3"))
    monkeypatch.delenv("MAGFOOD_AUTH", raising=False)
    at = _eat(_ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run()), SEEDS)
    assert _titles(at) == ["Today"]
    assert "signout" not in _keys(at.button)
    assert _entries(str(tmp_path / "days.sqlite3"), "local") == [SEEDS]


# -- a login provider (OIDC) -----------------------------------------------------------------


def _provider_app(user: dict[str, Any], admins: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.secrets["magfood"] = {"admins": [ALEX] if admins is None else admins}
    at.user = user
    return _ok(at.run())


def _provider_user(email: str, **claims: Any) -> dict[str, Any]:
    return {"is_logged_in": True, "email": email, "email_verified": True, **claims}


def test_a_provider_user_who_is_not_signed_in_sees_only_the_sign_in_button(
    db_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", db_location)
    at = _provider_app({"is_logged_in": False})
    assert _titles(at) == ["Sign in to magfood"]
    assert at.button(key="signin_default").label == "Sign in"
    assert "nav" not in _keys(at.container) and not at.metric
    assert "signin_name" not in _keys(at.text_input)


def test_provider_users_each_see_only_their_own_diary(
    db_location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", db_location)
    monkeypatch.delenv("MAGFOOD_DATA", raising=False)
    alex = _provider_app(_provider_user("Alex@Example.org"))
    assert _titles(alex) == ["Today"]
    _eat(alex, SEEDS)
    assert _entries(db_location, ALEX) == [SEEDS]

    sam = _provider_app(_provider_user(SAM))
    assert _metric(sam, "Magnesium today") == "0 mg"
    assert _history_figure(sam) == "0 of 7"
    assert _history_figure(alex) == "1 of 7"
    assert _entries(db_location, SAM) is None

    _ok(sam.switch_page("app_pages/data_page.py").run())
    assert [i.value for i in sam.info] == ["Only an administrator can rebuild the food table."]
    _ok(alex.switch_page("app_pages/data_page.py").run())
    assert not alex.button(key="refresh_download").disabled


def test_a_secrets_file_that_cannot_be_read_signs_nobody_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "days.sqlite3"))
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback\n')
    before = st_config.get_option("secrets.files")
    st_config.set_option("secrets.files", [str(broken)])
    try:
        at = _ok(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    finally:
        st_config.set_option("secrets.files", before)
    assert [e.value for e in at.error] == [
        "the app's secrets file (.streamlit/secrets.toml) cannot be read; fix it (it must be "
        "TOML). Nobody can sign in until then."
    ]
    assert not at.title and not at.metric


def test_an_unverified_address_opens_no_diary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "days.sqlite3"))
    at = _provider_app(_provider_user(SAM, email_verified=False))
    assert _titles(at) == ["Sign in to magfood"]
    assert any("verified e-mail address" in w.value for w in at.warning)
    assert not at.metric


def test_provider_sign_out_ends_the_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MAGFOOD_DB", str(tmp_path / "days.sqlite3"))
    at = _provider_app(_provider_user(SAM))
    assert any(c.value == "Signed in as sam\\@example\\.org" for c in at.caption)
    at = _ok(at.button(key="signout").click().run())
    assert at.user == {"is_logged_in": False}
    assert _titles(at) == ["Sign in to magfood"]
