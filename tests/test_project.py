"""The project's own promises: README commands match CI, the core never imports Streamlit."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.MULTILINE)
    assert command, ".ci/run names its TEST_COMMAND"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.+?)\n```", readme, re.DOTALL)
    assert blocks[1] == command.group(1), "the README's second command is the CI test command"
    assert "streamlit run app.py" in blocks[0]


def test_core_never_imports_streamlit():
    for path in (ROOT / "magfood").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit", text, re.MULTILINE), path.name
