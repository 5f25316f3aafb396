"""Fault injection on the command line (issue 13, items 5 and 13): ``--json`` is always strict
JSON (never Infinity or NaN, even for absurd amounts), and Ctrl-C, even while ``import
magfood`` is still loading, prints one line and exits 130."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magfood.cli import main as cli
from magfood.cli import options

PERSON = ["--sex", "female", "--age", "30"]
REPO = Path(__file__).resolve().parent.parent


def _strict(text: str) -> object:
    """JSON as RFC 8259 has it: Infinity, -Infinity and NaN are not JSON."""

    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- --json is always valid JSON (item 5, the output side) ---------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["meal", "1e308 g spinach", "--json"],
        ["meal", "1e307 kg milk, nan milk", "--json"],
        ["meal", "-2 cups spinach", "--json"],
        ["day", *PERSON, "--text", "1e308 g spinach", "--json"],
        ["day", *PERSON, "--text", "lunch: 1e308 g spinach; 1e308 mg magnesium oxide", "--json"],
    ],
    ids=["meal 1e308 g", "meal 1e307 kg", "meal -2 cups", "day 1e308 g", "day 1e308 mg"],
)
def test_absurd_amounts_still_give_strict_json(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(argv, capsys)
    data = _strict(out)
    assert isinstance(data, dict)
    assert code in (0, 1) and "Traceback" not in err
    if code == 1:  # an error is one line on stderr and {"error": ...} on stdout
        assert set(data) == {"error"} and f"magfood: error: {data['error']}\n" in err


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1e308", "9e307", "1e30", "-2", "1/0", "0", "nan", "2 x 1e300"])
            | st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.sampled_from(["g", "kg", "cups", "oz", "lb", "", "mg"]),
            st.sampled_from(["spinach", "milk", "pumpkin seeds", "magnesium citrate"])
            | st.text(max_size=12),
        ),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from(["meal", "day"]),
)
def test_fuzzed_text_always_gives_strict_json(parts, command: str) -> None:
    text = ", ".join(" ".join(part) for part in parts)
    argv = ["meal", text, "--json"] if command == "meal" else ["day", *PERSON, "--text", text]
    if command == "day":
        argv.append("--json")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    assert code in (0, 1)
    assert isinstance(_strict(out.getvalue()), dict)
    assert "Traceback" not in err.getvalue()


def test_the_writer_turns_non_finite_numbers_into_null(capsys: pytest.CaptureFixture[str]) -> None:
    options.write_json({"a": math.inf, "b": [-math.inf, math.nan, 1.5], "c": (2, "x")})
    assert capsys.readouterr().out == '{"a": null, "b": [null, null, 1.5], "c": [2, "x"]}\n'


def test_every_json_command_goes_through_the_writer() -> None:
    """No command prints json.dumps itself (the plan command once did)."""
    for path in (REPO / "magfood" / "cli").glob("*.py"):
        if path.name != "options.py":
            assert "json.dumps" not in path.read_text(encoding="utf-8"), path.name


def test_an_error_with_json_is_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["meal", "1 egg", "--json", "--data-dir", "/nonexistent"], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "cannot be used" in _strict(out)["error"]  # type: ignore[index]


# ---- Ctrl-C (item 13) ----------------------------------------------------------------------

#: Runs the installed ``magfood`` console script with a SIGINT delivered while ``import
#: magfood`` is importing pyarrow: no timing, the signal lands inside the import every time.
INTERRUPT_DURING_IMPORT = textwrap.dedent(
    """
    import os, runpy, signal, sys

    class Interrupt:
        def find_spec(self, name, path=None, target=None):
            if name == "pyarrow":
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, Interrupt())
    sys.argv = [sys.argv[1], *sys.argv[2:]]
    runpy.run_path(sys.argv[0], run_name="__main__")
    """
)


def _console_script() -> Path:
    script = Path(sys.executable).parent / "magfood"
    if not script.exists():
        pytest.skip("the magfood console script is not installed in this environment")
    return script


def test_ctrl_c_while_magfood_is_imported_is_one_line(tmp_path: Path) -> None:
    argv = ["refresh", "--from", str(tmp_path / "nowhere"), "--data-dir", str(tmp_path / "d")]
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPT_DURING_IMPORT, str(_console_script()), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.stderr == "magfood: interrupted; nothing was changed\n"
    assert (done.returncode, done.stdout) == (130, "")


def test_ctrl_c_while_a_command_runs_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr("magfood.fdc.refresh.build_from_paths", interrupted)
    monkeypatch.setattr("magfood.fdc.build_from_paths", interrupted)
    code, out, err = _run(["refresh", "--from", str(tmp_path), "--data-dir", str(tmp_path)], capsys)
    assert (code, out, err) == (130, "", "magfood: interrupted; nothing was changed\n")


def test_ctrl_c_after_the_table_changed_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], installed_data: Path
) -> None:
    """The interrupt line is true to what happened: a refresh that had already swapped its
    table in does not claim that nothing changed."""

    def installed_then_interrupted(source: object, data_dir: Path, force: bool) -> object:
        manifest = data_dir / "manifest.json"
        manifest.write_text(manifest.read_text() + " ")
        os.utime(manifest, ns=(1, 1))
        raise KeyboardInterrupt

    monkeypatch.setattr("magfood.refresh_table", installed_then_interrupted)
    argv = ["refresh", "--from", "-", "--data-dir", str(installed_data)]
    code, out, err = _run(argv, capsys)
    assert (code, out) == (130, "")
    assert err == f"magfood: interrupted after the new table was installed into {installed_data}\n"
