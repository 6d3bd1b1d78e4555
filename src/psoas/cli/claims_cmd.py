"""``psoas claims``: the article, annotated (every claim with its level, numbers and sources)."""

from __future__ import annotations

import json
from enum import StrEnum

import typer


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def claims(
    claim_id: str | None = typer.Argument(None, metavar="[CLAIM]", help="One claim id (default: all)."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format: text, json or markdown."),
) -> None:
    """The article, annotated: each claim with what is known, its evidence level, numbers and sources."""
    from dataclasses import replace

    from psoas.knowledge.claims import load_claims
    from psoas.present.claims import claim_dict, claims_dict, render_markdown, render_text

    annotated = load_claims()
    if claim_id is not None:
        one = annotated.get(claim_id)
        if fmt is Format.json:
            typer.echo(json.dumps(claim_dict(annotated, one), indent=2, ensure_ascii=False))
            return
        annotated = replace(annotated, claims={one.id: one})
    if fmt is Format.json:
        typer.echo(json.dumps(claims_dict(annotated), indent=2, ensure_ascii=False))
    elif fmt is Format.markdown:
        typer.echo(render_markdown(annotated), nl=False)
    else:
        typer.echo(render_text(annotated), nl=False)


def register(app: typer.Typer) -> None:
    app.command("claims")(claims)
