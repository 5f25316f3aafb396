"""``magfood log`` and ``magfood history``: add food to a day of the diary the Today page
keeps, and read the days back."""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from pathlib import Path

import magfood
from magfood.cli.options import (
    Commands,
    data_dir_option,
    db_option,
    history,
    person,
    profile_options,
    show,
    table,
    text,
    user,
    user_option,
)


def add(commands: Commands) -> None:
    sub = commands.add_parser(
        "log",
        help="add food to a day of your diary (the one the app's Today page keeps)",
        description="Add what you ate to a saved day: today and the meal the text names by "
        "default (else the meal of the hour). Each call adds; none overwrites.",
    )
    sub.add_argument("text", help="what you ate or took (use - to read standard input)")
    sub.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD")
    sub.add_argument("--meal", type=_meal, default=None, help=" or ".join(magfood.MEALS))
    profile_options(sub)
    db_option(sub)
    data_dir_option(sub)
    sub.set_defaults(handler=_log)

    sub = commands.add_parser(
        "history",
        help="the saved days of your diary, with their foods and magnesium",
        description="Read saved days back, oldest first.",
    )
    sub.add_argument("--from", dest="start", type=_date, default=None, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="end", type=_date, default=None, metavar="YYYY-MM-DD")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    user_option(sub)
    db_option(sub)
    data_dir_option(sub)
    sub.set_defaults(handler=_history)
    add_import(commands)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _meal(value: str) -> magfood.MealTime:
    meal = magfood.meal_of(value)
    if meal is None:
        raise argparse.ArgumentTypeError(
            f"expected one of {', '.join(magfood.MEALS)}, got {value!r}"
        )
    return meal


def _log(args: argparse.Namespace) -> int:
    typed = text(args.text)
    if not typed.strip():
        raise magfood.MagfoodError('nothing to log: give what you ate, e.g. "2 eggs".')
    now = datetime.now()
    day = args.date or now.date()
    meal = args.meal or (magfood.meal_at(now) if day == now.date() else None)
    food_table = table(args)
    saved, added = magfood.log_text(history(args), day, typed, food_table, person(args), meal)
    result = magfood.days_to_dict((saved,), food_table)["days"][0]
    if args.json:
        return show(args, result, lambda r: r, str)
    foods = [item for item in result["items"] if item["meal"] != "supplements"]
    items = foods[-added:] if added else []
    for item in items:
        food = f"{item['food']} [FDC {item['fdc_id']}]" if item["fdc_id"] else "(no match)"
        grams = "-" if item["grams"] is None else f"{item['grams']:.0f} g"
        mg = "?" if item["magnesium_mg"] is None else f"{item['magnesium_mg']:.1f} mg"
        print(f"{item['meal']:<9} {item['text'][:32]:<32} {grams:>7} {mg:>9}  {food}")
    supplements = " and supplements" if not added else ""
    print(
        f"Logged {added} food{'s' if added != 1 else ''}{supplements} to {day.isoformat()}; "
        f"the day now totals {result['magnesium_mg']:.1f} mg."
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    if args.start and args.end and args.start > args.end:
        raise magfood.MagfoodError(f"--from {args.start} is after --to {args.end}.")
    user(args)  # a bad name is refused even before there is a diary
    where = args.db or magfood.default_db_location()
    if "://" not in where and not os.path.exists(where):
        days: tuple[magfood.SavedDay, ...] = ()  # no diary yet: none is created to say so
    else:
        days = history(args).days(args.start, args.end)
    result = magfood.days_to_dict(days, table(args)) if days else {"days": []}
    return show(args, result, lambda r: r, _history_text)


def _history_text(result: dict[str, list[dict[str, object]]]) -> str:
    if not result["days"]:
        return "No saved days."
    lines = []
    for day in result["days"]:
        lines.append(f"{day['date']}  {day['magnesium_mg']:.1f} mg")
        for item in day["items"]:  # type: ignore[attr-defined]
            mg = "?" if item["magnesium_mg"] is None else f"{item['magnesium_mg']:.1f} mg"
            lines.append(f"  {item['meal']:<11} {item['text'][:40]:<40} {mg:>9}")
    return "\n".join(lines)


#: One byte more than the preview takes, so that it can refuse a larger file.
_READ_AT_MOST = magfood.MAX_IMPORT_BYTES + 1


def add_import(commands: Commands) -> None:
    sub = commands.add_parser(
        "import",
        help="food logged in Cronometer (servings export) or a CSV of date, meal, food, amount",
        description="Match every row of the file to an FDC food and show it, with "
        "Cronometer's own magnesium beside magfood's; bad rows are listed and skipped. "
        "Nothing is saved without --save (adds to saved days) or --replace.",
    )
    sub.add_argument("file", type=Path, help="the CSV file")
    save = sub.add_mutually_exclusive_group()
    save.add_argument("--save", action="store_true", help="add the rows to the saved days")
    save.add_argument("--replace", action="store_true", help="replace the days the file covers")
    profile_options(sub)
    db_option(sub)
    data_dir_option(sub)
    sub.set_defaults(handler=_import)


def _import(args: argparse.Namespace) -> int:
    try:
        with args.file.open("rb") as handle:  # the preview refuses more than 5 MB
            data = handle.read(_READ_AT_MOST)
    except OSError as exc:
        raise magfood.MagfoodError(f"{args.file} cannot be read ({exc.strerror}).") from exc
    food_table = table(args)
    preview = magfood.preview_import(data, food_table)
    if preview.format is None:
        raise magfood.MagfoodError(f"{args.file}: {preview.problems[0].message}; nothing saved.")
    saved: tuple[magfood.SavedDay, ...] = ()
    if (args.save or args.replace) and preview.rows:
        saved = magfood.save_import(history(args), preview, food_table, person(args), args.replace)
    if args.json:
        return show(args, preview, _preview_dict, str)
    for row in preview.rows:
        mg = "?" if row.magnesium_mg is None else f"{row.magnesium_mg:.1f} mg"
        theirs = "" if row.cronometer_mg is None else f" (file: {row.cronometer_mg:g} mg)"
        food = f"{row.food} [FDC {row.fdc_id}]" if row.fdc_id else row.status.value
        grams = "-" if row.grams is None else f"{row.grams:.0f} g"
        print(f"{row.day} {row.meal:<9} {row.text[:34]:<34} {grams:>6} {mg:>9}{theirs}  {food}")
    for problem in preview.problems:
        print(f"skipped line {problem.line}: {problem.message}")
    done = f"Saved {len(saved)} day(s)." if saved else "Nothing saved; add --save to save."
    print(f"{preview.summary()}. {done}")
    return 0


def _preview_dict(preview: magfood.ImportPreview) -> dict[str, object]:
    return {
        "format": None if preview.format is None else str(preview.format),
        "rows": [
            {
                "line": r.line,
                "date": r.day.isoformat(),
                "meal": str(r.meal),
                "source_food": r.source_food,
                "amount": r.amount,
                "text": r.text,
                "fdc_id": r.fdc_id,
                "food": r.food,
                "grams": r.grams,
                "magnesium_mg": r.magnesium_mg,
                "cronometer_mg": r.cronometer_mg,
                "status": str(r.status),
            }
            for r in preview.rows
        ],
        "skipped": [{"line": p.line, "problem": p.message} for p in preview.problems],
    }
