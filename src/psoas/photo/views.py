"""Views (Thomas, standing side, standing front): which side, whether the photo fits, and the values.

Each reading needs certain landmarks (:data:`psoas.photo.angles.NEEDS`); one that is missing or
seen with confidence under :data:`MIN_CONFIDENCE` (and not placed by hand) makes that reading
"cannot be measured" with the reason, never a guess. A photo of the wrong view makes every reading
of the asked view unmeasurable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from psoas.photo import angles
from psoas.photo.angles import Point

VIEWS: Final = ("thomas", "side", "front")
MIN_CONFIDENCE: Final = 0.5
SIDE_VIEW_MAX_WIDTH: Final = 0.35  # shoulder width / trunk length at most this in a side view
LYING_MAX_TILT_DEG: Final = 35.0
STANDING_MAX_LEAN_DEG: Final = 45.0
CANNOT_FROM_PHOTO: Final = {
    "pelvic_tilt_deg": "cannot be measured from a photo: it needs the pelvis's bony points (ASIS and PSIS), "
    "which a pose model does not find; use an inclinometer on the pelvis instead",
    "lumbar_lordosis_deg": "cannot be measured from a photo: it needs the spine's outline, not joint centres",
}


@dataclass
class Reading:
    """The values of one view, the reasons for the ones that could not be measured, and the checks."""

    values: dict[str, float | None]
    missing: dict[str, str] = field(default_factory=dict)
    checks: list[dict[str, object]] = field(default_factory=list)


def _trunk(p: Mapping[str, Point]) -> tuple[float, float]:
    sx = (p["left_shoulder"][0] + p["right_shoulder"][0]) / 2 - (p["left_hip"][0] + p["right_hip"][0]) / 2
    sy = (p["left_shoulder"][1] + p["right_shoulder"][1]) / 2 - (p["left_hip"][1] + p["right_hip"][1]) / 2
    return sx, sy


def view_problem(view: str, points: Mapping[str, Point], level: tuple[Point, Point] | None) -> str | None:
    """Why the landmarks do not look like ``view`` (None when they do)."""
    p = angles.to_level_frame(points, level)
    tx, ty = _trunk(p)
    length = math.hypot(tx, ty) or 1.0
    from_vertical = math.degrees(math.atan2(abs(tx), abs(ty)))
    width = math.dist(p["left_shoulder"], p["right_shoulder"]) / length
    if view == "thomas":
        if 90 - from_vertical > LYING_MAX_TILT_DEG:
            return "the person does not look like they are lying on a table (Thomas position)"
        return None
    if from_vertical > STANDING_MAX_LEAN_DEG:
        return "the person does not look like they are standing"
    if view == "side" and width > SIDE_VIEW_MAX_WIDTH:
        return "this looks like a front or back view; take the photo from the side"
    if view == "front" and width <= SIDE_VIEW_MAX_WIDTH:
        return "this looks like a side view; take the photo from the front"
    return None


def near_side(confidence: Mapping[str, float]) -> str:
    """The side seen best (nearer the camera in a side view)."""
    parts = ("ear", "shoulder", "hip", "knee", "ankle")
    return max(angles.SIDES, key=lambda s: sum(confidence.get(f"{s}_{j}", 0.0) for j in parts))


def _unsure(view: str, side: str, confidence: Mapping[str, float]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for name, needs in angles.NEEDS[view].items():
        for template in needs:
            mark = template.format(s=side)
            if confidence.get(mark, 0.0) < MIN_CONFIDENCE:
                reasons[name] = (
                    f"cannot be measured: {mark.replace('_', ' ')} not found with confidence "
                    f"({confidence.get(mark, 0.0):.2f} < {MIN_CONFIDENCE}); drag it into place to measure"
                )
                break
    return reasons


def read_view(
    view: str,
    points: Mapping[str, Point],
    confidence: Mapping[str, float],
    side: str,
    level: tuple[Point, Point] | None,
    faces: int | None = None,
) -> Reading:
    """The readings of ``view`` for ``side``, with unsure ones withheld and the view's checks."""
    problem = view_problem(view, points, level)
    names = list(angles.NEEDS[view])
    if problem is not None:
        reason = f"cannot be measured: {problem}"
        return Reading(values=dict.fromkeys(names), missing=dict.fromkeys(names, reason))
    if view == "thomas":
        raw = angles.thomas(points, side, level)
        checks = _thomas_checks(raw)
    elif view == "side":
        raw = angles.side_view(points, side, level, faces)
        checks = []
    else:
        raw = angles.front_view(points, level)
        checks = []
    missing = _unsure(view, side, confidence)
    values = {name: (None if name in missing else raw[name]) for name in names}
    if view == "side":
        missing.update(CANNOT_FROM_PHOTO)
    return Reading(values=values, missing=missing, checks=checks)


def _thomas_checks(raw: Mapping[str, float]) -> list[dict[str, object]]:
    hugged = raw["other_thigh_to_trunk_deg"] <= angles.HUGGED_MAX_DEG
    level = abs(raw["trunk_tilt_deg"]) <= angles.LEVEL_TOLERANCE_DEG
    long_enough = raw["thigh_to_trunk"] >= angles.SHORT_THIGH
    return [
        {
            "id": "other_knee_hugged",
            "ok": hugged,
            "value_deg": round(raw["other_thigh_to_trunk_deg"], 1),
            "message": "the other knee is hugged to the chest (pelvis held)"
            if hugged
            else "the other knee does not look hugged to the chest: the pelvis can tilt and the reading "
            "will overstate the hip angle; hug the knee and take the photo again",
        },
        {
            "id": "level",
            "ok": level,
            "value_deg": round(raw["trunk_tilt_deg"], 1),
            "message": "the trunk lies level with the level line"
            if level
            else "the trunk is not level with the level line: hold the phone level at table height, or "
            "drag the level line onto the table edge",
        },
        {
            "id": "thigh_length",
            "ok": long_enough,
            "value_ratio": round(raw["thigh_to_trunk"], 2),
            "message": "the hanging thigh is drawn at a plausible length"
            if long_enough
            else "the hanging thigh is drawn too short for a thigh seen from the side: the knee point is "
            "probably off; drag it onto the knee",
        },
    ]
