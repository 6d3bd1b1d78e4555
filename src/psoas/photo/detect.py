"""Find one person's landmarks in a cleaned photo with MediaPipe, trying several rotations.

Pose models are trained mostly on upright people, and a person lying on a table (the Thomas test)
is found less often. The photo is tried as it is and, when that is not confident, turned a
quarter turn each way; the most confident result wins and its points are turned back into the
photo's own pixels. A lying person is also read in the mirror image, and the more plausible of
the two readings is kept (see :func:`_mirror_vote`). Confidence per landmark is MediaPipe's *visibility* (0-1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from psoas.errors import InputError
from psoas.photo.angles import Point

if TYPE_CHECKING:  # pragma: no cover
    from psoas.photo.image import Photo

LANDMARKS: Final[dict[str, int]] = {
    "nose": 0,
    "left_ear": 7,
    "right_ear": 8,
    "left_shoulder": 11,
    "right_shoulder": 12,
    "left_hip": 23,
    "right_hip": 24,
    "left_knee": 25,
    "right_knee": 26,
    "left_ankle": 27,
    "right_ankle": 28,
}
"""The landmarks psoas uses (MediaPipe Pose indices); the others are ignored."""

FEET: Final = ((29, 31), (30, 32))
"""(heel, toe) indices: the toes point where a person standing side-on faces."""

ROTATIONS: Final = (0, 90, 270)
"""Quarter turns tried, counter-clockwise degrees, in order; stop early at GOOD_ENOUGH."""
GOOD_ENOUGH: Final = 1.5
UPRIGHT_BONUS: Final = 1.0
"""Added to the mean visibility when the person stands upright in the turned image (shoulders above
the hips within 45 degrees): the model is trained on upright people and reads them best, while a
person seen sideways can come back with confident but wrong points."""
SECOND_PERSON_MIN_VISIBLE: Final = 0.5


@dataclass
class Detection:
    """One person's landmarks in photo pixels, with a confidence per landmark."""

    points: dict[str, Point]
    confidence: dict[str, float]
    rotation: int = 0
    mirrored: bool = False
    facing: int | None = None
    score: float = 0.0
    tried: list[int] = field(default_factory=list)


def detect(
    photo: Photo, wanted: Sequence[str] = tuple(LANDMARKS), field_name: str = "photo", lying: bool = False
) -> Detection:
    """The most confident single person over the rotations; InputError for nobody or two people.

    The photo is tried as shot first. A person found upright with fair confidence ends the search;
    a person found lying is tried again turned the quarter turn that stands them up (head up); when
    nobody is found, both quarter turns are tried. ``lying`` (the Thomas test) starts with the
    quarter turns, since the person is expected to lie across the photo.
    """
    import numpy as np

    pixels = np.asarray(photo.image)
    best: Detection | None = None
    tried: list[int] = []
    queue = [270, 90, 0] if lying else list(ROTATIONS)
    while queue:
        rotation = queue.pop(0)
        tried.append(rotation)
        found = _detect_turned(pixels, rotation, photo.size, field_name)
        if found is None:
            continue
        found.score = sum(found.confidence[n] for n in wanted) / len(wanted)
        found.score += UPRIGHT_BONUS if _upright(found, rotation) else 0.0
        if best is None or found.score > best.score:
            best = found
        if best.score >= GOOD_ENOUGH:
            break
        if rotation == 0 and not lying:
            queue = [_standing_turn(found)]
    if best is None:
        raise InputError(
            field_name,
            "no person found in the photo",
            "a photo showing one whole person, see the capture guide",
        )
    if lying:
        best = _mirror_vote(pixels, best, wanted, field_name)
    best.tried = tried
    _check_alone(pixels, best, field_name)
    return best


def _mirror_vote(pixels: Any, best: Detection, wanted: Sequence[str], field_name: str) -> Detection:
    """Also read the mirror image (turned the other way) and keep the more plausible of the two.

    The model is not mirror-symmetric, and lying poses are where it errs most: on the rendered
    Thomas set the mirror of a photo sometimes reads the thigh 10-30 degrees off, and the error is
    always a knee pulled towards the hip (a thigh drawn too short). The hanging thigh lies parallel
    to the picture, so it shows its full length (about 0.85 of the shoulder-hip distance in adults):
    the reading with the longer thigh wins (up to :data:`MAX_THIGH_TO_TRUNK`), confidence breaks
    ties. The reading is then the same whichever side the photo was taken from.
    """
    import numpy as np

    height, width = pixels.shape[:2]
    rotation = (360 - best.rotation) % 360
    found = _detect_turned(np.ascontiguousarray(pixels[:, ::-1]), rotation, (width, height), field_name)
    if found is None:
        return best
    found.score = sum(found.confidence[n] for n in wanted) / len(wanted)
    found.score += UPRIGHT_BONUS if _upright(found, rotation) else 0.0
    swap = {"left": "right", "right": "left"}

    def name(n: str) -> str:
        side, _, joint = n.partition("_")
        return f"{swap[side]}_{joint}" if side in swap else n

    found.points = {name(n): (width - x, y) for n, (x, y) in found.points.items()}
    found.confidence = {name(n): c for n, c in found.confidence.items()}
    found.rotation, found.mirrored = best.rotation, True
    found.facing = None if found.facing is None else -found.facing
    a, b = thigh_to_trunk(best), thigh_to_trunk(found)
    if abs(a - b) > THIGH_TIE:
        return found if b > a else best
    return found if found.score > best.score else best


