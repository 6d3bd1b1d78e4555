"""Guided intake questionnaire for the terminal (``psoas intake``): red flags first, then the pain map,
history and self-tests. Every answer is validated by the intake schema before the file is written.
"""

from __future__ import annotations

from typing import Any

import typer

from psoas.assessment.redflags import QUESTIONS, RULES
from psoas.errors import InputError
from psoas.intake.schema import parse_intake
from psoas.knowledge import vocab


def _yes_no(question: str) -> bool:
    return bool(typer.confirm(question, default=False))


def _choice(question: str, allowed: tuple[str, ...], default: str | None = None) -> str:
    while True:
        answer = str(typer.prompt(f"{question} [{'/'.join(allowed)}]", default=default or "")).strip().lower()
        if answer in allowed:
            return answer
        typer.echo(f"  please answer one of: {', '.join(allowed)}")


def _number(
    question: str, low: float, high: float, default: float | None = None, optional: bool = False
) -> float | None:
    while True:
        raw = str(typer.prompt(question, default="" if default is None else str(default))).strip()
        if not raw and optional:
            return None
        try:
            value = float(raw)
        except ValueError:
            typer.echo(f"  please enter a number between {low:g} and {high:g}")
            continue
        if low <= value <= high:
            return value
        typer.echo(f"  please enter a number between {low:g} and {high:g}")


def _words(question: str, allowed: tuple[str, ...]) -> list[str]:
    while True:
        raw = str(
            typer.prompt(f"{question} (comma-separated: {', '.join(allowed)}; blank for none)", default="")
        )
        words = [w.strip() for w in raw.split(",") if w.strip()]
        bad = [w for w in words if w not in allowed]
        if not bad:
            return words
        typer.echo(f"  not recognised: {', '.join(bad)}")


def ask_red_flags() -> dict[str, bool]:
    """Ask every red-flag question; say plainly what to do as soon as an emergency one is answered yes."""
    typer.echo("First, some safety questions. Answer y or n.")
    emergency = {rule.id for rule in RULES if rule.urgency == "emergency"}
    answers = {}
    for flag, question in QUESTIONS.items():
        answers[flag] = _yes_no(question)
        if answers[flag] and flag in emergency:
            typer.secho(
                "  This needs medical help today: call your local emergency number or go to an emergency department.",
                fg=typer.colors.RED,
                bold=True,
            )
    return answers


def ask_pain() -> list[dict[str, Any]]:
    typer.echo(f"Where does it hurt? Regions: {', '.join(vocab.REGIONS)}. Leave blank when done.")
    entries: list[dict[str, Any]] = []
    while True:
        region = str(typer.prompt("Region", default="")).strip()
        if not region:
            return entries
        if region not in vocab.REGIONS:
            typer.echo("  unknown region")
            continue
        sides = ("center", "left", "right") if region in vocab.MIDLINE_REGIONS else ("left", "right", "both")
        entry: dict[str, Any] = {
            "region": region,
            "side": _choice("Side", sides, default=sides[0] if region in vocab.MIDLINE_REGIONS else None),
            "intensity": int(_number("Pain now, 0 (none) to 10 (worst imaginable)", 0, 10) or 0),
        }
        weeks = _number("For how many weeks? (blank if unsure)", 0, 5200, optional=True)
        if weeks is not None:
            entry["weeks"] = weeks
        entry["onset"] = _choice("How did it start", vocab.ONSETS, default="gradual")
        entry["worse_with"] = _words("Worse with", vocab.AGGRAVATORS)
        entry["sensations"] = _words("Feels like", vocab.SENSATIONS)
        entries.append(entry)


def ask_tests() -> dict[str, Any]:
    tests: dict[str, Any] = {}
    if _yes_no("Have you done the Thomas test (hip-flexor length)?"):
        thomas: dict[str, Any] = {}
        for side in vocab.BODY_SIDES:
            answer = _choice(
                f"Thomas test, {side}: thigh stayed above horizontal?",
                ("positive", "negative", "angle", "skip"),
            )
            if answer in ("positive", "negative"):
                thomas[side] = answer
            elif answer == "angle":
                thomas[side] = {
                    "hip_angle_deg": _number("Hip angle in degrees (+ above horizontal)", -45, 60),
                    "knee_angle_deg": _number("Knee bend in degrees", 0, 160),
                }
        if thomas:
            tests["thomas"] = thomas
    return tests


def ask_intake() -> dict[str, Any]:
    """Run the whole questionnaire; returns a validated intake dict."""
    data: dict[str, Any] = {"red_flags": ask_red_flags()}
    typer.echo("About you.")
    person: dict[str, Any] = {"age": int(_number("Age in years", 8, 110) or 0)}
    person["sex"] = _choice("Sex", vocab.SEXES, default="other")
    for key, label, low, high in (
        ("height_cm", "Height in cm", 100, 230),
        ("weight_kg", "Weight in kg", 25, 300),
    ):
        value = _number(f"{label} (blank to skip)", low, high, optional=True)
        if value is not None:
            person[key] = value
    data["person"] = person
    data["pain"] = ask_pain()
    history: dict[str, Any] = {}
    sitting = _number("Hours a day sitting (blank to skip)", 0, 24, optional=True)
    if sitting is not None:
        history["sitting_hours_per_day"] = sitting
    activities = str(typer.prompt("Sports or activities (comma-separated, blank for none)", default=""))
    history["activities"] = [a.strip() for a in activities.split(",") if a.strip()]
    data["history"] = history
    data["tests"] = ask_tests()
    try:
        parse_intake(data)
    except InputError as exc:  # pragma: no cover - every prompt already checks its own answer
        raise InputError(exc.field, f"questionnaire produced an invalid intake: {exc.reason}") from None
    return data
