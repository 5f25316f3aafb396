"""Options several commands share: the table folder, the person, diets, number checks, and
the one JSON writer every ``--json`` goes through."""

from __future__ import annotations

import argparse
import json
import math
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
        help="the food table folder (default: $MAGFOOD_DATA or the data/ folder magfood ships)",
    )


def table(args: argparse.Namespace) -> magfood.FoodTable:
    return magfood.load_table(args.data_dir)


def profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--age", type=float, default=None, help="age in years")
    parser.add_argument("--months", type=int, default=None, help="age in months (infants)")
    parser.add_argument("--sex", required=True, help="female or male")
    status = parser.add_mutually_exclusive_group()
    status.add_argument("--pregnant", action="store_true")
    status.add_argument("--lactating", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON")


def profile(args: argparse.Namespace) -> magfood.Profile:
    return magfood.make_profile(
        sex=args.sex,
        age_years=args.age,
        age_months=args.months,
        pregnant=args.pregnant,
        lactating=args.lactating,
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
