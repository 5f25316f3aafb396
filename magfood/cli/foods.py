"""``magfood foods`` and ``magfood suggest``: magnesium-rich foods, servings for a gap."""

from __future__ import annotations

import argparse
import dataclasses

import magfood
from magfood.cli import report
from magfood.cli.options import Commands, diet_options, finite, show, table


def add(commands: Commands) -> None:
    sub = commands.add_parser(
        "suggest",
        help="servings that close a magnesium gap with the fewest kcal",
        description="Propose one to three household servings that close a magnesium gap.",
    )
    sub.add_argument("--gap", type=finite, required=True, metavar="MG", help="milligrams to add")
    sub.add_argument("--kcal", type=finite, default=None, metavar="KCAL", help="calorie budget")
    sub.add_argument("--max-items", type=int, default=3, choices=(1, 2, 3), help="default: 3")
    diet_options(sub)
    sub.set_defaults(handler=_suggest)

    sub = commands.add_parser(
        "foods",
        help="foods ranked by magnesium per serving, 100 g or 100 kcal",
        description="Rank foods by magnesium, with per-serving, per-100 g and per-100 kcal "
        "figures side by side.",
    )
    sub.add_argument("--family", choices=magfood.FAMILIES, default=None, help="one food family")
    sub.add_argument("--by", choices=magfood.RANK_BY, default="serving", help="default: serving")
    sub.add_argument("--limit", type=int, default=25, help="default: 25")
    diet_options(sub)
    sub.set_defaults(handler=_foods)


def _suggest(args: argparse.Namespace) -> int:
    plan = magfood.close_gap(
        table(args),
        args.gap,
        kcal_budget=args.kcal,
        diet=args.diet,
        exclude=args.exclude,
        favourites=args.favourites,
        max_items=args.max_items,
        common_only=args.common_only,
    )
    return show(args, plan, dataclasses.asdict, report.gap_plan_text, indent=2)


def _foods(args: argparse.Namespace) -> int:
    ranked = magfood.rank_foods(
        table(args),
        family=args.family,
        diet=args.diet,
        exclude=args.exclude,
        favourites=args.favourites,
        by=args.by,
        limit=args.limit,
        common_only=args.common_only,
    )
    return show(args, ranked, _foods_json, foods_table, indent=2)


#: (header, width, right-aligned) of each column of ``magfood foods``: 99 characters in all.
_COLUMNS = (
    ("fdc_id", 7, True),
    ("food", 29, False),
    ("serving", 14, False),
    ("mg", 4, True),
    ("kcal", 5, True),
    ("mg/100g", 7, True),
    ("mg/100kcal", 10, True),
    ("family", 16, False),
)
MISSING = "—"


def foods_table(ranked: tuple[magfood.RankedFood, ...]) -> str:
    """The ranking as a table within 100 columns: the food as a person writes it, its
    serving, magnesium and kcal a serving, per 100 g and per 100 kcal side by side; a
    missing figure is "—" and a long text is cut between words ("…")."""
    lines = [_row([name for name, _, _ in _COLUMNS])]
    for r in ranked:
        lines.append(
            _row(
                [
                    str(r.fdc_id),
                    r.name + (" *" if r.favourite else ""),
                    r.portion or MISSING,
                    _figure(r.magnesium_mg),
                    _figure(r.kcal),
                    _figure(r.magnesium_mg_per_100g),
                    _figure(r.magnesium_mg_per_100kcal),
                    r.family,
                ]
            )
        )
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    out = []
    for text, (_, width, right) in zip(cells, _COLUMNS, strict=True):
        cell = fit_words(text, width)
        out.append(cell.rjust(width) if right else cell.ljust(width))
    return " ".join(out).rstrip()


def fit_words(text: str, width: int) -> str:
    """``text`` within ``width`` characters, cut after a whole word with "…" if too long."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,") if " " in text[: width - 1] else ""
    return (cut or text[: width - 1]) + "…"


def _figure(value: float | None) -> str:
    return MISSING if value is None else f"{value:.0f}"


def _foods_json(ranked: tuple[magfood.RankedFood, ...]) -> dict[str, object]:
    return {"foods": [dataclasses.asdict(r) for r in ranked]}
