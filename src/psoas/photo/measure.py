"""Measure one photo end to end: decode and strip, detect, apply corrections, read the view.

Corrections (the CLI's ``--landmarks FILE``, the web page's dragged handles, the API's
``landmarks`` field) are JSON in the cleaned photo's pixels (``image.width`` × ``image.height`` of a
previous result)::

    {"landmarks": {"left_knee": [412.0, 630.5]}, "level": [[0, 700], [1280, 712]], "side": "left"}

A landmark moved by more than :data:`MOVED_PX` from the detection counts as corrected; any
correction makes the method ``photo_corrected`` (smaller error), none leaves it ``photo``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

from psoas.errors import InputError
from psoas.photo import angles, views
from psoas.photo.angles import Point
from psoas.photo.detect import LANDMARKS, Detection
from psoas.photo.image import Photo

MOVED_PX: Final = 1.0


@dataclass
class Measurement:
    """The result of one photo: landmarks, values, reasons, checks and the method."""

    view: str
    side: str
    side_from: str
    size: tuple[int, int]
    rotation: int
    points: dict[str, Point]
    confidence: dict[str, float]
    corrected: set[str] = field(default_factory=set)
    level: tuple[Point, Point] | None = None
    facing: int | None = None
    landmark_side: str = "left"
    reading: views.Reading = field(default_factory=lambda: views.Reading(values={}))

    @property
    def method(self) -> str:
        return "photo_corrected" if self.corrected else "photo"

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``psoas measure --format json`` and ``POST /api/v1/measure``."""
        from psoas.photo.intake import intake_values
        from psoas.reasoning.traits import method_sem_deg

        width, height = self.size
        return {
            "view": self.view,
            "side": self.side,
            "side_from": self.side_from,
            "method": self.method,
            "sem_deg": method_sem_deg(self.method),
            "landmark_side": self.landmark_side,
            "facing": self.facing,
            "image": {"width": width, "height": height, "rotation_tried": self.rotation},
            "level": [list(p) for p in self.level] if self.level else None,
            "landmarks": {
                name: {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "confidence": round(self.confidence.get(name, 0.0), 3),
                    "corrected": name in self.corrected,
                }
                for name, (x, y) in self.points.items()
            },
            "values": {k: (None if v is None else round(v, 2)) for k, v in self.reading.values.items()},
            "missing": dict(self.reading.missing),
            "checks": list(self.reading.checks),
            "intake": intake_values(self),
        }


def _point(value: Any, where: str, size: tuple[int, int]) -> Point:
    ok = isinstance(value, list | tuple) and len(value) == 2
    ok = ok and all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in value
    )
    if not ok:
        raise InputError(where, "expected [x, y] in image pixels")
    x, y = float(value[0]), float(value[1])
    width, height = size
    if not (0 <= x <= width and 0 <= y <= height):
        raise InputError(where, f"[{x:g}, {y:g}] is outside the image", f"0-{width} by 0-{height}")
    return (x, y)


def parse_corrections(
    data: Any, size: tuple[int, int]
) -> tuple[dict[str, Point], tuple[Point, Point] | None, str | None]:
    """Check a corrections document; returns (landmarks, level line, side)."""
    if not isinstance(data, dict):
        raise InputError("landmarks", "expected a JSON object with 'landmarks', 'level' and/or 'side'")
    unknown = sorted(set(data) - {"landmarks", "level", "side"})
    if unknown:
        raise InputError(unknown[0], "unknown key in the corrections file", "landmarks, level, side")
    marks = data.get("landmarks") or {}
    if not isinstance(marks, dict):
        raise InputError("landmarks", "expected an object of landmark name → [x, y]")
    points: dict[str, Point] = {}
    for name, value in marks.items():
        if name not in LANDMARKS:
            raise InputError(f"landmarks.{name}", "unknown landmark", sorted(LANDMARKS))
        if isinstance(value, dict):  # a landmark as printed by --format json
            value = [value.get("x"), value.get("y")]
        points[name] = _point(value, f"landmarks.{name}", size)
    level = None
    if data.get("level") is not None:
        line = data["level"]
        if not (isinstance(line, list) and len(line) == 2):
            raise InputError("level", "expected two points [[x1, y1], [x2, y2]]")
        level = (_point(line[0], "level[0]", size), _point(line[1], "level[1]", size))
    side = data.get("side")
    if side is not None and side not in angles.SIDES:
        raise InputError("side", f"{side!r} is not a side", angles.SIDES)
    return points, level, side


def check_view(view: str, side: str | None) -> None:
    if view not in views.VIEWS:
        raise InputError("view", f"{view!r} is not a view", views.VIEWS)
    if side is not None and side not in angles.SIDES:
        raise InputError("side", f"{side!r} is not a side", angles.SIDES)


def measure_photo(
    photo: Photo,
    view: str,
    side: str | None = None,
    corrections: Any = None,
    detection: Detection | None = None,
) -> Measurement:
    """Measure a cleaned photo (detects unless ``detection`` is given)."""
    from psoas.photo.detect import detect

    check_view(view, side)
    fixes, level, fixed_side = parse_corrections(corrections, photo.size) if corrections else ({}, None, None)
    side = side or fixed_side
    found = detection if detection is not None else detect(photo, lying=view == "thomas")
    points = dict(found.points)
    confidence = dict(found.confidence)
    corrected: set[str] = set()
    for name, point in fixes.items():
        if math.dist(point, points[name]) > MOVED_PX:
            corrected.add(name)
        points[name] = point
        confidence[name] = 1.0  # a person placed it
    measured_side, side_from = _which_side(view, side, points, confidence, level)
    m = Measurement(view, side or measured_side, side_from, photo.size, found.rotation, points, confidence)
    m.corrected, m.level, m.facing, m.landmark_side = corrected, level, found.facing, measured_side
    m.reading = views.read_view(view, points, confidence, measured_side, level, found.facing)
    return m


def _which_side(
    view: str,
    side: str | None,
    points: dict[str, Point],
    confidence: dict[str, float],
    level: tuple[Point, Point] | None,
) -> tuple[str, str]:
    """The landmarks' side to measure, and whether the reported side was given or read from the photo.

    Thomas: the hanging leg is the one further from the trunk, whatever the detector calls it
    (left/right labels are unreliable from the side); a given side only names it.
    """
    source = "given" if side else "photo"
    if view == "thomas":
        return angles.hanging_side(points, level), source
    if view == "side":
        return (side or views.near_side(confidence)), source
    return (side or "left"), source


def measure(
    photo: bytes | str,
    view: str,
    side: str | None = None,
    landmarks: Any = None,
) -> Measurement:
    """Library face: measure a photo given as bytes or a file path (see :func:`psoas.measure`)."""
    from pathlib import Path

    from psoas.photo.image import decode

    check_view(view, side)
    if isinstance(photo, str):
        try:
            data = Path(photo).read_bytes()
        except OSError as exc:
            raise InputError("photo", f"cannot read {photo}: {exc.strerror}") from exc
    else:
        data = photo
    return measure_photo(decode(data), view, side, landmarks)
