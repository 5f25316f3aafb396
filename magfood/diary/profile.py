"""The person's saved profile: age, sex, pregnancy or lactation, kept in the user's config
folder so ``magfood day``, ``plan`` and ``target`` need no flags after ``magfood profile``.

The file is ``profile.json`` in ``$MAGFOOD_CONFIG_DIR`` if set, else in platformdirs' user
config folder for magfood. It holds the same mapping the Today sidebar remembers
(``{"age": 34.0, "unit": "years", "sex": "female", "pregnant": false, "lactating": false}``),
is written whole (a temporary file, then an atomic replace) and only once the profile it
describes has been checked; a file that cannot be read raises :class:`ProfileError` naming
it, and is never overwritten by a read.

In a shared diary each user's profile is instead a setting of their own in the database.
The ``*_user_*`` functions are the one door for every front end: they take a user's diary
and read or write the single-person file for the local user, the database setting for any
other, so the page, ``magfood profile`` and ``magfood plan`` always share one profile.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

from magfood.diary.schema import LOCAL_USER
from magfood.diary.store import History
from magfood.errors import ProfileError, os_reason
from magfood.intake import Profile, make_profile

PROFILE_FILE = "profile.json"
#: The diary setting a user's profile is remembered under (the Today sidebar's).
PROFILE_SETTING = "profile"
_MAX_BYTES = 10_000


def default_config_dir() -> Path:
    """``$MAGFOOD_CONFIG_DIR`` if set, else the user's config folder for magfood."""
    env = os.environ.get("MAGFOOD_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir("magfood"))


def profile_path() -> Path:
    """Where the saved profile lives."""
    return default_config_dir() / PROFILE_FILE


@dataclass(frozen=True)
class PlanSettings:
    """The weekly planner's remembered settings: diet, exclusions, calorie range, snacks
    and the household's people ("female 30 pregnant 2200-2600"), reused by ``magfood
    plan`` and the Plan page when not given again."""

    diet: str = "omnivore"
    exclude: tuple[str, ...] = ()
    kcal_min: float = 1800.0
    kcal_max: float = 2200.0
    snacks: int = 1
    people: tuple[str, ...] = ()

    def setting(self) -> dict[str, Any]:
        return {
            "diet": self.diet,
            "exclude": list(self.exclude),
            "kcal": [self.kcal_min, self.kcal_max],
            "snacks": self.snacks,
            "people": list(self.people),
        }


@dataclass(frozen=True)
class SavedProfile:
    """The saved person: age in years (or months, for an infant), sex and status, and
    the planner's settings if they were remembered."""

    age: float
    unit: str
    sex: str
    pregnant: bool = False
    lactating: bool = False
    plan: PlanSettings | None = None

    @property
    def profile(self) -> Profile:
        """The checked profile (ProfileError if the values cannot describe a person)."""
        years = self.unit == "years"
        return make_profile(
            sex=self.sex,
            age_years=self.age if years else None,
            age_months=None if years else int(self.age),
            pregnant=self.pregnant,
            lactating=self.lactating,
        )

    def setting(self) -> dict[str, Any]:
        """The mapping written to the file (the Today sidebar's shape, with "plan" when
        the planner's settings were remembered)."""
        data: dict[str, Any] = {
            "age": self.age,
            "unit": self.unit,
            "sex": self.sex,
            "pregnant": self.pregnant,
            "lactating": self.lactating,
        }
        if self.plan is not None:
            data["plan"] = self.plan.setting()
        return data


def saved_profile_of(profile: Profile) -> SavedProfile:
    """What is saved for a checked profile."""
    months = profile.age_years is None
    age = float(profile.age_months if months and profile.age_months is not None else 0)
    return SavedProfile(
        age=age if months else float(profile.age_years or 0.0),
        unit="months" if months else "years",
        sex=str(profile.sex),
        pregnant=profile.pregnant,
        lactating=profile.lactating,
    )


def load_profile(path: Path | None = None) -> SavedProfile | None:
    """The saved profile, or None if none was saved. ProfileError if the file is there but
    cannot be read as one."""
    where = path or profile_path()
    try:
        if where.is_dir():
            raise ProfileError(f"{where} is a folder, not a profile file; move it aside.")
        if not where.exists():
            return None
        if where.stat().st_size > _MAX_BYTES:
            raise ProfileError(_unreadable(where, "it is too large"))
        data = json.loads(where.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(_unreadable(where, os_reason(exc))) from exc
    except (ValueError, RecursionError):
        raise ProfileError(_unreadable(where, "it is not JSON")) from None
    saved = _from_setting(data, where)
    _ = saved.profile  # checked now: a saved profile that cannot be one is an error
    return saved


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write a checked profile to the file, replacing it whole but keeping the planner's
    remembered settings; return where."""
    where = path or profile_path()
    return _write(_keeping_plan(profile, lambda: load_profile(where)), where)


def save_plan_settings(settings: PlanSettings, path: Path | None = None) -> Path:
    """Remember the planner's settings with the saved profile. ProfileError if no
    profile is saved yet (the settings belong to a person)."""
    where = path or profile_path()
    saved = load_profile(where)
    if saved is None:
        raise ProfileError(
            "Save who you are first (`magfood profile --age 34 --sex female`), then the "
            "plan settings can be remembered with it."
        )
    return _write(replace(saved, plan=settings), where)


def _write(saved: SavedProfile, where: Path) -> Path:
    text = json.dumps(saved.setting(), indent=2, sort_keys=True) + "\n"
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".profile-", dir=where.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, where)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ProfileError(
            f"the profile cannot be saved to {where} ({os_reason(exc)}); set "
            "MAGFOOD_CONFIG_DIR to a folder you can write."
        ) from exc
    return where


def forget_profile(path: Path | None = None) -> bool:
    """Remove the saved profile; True if there was one."""
    where = path or profile_path()
    try:
        if not where.is_file():
            return False
        where.unlink()
    except OSError as exc:
        raise ProfileError(f"{where} cannot be removed ({os_reason(exc)}).") from exc
    return True


def load_user_profile(history: History) -> SavedProfile | None:
    """The profile remembered for ``history``'s user (the local user's file, another user's
    diary setting), or None. ProfileError if it cannot be one."""
    if history.user == LOCAL_USER:
        return load_profile()
    data = history.load_setting(PROFILE_SETTING)
    if data is None:
        return None
    where = f"of the user {history.user!r} in {history.where}"
    saved = _from_setting(data, where)
    _ = saved.profile
    return saved


def save_user_profile(history: History, profile: Profile) -> None:
    """Remember a checked profile for ``history``'s user, keeping their plan settings."""
    if history.user == LOCAL_USER:
        save_profile(profile)
        return
    saved = _keeping_plan(profile, lambda: load_user_profile(history))
    history.save_setting(PROFILE_SETTING, saved.setting())


def save_user_plan_settings(history: History, settings: PlanSettings) -> str:
    """Remember the planner's settings with ``history``'s user's profile; return where, in
    words. ProfileError if no profile is saved yet (the settings belong to a person)."""
    if history.user == LOCAL_USER:
        return str(save_plan_settings(settings))
    saved = load_user_profile(history)
    if saved is None:
        raise ProfileError(
            "Save who you are first (`magfood profile --user NAME --age 34 --sex female`), "
            "then the plan settings can be remembered with it."
        )
    history.save_setting(PROFILE_SETTING, replace(saved, plan=settings).setting())
    return f"the diary of {history.user}"


def forget_user_profile(history: History) -> bool:
    """Forget ``history``'s user's remembered profile; True if there was one."""
    if history.user == LOCAL_USER:
        return forget_profile()
    return history.delete_setting(PROFILE_SETTING)


def _keeping_plan(profile: Profile, kept: Callable[[], SavedProfile | None]) -> SavedProfile:
    """What to save for a new profile: it, with the plan settings already remembered (an
    unreadable old profile is replaced whole)."""
    saved = saved_profile_of(profile)
    try:
        old = kept()
    except ProfileError:
        old = None
    return saved if old is None else replace(saved, plan=old.plan)


def _from_setting(data: object, where: Path | str) -> SavedProfile:
    if not isinstance(data, Mapping):
        raise ProfileError(_unreadable(where, "it is not a JSON object"))
    age, unit, sex = data.get("age"), data.get("unit", "years"), data.get("sex")
    pregnant, lactating = data.get("pregnant", False), data.get("lactating", False)
    if isinstance(age, bool) or not isinstance(age, int | float):
        raise ProfileError(_unreadable(where, "its age is not a number"))
    if unit not in ("years", "months") or not isinstance(sex, str):
        raise ProfileError(_unreadable(where, "its unit or sex is missing"))
    if not isinstance(pregnant, bool) or not isinstance(lactating, bool):
        raise ProfileError(_unreadable(where, "pregnant and lactating must be true or false"))
    plan = _plan_settings(data.get("plan"), where)
    return SavedProfile(float(age), unit, sex, pregnant, lactating, plan)


def _plan_settings(data: object, where: Path | str) -> PlanSettings | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise ProfileError(_unreadable(where, "its plan settings are not a JSON object"))
    try:
        low, high = (float(x) for x in data.get("kcal", (1800.0, 2200.0)))
        settings = PlanSettings(
            diet=str(data.get("diet", "omnivore")),
            exclude=tuple(str(w) for w in data.get("exclude", ())),
            kcal_min=low,
            kcal_max=high,
            snacks=int(data.get("snacks", 1)),
            people=tuple(str(p) for p in data.get("people", ())),
        )
    except (TypeError, ValueError):
        raise ProfileError(_unreadable(where, "its plan settings cannot be read")) from None
    return settings


def _unreadable(where: Path | str, why: str) -> str:
    return (
        f"the saved profile {where} cannot be read ({why}); save it again with "
        "`magfood profile --age AGE --sex SEX`, or remove the file."
    )
