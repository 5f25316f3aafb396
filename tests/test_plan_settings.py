"""The planner's settings remembered with the saved profile (``diary.profile``), reused by
``magfood plan`` and the Plan page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from magfood import (
    PlanSettings,
    ProfileError,
    load_profile,
    make_profile,
    profile_path,
    save_plan_settings,
    save_profile,
)
from magfood.cli.main import main

SETTINGS = PlanSettings(
    diet="vegan",
    exclude=("soy", "mushrooms"),
    kcal_min=1700.0,
    kcal_max=2100.0,
    snacks=2,
    people=("female 34", "child 7 1400-1700"),
)
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_settings_are_kept_with_the_profile_and_survive_a_new_profile() -> None:
    save_profile(make_profile(sex="female", age_years=34))
    save_plan_settings(SETTINGS)
    saved = load_profile()
    assert saved is not None and saved.plan == SETTINGS
    save_profile(make_profile(sex="female", age_years=35))
    again = load_profile()
    assert again is not None and again.age == 35 and again.plan == SETTINGS


def test_settings_need_a_saved_profile() -> None:
    with pytest.raises(ProfileError, match="Save who you are first"):
        save_plan_settings(SETTINGS)


def test_unreadable_settings_are_a_profile_error() -> None:
    save_profile(make_profile(sex="female", age_years=34))
    data = json.loads(profile_path().read_text())
    data["plan"] = {"kcal": "lots"}
    profile_path().write_text(json.dumps(data))
    with pytest.raises(ProfileError, match="its plan settings cannot be read"):
        load_profile()


def test_cli_remembers_and_reuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "--age", "34", "--sex", "female"]) == 0
    args = ["plan", "--diet", "vegan", "--exclude", "soy", "--kcal", "1700-2100", "--remember"]
    assert main([*args, "--json"]) == 0
    capsys.readouterr()
    saved = load_profile()
    assert saved is not None and saved.plan is not None
    assert (saved.plan.diet, saved.plan.exclude) == ("vegan", ("soy",))
    assert main(["plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kcal_range"] == [1700.0, 2100.0]
    items = [i for d in data["days"] for m in d["meals"] for i in m["items"]]
    assert items and all(i["family"] != "meat and poultry" for i in items)


def test_the_plan_page_starts_from_the_remembered_settings(db: Path) -> None:
    save_profile(make_profile(sex="female", age_years=34))
    save_plan_settings(SETTINGS)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/plan_page.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="plan_diet").value == "vegan"
    assert at.multiselect(key="plan_exclude").value == ["soy"]
    assert at.text_input(key="plan_exclude_text").value == "mushrooms"
    assert at.slider(key="plan_kcal").value == (1700, 2100)
    assert at.text_area(key="plan_people").value == "female 34\nchild 7 1400-1700"
    at.selectbox(key="plan_diet").set_value("vegetarian").run()
    at.button(key="plan_remember").click().run()
    assert not at.exception, at.exception
    saved = load_profile()
    assert saved is not None and saved.plan is not None and saved.plan.diet == "vegetarian"
    assert saved.plan.people == SETTINGS.people


def test_the_plan_page_refuses_to_remember_a_person_it_cannot_read(db: Path) -> None:
    save_profile(make_profile(sex="female", age_years=34))
    save_plan_settings(SETTINGS)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/plan_page.py").run()
    at.text_area(key="plan_people").set_value("female 34\nsomeone tall").run()
    at.button(key="plan_remember").click().run()
    assert not at.exception, at.exception
    assert any("someone tall" in e.value for e in at.error), [e.value for e in at.error]
    saved = load_profile()
    assert saved is not None and saved.plan == SETTINGS  # unchanged


def test_each_users_plan_settings_are_their_own(tmp_path: Path) -> None:
    """Plan settings live with each person's profile: the local person's file, another
    user's diary setting; one user's never reach another's or the file."""
    from magfood import (
        PlanSettings,
        load_profile,
        load_user_profile,
        make_profile,
        open_history,
        save_user_plan_settings,
        save_user_profile,
    )

    db = tmp_path / "shared.sqlite3"
    ann, bob = open_history(db, user="ann"), open_history(db, user="bob")
    with pytest.raises(ProfileError, match="Save who you are first"):
        save_user_plan_settings(ann, PlanSettings(diet="vegan"))
    save_user_profile(ann, make_profile(age_years=34, sex="female"))
    save_user_profile(bob, make_profile(age_years=40, sex="male"))
    assert save_user_plan_settings(ann, PlanSettings(diet="vegan")) == "the diary of ann"
    ann_saved, bob_saved = load_user_profile(ann), load_user_profile(bob)
    assert ann_saved is not None and ann_saved.plan is not None
    assert ann_saved.plan.diet == "vegan"
    assert bob_saved is not None and bob_saved.plan is None
    # saving the profile again keeps the plan settings
    save_user_profile(ann, make_profile(age_years=35, sex="female"))
    again = load_user_profile(ann)
    assert again is not None and again.age == 35 and again.plan == ann_saved.plan
    assert load_profile() is None  # the local person's file was never written
