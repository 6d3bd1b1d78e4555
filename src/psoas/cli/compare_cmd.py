"""``psoas compare BEFORE AFTER``: what changed between two intakes of one person."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

import typer


class CompareFormat(StrEnum):
    text = "text"
    json = "json"


def render_comparison(result: dict[str, Any]) -> str:
    """Plain-text report of a comparison (the dict of :meth:`psoas.assessment.comparison.Comparison.to_dict`)."""
    lines = ["psoas compare: before -> after", ""]
    ref = result["referral"]
    if ref["before"] or ref["after"]:
        lines += [f"Red flags: {ref['before'] or 'none'} -> {ref['after'] or 'none'}", ""]
    lines.append("How likely you have it (probability before -> after):")
    if not result["traits"]:
        lines.append("  nothing moved")
    for row in result["traits"]:
        side = "" if row["side"] == "center" else f" ({row['side']})"
        lines.append(
            f"  {row['before'] * 100:5.1f}% -> {row['after'] * 100:5.1f}%  ({row['change'] * 100:+.1f})  "
            f"{row['label']}{side}"
        )
    lines += ["", "Measured angles (change against the minimum detectable change, MDC95):"]
    if not result["angles"]:
        lines.append("  no angle was measured both times on the same side")
    for row in result["angles"]:
        verdict = "beyond measurement error" if row["exceeds_mdc"] else "within measurement error"
        lines.append(
            f"  {row['test']} {row['field']} ({row['side']}): {row['before']:g} -> {row['after']:g} "
            f"({row['change']:+g} deg, MDC95 {row['mdc95_deg']:g} deg: {verdict}; {row['direction']})"
        )
    lines += ["", result["note"]]
    return "\n".join(lines)


def compare(
    before: str = typer.Argument(..., metavar="BEFORE", help="Intake JSON file before (or - for stdin)."),
    after: str = typer.Argument(..., metavar="AFTER", help="Intake JSON file after."),
    fmt: CompareFormat = typer.Option(CompareFormat.text, "--format", "-f", help="Output format."),
) -> None:
    """Compare two intakes: each trait's probability and each measured angle against its MDC95."""
    from psoas.cli.assess_cmd import _read_source
    from psoas.cli.common import cli_app
    from psoas.errors import InputError
    from psoas.intake.schema import load_json

    if before == "-" and after == "-":
        raise InputError("AFTER", "only one of BEFORE and AFTER can be read from standard input")
    result = cli_app().compare(
        load_json(_read_source(before), "BEFORE"), load_json(_read_source(after), "AFTER")
    )
    data = result.to_dict()
    if fmt is CompareFormat.json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(render_comparison(data))


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
