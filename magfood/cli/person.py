"""``magfood profile``: save the person once, so other commands need no --age and --sex."""

from __future__ import annotations

import argparse

import magfood
from magfood.cli import report
from magfood.cli.options import (
    Commands,
    db_option,
    history,
    person,
    profile_options,
    saved_profile,
    user,
    write_json,
)


def add(commands: Commands) -> None:
    sub = commands.add_parser(
        "profile",
        help="save your age and sex for day, plan, target and log (or show them)",
        description="Save the person magfood reads for: `day`, `plan`, `target` and `log` "
        "use it when their --age/--sex flags are absent (a flag given still wins). "
        "Without options, show the saved profile.",
    )
    profile_options(sub)
    sub.add_argument("--forget", action="store_true", help="remove the saved profile")
    db_option(sub)
    sub.set_defaults(handler=_profile)


def _profile(args: argparse.Namespace) -> int:
    """The single-person user's profile is a file; another user's (--user) is theirs in the
    diary database, the one the Today page remembers for them."""
    shared = user(args) != magfood.LOCAL_USER
    store = history(args) if shared else None
    where = f"{store.user} in {store.where}" if store else str(magfood.profile_path())
    if args.forget:
        gone = magfood.forget_user_profile(store) if store else magfood.forget_profile()
        print(f"Removed the saved profile {where}." if gone else "No profile was saved.")
        return 0
    given = (args.age, args.months, args.sex, args.pregnant, args.lactating, args.neither)
    if any(value is not None for value in given):
        found = person(args)
        if found is None:
            raise magfood.ProfileError("Give --sex too (female or male).")
        if store:
            magfood.save_user_profile(store, found)
        else:
            magfood.save_profile(found)
        verb = "Saved"
    else:
        verb = "Saved profile"
    saved = saved_profile(args)
    if saved is None:
        if args.json:
            write_json({"profile": None, "path": where})
        else:
            print("No profile saved yet; save one with `magfood profile --age 34 --sex female`.")
        return 0
    target = magfood.target_for(saved.profile)
    if args.json:
        write_json(
            {
                "profile": saved.setting(),
                "path": where,
                "target": magfood.target_to_dict(target),
            }
        )
    else:
        print(f"{verb} ({where}): {_described(saved)}\n{report.target_text(target)}")
    return 0


def _described(saved: magfood.SavedProfile) -> str:
    age = f"{saved.age:g} {saved.unit}"
    status = ", pregnant" if saved.pregnant else ", lactating" if saved.lactating else ""
    return f"{saved.sex}, {age}{status}"
