"""Helpers of the hardening tests: run the CLI in-process with given stdin bytes."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from psoas.cli import main

RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'journal.sqlite3'}"


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """``run_cli(*args, stdin=b"...")`` → (exit code, stdout, stderr); any traceback fails the test."""

    def run(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_line_error(code: int, err: str) -> bool:
    """Exit code 2 and exactly one ``psoas: error:`` line, no traceback."""
    return code == 2 and err.startswith("psoas: error: ") and err.count("\n") == 1 and "Traceback" not in err
