"""The ``magfood`` command line: one subcommand per task, errors as one line and exit 1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

import magfood
from magfood.cli import day, foods, plan, refresh
from magfood.cli.options import write_json

Handler = Callable[[argparse.Namespace], int]
#: What Ctrl-C prints. True for every command: only ``refresh`` writes, and it changes
#: ``data/`` in one journalled swap that a Ctrl-C cannot cut in two.
INTERRUPTED = "magfood: interrupted; nothing was changed"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; MagfoodError becomes a one-line message and exit status 1 (with
    ``--json``, also ``{"error": message}`` on standard output), Ctrl-C one line and 130.

    A Ctrl-C while ``import magfood`` runs is caught by the ``magfood`` command's entry point
    (``magfood_entry``), which runs before that import."""
    args = argparse.Namespace()
    try:
        args = build_parser().parse_args(argv)
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
        )
        handler: Handler = args.handler
        return handler(args)
    except magfood.MagfoodError as exc:
        message = str(exc).replace("\n", " ")
        print(f"magfood: error: {message}", file=sys.stderr)
        if getattr(args, "json", False):
            write_json({"error": message})
        return 1
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130


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
