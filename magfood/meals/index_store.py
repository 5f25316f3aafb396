"""The meal matcher's index as stored with the table: ``data/index.npz``.

The refresh builds the ``FoodIndex`` of the staged table (``index.store_index``) and
``write_parts`` writes what it derives (``index.DERIVED``) as plain arrays: words as one
text with offsets, each token -> rows mapping as keys, offsets and one flat array. Nothing
is pickled; ``numpy.load`` reads it with ``allow_pickle=False``. The manifest records the
file, the digest of the table files it was built from and a fingerprint of the code that
builds it (``code_fingerprint``); ``read_parts`` checks both and raises ``IndexProblem``
for a missing, stale or corrupt file. Rows' word sets and names are read from the
arrays when first asked for.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata, resources
from importlib.util import find_spec
from itertools import pairwise
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from magfood.meals.english import SHORT_LETTERS, EnglishWords
from magfood.table import (
    FOODS_FILE,
    INDEX_FILE,
    INGREDIENTS_FILE,
    MANIFEST_FILE,
    NAMES_FILE,
    PORTIONS_FILE,
    FoodTable,
)
from magfood.table.journal import locked

__all__ = ["FORMAT", "IndexProblem", "code_fingerprint", "read_parts", "write_parts"]

#: The layout of ``index.npz``; a file of another format is stale.
FORMAT = 2
#: The files whose code decides what the index holds: a change to any makes it stale
#: (``words`` imports ``units`` only to pass SIZE_WORDS on; the index does not read it).
_SOURCES = (
    ("magfood.meals", "index.py"),
    ("magfood.meals", "index_store.py"),
    ("magfood.meals", "columns.py"),
    ("magfood.meals", "names.py"),
    ("magfood.meals", "words.py"),
    ("magfood.meals", "words.toml"),
    ("magfood.meals", "english.py"),
    ("magfood", "text.py"),
)
_BUILT_FROM = (FOODS_FILE, PORTIONS_FILE, NAMES_FILE, INGREDIENTS_FILE)
_MAPPINGS = ("postings", "first", "name_postings", "aside", "lifts", "brand_lifts")
_ARRAYS = ("flesh", "extra", "lift_amount", "brand_amount", "sr", "length", "naming_weight")
_ARRAYS_TOO = ("tail_id", "twin", "salt")


class IndexProblem(Exception):
    """Why the stored index cannot be used (the message says what and the fix)."""


def read_parts(table: FoodTable) -> dict[str, Any]:
    """The derived parts of the index stored in the table's folder; IndexProblem if it is
    missing, stale or corrupt."""
    path = table.data_dir / INDEX_FILE
    record = table.manifest.get("index")
    if not isinstance(record, dict):
        raise IndexProblem(f"{path} is not recorded in the table's manifest")
    try:
        with locked(table.data_dir, exclusive=False), np.load(path, allow_pickle=False) as found:
            arrays = {name: found[name] for name in found.files}
    except FileNotFoundError:
        raise IndexProblem(f"the stored index {path} is missing") from None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise IndexProblem(f"the stored index {path} is corrupt ({_first_line(exc)})") from None
    stamp = {"format": FORMAT, "table": record.get("table"), "code": code_fingerprint()}
    if _text(arrays.get("stamp")) != json.dumps(stamp, sort_keys=True):
        raise IndexProblem(f"the stored index {path} is stale (built from another table or code)")
    if not np.array_equal(arrays.get("fdc_ids", ()), table.foods["fdc_id"].to_numpy()):
        raise IndexProblem(f"the stored index {path} is stale (its foods are not the table's)")
    try:
        return _parts(arrays)
    except (KeyError, IndexError, ValueError, UnicodeDecodeError) as exc:
        raise IndexProblem(f"the stored index {path} is corrupt ({_first_line(exc)})") from None


def write_parts(directory: Path, parts: Mapping[str, Any]) -> dict[str, Any]:
    """Write an index's derived parts for the table in ``directory`` (a staged refresh) as
    ``index.npz`` and record it in the manifest; returns the record."""
    digest = _table_digest(directory)
    stamp = {"format": FORMAT, "table": digest, "code": code_fingerprint()}
    arrays = index_arrays(parts)
    arrays["stamp"] = _blob(json.dumps(stamp, sort_keys=True))
    _write_npz(directory / INDEX_FILE, arrays)
    record = {
        "file": INDEX_FILE,
        "format": FORMAT,
        "table": digest,
        "code": stamp["code"],
        "words": len(parts["vocabulary"]),
    }
    manifest_path = directory / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["index"] = record
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return record


def _write_npz(path: Path, arrays: Mapping[str, npt.NDArray[Any]]) -> None:
    """``numpy.savez`` with fixed member dates, so that one table gives one file's bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with archive.open(member, "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, np.asanyarray(array), allow_pickle=False)


