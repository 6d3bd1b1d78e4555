"""Front-view body points, for movements that turn or bend sideways (hip rotation, side bends).

The person faces the viewer, so the person's *left* is on the viewer's right (+x); y is up and the
pelvis centre is at the origin. Angles in degrees, lengths as fractions of the body height:

``seated`` (1: sitting on an edge, thighs pointing at the viewer), ``side_bend_deg`` (trunk tilt,
+ = towards the person's left), ``hip_shift`` (pelvis moved sideways, + = person's left),
``left_arm_deg`` / ``right_arm_deg`` (arm raised out to the side: 0 hanging, 90 level, 180
overhead), ``left_elbow_deg`` / ``right_elbow_deg`` (forearm bent further the same way),
``left_foot_x`` / ``right_foot_x`` (standing: ankle position sideways from the pelvis centre),
``left_shin_deg`` / ``right_shin_deg`` (seated: shin from vertical, + = foot swung outwards, which
turns the hip inwards).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from psoas.errors import InputError
from psoas.mechanics.reference import REFERENCE_HEIGHT_M

FRONT_KEYS = (
    "seated",
    "side_bend_deg",
    "hip_shift",
    "left_arm_deg",
    "right_arm_deg",
    "left_elbow_deg",
    "right_elbow_deg",
    "left_foot_x",
    "right_foot_x",
    "left_shin_deg",
    "right_shin_deg",
)
HIP_HALF = 0.055
SHOULDER_HALF = 0.1
SPINE = 0.3
THIGH = 0.243
SHANK = 0.249
UPPER_ARM = 0.16
FOREARM = 0.15

Point = tuple[float, float]


def _at(origin: Point, angle_deg: float, length: float) -> Point:
    """``origin`` plus ``length`` along ``angle_deg`` (counter-clockwise from +x)."""
    a = math.radians(angle_deg)
    return origin[0] + length * math.cos(a), origin[1] + length * math.sin(a)


def _trunk(g: Mapping[str, float], h: float) -> dict[str, Point]:
    bend = g["side_bend_deg"]
    up = 90.0 - bend  # the trunk axis, counter-clockwise from +x
    pelvis = (g["hip_shift"] * h, 0.0)
    neck = _at(pelvis, up, SPINE * h)
    pts: dict[str, Point] = {"pelvis": pelvis, "neck": neck}
    pts["left_hip"] = _at(pelvis, up - 90.0, HIP_HALF * h)
    pts["right_hip"] = _at(pelvis, up + 90.0, HIP_HALF * h)
    top = _at(neck, up + 180.0, 0.025 * h)
    pts["left_shoulder"] = _at(top, up - 90.0, SHOULDER_HALF * h)
    pts["right_shoulder"] = _at(top, up + 90.0, SHOULDER_HALF * h)
    pts["chin"] = _at(neck, up, 0.05 * h)
    pts["head"] = _at(neck, up, 0.1 * h)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hang = up + 180.0
        arm = hang + sign * g[f"{side}_arm_deg"]
        pts[f"{side}_elbow"] = _at(pts[f"{side}_shoulder"], arm, UPPER_ARM * h)
        pts[f"{side}_wrist"] = _at(pts[f"{side}_elbow"], arm + sign * g[f"{side}_elbow_deg"], FOREARM * h)
    return pts


def _standing_legs(g: Mapping[str, float], h: float, pts: dict[str, Point]) -> None:
    leg = (THIGH + SHANK) * h
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hip = pts[f"{side}_hip"]
        foot_x = g[f"{side}_foot_x"] * h if g[f"{side}_foot_x"] else hip[0] + sign * 0.01 * h
        dx = max(-0.95 * leg, min(0.95 * leg, foot_x - hip[0]))
        ankle = (hip[0] + dx, hip[1] - math.sqrt(leg * leg - dx * dx))
        pts[f"{side}_ankle"] = ankle
        pts[f"{side}_knee"] = (hip[0] + dx * THIGH / (THIGH + SHANK), hip[1] - (hip[1] - ankle[1]) * 0.494)
        pts[f"{side}_toe"] = (ankle[0] + sign * 0.02 * h, ankle[1] - 0.03 * h)


def _seated_legs(g: Mapping[str, float], h: float, pts: dict[str, Point]) -> None:
    for side, sign in (("left", 1.0), ("right", -1.0)):
        hip = pts[f"{side}_hip"]
        knee = (hip[0] + sign * 0.012 * h, hip[1] - 0.03 * h)
        shin = -90.0 + sign * g[f"{side}_shin_deg"]
        ankle = _at(knee, shin, SHANK * h)
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = ankle
        pts[f"{side}_toe"] = _at(ankle, shin, 0.035 * h)


def front_points(pose: Mapping[str, float], *, height_m: float = REFERENCE_HEIGHT_M) -> dict[str, Point]:
    """Named points of a front-view body from the keys in the module docstring."""
    unknown = [k for k in pose if k not in FRONT_KEYS]
    if unknown:
        raise InputError(f"pose.{unknown[0]}", "unknown front-view key", FRONT_KEYS)
    g = {k: float(pose.get(k, 0.0)) for k in FRONT_KEYS}
    pts = _trunk(g, height_m)
    if g["seated"]:
        _seated_legs(g, height_m, pts)
    else:
        _standing_legs(g, height_m, pts)
    return pts
