"""``psoas measure PHOTO``: angles from a photo (Thomas test, standing side or front view)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from psoas.errors import InputError


class View(StrEnum):
    thomas = "thomas"
    side = "side"
    front = "front"


class Side(StrEnum):
    left = "left"
    right = "right"


class Format(StrEnum):
    text = "text"
    json = "json"


def _corrections(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError("--landmarks", f"cannot read {path}: {exc.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("--landmarks", f"not JSON (line {exc.lineno}): {exc.msg}") from None


def _text(result: dict[str, Any]) -> str:
    lines = [
        f"view: {result['view']}  side: {result['side']} ({'given' if result['side_from'] == 'given' else 'from the photo'})"
        f"  method: {result['method']} (SEM about {result['sem_deg']:g}°)"
    ]
    for name, value in result["values"].items():
        if value is None:
            lines.append(f"  {name:<26} {'-':>8}  {result['missing'].get(name, '')}")
        else:
            lines.append(f"  {name:<26} {value:>8.1f}")
    for name, reason in result["missing"].items():
        if name not in result["values"]:
            lines.append(f"  {name:<26} {'-':>8}  {reason}")
    for check in result["checks"]:
        lines.append(f"  check {'ok  ' if check['ok'] else 'WARN'} {check['message']}")
    unsure = [n for n, mark in result["landmarks"].items() if mark["confidence"] < 0.5]
    if unsure:
        lines.append(f"  low-confidence landmarks: {', '.join(unsure)} (correct them with --landmarks FILE)")
    if result["intake"]:
        lines.append(f"intake: {json.dumps(result['intake'])}")
    return "\n".join(lines)


def _write_overlay(path: Path, measurement: Any, photo: Any) -> None:
    from psoas.photo import overlay

    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InputError("--overlay", f"unknown file type {suffix or '(none)'}", ".svg, .png")
    try:
        if suffix == ".svg":
            path.write_text(overlay.svg(measurement, photo), encoding="utf-8")
        else:
            path.write_bytes(overlay.png(measurement, photo))
    except OSError as exc:
        raise InputError("--overlay", f"cannot write {path}: {exc.strerror}") from None


def measure(
    photo: Path = typer.Argument(..., help="The photo (JPEG, PNG or WebP)."),
    view: View = typer.Option(
        ..., "--view", help="thomas (lying, side view of the hanging leg), side or front."
    ),
    side: Side | None = typer.Option(
        None, "--side", help="Thomas: the hanging leg; side view: the side facing the camera."
    ),
    landmarks: Path | None = typer.Option(
        None,
        "--landmarks",
        help="Corrections JSON: landmarks moved to pixel points, and a level line (format in the README).",
    ),
    fmt: Format = typer.Option(Format.text, "--format", help="text or json."),
    overlay_path: Path | None = typer.Option(
        None, "--overlay", help="Write the photo with landmarks: FILE.svg or FILE.png."
    ),
) -> None:
    """Measure the Thomas test or standing posture from a photo, offline (photos never leave the machine)."""
    from psoas.photo.image import decode
    from psoas.photo.measure import check_view, measure_photo

    check_view(view.value, side.value if side else None)
    corrections = _corrections(landmarks)
    try:
        data = photo.read_bytes()
    except OSError as exc:
        raise InputError("photo", f"cannot read {photo}: {exc.strerror}") from None
    cleaned = decode(data, "photo")
    result = measure_photo(cleaned, view.value, side.value if side else None, corrections)
    if overlay_path is not None:
        _write_overlay(overlay_path, result, cleaned)
    out = result.to_dict()
    typer.echo(json.dumps(out, indent=2) if fmt is Format.json else _text(out))


def register(app: typer.Typer) -> None:
    app.command("measure")(measure)
