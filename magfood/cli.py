"""The ``magfood`` command line: one subcommand per task, errors as one line and exit 1."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from magfood.errors import MagfoodError
from magfood.foods import default_data_dir

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="magfood", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_refresh(commands)
    return parser


def _data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="the food table folder (default: $MAGFOOD_DATA or ./data)",
    )


def _add_refresh(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    from magfood import refresh

    releases = refresh.parse_release_overrides(args.release)
    data_dir = args.data_dir or default_data_dir()
    if args.paths:

        def build() -> refresh.BuiltTables:
            return refresh.build_from_paths(
                args.paths, include_branded=args.branded, releases=releases
            )
    elif args.api:
        from magfood import api

        def build() -> refresh.BuiltTables:
            return api.build_from_api(include_branded=args.branded)
    else:
        from magfood import download

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
