"""Write the reference pages docs/cli.md, docs/settings.md and docs/http-api.md from the code itself.

Each page is built from what the program already says about itself: the commands' and options'
help texts (the Typer app), the settings' defaults and descriptions (:mod:`psoas.settings`), and
the routes' docstrings and OpenAPI entries (the web app). ``make docs`` runs this;
tests/test_docs_complete.py fails when something is missing from the docs.

    python scripts/gen_docs.py [DOCS_FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

CLI_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Assess and explore",
        "Assess an intake, learn what the atlas and the article say, compare before and after.",
        ("assess", "intake", "demo", "examples", "schema", "atlas", "claims", "compare"),
    ),
    (
        "Posture model",
        "The standing posture model: a model to reason with, never a diagnosis.",
        ("simulate", "moment-arms", "infer-tightness"),
    ),
    ("Photos", "Measure angles from a photo on this machine.", ("measure",)),
    (
        "Journal",
        "Profiles, the pain and practice diary, progress, and moving the journal in and out.",
        (
            "person",
            "log",
            "entry",
            "history",
            "progress",
            "verify",
            "remind",
            "calendar",
            "export",
            "import",
            "backup",
        ),
    ),
    ("Trial", "A planned per-person trial of the release programme.", ("trial",)),
    ("Documents", "Printable documents for the person and their clinician.", ("handout", "summary")),
    (
        "Web server and accounts",
        "Run the web app; manage a practice server's accounts.",
        ("serve", "account"),
    ),
)


# -- the command line ----------------------------------------------------------------------------


def _default(param: Any) -> str:
    value = param.default
    if callable(value) or value in (None, False, "", (), []) or getattr(param, "required", False):
        return ""
    if value is True and getattr(param, "secondary_opts", None):  # --assess/--no-assess
        return f" Default: `{param.opts[0]}`."
    value = getattr(value, "value", value)  # an Enum choice
    return f" Default: `{value}`."


def _choices(param: Any, help_text: str) -> str:
    import enum

    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    found = list(kind) if isinstance(kind, type) and issubclass(kind, enum.Enum) else []
    choices = [str(c.value) for c in found]
    if not choices or all(c in help_text for c in choices):
        return ""
    return " One of " + ", ".join(f"`{c}`" for c in choices) + "."


def _param_line(param: Any) -> str:
    help_text = (getattr(param, "help", None) or "").strip()
    if getattr(param, "param_type_name", "") == "option":
        names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
        repeat = " Repeatable." if getattr(param, "multiple", False) and "repeatable" not in help_text else ""
        extra = f"{_choices(param, help_text)}{_default(param)}{repeat}"
        return f"- {names}: {help_text or 'see the command above.'}{extra}"
    name = (param.metavar or param.name or "").upper()
    need = "" if param.required else " Optional."
    return f"- `{name}` (argument): {help_text or 'see the command above.'}{need}{_default(param)}"


def _command_block(path: str, command: Any, level: int) -> list[str]:
    lines = [f"{'#' * level} `{path}`", ""]
    text = (command.help or "").strip()
    if text:
        lines += [text.split("\n\n")[0].replace("\n", " "), ""]
    params = [p for p in command.params if getattr(p, "name", "") != "help"]
    if params:
        lines += [_param_line(p) for p in params] + [""]
    for name, sub in getattr(command, "commands", {}).items():
        lines += _command_block(f"{path} {name}", sub, level + 1)
    return lines


def cli_page() -> str:
    """docs/cli.md: every command, subcommand and option, grouped."""
    import typer

    import psoas.cli

    root = typer.main.get_command(psoas.cli.app)
    commands: dict[str, Any] = dict(getattr(root, "commands", {}))
    lines = [
        "# The `psoas` command",
        "",
        "Every command, subcommand and option, grouped by what they are for. The same text is what",
        "`psoas COMMAND --help` prints (this page is written from it by `make docs`). Errors you can",
        "cause (a bad value, an unknown name) print one line naming the option and the allowed values",
        "and exit with status 2.",
        "",
        "## Options for every command",
        "",
        "Give these before the command, e.g. `psoas --db sqlite:///trial.sqlite3 history`.",
        "",
        *[_param_line(p) for p in root.params if getattr(p, "name", "") != "help"],
        "",
        "Settings that are not options (a secret, rate limits, timeouts) come from environment variables;",
        "see [settings.md](settings.md).",
        "",
    ]
    for title, intro, names in CLI_GROUPS:
        lines += [f"## {title}", "", intro, ""]
        for name in names:
            if name in commands:
                lines += _command_block(f"psoas {name}", commands.pop(name), 3)
    if commands:
        lines += ["## Other commands", ""]
        for name, command in commands.items():
            lines += _command_block(f"psoas {name}", command, 3)
    return "\n".join(lines).rstrip() + "\n"


# -- settings ------------------------------------------------------------------------------------


def settings_page() -> str:
    """docs/settings.md: every setting with its variable, default and meaning."""
    from psoas.settings import describe

    lines = [
        "# Settings",
        "",
        "Every setting of psoas has one home, `psoas.settings.Settings`, with a default and an",
        "environment variable. Command-line options override the environment (`--db` overrides",
        "`PSOAS_DB`; `psoas serve` sets the hosts and accounts from its own options). A value psoas",
        "cannot read stops the command with a message naming the variable and the values it allows",
        "(exit status 2), instead of being ignored quietly.",
        "",
        "| Variable | Default | What it does |",
        "| --- | --- | --- |",
    ]
    for _field, variable, default, text in describe():
        lines.append(f"| `{variable}` | {'unset' if default == 'unset' else f'`{default}`'} | {text} |")
    lines += [
        "",
        "Yes/no settings take `1` or `0` (also `true`/`false`, `yes`/`no`, `on`/`off`). In Python,",
        "`Settings.from_env()` reads them all and `psoas.app.Psoas(settings)` builds the application",
        "object the command line and the web app both use:",
        "",
        "```python",
        "from psoas.app import Psoas",
        "",
        'with Psoas.from_env(db_url="sqlite:///journal.sqlite3") as app:',
        '    print(app.assess({"person": {"age": 40}}).to_dict()["referral"])',
        "```",
    ]
    return "\n".join(lines) + "\n"


# -- the HTTP API --------------------------------------------------------------------------------

_HTTP_INTRO = """# HTTP routes

