"""Fault injection on ``magfood refresh`` (issue 13, items 1, 3 and 8).

The swap into ``data/``: a real process is killed (SIGKILL) before and after every rename,
link and unlink of the swap, and Ctrl-C is delivered at the same points; each time ``data/``
must hold the complete old or the complete new set (sha256 of all three files), and the next
command must finish the job: no journal, no staging or backup folder, a truthful message. The
crash is injected by the test's own child script (it wraps ``os`` calls), not by a hook in
magfood. Then bounded input for ``--from`` (devices, pipes, zip bombs, size caps) and a full
disk during the install (a fake ENOSPC and a real RLIMIT_FSIZE).
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import pickle
import re
import resource
import subprocess
import sys
import textwrap
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from magfood.cli import main as cli
from magfood.errors import MagfoodError, SourceError
from magfood.fdc import bulk, refresh
from magfood.table import TABLE_FILES, load_table

BUILT_AT = "2025-01-01T00:00:00+00:00"

#: The child: run ``magfood refresh --force`` on the pickled build, after wrapping one ``os``
#: operation so that its N-th call kills the process (SIGKILL) or sends it Ctrl-C (SIGINT),
#: before or after the real call.
CHILD = textwrap.dedent(
    """
    import os, pickle, signal, sys
    import magfood.fdc
    import magfood.fdc.refresh
    from magfood.cli.main import main

    built_file, data_dir, op, nth, when, signame = sys.argv[1:7]
    built = pickle.loads(open(built_file, "rb").read())
    magfood.fdc._build = lambda source: built
    magfood.fdc.refresh.now_iso = lambda: BUILT_AT
    real = getattr(os, op)
    calls = [0]

    def wrapped(*args, **kwargs):
        calls[0] += 1
        hit = calls[0] == int(nth)
        if hit and when == "before":
            os.kill(os.getpid(), getattr(signal, signame))
        result = real(*args, **kwargs)
        if hit and when == "after":
            os.kill(os.getpid(), getattr(signal, signame))
        return result

    setattr(os, op, wrapped)
    sys.exit(main(["refresh", "--from", "-", "--data-dir", data_dir, "--force"]))
    """
).replace("BUILT_AT", repr(BUILT_AT))


def _hashes(directory: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
        for name in TABLE_FILES
        if (directory / name).exists()
    }


@pytest.fixture(scope="module")
def swap_case(tmp_path_factory, write_fdc_release) -> dict[str, object]:
    """The pickled tiny build, the old set's and the new set's hashes."""
    root = tmp_path_factory.mktemp("swap")
    paths = [write_fdc_release(d, root) for d in ("sr_legacy", "survey_fndds", "foundation")]
    built = refresh.build_from_paths(paths)
    (root / "built.pickle").write_bytes(pickle.dumps(built))
    reference = root / "reference"
    done = _child(root / "built.pickle", reference, "getpid", 10**9, "before", "SIGKILL")
    assert done.returncode == 0, done.stderr
    return {
        "built": root / "built.pickle",
        "new": _hashes(reference),
        "old": _hashes(Path(__file__).resolve().parent.parent / "data"),
    }


def _child(
    built: Path, data_dir: Path, op: str, nth: int, when: str, signame: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(built), str(data_dir), op, str(nth), when, signame],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_old(target: Path) -> Path:
    target.mkdir(parents=True)
    shipped = Path(__file__).resolve().parent.parent / "data"
    for name in TABLE_FILES:
        (target / name).write_bytes((shipped / name).read_bytes())
    return target


#: Every state the swap passes through, in order: (os call, its number, before or after it).
#: The backup links of the old files; the journal's unfinished copy, then the journal renamed
#: into place; the six new files renamed in; the journal removed (the commit); the backup
#: and the staging folder removed. ("before" a call is "after" the one before it.)
POINTS = [
    ("link", 1, "before"),
    ("link", 1, "after"),
    ("link", 3, "after"),
    ("replace", 1, "before"),
    ("replace", 1, "after"),
    ("replace", 2, "after"),
    ("replace", 3, "after"),
    ("replace", 4, "after"),
    ("replace", 6, "after"),
    ("replace", 7, "after"),
    ("unlink", 1, "after"),
    ("unlink", 3, "after"),
    ("rmdir", 1, "after"),
    ("rmdir", 2, "after"),
]


def test_a_kill_at_any_point_of_the_swap_leaves_a_whole_table(
    swap_case, tmp_path, monkeypatch
) -> None:
    old, new = swap_case["old"], swap_case["new"]
    folders = [_copy_old(tmp_path / f"{op}-{nth}-{when}") for op, nth, when in POINTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(
            pool.map(
                lambda case: _child(swap_case["built"], case[0], *case[1], "SIGKILL"),  # type: ignore[arg-type]
                zip(folders, POINTS, strict=True),
            )
        )
    killed = 0
    for folder, (op, nth, when), done in zip(folders, POINTS, runs, strict=True):
        point = f"SIGKILL {when} {op} #{nth}"
        assert done.returncode in (0, -9), (point, done.stderr)
        killed += done.returncode == -9
        journal = (folder / ".swap-journal.json").exists()
        # at this instant: one whole set in data/, or the journal that names how to get it back
        assert journal or _hashes(folder) in (old, new), point
        monkeypatch.setenv("MAGFOOD_DATA", str(folder))
        message = _next_command()  # any command: `magfood target` loads no table
        after = _hashes(folder)
        assert after in (old, new), point
        assert sorted(os.listdir(folder)) == sorted(TABLE_FILES), (point, os.listdir(folder))
        if journal:
            assert (after == old) == ("was undone" in message), (point, message)
            assert message.count("\n") == 1, (point, message)
        else:
            assert message == "", (point, message)
    assert killed == len(POINTS)  # every point really killed the swap


def _next_command() -> str:
    """Run ``magfood target`` (in this process, $MAGFOOD_DATA set); return what it logged."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("magfood")
    logger.addHandler(handler)
    try:
        code = cli.main(["target", "--sex", "female", "--age", "30"])
    finally:
        logger.removeHandler(handler)
    assert code == 0
    return stream.getvalue()


