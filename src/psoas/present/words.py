"""The words every face uses for the same fact: shares, doses, dates, regions, atlas nodes, urgency.

One function per kind of fact, so the text report, the Markdown report, the web pages, the documents and the
FHIR export cannot drift apart. Probabilities and shares are 0-1; doses use the exercise library's keys
(``hold_s``, ``reps``, ``sets``, ``rest_s``, ``duration_min``, ``days_per_week``, ``visit_every_weeks``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

URGENCY_WORDS: dict[str, str] = {
    "emergency": "Get medical help today",
    "urgent": "See a doctor within days",
    "soon": "See a clinician soon",
}
"""What a referral asks of the person, by urgency."""

_DOSE_WORDS = {
    "hold_s": "hold {} s",
    "reps": "{} reps",
    "reps_one": "1 rep",
    "sets": "{} sets",
    "sets_one": "1 set",
    "rest_s": "rest {} s",
    "duration_min": "{} min",
    "days_per_week": "{} days a week",
    "visit_every_weeks": "every {} weeks",
}


def dose_words(dose: Mapping[str, object]) -> list[str]:
    """A dose in words: ``{"hold_s": 30.0, "reps": 2, "sets": 1}`` → ``["hold 30 s", "2 reps", "1 set"]``."""
    return [
        _DOSE_WORDS.get(f"{k}_one" if v == 1 and f"{k}_one" in _DOSE_WORDS else k, k + " {}").format(
            f"{v:g}" if isinstance(v, float) else v
        )
        for k, v in dose.items()
    ]


def dose_line(dose: Mapping[str, object]) -> str:
    """A dose as one line: ``"hold 30 s, 2 reps, 1 set"``."""
    return ", ".join(dose_words(dose))


def percent(share: float) -> str:
    """A probability or share as a whole percentage; a tiny non-zero one is ``<1%`` rather than 0%.

    The share is first rounded as the JSON output rounds it (4 decimals), so a fresh result and the same
    result read back from storage read the same."""
    share = round(share, 4)
    return "<1%" if 0 < share < 0.005 else f"{100 * share:.0f}%"


def likely_words(probability: float, prior: float) -> str:
    """How likely a cause is, beside where it stood before the answers: ``"34% (before your answers 12%)"``."""
    return f"{percent(probability)} (before your answers {percent(prior)})"


def region_words(region: str, side: str) -> str:
    """A region on a side in plain words, e.g. ``left knee`` (the body map's labels)."""
    from psoas.draw.bodymap import region_label

    return region_label(region, side)


def side_suffix(side: str) -> str:
    """`` (left)`` after a sided name; nothing for the midline."""
    return "" if side in ("center", "") else f" ({side})"


def node_words(node: str) -> str:
    """An atlas node (cause, mechanism or ``pain:<region>``) in words; an unknown id is spelt out."""
    from psoas.knowledge.atlas import load_atlas

    try:
        return str(load_atlas().node_label(node))
    except KeyError:
        return node.replace("pain:", "").replace("_", " ")


def path_words(path: list[str]) -> str:
    """A chain as words: ``"Tight psoas → Pelvic tilt → Knee pain"``."""
    return " → ".join(node_words(step) for step in path)


def date_words(value: str | datetime.date | datetime.datetime | None) -> str:
    """A calendar date as psoas prints it everywhere (ISO 8601, ``YYYY-MM-DD``); '' for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)[:10]


def moment_words(value: str | datetime.datetime | None) -> str:
    """A stored moment (UTC) in words that say so: ``30 Nov 2026, 14:05 UTC``; '' for none."""
    if value is None or value == "":
        return ""
    moment = value if isinstance(value, datetime.datetime) else _parse_moment(str(value))
    if moment is None:
        return str(value)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def day_words(value: str | datetime.date | None) -> str:
    """A calendar day in words: ``Mon 11 Jan 2027``; '' for none."""
    if value is None or value == "":
        return ""
    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _parse_moment(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(text.removesuffix("Z"))
    except ValueError:
        return None


INFORMATION_WORDS: tuple[tuple[float, str], ...] = (
    (0.3, "its result would settle much of what is still uncertain"),
    (0.1, "its result would settle some of what is still uncertain"),
    (0.03, "its result would settle a little of what is still uncertain"),
    (0.0, "its result would change the picture only slightly"),
)
"""What a test's expected information (bits) means for the person, largest first."""


def information_words(bits: float) -> str:
    """How much a test is expected to settle, in words (the number stays in the JSON)."""
    return next(text for floor, text in INFORMATION_WORDS if bits >= floor)


def sides_words(sides: list[str] | tuple[str, ...] | None) -> str:
    """Which side(s) a programme item is done on: ``left side only``, ``both sides``; '' for the middle."""
    chosen = [s for s in (sides or ()) if s in ("left", "right")]
    if len(chosen) == 2:
        return "both sides"
    return f"{chosen[0]} side only" if chosen else ""
