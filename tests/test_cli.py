"""The command line as a whole: every bad input is one line on stderr and exit status 1."""

from __future__ import annotations

import pytest

from magfood.cli.main import main

PERSON = ["--age", "34", "--sex", "female"]

# argv -> a part of the one-line message
BAD_INPUT = [
    (["nosuch"], "argument COMMAND: invalid choice: 'nosuch'"),
    (["foods", "--family", "nonsense"], "magfood foods: error: argument --family: invalid choice"),
    (["foods", "--by", "weight"], "argument --by: invalid choice: 'weight'"),
    (["suggest", "--gap", "nan"], "magfood suggest: error: argument --gap: expected a number"),
    (["suggest", "--gap", "abc"], "argument --gap: expected a number, got 'abc'"),
    (["suggest", "--gap", "120", "--kcal", "inf"], "argument --kcal: expected a number"),
    (["target", "--age", "3"], "Give --sex too (female or male)."),
    (["target"], "Say who this is for: give --sex and --age, or save them once"),
    (["target", "--sex", "x", "--age", "3"], "Sex must be 'female' or 'male' (got 'x')."),
    (["plan", *PERSON, "--kcal", "abc"], "Write calories as MIN-MAX"),
    (["plan", *PERSON, "--limit", "nonsense=3"], "(got nonsense=3)"),
    (["plan", *PERSON, "--target", "inf"], "the target must be a finite number of mg"),
    (["plan", *PERSON, "--snacks", "5"], "argument --snacks: invalid choice: 5"),
    (["day", *PERSON, "--text", "1 egg", "--data-dir", "/nonexistent"], "cannot be used"),
    (["refresh", "--from", "/nonexistent", "--data-dir", "/nonexistent"], "does not exist"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT)
def test_bad_input_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse's usage errors leave through parser.error
        code = stop.code
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("magfood")
    assert message in captured.err


def test_help_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["foods", "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: magfood foods")
