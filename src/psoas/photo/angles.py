"""Angles from 2D landmarks: pure geometry, mirrored line for line in ``web/static/photo-angles.js``.

Input: landmark points in image pixels (x right, y down), keyed by MediaPipe's names
(``left_hip``, ``right_knee``, …), and an optional *level line*: two points the person confirms
or drags onto something truly horizontal (the table edge, a floor line). Every angle is taken in
the level frame: the image is turned so the level line is horizontal and y points up. Without a
level line the image's own horizontal is used, so a tilted phone tilts every absolute angle.

Definitions and conventions (degrees unless stated; expected errors are for the detector alone,
measured on this project's rendered ground-truth set, see docs/photo.md, and in the literature):

Thomas test (side view of the hanging leg, person lying on their back):
- ``hip_angle_deg``: the hanging thigh (hip joint → knee) against horizontal; + = knee above the
  hip (thigh stays up: lacking hip extension), - = below. Same convention as the intake's
  ``tests.thomas.<side>.hip_angle_deg``. Expected error uncorrected: several degrees, worst near
  full extension where the test is read (2D pose models are least accurate there); with landmarks
  corrected on screen, about 1 degree (SEM 1.0 degree for photo scoring, Peeler 2013).
- ``knee_angle_deg``: flexion of the hanging knee, the unsigned angle between the thigh direction
  and the shank (knee → ankle); 0 = straight, about 80-90 = normal hanging knee.
- Checks: the other knee is hugged (its thigh within 90 degrees of the trunk line, pelvis held),
  the trunk lies within 15 degrees of the level line (else the camera or the table is tilted), and
  the hanging thigh is drawn at least 0.6 of the trunk's length (it lies parallel to the picture,
  so a shorter one means a misplaced knee point; adults' ratio is about 0.85).

Standing, side view (the person faces +x or -x: the toes point forward, found from the detector's heel
and toe points; without them, the nose in front of the ears):
- ``trunk_lean_deg``: hip → shoulder line from vertical, + = forward (intake ``posture.trunk_lean_deg``).
- ``hip_flexion_deg``: proxy of hip flexion, the signed angle from the trunk line (continued down
  through the hip) to the thigh, + = thigh forward of the trunk line. Not pelvic tilt.
- ``knee_flexion_deg``: signed angle from the thigh to the shank, + = flexed, - = hyperextended.
- ``ear_shoulder_angle_deg``: the shoulder → ear line above horizontal on the facing side; 90 = ear
  over the shoulder, smaller = head forward (intake ``posture.ear_shoulder_angle_deg``). A proxy:
  the craniovertebral angle needs C7 and the tragus, so its cut-offs do not apply. Expected error of
  the detector about 5-9 degrees on rendered figures (docs/photo.md).
- ``head_forward_ratio``: horizontal ear offset in front of the shoulder divided by the trunk length
  (shoulder to hip); 0 = ear over the shoulder.

Standing, front view (person facing the camera or facing away; left/right are the person's own):
- ``shoulder_level_deg`` and ``pelvis_level_deg``: the line between the two shoulders (hips)
  against horizontal, + = the person's left side higher.
- ``knee_valgus_deg`` (per side): the angle between thigh and shank in the picture plane, + = knee
  inside the hip-ankle line (towards the midline, "knock-knee"), - = outside (varus). A proxy: a
  rotated or flexed knee shows as valgus in 2D.

Not measurable from a photo, by design: pelvic tilt and the lumbar curve (they need the ASIS/PSIS or
spine markers; hip-joint keypoints cannot give them). They are reported as "cannot be measured from a
photo", never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

Point = tuple[float, float]
Points = Mapping[str, Point]

SIDES: Final = ("left", "right")
HUGGED_MAX_DEG: Final = 90.0
SHORT_THIGH: Final = 0.6  # hanging thigh / trunk length below this: the knee point is probably off
LEVEL_TOLERANCE_DEG: Final = 15.0
NOT_FROM_PHOTO: Final = ("pelvic_tilt_deg", "lumbar_lordosis_deg")


def other(side: str) -> str:
    return "right" if side == "left" else "left"


def _deg(radians: float) -> float:
    return math.degrees(radians)


def level_angle(level: tuple[Point, Point] | None) -> float:
    """The level line's tilt in the image (radians, y down), folded into (-90, 90] degrees."""
    if level is None:
        return 0.0
    (x1, y1), (x2, y2) = level
    if x1 == x2 and y1 == y2:
        return 0.0
    angle = math.atan2(y2 - y1, x2 - x1)
    if angle > math.pi / 2:
        angle -= math.pi
    elif angle <= -math.pi / 2:
        angle += math.pi
    return angle


def to_level_frame(points: Points, level: tuple[Point, Point] | None = None) -> dict[str, Point]:
    """Turn the points so the level line is horizontal, and flip y so it points up."""
    a = level_angle(level)
    c, s = math.cos(a), math.sin(a)
    out: dict[str, Point] = {}
    for name, (x, y) in points.items():
        xr = c * x + s * y
        yr = -s * x + c * y
        out[name] = (xr, -yr)
    return out


def _sub(p: Point, q: Point) -> Point:
    return (p[0] - q[0], p[1] - q[1])


def _mid(p: Point, q: Point) -> Point:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)


def _signed(u: Point, v: Point) -> float:
    """Signed angle from u to v, counter-clockwise positive (y up), in degrees."""
    return _deg(math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1]))


def _unsigned(u: Point, v: Point) -> float:
    return abs(_signed(u, v))


def _norm(v: Point) -> float:
    return math.hypot(v[0], v[1])


# ---- Thomas test -----------------------------------------------------------------------------------


