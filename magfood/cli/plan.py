"""``magfood plan``: a week of meals that meets the magnesium target."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import magfood
from magfood.cli.options import (
    Commands,
    data_dir_option,
    history,
    profile,
    profile_options,
    saved_profile,
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
        default=None,
        metavar="MIN-MAX",
        help="daily calorie range (default: remembered, else 1800-2200); one number means +-5 %%",
    )
    sub.add_argument(
        "--target",
        type=float,
        default=None,
        metavar="MG",
        help="daily magnesium target in mg (default: your RDA/AI)",
    )
    sub.add_argument(
        "--diet",
        default=None,
        help="omnivore, pescatarian, vegetarian or vegan (default: remembered, else omnivore)",
    )
    sub.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="WORD",
        help="nuts, peanuts, soy, dairy, fish, gluten or any food word; "
        "repeatable or comma-separated",
    )
    sub.add_argument("--snacks", type=int, default=None, choices=(0, 1, 2))
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
    sub.add_argument(
        "--have",
        action="append",
        default=[],
        metavar="FOODS",
        help='foods you have, to use first, e.g. "lentils, oats"; repeatable',
    )
    sub.add_argument(
        "--prices",
        default=None,
        metavar="CSV",
        help="a price list (columns food, price, amount, unit; e.g. lentils,1.99,1,lb): "
        "cheaper foods are preferred and the week's cost is shown",
    )
    sub.add_argument(
        "--remember",
        action="store_true",
        help="save the diet, exclusions, calories, snacks and people with your profile; "
        "later plans use them when not given",
    )
    sub.add_argument("--csv", action="store_true", help="print the plan as CSV")
    data_dir_option(sub)
    sub.set_defaults(handler=_plan)


def _plan(args: argparse.Namespace) -> int:
    _settle(args)
    if args.person:
        return _household(args)
    target = args.target
    if target is None:
        target = magfood.target_for(profile(args)).rda_mg
    request = _request(args, target, locks=args.lock)
    foods = table(args)
    request, prices, notes = _pantry_and_prices(args, foods, request)
    plan = magfood.plan_week(foods, request)
    if args.json:
        data = magfood.plan_to_dict(plan)
        if prices is not None and not isinstance(plan, magfood.Infeasible):
            cost, priced = magfood.week_cost(plan, prices)
            data["estimated_cost"] = {"total": cost, "foods_priced": priced}
        write_json({**data, "notes": notes})
    elif args.csv and not isinstance(plan, magfood.Infeasible):
        print(magfood.plan_to_csv(plan), end="")
    else:
        print(magfood.plan_to_markdown(plan), end="")
        if prices is not None and not isinstance(plan, magfood.Infeasible):
            cost, priced = magfood.week_cost(plan, prices)
            lines = len(plan.shopping_list)
            print(f"\nEstimated cost: {cost:.2f} for the {priced} of {lines} foods priced.")
        for note in notes:
            print(f"Note: {note}")
    return 2 if isinstance(plan, magfood.Infeasible) else 0


def _pantry_and_prices(
    args: argparse.Namespace, foods: magfood.FoodTable, request: magfood.PlanRequest
) -> tuple[magfood.PlanRequest, magfood.PriceList | None, list[str]]:
    """The request with the pantry foods and prices; what could not be read, as notes."""
    notes: list[str] = []
    pantry = [m for text in args.have for m in magfood.pantry_foods(foods, text)]
    notes += [f"no food found for {m.word!r} in what you have" for m in pantry if m.fdc_id is None]
    ids = tuple(m.fdc_id for m in pantry if m.fdc_id is not None)
    prices = None
    if args.prices is not None:
        try:
            with open(args.prices, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise magfood.PlanError(
                f"Cannot read the price list {args.prices}: {exc.strerror}."
            ) from None
        prices = magfood.read_prices(foods, text)
        notes += [f"price list {problem}" for problem in prices.problems]
    per_gram = () if prices is None else prices.per_gram
    return replace(request, pantry=ids, prices=per_gram), prices, notes


def _request(
    args: argparse.Namespace, target_mg: float, locks: list[str] | None = None
) -> magfood.PlanRequest:
    """The plan request the options describe, for one target."""
    return magfood.request_from_options(
        target_mg=target_mg,
        kcal=args.kcal,
        diet=args.diet,
        exclude=args.exclude,
        snacks=args.snacks,
        seed=args.seed,
        max_repeats=args.max_repeats,
        favourites=args.favourite,
        limits=args.limit,
        locks=locks or (),
    )


def _household(args: argparse.Namespace) -> int:
    shared = _request(args, 1.0)  # each person's own target replaces 1.0
    kcal = (shared.kcal_min, shared.kcal_max)
    people = [magfood.person_from_text(text, kcal) for text in args.person]
    plan = magfood.plan_household(table(args), shared, people)
    if args.json:
        write_json(magfood.household_to_dict(plan))
    else:
        print(magfood.household_to_markdown(plan), end="")
    return 2 if isinstance(plan, magfood.Infeasible) else 0


def _settle(args: argparse.Namespace) -> None:
    """Fill the options not given from the remembered plan settings (else the defaults);
    with --remember, save the resulting settings with the profile."""
    saved = saved_profile(args)
    remembered = saved.plan if saved is not None and saved.plan is not None else None
    base = remembered or magfood.PlanSettings()
    if args.kcal is None:
        args.kcal = f"{base.kcal_min:g}-{base.kcal_max:g}"
    args.diet = args.diet or base.diet
    args.exclude = args.exclude or list(base.exclude)
    args.snacks = base.snacks if args.snacks is None else args.snacks
    args.person = args.person or list(base.people)
    if args.remember:
        request = magfood.request_from_options(
            target_mg=1.0, kcal=args.kcal, diet=args.diet, exclude=args.exclude
        )  # checks the settings before they are kept
        settings = magfood.PlanSettings(
            diet=request.diet,
            exclude=request.exclude,
            kcal_min=request.kcal_min,
            kcal_max=request.kcal_max,
            snacks=args.snacks,
            people=magfood.household_lines(args.person, (request.kcal_min, request.kcal_max)),
        )
        where = magfood.save_user_plan_settings(history(args), settings)
        print(f"Remembered these plan settings in {where}.", file=sys.stderr)
