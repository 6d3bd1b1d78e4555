"""Validation of what a person logs: pain tokens, times, exercise ids, visit kinds, names.

Times: input is ISO-8601; a time without a zone is local time. Everything is stored as naive
UTC. Intensities are whole NRS points 0–10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from psoas.errors import InputError, SelectionError
from psoas.knowledge.vocab import MIDLINE_REGIONS, REGIONS, SENSATIONS

VISIT_KINDS: tuple[str, ...] = (
    "massage",
    "physiotherapy",
    "osteopathy",
    "chiropractic",
    "yoga_class",
    "pilates_class",
    "doctor",
    "reassessment",
    "other",
)
MIDLINE_SIDES: tuple[str, ...] = ("center", "left", "right")
PAIRED_SIDES: tuple[str, ...] = ("left", "right", "both")
MAX_NOTE_CHARS = 10_000
Who = str | int | None
"""Whose journal: a name, a journal id (the faces that address people by id), or None (the only one)."""
FUTURE_SLACK = timedelta(hours=1)
_TOKEN = re.compile(r"^(?P<region>[a-z_]+)(?::(?P<side>[a-z]+))?=(?P<value>[^=]*)$")
EARLIEST = datetime(1900, 1, 1)
"""Times before this are refused (a diary of a living person; also keeps UTC conversion in range)."""
LATEST = datetime(2200, 1, 1)


@dataclass(frozen=True)
class PainInput:
    """One validated pain rating: region, side, intensity (NRS 0–10) and sensations."""

    region: str
    side: str
    intensity: int
    sensations: tuple[str, ...] = ()


def now_utc() -> datetime:
    """The current time as naive UTC (the storage convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(moment: datetime) -> datetime:
    """A naive-UTC copy of ``moment``; a naive input is read as local time."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(tzinfo=None)


def read_time(
    text: str, field: str, example: str = "e.g. 2026-03-01T08:30", error: type[InputError] = InputError
) -> datetime:
    """An ISO-8601 date or date-time → naive UTC, within 1900-2200 (no zone = local time)."""
    cleaned = text.strip()
    try:
        if len(cleaned) > 40:
            raise ValueError(cleaned)
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
        raise error(field, f"not an ISO-8601 date or time: {shown!r}", example) from None
    if not EARLIEST <= parsed.replace(tzinfo=None) < LATEST:
        raise error(field, f"{cleaned!r} is out of range", "dates from 1900-01-01 to 2199-12-31")
    try:
        return to_utc(parsed)
    except (OverflowError, OSError, ValueError):
        raise error(field, f"{cleaned!r} is out of range", "dates from 1900-01-01 to 2199-12-31") from None


def parse_at(text: str | None, field: str = "at", now: datetime | None = None) -> datetime:
    """Parse an ISO-8601 date or date-time (default: now); the future is refused."""
    current = now or now_utc()
    if text is None or text == "":
        return current
    moment = read_time(text, field, error=SelectionError)
    if moment > current + FUTURE_SLACK:
        raise SelectionError(field, f"{text!r} is in the future")
    return moment


def parse_since(text: str | None, field: str = "since") -> datetime | None:
    """Parse a ``--since`` bound (date or date-time), or None."""
    if not text:
        return None
    return read_time(text, field, "e.g. 2026-03-01", SelectionError)


def sides_for(region: str) -> tuple[str, ...]:
    """The sides a pain entry in ``region`` may name."""
    return MIDLINE_SIDES if region in MIDLINE_REGIONS else PAIRED_SIDES


def validate_pain(
    region: str, side: str | None, intensity: Any, sensations: tuple[str, ...] | list[str] = ()
) -> PainInput:
    """Check one pain rating; paired regions need a side, midline regions default to center."""
    if region not in REGIONS:
        raise InputError("region", f"unknown region {region!r}", REGIONS)
    allowed_sides = sides_for(region)
    if side is None or side == "":
        if region not in MIDLINE_REGIONS:
            raise InputError(f"{region}.side", "a side is required for this region", allowed_sides)
        side = "center"
    if side not in allowed_sides:
        raise InputError(f"{region}.side", f"unknown side {side!r}", allowed_sides)
    from psoas.intake import strictjson

    field = f"{region}.intensity"
    if isinstance(intensity, str):
        value = strictjson.number(intensity, field, 0, 10, integer=True)
    else:
        value = strictjson.finite(intensity, field, 0, 10, integer=True)
    for sensation in sensations:
        if sensation not in SENSATIONS:
            raise InputError("sensation", f"unknown sensation {sensation!r}", SENSATIONS)
    return PainInput(region, side, int(value), tuple(dict.fromkeys(sensations)))


def same_name(a: str, b: str) -> bool:
    """Names compare the way a person reads them: case and surrounding spaces do not matter."""
    return a.strip().casefold() == b.strip().casefold()


def parse_pain_token(token: str, sensations: tuple[str, ...] = ()) -> PainInput:
    """Parse ``region[:side]=intensity``, e.g. ``knee:left=5`` or ``low_back=3``."""
    match = _TOKEN.match(token.strip().lower())
    if match is None:
        raise InputError("pain", f"cannot read {token!r}", "REGION[:SIDE]=INTENSITY, e.g. knee:left=5")
    return validate_pain(match["region"], match["side"], match["value"], sensations)


def validate_exercise(exercise_id: str) -> str:
    """Check an exercise id against the exercise library (:func:`psoas.knowledge.exercises.exercise_ids`)."""
    from psoas.knowledge.exercises import exercise_ids

    allowed = exercise_ids()
    if exercise_id not in allowed:
        raise InputError("exercise", f"unknown exercise {exercise_id!r}", allowed)
    return exercise_id


def validate_visit_kind(kind: str) -> str:
    """Check a visit kind (massage, physiotherapy, …)."""
    if kind not in VISIT_KINDS:
        raise InputError("kind", f"unknown visit kind {kind!r}", VISIT_KINDS)
    return kind


def validate_name(name: str) -> str:
    """A person's display name: 1–120 printable characters, trimmed."""
    from psoas.intake.strictjson import check_text

    cleaned = check_text((name or "").strip(), "name")
    if not cleaned or len(cleaned) > 120 or not cleaned.isprintable():
        raise InputError("name", "a name needs 1-120 printable characters")
    return cleaned


def validate_text(field: str, text: str | None, max_chars: int = MAX_NOTE_CHARS) -> str:
    """Free text (notes, who): at most ``max_chars`` characters."""
    from psoas.intake.strictjson import check_text

    value = check_text(text or "", field)
    if len(value) > max_chars:
        raise InputError(field, f"longer than {max_chars} characters")
    return value


def validate_amount(field: str, value: float | int | None, integer: bool = False) -> Any:
    """A non-negative amount (minutes, holds, reps), or None; NaN, infinities and text are refused."""
    if value is None:
        return None
    from psoas.intake.strictjson import finite

    return finite(value, field, 0, 24 * 60, integer=integer)


def iso(moment: datetime | date) -> str:
    """Naive-UTC datetime → ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``; a date → ``YYYY-MM-DD``."""
    if isinstance(moment, datetime):
        return moment.isoformat() + "Z"
    return moment.isoformat()