def thigh_to_trunk_deg(p: Mapping[str, Point], side: str) -> float:
    """Angle between the trunk (hip-mid → shoulder-mid) and one thigh (hip → knee), 0-180."""
    trunk = _sub(_mid(p["left_shoulder"], p["right_shoulder"]), _mid(p["left_hip"], p["right_hip"]))
    thigh = _sub(p[f"{side}_knee"], p[f"{side}_hip"])
    return _unsigned(trunk, thigh)


def hanging_side(points: Points, level: tuple[Point, Point] | None = None) -> str:
    """The hanging leg: the one whose thigh is further from the trunk (the other is hugged)."""
    p = to_level_frame(points, level)
    return max(SIDES, key=lambda s: thigh_to_trunk_deg(p, s))


def thomas(points: Points, side: str, level: tuple[Point, Point] | None = None) -> dict[str, float]:
    """Thomas-test angles of the hanging leg ``side`` and the two check values."""
    p = to_level_frame(points, level)
    hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
    thigh = _sub(knee, hip)
    shank = _sub(ankle, knee)
    trunk = _sub(_mid(p["left_shoulder"], p["right_shoulder"]), _mid(p["left_hip"], p["right_hip"]))
    return {
        "hip_angle_deg": _deg(math.atan2(thigh[1], abs(thigh[0]))),
        "knee_angle_deg": _unsigned(thigh, shank),
        "other_thigh_to_trunk_deg": thigh_to_trunk_deg(p, other(side)),
        "trunk_tilt_deg": _deg(math.atan2(trunk[1], abs(trunk[0]))),
        "thigh_to_trunk": _norm(thigh) / (_norm(trunk) or 1.0),
    }


# ---- standing, side view ---------------------------------------------------------------------------


def facing(points: Points, level: tuple[Point, Point] | None = None) -> int:
    """+1 when the person faces +x (nose right of the ears' midpoint), else -1."""
    p = to_level_frame(points, level)
    ears = _mid(p["left_ear"], p["right_ear"])
    return 1 if p["nose"][0] >= ears[0] else -1


def side_view(
    points: Points, side: str, level: tuple[Point, Point] | None = None, faces: int | None = None
) -> dict[str, float]:
    """Standing side-view angles from the landmarks of ``side`` (the side nearer the camera).

    ``faces`` (+1/-1) is the facing direction when known otherwise (the feet); else :func:`facing`.
    """
    p = to_level_frame(points, level)
    f = faces if faces in (1, -1) else facing(points, level)
    ear, shoulder = p[f"{side}_ear"], p[f"{side}_shoulder"]
    hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
    trunk = _sub(shoulder, hip)
    thigh = _sub(knee, hip)
    shank = _sub(ankle, knee)
    head = _sub(ear, shoulder)
    return {
        "trunk_lean_deg": _deg(math.atan2(f * trunk[0], trunk[1])),
        "hip_flexion_deg": f * _signed((-trunk[0], -trunk[1]), thigh),
        "knee_flexion_deg": -f * _signed(thigh, shank),
        "ear_shoulder_angle_deg": _deg(math.atan2(head[1], f * head[0])),
        "head_forward_ratio": f * head[0] / _norm(trunk),
    }


# ---- standing, front view --------------------------------------------------------------------------


def _level_diff(p: Mapping[str, Point], joint: str) -> float:
    left, right = p[f"left_{joint}"], p[f"right_{joint}"]
    return _deg(math.atan2(left[1] - right[1], abs(left[0] - right[0])))


def _valgus(p: Mapping[str, Point], side: str) -> float:
    hip, knee, ankle = p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]
    magnitude = _unsigned(_sub(knee, hip), _sub(ankle, knee))
    axis = _sub(ankle, hip)
    midline = _mid(p["left_hip"], p["right_hip"])
    knee_side = axis[0] * (knee[1] - hip[1]) - axis[1] * (knee[0] - hip[0])
    mid_side = axis[0] * (midline[1] - hip[1]) - axis[1] * (midline[0] - hip[0])
    return magnitude if knee_side * mid_side > 0 else -magnitude


def front_view(points: Points, level: tuple[Point, Point] | None = None) -> dict[str, float]:
    """Standing front-view level differences and knee valgus proxies."""
    p = to_level_frame(points, level)
    return {
        "shoulder_level_deg": _level_diff(p, "shoulder"),
        "pelvis_level_deg": _level_diff(p, "hip"),
        "left_knee_valgus_deg": _valgus(p, "left"),
        "right_knee_valgus_deg": _valgus(p, "right"),
    }


NEEDS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "thomas": {
        "hip_angle_deg": ("{s}_hip", "{s}_knee"),
        "knee_angle_deg": ("{s}_hip", "{s}_knee", "{s}_ankle"),
    },
    "side": {
        "trunk_lean_deg": ("{s}_shoulder", "{s}_hip"),
        "hip_flexion_deg": ("{s}_shoulder", "{s}_hip", "{s}_knee"),
        "knee_flexion_deg": ("{s}_hip", "{s}_knee", "{s}_ankle"),
        "ear_shoulder_angle_deg": ("{s}_ear", "{s}_shoulder", "nose"),
        "head_forward_ratio": ("{s}_ear", "{s}_shoulder", "{s}_hip", "nose"),
    },
    "front": {
        "shoulder_level_deg": ("left_shoulder", "right_shoulder"),
        "pelvis_level_deg": ("left_hip", "right_hip"),
        "left_knee_valgus_deg": ("left_hip", "right_hip", "left_knee", "left_ankle"),
        "right_knee_valgus_deg": ("left_hip", "right_hip", "right_knee", "right_ankle"),
    },
}
"""The landmarks each reading depends on (``{s}`` = the measured side)."""
