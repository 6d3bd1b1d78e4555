"""Assessment commands: assess, atlas, schema, examples, intake (guided questionnaire), demo."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from psoas.errors import InputError


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def _read_source(source: str) -> bytes:
    """The intake's bytes, read only up to one byte past the size limit (a huge file is refused cheaply)."""
    from psoas.intake.schema import MAX_INTAKE_CHARS

    if source == "-":
        return sys.stdin.buffer.read(MAX_INTAKE_CHARS + 1)
    path = Path(source)
    if not path.is_file():
        raise InputError("FILE", f"no such file: {source}")
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_INTAKE_CHARS + 1)
    except OSError as exc:
        raise InputError("FILE", f"cannot read {source}: {exc.strerror}") from None


def emit(assessment: Any, fmt: Format) -> None:
    """Print an assessment (:class:`~psoas.assessment.pipeline.Assessment`) in the chosen format."""
    if fmt is Format.json:
        typer.echo(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
        return
    from psoas.present.assessment_view import assessment_view
    from psoas.present.report import render_markdown, render_text

    view = assessment_view(assessment)
    if fmt is Format.markdown:
        typer.echo(render_markdown(view))
        return
    from rich.console import Console

    Console(highlight=False).print(render_text(view))


def assess(
    source: str = typer.Argument(..., metavar="FILE|-", help="Intake JSON file, or - for standard input."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    save: bool = typer.Option(
        False, "--save", help="Store the assessment in the journal and make its programme active."
    ),
    person: str | None = typer.Option(None, "--person", help="Whose journal to save into (with --save)."),
) -> None:
    """Assess an intake: red flags first, then ranked causes, chains, next tests and a release programme."""
    from psoas.cli.common import cli_app
    from psoas.intake.schema import load_json

    data = load_json(_read_source(source))
    with cli_app() as app:
        assessment = app.assess(data)
        if save:
            assessment_id = app.journal.save_assessment(person, data, assessment.to_dict())
            typer.echo(f"saved assessment #{assessment_id}", err=True)
    emit(assessment, fmt)


def atlas(
    cause: str | None = typer.Argument(
        None, help="A cause id (or short name such as psoas, hamstrings, hip); text shows psoas without one."
    ),
    fmt: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text or json (json without CAUSE: the whole atlas, as GET /api/v1/atlas).",
    ),
) -> None:
    """Show what a cause connects to, as a tree with an evidence level on every link."""
    from psoas.errors import AtlasError
    from psoas.knowledge.atlas import load_atlas
    from psoas.knowledge.walk import cause_tree
    from psoas.present.atlas_view import atlas_document

    if fmt not in ("text", "json"):
        raise InputError("--format", f"{fmt!r} is not allowed", ["text", "json"])
    if cause is None and fmt == "json":
        typer.echo(json.dumps(atlas_document(), indent=2, ensure_ascii=False))
        return
    atlas_data = load_atlas()
    try:
        cause_id = atlas_data.resolve_cause(cause or "psoas")
    except AtlasError:
        raise InputError("CAUSE", f"unknown cause {cause!r}", list(atlas_data.causes)) from None
    tree = cause_tree(cause_id)
    if fmt == "json":
        typer.echo(json.dumps(tree, indent=2))
        return
    from rich.console import Console
    from rich.tree import Tree

    from psoas.present.report import EVIDENCE_STYLE

    def add(node: Any, item: dict[str, Any]) -> None:
        for child in item["children"]:
            style = EVIDENCE_STYLE[child["evidence"]]
            branch = node.add(
                f"{child['label']} [{style}]\\[{child['evidence']}][/{style}] [dim]{child['cite']}[/dim]"
            )
            add(branch, child)

    root = Tree(
        f"[bold]{tree['label']}[/bold] [dim](prior {tree['prior']:.0%}, evidence {tree['evidence']})[/dim]"
    )
    add(root, tree)
    Console(highlight=False).print(root)


def schema(name: str = typer.Argument("intake", help="Which schema: intake.")) -> None:
    """Print a JSON Schema (the intake schema v2; v1 intakes are still accepted)."""
    from psoas.intake.schema import intake_json_schema

    if name != "intake":
        raise InputError("NAME", f"unknown schema {name!r}", ["intake"])
    typer.echo(json.dumps(intake_json_schema(), indent=2))


def examples(directory: Path = typer.Argument(..., help="Folder to write the example intakes into.")) -> None:
    """Write the bundled example intakes (JSON) into a folder."""
    from psoas.intake.examples import example_names, example_text

    directory.mkdir(parents=True, exist_ok=True)
    for name in example_names():
        (directory / f"{name}.json").write_text(example_text(name), encoding="utf-8")
        typer.echo(str(directory / f"{name}.json"))


def demo(fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format.")) -> None:
    """Assess the bundled example of the article's basketball player and print the report."""
    from psoas.cli.common import cli_app
    from psoas.intake.examples import load_example

    emit(cli_app().assess(load_example("basketball_knee")), fmt)


def intake(
    output: Path = typer.Option(
        Path("intake.json"), "--output", "-o", help="Where to write the intake JSON."
    ),
    run: bool = typer.Option(True, "--assess/--no-assess", help="Assess the intake when done."),
) -> None:
    """Guided questionnaire: red flags first, then pain map, history and self-tests; writes intake JSON."""
    from psoas.intake.questionnaire import ask_intake

    data = ask_intake(TerminalPrompter())
    output.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")
    if run:
        from psoas.cli.common import cli_app

        emit(cli_app().assess(data), Format.text)


class TerminalPrompter:
    """The questionnaire's prompts on the terminal (psoas.intake.questionnaire.Prompter)."""

    def say(self, text: str, *, alarm: bool = False) -> None:
        if alarm:
            typer.secho(text, fg=typer.colors.RED, bold=True)
        else:
            typer.echo(text)

    def ask(self, question: str, default: str = "") -> str:
        return str(typer.prompt(question, default=default))

    def confirm(self, question: str) -> bool:
        return bool(typer.confirm(question, default=False))


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.command("atlas")(atlas)
    app.command("schema")(schema)
    app.command("examples")(examples)
    app.command("intake")(intake)
    app.command("demo")(demo)
