"""``magfood target``, ``magfood day`` and ``magfood meal``: the target, a day, a meal."""

from __future__ import annotations

import argparse
import sys

import magfood
from magfood.cli import report
from magfood.cli.options import (
    Commands,
    data_dir_option,
    profile,
    profile_options,
    show,
    table,
    text,
)


def add(commands: Commands) -> None:
    sub = commands.add_parser("target", help="the RDA/AI and supplemental UL for a person")
    profile_options(sub)
    sub.set_defaults(handler=_target)

    sub = commands.add_parser("day", help="a day's meals and supplements against your target")
    profile_options(sub)
    sub.add_argument(
        "--text",
        required=True,
        help='what you ate and took, e.g. "breakfast: oats; 200 mg magnesium '
        'glycinate" (use - to read standard input)',
    )
    data_dir_option(sub)
    sub.set_defaults(handler=_day)

    sub = commands.add_parser(
        "meal",
        help="foods, grams and magnesium in a meal written as text",
        description='Read a meal, e.g. "2 eggs, 1 slice whole wheat bread and 1 cup milk".',
    )
    sub.add_argument("text", help="what you ate (use - to read standard input)")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    data_dir_option(sub)
    sub.set_defaults(handler=_meal)


def _target(args: argparse.Namespace) -> int:
    target = magfood.target_for(profile(args))
    return show(args, target, magfood.target_to_dict, report.target_text)


def _day(args: argparse.Namespace) -> int:
    day = magfood.day_from_text(text(args.text), profile(args), table(args))
    return show(args, day, magfood.day_to_dict, report.day_text)


def _meal(args: argparse.Namespace) -> int:
    typed = magfood.read_meal(text(args.text), table(args))
    skipped = typed.meal.skipped_pieces
    if skipped:  # never a silent cut, with --json too
        read = len(typed.meal.items) + len(typed.supplements)
        print(
            f"magfood: only the first {read:,} of {read + skipped:,} pieces were read",
            file=sys.stderr,
        )
    return show(args, typed, magfood.typed_meal_to_dict, report.typed_meal_text)
