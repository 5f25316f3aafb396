"""``magfood refresh``: rebuild ``data/`` from a local FDC release, the download or the API."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import magfood
from magfood.cli.options import Commands, data_dir_option


def add(commands: Commands) -> None:
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
    data_dir_option(sub)
    sub.set_defaults(handler=_refresh)


def _refresh(args: argparse.Namespace) -> int:
    # urllib3 warns on every retry; the one-line error after the last retry says enough
    logging.getLogger("urllib3").setLevel(logging.DEBUG if args.verbose else logging.ERROR)
    source = magfood.RefreshSource(
        paths=tuple(args.paths or ()),
        api=args.api,
        branded=args.branded,
        releases=magfood.parse_release_overrides(args.release),
        urls=tuple(args.url),
        cache_dir=args.cache_dir,
    )
    result = magfood.refresh_table(source, args.data_dir or magfood.default_data_dir(), args.force)
    print(result.summary())
    return 0
