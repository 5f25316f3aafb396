"""Options several commands share: the table folder, the person, diets, number checks, and
the one JSON writer every ``--json`` goes through."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

import magfood

T = TypeVar("T")
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def finite(text: str) -> float:
    """An option that must be a real number: not text, nan or inf."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}")
    return value


def data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"the food table folder (default: {_escaped(magfood.default_data_dir())}; "
        "$MAGFOOD_DATA sets another)",
    )


def db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        metavar="PATH_OR_URL",
        help="the diary database, a file or a database URL such as "
        "postgresql+psycopg://USER@HOST/DB (default: $MAGFOOD_DB, else "
        f"{'that' if _env_db() else _escaped(Path(magfood.default_db_location()))})",
    )


def _env_db() -> bool:
    """Whether $MAGFOOD_DB is set (its value, which may hold a password, is not shown)."""
    return bool(os.environ.get("MAGFOOD_DB"))


def user_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--user",
        default=None,
        metavar="NAME",
        help=f"whose diary (default: $MAGFOOD_USER, else the single-person {magfood.LOCAL_USER!r})",
    )


def user(args: argparse.Namespace) -> str:
    """The user named by --user or $MAGFOOD_USER (checked), else the single-person user."""
    name = getattr(args, "user", None) or os.environ.get("MAGFOOD_USER") or magfood.LOCAL_USER
    return magfood.user_name(name)


def history(args: argparse.Namespace) -> magfood.History:
    """The diary of the user the options name, in the database they name."""
    return magfood.open_history(getattr(args, "db", None), user=user(args))


def saved_profile(args: argparse.Namespace) -> magfood.SavedProfile | None:
    """The profile saved for the user the options name: the single-person user's is
    ``magfood profile``'s file, another user's is theirs in the diary database."""
    name = user(args)
    if name == magfood.LOCAL_USER:
        return magfood.load_profile()
    return magfood.load_user_profile(history(args))


def _escaped(path: Path) -> str:
    """A path as argparse help shows it (a "%" would be read as a format)."""
    return str(path).replace("%", "%%")


def table(args: argparse.Namespace) -> magfood.FoodTable:
    return magfood.load_table(args.data_dir)


def profile_options(parser: argparse.ArgumentParser, json_option: bool = True) -> None:
    """--age/--months, --sex and the status flags; each one given overrides that part of
    the profile saved with ``magfood profile``."""
    person = parser.add_argument_group(
        "the person (default: the profile saved with `magfood profile`)"
    )
    person.add_argument("--age", type=finite, default=None, help="age in years")
    person.add_argument("--months", type=int, default=None, help="age in months (infants)")
    person.add_argument("--sex", default=None, help="female or male")
    status = person.add_mutually_exclusive_group()
    status.add_argument("--pregnant", action="store_true", default=None)
    status.add_argument("--lactating", action="store_true", default=None)
    status.add_argument(
        "--neither",
        action="store_true",
        default=None,
        help="neither pregnant nor lactating, whatever the saved profile says",
    )
    user_option(person)
    if json_option:
        parser.add_argument("--json", action="store_true", help="print JSON")


def profile(args: argparse.Namespace) -> magfood.Profile:
    """The person: the flags given, the rest from the saved profile; ProfileError naming
    the fix when neither says who it is."""
    found = person(args)
    if found is None:
        raise magfood.ProfileError(
            "Say who this is for: give --sex and --age, or save them once with "
            "`magfood profile --age 34 --sex female`."
        )
    return found


def person(args: argparse.Namespace) -> magfood.Profile | None:
    """The person the flags and the saved profile describe, or None if neither gives a sex
    (a partial description, such as an age alone with no saved profile, is a ProfileError)."""
    saved = saved_profile(args)
    given_age = args.age is not None or args.months is not None
    sex = args.sex if args.sex is not None else (saved.sex if saved else None)
    if sex is None:
        if given_age:
            raise magfood.ProfileError("Give --sex too (female or male).")
        return None
    if given_age or saved is None:
        age_years, age_months = args.age, args.months
    else:
        years = saved.unit == "years"
        age_years = saved.age if years else None
        age_months = None if years else int(saved.age)
    if args.pregnant or args.lactating or args.neither:
        pregnant, lactating = bool(args.pregnant), bool(args.lactating)
    elif saved is not None and sex.strip().lower() == saved.sex:
        pregnant, lactating = saved.pregnant, saved.lactating
    else:
        pregnant = lactating = False
    return magfood.make_profile(
        sex=sex,
        age_years=age_years,
        age_months=age_months,
        pregnant=pregnant,
        lactating=lactating,
    )


def diet_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--diet", choices=magfood.DIETS, default="omnivore", help="default: omnivore"
    )
    parser.add_argument(
        "--exclude",
        action="extend",
        nargs="+",
        default=[],
        metavar="WORD",
        help=f"leave out {', '.join(magfood.EXCLUSIONS)}, a family, or any description word",
    )
    parser.add_argument(
        "--favourite",
        dest="favourites",
        action="extend",
        nargs="+",
        type=int,
        default=[],
        metavar="FDC_ID",
        help="foods you already eat (FDC ids), put first",
    )
    parser.add_argument(
        "--all", dest="common_only", action="store_false", help="include uncommon foods too"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    data_dir_option(parser)


def text(value: str) -> str:
    """The text given, or standard input for "-"."""
    return sys.stdin.read() if value == "-" else value


def show(
    args: argparse.Namespace,
    result: T,
    as_json: Callable[[T], Any],
    as_text: Callable[[T], str],
    indent: int | None = None,
) -> int:
    """Print a result as JSON with ``--json``, else as readable text; exit status 0."""
    if args.json:
        try:
            data = as_json(result)
        except (OverflowError, ValueError) as exc:  # e.g. round(inf) in a figure
            raise magfood.MagfoodError(
                f"the result holds a number that cannot be written ({type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})"
            ) from exc
        write_json(data, indent=indent)
    else:
        print(as_text(result))
    return 0


def write_json(data: Any, indent: int | None = None) -> None:
    """Print ``data`` as strict JSON (RFC 8259): a number that is not finite (inf, NaN, which
    Python would write as ``Infinity``/``NaN``) is written as null."""
    print(json.dumps(json_safe(data), ensure_ascii=False, indent=indent, allow_nan=False))


def json_safe(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None, in dicts, lists and tuples."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