MAX_THIGH_TO_TRUNK: Final = 1.3
THIGH_TIE: Final = 0.05


def thigh_to_trunk(found: Detection) -> float:
    """The hanging thigh's length over the trunk's (shoulder-hip midpoints), capped at MAX_THIGH_TO_TRUNK."""
    from psoas.photo.angles import hanging_side

    p = found.points
    side = hanging_side(p)
    shoulders = (
        (p["left_shoulder"][0] + p["right_shoulder"][0]) / 2,
        (p["left_shoulder"][1] + p["right_shoulder"][1]) / 2,
    )
    hips = ((p["left_hip"][0] + p["right_hip"][0]) / 2, (p["left_hip"][1] + p["right_hip"][1]) / 2)
    trunk = math.dist(shoulders, hips) or 1.0
    return min(math.dist(p[f"{side}_hip"], p[f"{side}_knee"]) / trunk, MAX_THIGH_TO_TRUNK)


def _standing_turn(found: Detection) -> int:
    """The quarter turn (counter-clockwise degrees) that puts this person's head up."""
    return 90 if _upright(found, 90) or not _upright(found, 270) else 270


def _upright(found: Detection, rotation: int) -> bool:
    """Whether the trunk points up (within 45 degrees) in the image as it was turned for the model."""
    p = found.points
    dx = (p["left_shoulder"][0] + p["right_shoulder"][0] - p["left_hip"][0] - p["right_hip"][0]) / 2
    dy = (p["left_shoulder"][1] + p["right_shoulder"][1] - p["left_hip"][1] - p["right_hip"][1]) / 2
    a = math.radians(rotation)  # turn the trunk vector the way the image was turned (y down)
    tx = dx * math.cos(a) + dy * math.sin(a)
    ty = -dx * math.sin(a) + dy * math.cos(a)
    return ty < 0 and abs(tx) <= -ty


def _two_people(field_name: str) -> InputError:
    return InputError(field_name, "more than one person in the photo", "a photo of one person only")


def _check_alone(pixels: Any, found: Detection, field_name: str) -> None:
    """Grey out the person found and look again: a second well-seen person is refused.

    MediaPipe's detector often returns only the most prominent person even when asked for two, so
    a crowd would otherwise be measured on whoever it picked.
    """
    import numpy as np

    height, width = pixels.shape[:2]
    xs = [p[0] for p in found.points.values()]
    ys = [p[1] for p in found.points.values()]
    pad_x = 0.25 * (max(xs) - min(xs)) + 0.05 * width
    pad_y = 0.15 * (max(ys) - min(ys)) + 0.05 * height
    x0, x1 = max(0, int(min(xs) - pad_x)), min(width, int(max(xs) + pad_x))
    y0, y1 = max(0, int(min(ys) - pad_y)), min(height, int(max(ys) + pad_y))
    masked = pixels.copy()
    masked[y0:y1, x0:x1] = 127
    again = _detect_turned(np.ascontiguousarray(masked), found.rotation, (width, height), field_name)
    if again is not None and _share(again.confidence.values()) >= SECOND_PERSON_MIN_VISIBLE:
        raise _two_people(field_name)


def _share(values: Any) -> float:
    values = list(values)
    return sum(1 for v in values if v >= 0.5) / len(values)


def _detect_turned(pixels: Any, rotation: int, size: tuple[int, int], field_name: str) -> Detection | None:
    import mediapipe as mp
    import numpy as np

    from psoas.photo.model import run_locked

    turned = np.ascontiguousarray(np.rot90(pixels, rotation // 90)) if rotation else pixels
    result = run_locked(mp.Image(image_format=mp.ImageFormat.SRGB, data=turned))
    poses = [p for p in result.pose_landmarks if _visible_share(p) >= SECOND_PERSON_MIN_VISIBLE]
    if len(poses) > 1:
        raise _two_people(field_name)
    if not result.pose_landmarks:
        return None
    pose = result.pose_landmarks[0]
    height, width = turned.shape[:2]
    points: dict[str, Point] = {}
    confidence: dict[str, float] = {}
    for name, index in LANDMARKS.items():
        mark = pose[index]
        points[name] = _unturn(mark.x * width, mark.y * height, rotation, size)
        confidence[name] = float(mark.visibility if mark.visibility is not None else 0.0)
    toes = 0.0
    for heel, toe in FEET:
        toes += _unturn(pose[toe].x * width, pose[toe].y * height, rotation, size)[0]
        toes -= _unturn(pose[heel].x * width, pose[heel].y * height, rotation, size)[0]
    facing = None if abs(toes) < 0.01 * size[0] else (1 if toes > 0 else -1)
    return Detection(points=points, confidence=confidence, rotation=rotation, facing=facing)


def _visible_share(pose: Any) -> float:
    marks = [pose[i] for i in LANDMARKS.values()]
    return sum(1 for m in marks if (m.visibility or 0) >= 0.5) / len(marks)


def _unturn(x: float, y: float, rotation: int, size: tuple[int, int]) -> Point:
    """A point in the image turned ``rotation`` degrees counter-clockwise, back in the photo's pixels."""
    width, height = size
    if rotation == 90:
        return (width - y, x)
    if rotation == 270:
        return (y, height - x)
    if rotation == 180:
        return (width - x, height - y)
    return (x, y)
