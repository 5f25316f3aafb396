"""``magfood profile``: saved once in the config folder, used when flags are absent, flags
win; bare ``magfood`` and every ``--help`` end with examples that parse."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from cli_run import run

from magfood.cli.main import _examples, build_parser
from magfood.diary.profile import default_config_dir, load_profile


def test_profile_is_saved_in_the_config_folder_and_used(capsys: pytest.CaptureFixture[str]):
    assert run(capsys, "profile")[1].startswith("No profile saved yet")
    code, out, _ = run(capsys, "profile", "--age", "34", "--sex", "female")
    assert code == 0 and "female, 34 years" in out and "RDA 320 mg/day" in out
    saved = json.loads((default_config_dir() / "profile.json").read_text())
    assert saved == {
        "age": 34.0,
        "unit": "years",
        "sex": "female",
        "pregnant": False,
        "lactating": False,
    }
    assert "Females 31–50 years: RDA 320 mg/day" in run(capsys, "target")[1]
    # a flag given overrides that part only
    assert "Females 14–18 years: RDA 360" in run(capsys, "target", "--age", "16")[1]
    assert "Males 31–50 years: RDA 420" in run(capsys, "target", "--sex", "male")[1]
    day = json.loads(run(capsys, "day", "--text", "1 cup spinach", "--json")[1])
    assert day["target_mg"] == 320


def test_status_is_kept_until_changed(capsys: pytest.CaptureFixture[str]):
    run(capsys, "profile", "--age", "34", "--sex", "female")
    assert "pregnant" in run(capsys, "profile", "--pregnant")[1]
    assert "Pregnancy 31–50 years: RDA 360" in run(capsys, "target")[1]
    assert "Males 31–50 years" in run(capsys, "target", "--sex", "male")[1]
    assert "Females 31–50 years" in run(capsys, "target", "--neither")[1]
    shown = json.loads(run(capsys, "profile", "--json")[1])
    assert shown["profile"]["pregnant"] is True and shown["target"]["rda_mg"] == 360
    assert run(capsys, "profile", "--forget")[1].startswith("Removed the saved profile")
    assert load_profile() is None


def test_infant_profile_in_months(capsys: pytest.CaptureFixture[str]):
    run(capsys, "profile", "--months", "8", "--sex", "male")
    assert "AI 75 mg/day" in run(capsys, "target")[1]


BAD_PROFILES = [
    (["profile", "--age", "34"], "Give --sex too"),
    (["profile", "--age", "5", "--sex", "female", "--pregnant"], "magfood: error:"),
    (["profile", "--age", "500", "--sex", "female"], "magfood: error:"),
]


@pytest.mark.parametrize(("argv", "message"), BAD_PROFILES)
def test_a_bad_profile_is_one_line_and_not_saved(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err
    assert load_profile() is None


@pytest.mark.parametrize("content", ["{not json", '{"age": "x", "sex": "female"}', "[1]"])
def test_an_unreadable_profile_file_is_one_line_and_left_alone(
    capsys: pytest.CaptureFixture[str], content: str
):
    path = default_config_dir() / "profile.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    code, _out, err = run(capsys, "target")
    assert code == 1 and err.count("\n") == 1
    assert f"the saved profile {path} cannot be read" in err
    assert path.read_text() == content


def test_bare_magfood_prints_the_help_and_exits_0(capsys: pytest.CaptureFixture[str]):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("usage: magfood") and "examples:\n  magfood profile --age 34" in out


def test_data_dir_help_names_the_real_default(capsys: pytest.CaptureFixture[str]):
    from magfood import default_data_dir

    out = run(capsys, "meal", "--help")[1]
    # help wraps long paths, at a hyphen too ("/work/wt-" + "x/data"): compare without spaces
    assert "".join(str(default_data_dir()).split())[-30:] in "".join(out.split())


def test_every_command_has_examples_and_they_parse():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    examples = _examples()
    assert set(commands) <= set(examples)
    for name in commands:
        assert commands[name].epilog == examples[name]
        for line in examples[name].splitlines()[1:]:
            if "magfood" not in line or "|" in line or ">" in line:
                continue
            argv = shlex.split(line.split("magfood", 1)[1].split("   ")[0])
            assert parser.parse_args(argv).command == name, line


def test_config_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MAGFOOD_CONFIG_DIR", str(tmp_path / "cfg"))
    assert default_config_dir() == tmp_path / "cfg"
