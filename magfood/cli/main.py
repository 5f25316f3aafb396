"""The ``magfood`` command line: one subcommand per task, errors as one line and exit 1."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeAlias

from magfood.cli import report
from magfood.errors import MagfoodError
from magfood.table.load import default_data_dir

if TYPE_CHECKING:
    from magfood.intake.reference import Profile

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; MagfoodError becomes a one-line message and exit status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    handler: Handler = args.handler
    try:
        return handler(args)
    except MagfoodError as exc:
        print(f"magfood: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("magfood: interrupted; nothing was changed", file=sys.stderr)
        return 130


class _Parser(argparse.ArgumentParser):
    """A usage mistake reads like every other error: one line and exit status 1 (argparse's
    usage block and status 2 would clash with ``plan``'s 2 for an infeasible request)."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: error: {message}\n")


Commands: TypeAlias = "argparse._SubParsersAction[_Parser]"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="magfood", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_refresh(commands)
    _add_target(commands)
    _add_day(commands)
    _add_plan(commands)
    _add_suggest(commands)
    _add_foods(commands)
    _add_meal(commands)
    return parser


def _finite(text: str) -> float:
    """An option that must be a real number: not text, nan or inf."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}")
    return value


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the food table folder (default: $MAGFOOD_DATA or ./data)",
    )


def _add_refresh(commands: Commands) -> None:
    sub = commands.add_parser(
        "refresh",
        help="rebuild data/ from FDC (local release, bulk download or API)",
        description="Rebuild the food table. The old table stays unless the new one "
        "builds and validates.",
    )
    source = sub.add_mutually_exclusive_group()
    source.add_argument(
        "--from",
        dest="paths",
        type=Path,
        action="append",
        metavar="PATH",
        help="a local FDC bulk CSV release (folder or zip); repeatable",
    )
    source.add_argument(
        "--api", action="store_true", help="use the FDC REST API with the key in $FDC_API_KEY"
    )
    sub.add_argument(
        "--branded",
        action="store_true",
        help="include Branded foods (large download, mostly without magnesium)",
    )
    sub.add_argument(
        "--release",
        action="append",
        default=[],
        metavar="DATASET=DATE",
        help="override a pinned release, e.g. foundation=2025-12-18",
    )
    sub.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="URL",
        help="download this zip instead of the pinned release URLs",
    )
    sub.add_argument("--cache-dir", type=Path, default=None, help="where downloads are kept")
    sub.add_argument(
        "--force",
        action="store_true",
        help="install even if row counts moved far from the last build",
    )
    _data_dir_option(sub)
    sub.set_defaults(handler=_run_refresh)


def _run_refresh(args: argparse.Namespace) -> int:
    from magfood.fdc import refresh

    # urllib3 warns on every retry; the one-line error after the last retry says enough
    logging.getLogger("urllib3").setLevel(logging.DEBUG if args.verbose else logging.ERROR)
    releases = refresh.parse_release_overrides(args.release)
    data_dir = args.data_dir or default_data_dir()
    if args.paths:

        def build() -> refresh.BuiltTables:
            return refresh.build_from_paths(
                args.paths, include_branded=args.branded, releases=releases
            )
    elif args.api:
        from magfood.fdc import api

        def build() -> refresh.BuiltTables:
            return api.build_from_api(include_branded=args.branded)
    else:
        from magfood.fdc import download

        def build() -> refresh.BuiltTables:
            zips = download.fetch_releases(
                releases=releases,
                urls=args.url,
                include_branded=args.branded,
                cache_dir=args.cache_dir,
            )
            return refresh.build_from_paths(
                zips, include_branded=args.branded, releases=releases, origin="download"
            )

    result = refresh.refresh(build, data_dir, force=args.force)
    print(result.summary())
    return 0


def _profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--age", type=float, default=None, help="age in years")
    parser.add_argument("--months", type=int, default=None, help="age in months (infants)")
    parser.add_argument("--sex", required=True, help="female or male")
    status = parser.add_mutually_exclusive_group()
    status.add_argument("--pregnant", action="store_true")
    status.add_argument("--lactating", action="store_true")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _profile(args: argparse.Namespace) -> Profile:
    from magfood.intake.reference import make_profile

    return make_profile(
        sex=args.sex,
        age_years=args.age,
        age_months=args.months,
        pregnant=args.pregnant,
        lactating=args.lactating,
    )


def _add_target(commands: Commands) -> None:
    sub = commands.add_parser("target", help="the RDA/AI and supplemental UL for a person")
    _profile_options(sub)
    sub.set_defaults(handler=_run_target)


def _run_target(args: argparse.Namespace) -> int:
    from magfood.intake.reference import target_for, target_to_dict

    target = target_for(_profile(args))
    if args.json:
        print(json.dumps(target_to_dict(target), ensure_ascii=False))
        return 0
    print(report.target_text(target))
    return 0


def _add_day(commands: Commands) -> None:
    sub = commands.add_parser("day", help="a day's meals and supplements against your target")
    _profile_options(sub)
    sub.add_argument(
        "--text",
        required=True,
        help='what you ate and took, e.g. "breakfast: oats; 200 mg magnesium '
        'glycinate" (use - to read standard input)',
    )
    _data_dir_option(sub)
    sub.set_defaults(handler=_run_day)


def _run_day(args: argparse.Namespace) -> int:
    from magfood.intake.day import day_from_text, day_to_dict
    from magfood.table.load import load_table

    day = day_from_text(_text(args.text), _profile(args), load_table(args.data_dir))
    if args.json:
        print(json.dumps(day_to_dict(day), ensure_ascii=False))
        return 0
    print(report.day_text(day))
    return 0


def _add_plan(commands: Commands) -> None:
    sub = commands.add_parser(
        "plan",
        help="a week of meals meeting your magnesium target within a calorie range",
        description="Plan seven days of meals. An infeasible request prints what blocks it "
        "and exits with status 2.",
    )
    _profile_options(sub)
    sub.add_argument(
        "--kcal",
        default="1800-2200",
        metavar="MIN-MAX",
        help="daily calorie range (default 1800-2200); one number means +-5 %%",
    )
    sub.add_argument(
        "--target",
        type=float,
        default=None,
        metavar="MG",
        help="daily magnesium target in mg (default: your RDA/AI)",
    )
    sub.add_argument(
        "--diet", default="omnivore", help="omnivore, pescatarian, vegetarian or vegan"
    )
    sub.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="WORD",
        help="nuts, peanuts, soy, dairy, fish, gluten or any food word; "
        "repeatable or comma-separated",
    )
    sub.add_argument("--snacks", type=int, default=1, choices=(0, 1, 2))
    sub.add_argument("--seed", type=int, default=0, help="another seed, another week")
    sub.add_argument(
        "--max-repeats",
        type=int,
        default=3,
        metavar="N",
        help="no food more than N times a week (default 3)",
    )
    sub.add_argument(
        "--favourite",
        action="append",
        type=int,
        default=[],
        metavar="FDC_ID",
        help="a food to prefer; repeatable",
    )
    sub.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="FAMILY=N",
        help='at most N servings a week of a family, e.g. "leafy greens=3"',
    )
    sub.add_argument(
        "--lock",
        action="append",
        default=[],
        metavar="DAY:MEAL:FDC_ID",
        help='keep a food in place, e.g. "2:dinner:2707361"; repeatable',
    )
    sub.add_argument("--csv", action="store_true", help="print the plan as CSV")
    _data_dir_option(sub)
    sub.set_defaults(handler=_run_plan)


def _run_plan(args: argparse.Namespace) -> int:
    from magfood.plan.week import (
        Infeasible,
        plan_to_csv,
        plan_to_dict,
        plan_to_markdown,
        plan_week,
        request_from_options,
    )
    from magfood.table.load import load_table

    target = args.target
    if target is None:
        from magfood.intake.reference import target_for

        target = target_for(_profile(args)).rda_mg
    request = request_from_options(
        target_mg=target,
        kcal=args.kcal,
        diet=args.diet,
        exclude=args.exclude,
        snacks=args.snacks,
        seed=args.seed,
        max_repeats=args.max_repeats,
        favourites=args.favourite,
        limits=args.limit,
        locks=args.lock,
    )
    plan = plan_week(load_table(args.data_dir), request)
    if args.json:
        print(json.dumps(plan_to_dict(plan), ensure_ascii=False))
    elif args.csv and not isinstance(plan, Infeasible):
        print(plan_to_csv(plan), end="")
    else:
        print(plan_to_markdown(plan), end="")
    return 2 if isinstance(plan, Infeasible) else 0


def _diet_options(parser: argparse.ArgumentParser) -> None:
    from magfood.foods.families import DIETS, EXCLUSIONS

    parser.add_argument("--diet", choices=DIETS, default="omnivore", help="default: omnivore")
    parser.add_argument(
        "--exclude",
        action="extend",
        nargs="+",
        default=[],
        metavar="WORD",
        help=f"leave out {', '.join(EXCLUSIONS)}, a family, or any description word",
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
    _data_dir_option(parser)


def _add_suggest(commands: Commands) -> None:
    sub = commands.add_parser(
        "suggest",
        help="servings that close a magnesium gap with the fewest kcal",
        description="Propose one to three household servings that close a magnesium gap.",
    )
    sub.add_argument("--gap", type=_finite, required=True, metavar="MG", help="milligrams to add")
    sub.add_argument("--kcal", type=_finite, default=None, metavar="KCAL", help="calorie budget")
    sub.add_argument("--max-items", type=int, default=3, choices=(1, 2, 3), help="default: 3")
    _diet_options(sub)
    sub.set_defaults(handler=_run_suggest)


def _run_suggest(args: argparse.Namespace) -> int:
    from magfood.foods.suggestions import close_gap
    from magfood.table.load import load_table

    plan = close_gap(
        load_table(args.data_dir),
        args.gap,
        kcal_budget=args.kcal,
        diet=args.diet,
        exclude=args.exclude,
        favourites=args.favourites,
        max_items=args.max_items,
        common_only=args.common_only,
    )
    if args.json:
        print(json.dumps(dataclasses.asdict(plan), indent=2, ensure_ascii=False))
    else:
        print(report.gap_plan_text(plan))
    return 0


def _add_foods(commands: Commands) -> None:
    from magfood.foods.families import FAMILIES
    from magfood.foods.suggestions import RANK_BY

    sub = commands.add_parser(
        "foods",
        help="foods ranked by magnesium per serving, 100 g or 100 kcal",
        description="Rank foods by magnesium, with per-serving, per-100 g and per-100 kcal "
        "figures side by side.",
    )
    sub.add_argument("--family", choices=FAMILIES, default=None, help="one food family")
    sub.add_argument("--by", choices=RANK_BY, default="serving", help="default: serving")
    sub.add_argument("--limit", type=int, default=25, help="default: 25")
    _diet_options(sub)
    sub.set_defaults(handler=_run_foods)


def _run_foods(args: argparse.Namespace) -> int:
    from magfood.foods.suggestions import rank_foods
    from magfood.table.load import load_table

    ranked = rank_foods(
        load_table(args.data_dir),
        family=args.family,
        diet=args.diet,
        exclude=args.exclude,
        favourites=args.favourites,
        by=args.by,
        limit=args.limit,
        common_only=args.common_only,
    )
    if args.json:
        foods = {"foods": [dataclasses.asdict(r) for r in ranked]}
        print(json.dumps(foods, indent=2, ensure_ascii=False))
        return 0
    print(report.foods_table(ranked))
    return 0


def _add_meal(commands: Commands) -> None:
    sub = commands.add_parser(
        "meal",
        help="foods, grams and magnesium in a meal written as text",
        description='Read a meal, e.g. "2 eggs, 1 slice whole wheat bread and 1 cup milk".',
    )
    sub.add_argument("text", help="what you ate (use - to read standard input)")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    _data_dir_option(sub)
    sub.set_defaults(handler=_run_meal)


def _run_meal(args: argparse.Namespace) -> int:
    from magfood.meals.parse import meal_to_dict, parse_meal
    from magfood.table.load import load_table

    meal = parse_meal(_text(args.text), load_table(args.data_dir))
    if args.json:
        print(json.dumps(meal_to_dict(meal), ensure_ascii=False))
        return 0
    print(report.meal_text(meal))
    return 0


def _text(value: str) -> str:
    """The text given, or standard input for "-"."""
    return sys.stdin.read() if value == "-" else value
