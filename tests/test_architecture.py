"""The shape of the code: no import cycles, the core never imports a face, one home for settings.

The import graph is read from the source (``ast``), not by importing: every ``import`` and
``from ... import`` in a module counts, including those inside functions (a lazy import cannot
hide a cycle); only imports under ``if TYPE_CHECKING:`` are left out (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
FACES = ("psoas.cli", "psoas.web")
ENVIRON_ALLOWED = {
    "psoas.settings",  # the one home of the settings
    "psoas.cli.web_cmd",  # the server launcher hands its settings to uvicorn's worker processes
}


def module_files(root: Path = SRC) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``root/psoas``."""
    out = {}
    for path in sorted((root / "psoas").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child):
            for other in child.orelse:  # the ``else:`` branch does run
                yield from _imports_in(other)
            continue
        yield from _imports_in(child)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    yield from _imports(node)


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    base = node.module or ""
    if node.level:  # relative: from the module's package upwards
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    out = set()
    for alias in node.names:
        full = f"{base}.{alias.name}"
        out.add(full if full in known else base)  # a submodule, else a name from the module
    return out


def import_graph(root: Path = SRC) -> dict[str, set[str]]:
    """Module -> the psoas modules it imports (anywhere in its body, TYPE_CHECKING blocks aside)."""
    files = module_files(root)
    known = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            targets |= _targets(module, path, node, known)
        graph[module] = {t for t in targets if t in known and t != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that returns to its start (``[a, b, a]``), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def _is_face(module: str) -> bool:
    return module == "psoas.__main__" or any(module == f or module.startswith(f + ".") for f in FACES)


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_core_never_imports_a_face() -> None:
    graph = import_graph()
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if not _is_face(module)
        for target in targets
        if _is_face(target) and target != "psoas.__main__"
    )
    assert wrong == []


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for module, path in module_files().items():
        if module in ENVIRON_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb")) or (
                isinstance(node, ast.alias) and node.name in ("environ", "getenv")
            )
            if named:
                readers.append(f"{module}:{getattr(node, 'lineno', '?')}")
    assert readers == [], "read settings through psoas.settings.Settings instead"


# -- the checks themselves catch what they are meant to --------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "psoas" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_lazy_import_inside_a_function_still_makes_a_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from psoas import b\n",
            "b.py": "def f():\n    from psoas.a import thing\n",
        },
    )
    assert find_cycle(import_graph(root)) == ["psoas.a", "psoas.b", "psoas.a"]


def test_a_type_checking_import_is_not_an_edge(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from psoas import b\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from psoas.a import X\n",
            "pkg/__init__.py": "",
            "pkg/c.py": "from . import d\n",
            "pkg/d.py": "from .. import a\n",
        },
    )
    graph = import_graph(root)
    assert graph["psoas.b"] == set()
    assert graph["psoas.pkg.c"] == {"psoas.pkg.d"} and graph["psoas.pkg.d"] == {"psoas.a"}
    assert find_cycle(graph) is None


@pytest.mark.parametrize(("module", "face"), [("psoas.cli.common", True), ("psoas.webby", False)])
def test_faces_are_the_cli_and_web_packages(module: str, face: bool) -> None:
    assert _is_face(module) is face


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sizes(root: Path = SRC) -> tuple[list[str], list[str]]:
    """Modules over MAX_MODULE_LINES lines and functions over MAX_FUNCTION_LINES (migrations aside)."""
    long_modules, long_functions = [], []
    for module, path in module_files(root).items():
        if ".migrations." in module:
            continue
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{module}.{node.name}: {length} lines")
    return long_modules, long_functions


def test_no_module_over_400_lines_and_no_function_over_60() -> None:
    long_modules, long_functions = _sizes()
    assert long_modules == [], long_modules
    assert long_functions == [], long_functions


def test_the_size_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    root = _tree(tmp_path, {"pkg/__init__.py": "", "pkg/big.py": f"def f():\n{body}\n"})
    assert _sizes(root)[1] == ["psoas.pkg.big.f: 61 lines"]
