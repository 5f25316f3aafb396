"""Getting FDC data: pinned releases, local bulk files, the bulk download and the REST API,
built into ``data/`` safely (``refresh_table``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from magfood.fdc.refresh import (
    BuiltTables,
    RefreshResult,
    build_from_paths,
    parse_release_overrides,
)
from magfood.fdc.refresh import refresh as _refresh

__all__ = [
    "BuiltTables",
    "RefreshResult",
    "RefreshSource",
    "parse_release_overrides",
    "refresh_table",
]


@dataclass(frozen=True)
class RefreshSource:
    """Where a refresh reads FDC data from: local releases (``paths``), the REST API
    (``api``, key in ``$FDC_API_KEY``), or else the pinned bulk releases downloaded
    (``releases`` overrides a pin, ``urls`` replaces them)."""

    paths: tuple[Path, ...] = ()
    api: bool = False
    branded: bool = False
    releases: Mapping[str, str] = field(default_factory=dict)
    urls: tuple[str, ...] = ()
    cache_dir: Path | None = None
    progress: bool | None = None


def refresh_table(source: RefreshSource, data_dir: Path, force: bool = False) -> RefreshResult:
    """Build the table from ``source`` and install it into ``data_dir``; on any failure the
    old table stays as it was."""
    return _refresh(lambda: _build(source), data_dir, force=force)


def _build(source: RefreshSource) -> BuiltTables:
    releases = dict(source.releases)
    if source.paths:
        return build_from_paths(source.paths, include_branded=source.branded, releases=releases)
    if source.api:
        from magfood.fdc import api

        return api.build_from_api(include_branded=source.branded)
    from magfood.fdc import download

    zips = download.fetch_releases(
        releases=releases,
        urls=list(source.urls),
        include_branded=source.branded,
        cache_dir=source.cache_dir,
        progress=source.progress,
    )
    return build_from_paths(
        zips, include_branded=source.branded, releases=releases, origin="download"
    )
