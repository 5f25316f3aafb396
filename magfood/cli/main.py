"""The ``magfood`` command line: one subcommand per task, errors as one line and exit 1.

Bare ``magfood`` prints the help and exits 0; every command's help ends with examples
(``examples.toml``)."""

from __future__ import annotations

import argparse
import logging
import sys
import tomllib
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn

import magfood
from magfood.cli import day, diary, foods, person, plan, refresh, users
from magfood.cli.options import write_json

Handler = Callable[[argparse.Namespace], int]
#: What Ctrl-C prints when the table is as it was (a refresh changes ``data/`` in one
#: journalled swap that holds Ctrl-C until it is done, so it is never half changed).
INTERRUPTED = "magfood: interrupted; nothing was changed"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; MagfoodError becomes a one-line message and exit status 1 (with
    ``--json``, also ``{"error": message}`` on standard output), Ctrl-C one line and 130.

    Every command first repairs what an interrupted refresh left in the table folder. A
    Ctrl-C while ``import magfood`` runs is caught by the ``magfood`` command's entry point
    (``magfood_entry``), which runs before that import."""
    args = argparse.Namespace()
    stamp = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
        )
        data_dir = getattr(args, "data_dir", None) or magfood.default_data_dir()
        magfood.recover_table(data_dir)
        stamp = magfood.table_stamp(data_dir)
        handler: Handler = args.handler
        return handler(args)
    except magfood.MagfoodError as exc:
        message = str(exc).replace("\n", " ")
        print(f"magfood: error: {message}", file=sys.stderr)
        if getattr(args, "json", False):
            write_json({"error": message})
        return 1
    except KeyboardInterrupt:
        print(_interrupted(stamp), file=sys.stderr)
        return 130


def _interrupted(stamp: tuple[str, tuple[int, ...]] | None) -> str:
    """The interrupt line, true to what happened: a refresh that had already swapped its
    table in says so."""
    if stamp is not None and magfood.table_stamp(Path(stamp[0])) != stamp:
        return f"magfood: interrupted after the new table was installed into {stamp[0]}"
    return INTERRUPTED


class _Parser(argparse.ArgumentParser):
    """A usage mistake reads like every other error: one line and exit status 1 (argparse's
    usage block and status 2 would clash with ``plan``'s 2 for an infeasible request)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: error: {message}\n")


DESCRIPTION = (
    "How much magnesium am I eating, and what should I eat to get enough? Figures come from "
    "USDA FoodData Central and name the food (with its FDC id) and the grams they came from."
)


def build_parser() -> argparse.ArgumentParser:
    examples = _examples()
    parser = _Parser(prog="magfood", description=DESCRIPTION, epilog=examples["magfood"])
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in (person, day, diary, foods, plan, refresh, users):
        area.add(commands)
    for name, sub in commands.choices.items():
        sub.epilog = examples.get(name, sub.epilog)
    return parser


@lru_cache(maxsize=1)
def _examples() -> dict[str, str]:
    """Each command's examples (``examples.toml``), as the end of its help."""
    text = resources.files("magfood.cli").joinpath("examples.toml").read_text(encoding="utf-8")
    return {name: str(value).strip("\n") for name, value in tomllib.loads(text).items()}
