"""Every doctest in src/psoas runs with the suite: a module whose examples stop matching fails here.

Modules are found by their text (any ``>>>``), so a new module with examples joins without a list
to keep up to date.
"""

from __future__ import annotations

import doctest
import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "psoas"


def doctest_modules() -> list[str]:
    """Dotted names of the psoas modules whose source holds at least one ``>>>`` example."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>>" not in path.read_text(encoding="utf-8"):
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def run_doctests(module: ModuleType) -> tuple[doctest.TestResults, str]:
    """Run the examples of ``module`` (not those of what it imports); the results and the report."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    return runner.summarize(verbose=False), "".join(report)


def test_the_modules_with_examples_are_found() -> None:
    names = doctest_modules()
    assert len(names) >= 9
    assert {"psoas", "psoas.journal.service", "psoas.intake.strictjson"} <= set(names)


@pytest.mark.parametrize("name", doctest_modules())
def test_module_doctests_pass(name: str) -> None:
    results, report = run_doctests(importlib.import_module(name))
    assert results.attempted > 0, f"{name}: '>>>' in the source but no example was run"
    assert results.failed == 0, report


def test_a_broken_example_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "psoas_doctest_probe.py").write_text(
        'def double(x):\n    """\n    >>> double(2)\n    5\n    >>> double(3)\n    6\n    """\n'
        "    return 2 * x\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        results, report = run_doctests(importlib.import_module("psoas_doctest_probe"))
    finally:
        sys.modules.pop("psoas_doctest_probe", None)
    assert (results.attempted, results.failed) == (2, 1)
    assert "double(2)" in report and "Expected:\n    5" in report