def code_fingerprint() -> str:
    """sha256 of the sources that build the index and of wordfreq's version."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for package, name in _SOURCES:
        digest.update(f"{package}/{name}\n".encode())
        digest.update(resources.files(package).joinpath(name).read_bytes())
    digest.update(_wordfreq_release().encode())
    return digest.hexdigest()


def _wordfreq_release() -> str:
    """wordfreq's installed release, from its dist-info folder's name when it is beside the
    package (reading its metadata costs 10 ms), else from the metadata."""
    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return "wordfreq missing"
    found = sorted(Path(spec.origin).parent.parent.glob("wordfreq-*.dist-info"))
    return found[-1].name if found else f"wordfreq-{metadata.version('wordfreq')}"


def _table_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in _BUILT_FROM:
        digest.update(hashlib.sha256((directory / name).read_bytes()).digest())
    return digest.hexdigest()


def index_arrays(parts: Mapping[str, Any]) -> dict[str, npt.NDArray[Any]]:
    """An index's derived parts (and its ``fdc_ids``) as named plain arrays; ``_parts``
    reads them back."""
    words = dict.fromkeys(parts["vocabulary"])
    english: EnglishWords = parts["english"]
    for name in (*_MAPPINGS, "naming_df", "english", "tail"):
        named = english.known if name == "english" else parts[name]
        words.update(dict.fromkeys(sorted(named)))
    for row_names in parts["names"].values():
        for name_words in row_names:
            words.update(dict.fromkeys(sorted(name_words)))  # sets in a fixed order
    ids = {w: i for i, w in enumerate(words)}
    arrays: dict[str, npt.NDArray[Any]] = {"fdc_ids": np.asarray(parts["fdc_ids"])}
    arrays["words"], arrays["words_at"] = _strings(list(words))
    arrays["vocabulary"] = np.asarray([ids[w] for w in parts["vocabulary"]], np.int32)
    for name in _MAPPINGS:
        _put_mapping(arrays, name, parts[name], ids)
    weights = parts["weights"]
    arrays["weights"] = _flat([weights[t] for t in sorted(parts["postings"])], np.float32)
    arrays["tokens"], arrays["tokens_at"] = _ragged(
        [sorted(ids[t] for t in r) for r in parts["tokens"]]
    )
    arrays["normalised"], arrays["normalised_at"] = _strings(list(parts["normalised"]))
    arrays["tail"] = np.asarray([ids[t] for t in parts["tail"]], np.int32)
    for name in (*_ARRAYS, *_ARRAYS_TOO):
        arrays[name] = np.asarray(parts[name])
    naming_df = [[ids[w], parts["naming_df"][w]] for w in sorted(parts["naming_df"])]
    arrays["naming_df"] = np.asarray(naming_df, np.int64).reshape(-1, 2)
    arrays["english_words"] = np.asarray([ids[w] for w in english.known], np.int32)
    arrays["english"] = np.asarray(list(english.known.values()), np.float64)
    arrays["english_short"] = np.frombuffer(english.short.tobytes(), np.uint8)  # n x letters
    arrays["english_short_zipf"] = english.short_zipf
    names = parts["names"]
    arrays["name_rows"] = np.asarray(list(names), np.int32)
    counts = [len(sets) for sets in names.values()]
    arrays["name_rows_at"] = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])
    all_names = [sorted(ids[t] for t in name) for sets in names.values() for name in sets]
    arrays["name_words"], arrays["name_words_at"] = _ragged(all_names)
    for field in ("recipes", "unspecified", "common"):
        arrays[f"everyday_{field}"] = np.asarray(getattr(parts["everyday"], field))
    return arrays


def _parts(arrays: Mapping[str, npt.NDArray[Any]]) -> dict[str, Any]:
    """The derived parts of an index from its arrays (see ``index_arrays``)."""
    words = _unstrings(arrays["words"], arrays["words_at"])
    parts: dict[str, Any] = {name: _get_mapping(arrays, name, words) for name in _MAPPINGS}
    at = arrays["postings_at"].tolist()
    weights = arrays["weights"]
    parts["weights"] = dict(
        zip(parts["postings"], (weights[a:b] for a, b in pairwise(at)), strict=True)
    )
    parts["vocabulary"] = [words[i] for i in arrays["vocabulary"].tolist()]
    parts["token_id"] = {t: i for i, t in enumerate(parts["vocabulary"])}
    parts["tokens"] = RowWords(arrays["tokens"], arrays["tokens_at"], words)
    parts["normalised"] = _unstrings(arrays["normalised"], arrays["normalised_at"])
    parts["tail"] = parts["name"] = [words[i] for i in arrays["tail"].tolist()]
    for name in (*_ARRAYS, *_ARRAYS_TOO):
        parts[name] = arrays[name]
    parts["name_id"] = parts["tail_id"]
    parts["naming_df"] = {words[w]: n for w, n in arrays["naming_df"].reshape(-1, 2).tolist()}
    english = zip(arrays["english_words"].tolist(), arrays["english"].tolist(), strict=True)
    known = {words[w]: z for w, z in english}
    short = arrays["english_short"].view(f"S{SHORT_LETTERS}")
    parts["english"] = EnglishWords(known, short, arrays["english_short_zipf"])
    parts["names"] = RowNames(
        arrays["name_rows"],
        arrays["name_rows_at"],
        RowWords(arrays["name_words"], arrays["name_words_at"], words),
    )
    parts["everyday"] = {f: arrays[f"everyday_{f}"] for f in ("recipes", "unspecified", "common")}
    rows = len(arrays["fdc_ids"])
    for name in ("tail_id", "extra", "sr", "twin"):
        if len(parts[name]) != rows or len(parts["tokens"]) != rows:
            raise ValueError(f"{name} has {len(parts[name])} rows for {rows} foods")
    return parts


class RowWords(Sequence[frozenset[str]]):
    """Per row, a set of words, read from word ids and row offsets when asked for."""

    def __init__(
        self, ids: npt.NDArray[np.int32], at: npt.NDArray[np.int64], words: list[str]
    ) -> None:
        self._ids, self._at, self._words = ids, at.tolist(), words

    def __len__(self) -> int:
        return len(self._at) - 1

    @overload
    def __getitem__(self, row: int) -> frozenset[str]: ...
    @overload
    def __getitem__(self, row: slice) -> list[frozenset[str]]: ...
    def __getitem__(self, row: int | slice) -> frozenset[str] | list[frozenset[str]]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        start, end = self._at[row], self._at[row + 1]
        words = self._words
        return frozenset([words[i] for i in self._ids[start:end].tolist()])

    def __iter__(self) -> Iterator[frozenset[str]]:
        return (self[i] for i in range(len(self)))


class RowNames(Mapping[int, tuple[frozenset[str], ...]]):
    """Row -> the word sets of its names, read from the stored names when asked for."""

    def __init__(
        self, rows: npt.NDArray[np.int32], at: npt.NDArray[np.int64], names: RowWords
    ) -> None:
        cuts = at.tolist()
        self._spans = dict(zip(rows.tolist(), pairwise(cuts), strict=False))
        self._names = names
        self._read: dict[int, tuple[frozenset[str], ...]] = {}

    def __getitem__(self, row: int) -> tuple[frozenset[str], ...]:
        found = self._read.get(row)
        if found is None:
            start, end = self._spans[row]
            found = self._read[row] = tuple(self._names[start:end])
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def _put_mapping(
    arrays: dict[str, npt.NDArray[Any]],
    name: str,
    mapping: Mapping[str, npt.NDArray[np.int32]],
    ids: Mapping[str, int],
) -> None:
    keys = sorted(mapping)  # words in a fixed order: one table gives one file's bytes
    arrays[f"{name}_keys"] = np.asarray([ids[t] for t in keys], np.int32)
    arrays[name] = _flat([mapping[t] for t in keys], np.int32)
    sizes = [len(mapping[t]) for t in keys]
    arrays[f"{name}_at"] = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])


def _get_mapping(
    arrays: Mapping[str, npt.NDArray[Any]], name: str, words: list[str]
) -> dict[str, npt.NDArray[np.int32]]:
    flat, at = arrays[name], arrays[f"{name}_at"].tolist()
    keys = [words[i] for i in arrays[f"{name}_keys"].tolist()]
    return dict(zip(keys, (flat[a:b] for a, b in pairwise(at)), strict=True))


def _flat(parts: Sequence[npt.NDArray[Any]], dtype: type) -> npt.NDArray[Any]:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype)


def _ragged(rows: Sequence[Sequence[int]]) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    flat = np.fromiter((i for r in rows for i in r), np.int32)
    return flat, np.concatenate([[0], np.cumsum([len(r) for r in rows], dtype=np.int64)])


def _strings(texts: list[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Texts as one UTF-8 blob and their character offsets in it."""
    at = np.concatenate([[0], np.cumsum([len(t) for t in texts], dtype=np.int64)])
    return _blob("".join(texts)), at


def _unstrings(blob: npt.NDArray[np.uint8], at: npt.NDArray[np.int64]) -> list[str]:
    text, cuts = blob.tobytes().decode("utf-8"), at.tolist()
    return [text[a:b] for a, b in pairwise(cuts)]


def _blob(text: str) -> npt.NDArray[np.uint8]:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _text(blob: npt.NDArray[Any] | None) -> str | None:
    if blob is None or blob.dtype != np.uint8:
        return None
    return blob.tobytes().decode("utf-8", errors="replace")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]
