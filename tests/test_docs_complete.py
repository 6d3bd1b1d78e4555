"""Everything a user can reach is documented: commands and their options, settings, HTTP routes.

The docs are README.md and docs/*.md. A command is documented when a heading names it
(``### `psoas log pain` ``); each of its options must appear under that heading. Every setting's
environment variable and every route (``GET /api/v1/people``) must appear somewhere. When one of
these fails, describe the new thing in the docs (``make docs`` rewrites docs/cli.md, docs/settings.md
and docs/http-api.md from the code's own help texts).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

ROOT = Path(__file__).resolve().parents[1]
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def docs_text(root: Path = ROOT) -> str:
    """README.md and every page under docs/, as one text."""
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p.is_file())


def sections(text: str) -> list[tuple[str, str]]:
    """(heading, body up to the next heading of the same or a higher level) for every heading."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        found = HEADING.match(line)
        if not found:
            continue
        level, body = len(found.group(1)), []
        for later in lines[i + 1 :]:
            other = HEADING.match(later)
            if other and len(other.group(1)) <= level:
                break
            body.append(later)
        out.append((found.group(2), "\n".join(body)))
    return out


def _names(heading: str, command: str) -> bool:
    return re.search(rf"(^|[^\w-]){re.escape(command)}($|[^\w-])", heading) is not None


def walk_commands(command: Any, path: str = "psoas") -> list[tuple[str, list[str]]]:
    """(command path, its option names) for the command and every subcommand under it."""
    options = [
        next((o for o in p.opts if o.startswith("--")), p.opts[0])
        for p in command.params
        if getattr(p, "param_type_name", "") == "option"
        and p.name != "help"
        and not getattr(p, "hidden", False)
    ]
    out = [(path, options)]
    for name, sub in getattr(command, "commands", {}).items():
        if not getattr(sub, "hidden", False):
            out += walk_commands(sub, f"{path} {name}")
    return out


def undocumented_commands(command: Any, text: str) -> list[str]:
    """Commands without a heading, and options missing under their command's heading."""
    parts = sections(text)
    missing = []
    for path, options in walk_commands(command):
        bodies = [body for heading, body in parts if _names(heading, path)]
        if path == "psoas":  # the global options: anywhere
            bodies = [text]
        if not bodies:
            missing.append(path)
            continue
        missing += [f"{path} {o}" for o in options if not any(_names(b, o) for b in bodies)]
    return missing


def undocumented_routes(app: Any, text: str) -> list[str]:
    """Routes (``METHOD /path``) the docs never mention; mounted static files aside."""
    from psoas.web.policy import route_table

    return [key for key, _route in route_table(app) if not key.startswith("* ") and key not in text]


def test_every_command_and_option_is_documented() -> None:
    import psoas.cli

    assert undocumented_commands(typer.main.get_command(psoas.cli.app), docs_text()) == []


def test_every_setting_is_documented() -> None:
    from psoas.settings import describe

    text = docs_text()
    assert [variable for _f, variable, _d, _h in describe() if variable not in text] == []


def test_every_route_is_documented() -> None:
    from psoas.settings import Settings
    from psoas.web import create_app

    app = create_app(settings=Settings(db_url="sqlite://"))
    assert undocumented_routes(app, docs_text()) == []


def test_the_reference_pages_are_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("docs/cli.md", "docs/settings.md", "docs/http-api.md"):
        assert f"({page})" in readme, page


# -- the checks catch what they are meant to ------------------------------------------------------


def _toy() -> Any:
    app = typer.Typer(add_completion=False)

    @app.command()
    def first(fast: bool = typer.Option(False, "--fast", help="Go fast.")) -> None:
        """First."""

    sub = typer.Typer(add_completion=False)

    @sub.command("deep")
    def deep(level: int = typer.Option(1, "--level", "-l")) -> None:
        """Deep."""

    app.add_typer(sub, name="group")
    return typer.main.get_command(app)


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("## `psoas first`\n- `--fast`\n## `psoas group`\n### `psoas group deep`\n- `--level`\n", []),
        (
            "## `psoas first`\n\n## `psoas group`\n### `psoas group deep`\n- `--level`\n",
            ["psoas first --fast"],
        ),
        ("## `psoas first`\n- `--fast`\n## `psoas group`\n", ["psoas group deep"]),
        # an option named under another command's heading does not count
        (
            "## `psoas first`\n## `psoas group`\n### `psoas group deep`\n- `--level`, `--fast`\n",
            ["psoas first --fast"],
        ),
        # `--level-up` is not `--level`
        (
            "## `psoas first`\n--fast\n## `psoas group`\n### `psoas group deep`\n--level-up\n",
            ["psoas group deep --level"],
        ),
    ],
)
def test_undocumented_commands_and_options_are_found(text: str, missing: list[str]) -> None:
    assert undocumented_commands(_toy(), text) == missing


def test_an_undocumented_route_is_found() -> None:
    from fastapi import FastAPI

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/api/v1/things/{thing_id}")
    def thing(thing_id: int) -> dict[str, int]:
        return {"id": thing_id}

    assert undocumented_routes(app, "- `GET /api/v1/things`") == ["GET /api/v1/things/{thing_id}"]
    assert undocumented_routes(app, "- `GET /api/v1/things/{thing_id}`: one thing") == []