@pytest.mark.parametrize(
    ("nth", "when"), [(1, "before"), (2, "before"), (3, "after"), (4, "after")]
)
def test_ctrl_c_during_the_swap_finishes_it_first(swap_case, tmp_path, nth, when) -> None:
    folder = _copy_old(tmp_path / "data")
    done = _child(swap_case["built"], folder, "replace", nth, when, "SIGINT")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("installed 36 foods (31 with magnesium)")
    assert done.stderr == (
        "magfood: Ctrl-C came while the new table was being swapped in; the swap was "
        "finished first\n"
    )
    assert _hashes(folder) == swap_case["new"]
    assert sorted(os.listdir(folder)) == sorted(TABLE_FILES)


def test_ctrl_c_before_the_swap_changes_nothing(swap_case, tmp_path) -> None:
    """The third os.mkdir is write_tables making sure of the staging folder: no file is
    written yet, no journal exists."""
    folder = _copy_old(tmp_path / "data")
    done = _child(swap_case["built"], folder, "mkdir", 3, "before", "SIGINT")
    assert (done.returncode, done.stdout) == (130, "")
    assert done.stderr == "magfood: interrupted; nothing was changed\n"
    assert _hashes(folder) == swap_case["old"]
    assert sorted(os.listdir(folder)) == sorted(TABLE_FILES)


