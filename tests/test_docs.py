"""Every CLI command is documented in the README, and the docs the README links to exist."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from psoas.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    missing = [name for name in group.commands if f"psoas {name}" not in README]  # type: ignore[attr-defined]
    assert not missing, f"undocumented commands: {missing}"


def test_linked_docs_exist() -> None:
    for target in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / target).is_file(), target
