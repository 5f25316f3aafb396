"""The project's own promises: README commands match CI, and the house keeps its shape.

The house: no import cycle inside ``magfood`` with every import counted (module level,
function level and under TYPE_CHECKING), no module-level ``__getattr__``, no module over
450 lines, the core never imports Streamlit, and the front ends (the pages and the CLI)
import only the top-level ``magfood`` API.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "magfood"
MAX_LINES = 450


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"^TEST_COMMAND='(.+)'$", ci, re.MULTILINE)
    assert command, ".ci/run names its TEST_COMMAND"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.+?)\n```", readme, re.DOTALL)
    assert blocks[1] == command.group(1), "the README's second command is the CI test command"
    assert "streamlit run app.py" in blocks[0]


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the core."""
    found = {}
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(module, names) of every import statement in a file, wherever it stands."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, tuple(alias.name for alias in node.names)


def _edges(path: Path) -> set[str]:
    """The core modules a file imports: ``from pkg import sub`` imports the module
    ``pkg.sub``; ``from pkg import name`` (a name defined in ``pkg``) imports ``pkg``."""
    targets = set()
    for module, names in _imports(path):
        submodules = {f"{module}.{name}" for name in names} & set(MODULES)
        targets |= submodules
        if module in MODULES and (not names or len(submodules) < len(names)):
            targets.add(module)
    return targets


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a self-import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_in_the_core():
    graph = {name: _edges(path) for name, path in MODULES.items()}
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"a"}}) == [["a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_level_getattr():
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "__getattr__" not in functions, name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_core_never_imports_streamlit():
    for name, path in MODULES.items():
        imported = {module.split(".")[0] for module, _ in _imports(path)}
        assert "streamlit" not in imported, name


def _front_ends() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]


@pytest.mark.parametrize("path", _front_ends(), ids=lambda p: p.name)
def test_pages_import_only_the_magfood_api(path: Path):
    for module, _ in _imports(path):
        if module.split(".")[0] == "magfood":
            assert module == "magfood", f"{path.name} imports {module}"


def test_the_cli_imports_only_the_magfood_api():
    for name, path in MODULES.items():
        if not name.startswith("magfood.cli"):
            continue
        for module, _ in _imports(path):
            if module.split(".")[0] == "magfood":
                assert module == "magfood" or module.startswith("magfood.cli"), (name, module)
