"""The ``magfood`` command line: one subcommand per task, errors as one line and exit 1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import magfood
from magfood.cli import day, foods, plan, refresh
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
        args = build_parser().parse_args(argv)
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

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="magfood", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for area in (refresh, day, plan, foods):
        area.add(commands)
    return parser