def test_an_os_error_in_the_swap_is_one_line_and_puts_the_old_table_back(
    swap_case, tmp_path, monkeypatch, capsys
) -> None:
    folder = _copy_old(tmp_path / "data")
    built = pickle.loads(swap_case["built"].read_bytes())  # type: ignore[union-attr]
    real = os.replace
    calls = []

    def failing(src, dst):  # the journal lands, then the second file's rename fails
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(src, dst)

    monkeypatch.setattr("magfood.fdc._build", lambda source: built)
    monkeypatch.setattr(os, "replace", failing)
    code = cli.main(["refresh", "--from", "-", "--data-dir", str(folder), "--force"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"magfood: error: could not swap the new table into {folder} (Input/output error); "
        "the old table was put back\n"
    )
    assert _hashes(folder) == swap_case["old"]
    assert sorted(os.listdir(folder)) == sorted(TABLE_FILES)


def test_loading_the_table_recovers_too(swap_case, tmp_path) -> None:
    """The page never runs the CLI: load_table repairs the folder before it reads."""
    folder = _copy_old(tmp_path / "data")
    done = _child(swap_case["built"], folder, "replace", 3, "after", "SIGKILL")
    assert done.returncode == -9 and (folder / ".swap-journal.json").exists()
    table = load_table(folder)
    assert len(table.foods) == 13_225
    assert _hashes(folder) == swap_case["old"]
    assert sorted(os.listdir(folder)) == sorted(TABLE_FILES)


def test_a_journal_whose_sets_are_both_lost_is_one_line(tmp_path) -> None:
    folder = _copy_old(tmp_path / "data")
    (folder / ".swap-journal.json").write_text(
        '{"format": 1, "started": "x", "staging": ".staging-1", "backup": ".backup-1",'
        ' "old": {"foods.parquet": "0"}, "new": {"foods.parquet": "1"}}'
    )
    with pytest.raises(MagfoodError, match="neither the old nor the new table whole") as caught:
        load_table(folder)
    assert "\n" not in str(caught.value)


# ---- bounded input for --from (item 3) -----------------------------------------------------


def _bomb_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("food.csv", b'"fdc_id","data_type","description"\n' + b"1" * (8 << 20))
    return path


def _refuses(argv_path: str, data_dir: Path, capsys) -> str:
    code = cli.main(["refresh", "--from", argv_path, "--data-dir", str(data_dir)])
    out = capsys.readouterr()
    assert (code, out.out) == (1, "") and out.err.count("\n") == 1
    return out.err


def _bounded_memory() -> None:
    """For a child that, before the fix, read /dev/zero at about 1 GB/s: fail, not swap."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


@pytest.mark.parametrize("kind", ["/dev/zero", "a pipe", "a link to /dev/zero in a folder"])
def test_devices_and_pipes_are_refused_at_once(
    kind: str, tmp_path, installed_data, file_hashes
) -> None:
    """In a real process with bounded memory and a time limit: before the fix it read
    /dev/zero until memory ran out, or blocked forever opening the pipe."""
    if kind == "/dev/zero":
        path = named = Path("/dev/zero")
    elif kind == "a pipe":
        path = named = tmp_path / "release.zip"
        os.mkfifo(path)
    else:
        path = tmp_path / "release"
        path.mkdir()
        named = path / "food.csv"
        named.symlink_to("/dev/zero")
    before = file_hashes(installed_data)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "magfood",
            "refresh",
            "--from",
            str(path),
            "--data-dir",
            str(installed_data),
        ],
        capture_output=True,
        text=True,
        preexec_fn=_bounded_memory,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"magfood: error: {named} is not a regular file or folder (a device, pipe or socket); "
        "give an FDC bulk CSV release folder or zip\n"
    )
    assert file_hashes(installed_data) == before


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    tmp_path, installed_data, file_hashes, capsys
) -> None:
    bomb = _bomb_zip(tmp_path / "FoodData_Central_sr_legacy_food_csv_2018-04.zip")
    before = file_hashes(installed_data)
    err = _refuses(str(bomb), installed_data, capsys)
    assert re.match(
        rf"magfood: error: {bomb.name} was refused: food.csv would expand \d,\d{{3}} ti", err
    )
    assert "a zip bomb? FDC CSVs compress at most 100 times" in err
    assert file_hashes(installed_data) == before


@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "folder"])
def test_a_member_past_the_size_cap_is_refused(tiny_release, monkeypatch, as_zip: bool) -> None:
    from magfood.fdc import limits  # (imported here so the file runs on older magfood too)

    release = tiny_release("sr_legacy", as_zip=as_zip)
    monkeypatch.setattr(bulk, "DEFAULT_LIMITS", limits.InputLimits(max_member_bytes=1000))
    expected = "would expand to" if as_zip else "is larger than 1,000 bytes; refused"
    with pytest.raises(SourceError, match=expected):
        refresh.build_from_paths([release])


def test_a_csv_read_whole_past_its_cap_is_refused(tiny_release, monkeypatch) -> None:
    from magfood.fdc import limits

    release = tiny_release("sr_legacy", as_zip=False)
    monkeypatch.setattr(bulk, "DEFAULT_LIMITS", limits.InputLimits(max_read_bytes=500))
    with pytest.raises(SourceError, match=r"food\.csv is larger than 500 bytes; refused"):
        refresh.build_from_paths([release])


# ---- a full disk during the install (item 8) -----------------------------------------------


def test_disk_full_while_staging_is_one_line(
    swap_case, installed_data, file_hashes, monkeypatch, capsys
) -> None:
    built = pickle.loads(swap_case["built"].read_bytes())  # type: ignore[union-attr]

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("magfood.fdc._build", lambda source: built)
    monkeypatch.setattr(refresh, "_write_parquet", full)
    before = file_hashes(installed_data)
    code = cli.main(["refresh", "--from", "-", "--data-dir", str(installed_data), "--force"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"magfood: error: cannot write the new table into {installed_data} (No space left on "
        "device); free some space there and run the refresh again; the old table was kept\n"
    )
    assert file_hashes(installed_data) == before
    assert sorted(os.listdir(installed_data)) == sorted(TABLE_FILES)


def test_a_real_file_size_limit_during_the_install_is_one_line(
    tiny_release, installed_data, file_hashes
) -> None:
    """``ulimit -f 8`` in a real process: foods.parquet (15 KB) cannot be staged."""
    paths = [str(tiny_release(d)) for d in ("sr_legacy", "survey_fndds", "foundation")]
    argv = [a for p in paths for a in ("--from", p)]
    before = file_hashes(installed_data)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    done = subprocess.run(
        [sys.executable, "-m", "magfood", "refresh", *argv, "--data-dir", str(installed_data)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        f"magfood: error: cannot write the new table into {installed_data} (File too large); "
        "free some space there and run the refresh again; the old table was kept"
    ]
    assert file_hashes(installed_data) == before
    assert sorted(os.listdir(installed_data)) == sorted(TABLE_FILES)
