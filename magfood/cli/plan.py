"""``magfood plan``: a week of meals that meets the magnesium target."""

from __future__ import annotations

import argparse

import magfood
from magfood.cli.options import (
    Commands,
    data_dir_option,
    profile,
    profile_options,
    table,
    write_json,
)


def add(commands: Commands) -> None:
    sub = commands.add_parser(
        "plan",
        help="a week of meals meeting your magnesium target within a calorie range",
        description="Plan seven days of meals. An infeasible request prints what blocks it "
        "and exits with status 2.",
        epilog="examples:\n  magfood plan --sex female --age 34 --diet vegetarian --exclude nuts\n"
        '  magfood plan --person "female 34" --person "female 30 pregnant 2200-2600" '
        '--person "child 7 1400-1700"   (one menu for a household, one shopping list)',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    profile_options(sub)
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
    sub.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="WHO",
        help='plan one menu for a household: "SEX AGE [pregnant|lactating] [MIN-MAX]" per '
        'person, e.g. "female 30 pregnant 2200-2600" or "child 7 1400-1700" (calories '
        "default to --kcal); repeatable",
    )
    sub.add_argument("--csv", action="store_true", help="print the plan as CSV")
    data_dir_option(sub)
    sub.set_defaults(handler=_plan)


def _plan(args: argparse.Namespace) -> int:
    if args.person:
        return _household(args)
    target = args.target
    if target is None:
        target = magfood.target_for(profile(args)).rda_mg
    request = magfood.request_from_options(
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
    plan = magfood.plan_week(table(args), request)
    if args.json:
        write_json(magfood.plan_to_dict(plan))
    elif args.csv and not isinstance(plan, magfood.Infeasible):
        print(magfood.plan_to_csv(plan), end="")
    else:
        print(magfood.plan_to_markdown(plan), end="")
    return 2 if isinstance(plan, magfood.Infeasible) else 0


def _household(args: argparse.Namespace) -> int:
    shared = magfood.request_from_options(
        target_mg=1.0,  # each person's own target replaces it
        kcal=args.kcal,
        diet=args.diet,
        exclude=args.exclude,
        snacks=args.snacks,
        seed=args.seed,
        max_repeats=args.max_repeats,
        favourites=args.favourite,
        limits=args.limit,
    )
    kcal = (shared.kcal_min, shared.kcal_max)
    people = [magfood.person_from_text(text, kcal) for text in args.person]
    plan = magfood.plan_household(table(args), shared, people)
    if args.json:
        write_json(magfood.household_to_dict(plan))
    else:
        print(magfood.household_to_markdown(plan), end="")
    return 2 if isinstance(plan, magfood.Infeasible) else 0
