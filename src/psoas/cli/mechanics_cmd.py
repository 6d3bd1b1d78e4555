"""Posture-model commands: simulate, moment-arms, infer-tightness."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from psoas.errors import InputError, SolverError
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG


class Format(StrEnum):
    text = "text"
    json = "json"


def _parse_tight(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError("--tight", f"expected MUSCLE=FRACTION, got {item!r}")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InputError(f"--tight {name.strip()}", f"not a number: {value!r}", "-0.3 to 0.5") from None
    return out


def _text(result: dict[str, Any]) -> str:
    lines = []
    for section in ("posture", "loads", "lengths", "thomas"):
        lines.append(f"{section}:")
        for key, value in result[section].items():
            lines.append(f"  {key:<26} {value:>10.2f}" if value is not None else f"  {key:<26} {'-':>10}")
    s = result["solver"]
    lines.append(
        f"solver: converged={s['converged']} iterations={s['iterations']} solve_ms={s['solve_ms']:.1f}"
    )
    return "\n".join(lines)


def _write_svg(path: str, tight: dict[str, float], height_cm: float, mass_kg: float) -> None:
    from psoas.draw.posture import posture_svg

    try:
        Path(path).write_text(posture_svg(tight, height_cm=height_cm, mass_kg=mass_kg), encoding="utf-8")
    except OSError as exc:
        raise InputError("--svg", f"cannot write {path}: {exc.strerror}") from None


def simulate(
    tight: list[str] = typer.Option(
        [], "--tight", help="MUSCLE=FRACTION of resting length, e.g. psoas=0.10."
    ),
    height_cm: float = typer.Option(REFERENCE_HEIGHT_CM, "--height-cm", help="Body height in cm (120-220)."),
    mass_kg: float = typer.Option(REFERENCE_MASS_KG, "--mass-kg", help="Body mass in kg (30-200)."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
    svg: str | None = typer.Option(None, "--svg", help="Write a side-view stick figure (neutral vs tight)."),
) -> None:
    """Standing posture, loads and Thomas test for given muscle tightness (a model, not a diagnosis)."""
    from psoas.mechanics.forward import simulate as run

    tightness = _parse_tight(tight)
    result = run(tightness, height_cm=height_cm, mass_kg=mass_kg)
    data = result.to_dict()
    if not result.solver.converged:
        if fmt is Format.json:
            typer.echo(json.dumps(data, indent=2))
        raise SolverError(
            f"no equilibrium found ({result.solver.message}); the tightness is beyond what this body can balance, "
            "try a smaller fraction"
        )
    typer.echo(json.dumps(data, indent=2) if fmt is Format.json else _text(data))
    if svg:
        _write_svg(svg, tightness, height_cm, mass_kg)


def moment_arms(fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format.")) -> None:
    """The model's moment arms (mm) over hip angles -20..90 deg at knee 0."""
    from psoas.mechanics.forward import moment_arms as table

    data = table().to_dict()
    if fmt is Format.json:
        typer.echo(json.dumps(data, indent=2))
        return
    angles = data["hip_angles_deg"]
    typer.echo("hip angle (deg)".ljust(36) + "".join(f"{a:>7.0f}" for a in angles))
    for muscle, arms in data["muscles"].items():
        for key, values in arms.items():
            typer.echo(f"{muscle + ' ' + key:<36}" + "".join(f"{v:>7.1f}" for v in values))


def infer_tightness(
    source: str = typer.Argument(
        ..., metavar="FILE|-", help="Measurements JSON file, or - for standard input."
    ),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="Output format."),
) -> None:
    """Posterior tightness per muscle and side from Thomas, 90-90 and posture measurements."""
    from psoas.mechanics.inverse import infer_tightness as infer

    if source == "-":
        text = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError("FILE", f"no such file: {source}")
        text = path.read_text(encoding="utf-8")
    try:
        measurements = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("FILE", f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    data = infer(measurements).to_dict()
    if fmt is Format.json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"{'muscle':<16}{'side':<7}{'mean':>7}  {'90% interval':<18}{'identifiability':>16}")
    for muscle, sides in data.items():
        for side, e in sides.items():
            lo, hi = e["interval_90"]
            typer.echo(
                f"{muscle:<16}{side:<7}{e['mean']:>7.3f}  [{lo:>6.3f}, {hi:>6.3f}]   {e['identifiability']:>14.2f}"
            )
    typer.echo("identifiability = posterior width / prior width (1 = the measurements say nothing).")


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
    app.command("moment-arms")(moment_arms)
    app.command("infer-tightness")(infer_tightness)
