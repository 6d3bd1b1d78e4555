"""Synthetic landmark sets built from known angles (forward kinematics), in image pixels.

Each builder lays the figure out in a y-up frame with the level line horizontal, then maps it
into an image (y down) through an optional similarity transform: scale, rotation (degrees,
counter-clockwise as seen on screen) and translation. The returned level line is transformed with
the figure, so it stays on the figure's own horizontal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    scale: float = 1.0
    rotation_deg: float = 0.0
    dx: float = 500.0
    dy: float = 500.0


def _dir(deg: float) -> Point:
    return (math.cos(math.radians(deg)), math.sin(math.radians(deg)))


def _add(p: Point, v: Point, k: float = 1.0) -> Point:
    return (p[0] + k * v[0], p[1] + k * v[1])


def _place(points: dict[str, Point], pose: Pose) -> tuple[dict[str, Point], tuple[Point, Point]]:
    a = math.radians(pose.rotation_deg)
    c, s = math.cos(a), math.sin(a)

    def to_image(p: Point) -> Point:
        x, y = p[0] * pose.scale, p[1] * pose.scale
        xr, yr = c * x - s * y, s * x + c * y  # counter-clockwise in the y-up frame
        return (xr + pose.dx, -yr + pose.dy)

    level = (to_image((-100.0, -60.0)), to_image((100.0, -60.0)))
    return {k: to_image(v) for k, v in points.items()}, level


def thomas_figure(
    hip_deg: float, knee_deg: float, hanging: str = "left", hug_deg: float = 40.0, pose: Pose = Pose()
) -> tuple[dict[str, Point], tuple[Point, Point]]:
    """Lying on the back, head towards -x; the ``hanging`` leg's thigh at ``hip_deg`` above horizontal."""
    other = "right" if hanging == "left" else "left"
    hip = (0.0, 0.0)
    thigh = _dir(hip_deg)
    knee = _add(hip, thigh, 45)
    ankle = _add(knee, _dir(hip_deg - knee_deg), 42)
    hugged_knee = _add(hip, _dir(180 - hug_deg), 45)
    pts = {
        f"{hanging}_hip": hip,
        f"{hanging}_knee": knee,
        f"{hanging}_ankle": ankle,
        f"{other}_hip": (0.5, 0.2),
        f"{other}_knee": hugged_knee,
        f"{other}_ankle": _add(hugged_knee, _dir(-80), 42),
        "left_shoulder": (-52.0, 0.3),
        "right_shoulder": (-52.5, 0.0),
        "left_ear": (-68.0, 1.0),
        "right_ear": (-68.0, 0.5),
        "nose": (-72.0, 6.0),
    }
    return _place(pts, pose)


def side_figure(
    lean: float, hip_flex: float, knee_flex: float, ear_angle: float, facing: int = 1, pose: Pose = Pose()
) -> tuple[dict[str, Point], tuple[Point, Point]]:
    """Standing, side view, facing +x (``facing`` 1) or -x (-1); both sides at the same points."""
    f = facing
    hip = (0.0, 0.0)
    trunk = (f * math.sin(math.radians(lean)), math.cos(math.radians(lean)))
    shoulder = _add(hip, trunk, 50)
    down = math.degrees(math.atan2(-trunk[1], -trunk[0]))
    thigh_deg = down + f * hip_flex
    knee = _add(hip, _dir(thigh_deg), 45)
    ankle = _add(knee, _dir(thigh_deg - f * knee_flex), 42)
    ear = _add(shoulder, (f * math.cos(math.radians(ear_angle)), math.sin(math.radians(ear_angle))), 22)
    pts: dict[str, Point] = {"nose": _add(ear, (f * 10.0, -2.0))}
    for s in ("left", "right"):
        pts.update({f"{s}_hip": hip, f"{s}_shoulder": shoulder, f"{s}_knee": knee})
        pts.update({f"{s}_ankle": ankle, f"{s}_ear": ear})
    return _place(pts, pose)


def front_figure(
    shoulder_deg: float, pelvis_deg: float, left_valgus: float, right_valgus: float, pose: Pose = Pose()
) -> tuple[dict[str, Point], tuple[Point, Point]]:
    """Standing, facing the camera (the person's left at +x); + level = left side higher."""
    pts: dict[str, Point] = {}
    for joint, centre, width, tilt in (
        ("shoulder", (0.0, 50.0), 40.0, shoulder_deg),
        ("hip", (0.0, 0.0), 30.0, pelvis_deg),
    ):
        d = _dir(tilt)
        pts[f"left_{joint}"] = _add(centre, d, width / 2)
        pts[f"right_{joint}"] = _add(centre, d, -width / 2)
    for side, lateral, valgus in (("left", 1, left_valgus), ("right", -1, right_valgus)):
        knee = _add(pts[f"{side}_hip"], (0.0, -45.0))
        shank = (lateral * math.sin(math.radians(valgus)), -math.cos(math.radians(valgus)))
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = _add(knee, shank, 42)
    pts["left_ear"], pts["right_ear"], pts["nose"] = (7.0, 72.0), (-7.0, 72.0), (0.0, 70.0)
    return _place(pts, pose)