Every route of the web app (`psoas serve`), written from the app itself by `make docs`. The
machine-readable description is `GET /openapi.json`; `GET /docs` shows it as a page. Static files
(`/static/...`) are left out.

**API** routes (`/api/v1/...`) take and answer JSON unless said otherwise. Every error answer,
4xx or 5xx, has one shape:

```json
{"status": 422, "title": "Please check your input",
 "detail": [{"loc": ["body", "person", "age"], "field": "person.age",
             "msg": "500 is out of range", "allowed": "8 to 110"}]}
```

`field` names what to fix and `allowed` (when known) lists what would be accepted. Bad input is
422, an unknown id 404, a missing login 401, another account's data 404 (psoas does not say it
exists), too many expensive requests 429 with `Retry-After`, a full assessment queue 503.

**Pages** answer HTML; their forms post `application/x-www-form-urlencoded` with a CSRF token,
and answer errors with an HTML page that links back. When the server runs with accounts, every
route except the login, invitation and reset pages needs a session.
"""


def _body_and_answer(operation: dict[str, Any] | None) -> str:
    if not operation:
        return ""
    parts = []
    body = operation.get("requestBody", {}).get("content", {})
    if body:
        parts.append("Body: " + ", ".join(sorted(body)) + ".")
    for code, answer in sorted(operation.get("responses", {}).items()):
        if str(code).startswith("2"):
            kinds = ", ".join(sorted(answer.get("content", {})))
            parts.append(f"Answer: {code}, {kinds}." if kinds else f"Answer: {code}.")
            break
    return " " + " ".join(parts) if parts else ""


def _route_line(key: str, route: Any, schema: dict[str, Any]) -> str:
    method, path = key.split(" ", 1)
    endpoint = getattr(route, "endpoint", None)
    doc = " ".join((getattr(endpoint, "__doc__", None) or "").strip().split("\n\n")[0].split())
    doc = doc.replace("``", "`")
    operation = schema.get("paths", {}).get(path, {}).get(method.lower())
    return f"- `{method} {path}`: {doc or 'see the OpenAPI document.'}{_body_and_answer(operation)}"


def http_page() -> str:
    """docs/http-api.md: every route with what it does, its body and its answer."""
    from psoas.settings import Settings
    from psoas.web import create_app
    from psoas.web.policy import route_table

    app = create_app(settings=Settings(db_url="sqlite://"))
    schema = app.openapi()
    api, pages = [], []
    for key, route in route_table(app):
        if key.startswith("* /static") or key == "GET /openapi.json":
            continue
        (api if key.split(" ", 1)[1].startswith("/api/") else pages).append(_route_line(key, route, schema))
    lines = [_HTTP_INTRO, "## API", "", "`GET /openapi.json`: the OpenAPI document of the API.", ""]
    lines += [*api, "", "## Pages", "", *pages]
    return "\n".join(lines).rstrip() + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write the three pages into ``folder``; the paths written."""
    out = []
    for name, build in (("cli.md", cli_page), ("settings.md", settings_page), ("http-api.md", http_page)):
        path = folder / name
        path.write_text(build(), encoding="utf-8")
        out.append(path)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs"
    for written in write_all(target):
        print(written)
