"""Side-view stick figures as SVG text, for posture results and exercise illustrations.

A pose is a mapping of joint angles in degrees (all optional, default 0):
``trunk_lean_deg`` (hip-to-neck line from vertical, + = forward; 90 = lying face up with the head to the
left when negative), ``lumbar_flexion_deg``, ``hip_flexion_deg``, ``knee_flexion_deg``,
``ankle_dorsiflexion_deg`` (near leg), the same with a ``far_`` prefix for the other leg (default: as the
near leg), ``neck_flexion_deg``, ``shoulder_flexion_deg`` (arm forward of the trunk), ``elbow_flexion_deg`` (near arm;
``far_shoulder_flexion_deg`` and ``far_elbow_flexion_deg`` for the other, default: as the near arm).
The figure faces right (+x). Or give a :class:`Figure` of named points in metres (x forward, y up), as the
posture model produces (``head`` is the centre of the head circle; see ``_BONES`` for the other names). Nothing heavy is imported; the output is a plain ``<svg>`` string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from psoas.errors import InputError
from psoas.mechanics.reference import REFERENCE_HEIGHT_M

POSE_KEYS = (
    "trunk_lean_deg",
    "lumbar_flexion_deg",
    "hip_flexion_deg",
    "knee_flexion_deg",
    "ankle_dorsiflexion_deg",
    "far_hip_flexion_deg",
    "far_knee_flexion_deg",
    "far_ankle_dorsiflexion_deg",
    "neck_flexion_deg",
    "shoulder_flexion_deg",
    "elbow_flexion_deg",
    "far_shoulder_flexion_deg",
    "far_elbow_flexion_deg",
)
# segment lengths as fractions of height (de Leva 1996 proportions, rounded)
_LEN = {"thigh": 0.243, "shank": 0.249, "foot": 0.08, "lumbar": 0.12, "thorax": 0.17, "neck": 0.07}
_LEN |= {"upper_arm": 0.16, "forearm": 0.15, "head_r": 0.06}
# line pairs drawn for a figure; missing points are skipped
_BONES = (
    ("ankle", "knee"),
    ("knee", "hip"),
    ("ankle", "toe"),
    ("far_ankle", "far_knee"),
    ("far_knee", "hip"),
    ("far_ankle", "far_toe"),
    ("hip", "l5s1"),
    ("l5s1", "l3l4"),
    ("l3l4", "t12l1"),
    ("t12l1", "c7"),
    ("c7", "tragus"),
    ("shoulder", "elbow"),
    ("elbow", "wrist"),
)


@dataclass(frozen=True)
class Figure:
    """Named 2-D points (m, x forward, y up) of one figure, with a style and angle labels."""

    points: Mapping[str, tuple[float, float]]
    color: str = "#1f4e79"
    label: str = ""
    dashed: bool = False
    angle_labels: Mapping[str, str] = field(default_factory=dict)  # point name -> text


def _step(origin: tuple[float, float], angle_from_up_deg: float, length: float) -> tuple[float, float]:
    a = math.radians(angle_from_up_deg)
    return origin[0] + length * math.sin(a), origin[1] + length * math.cos(a)


def pose_figure(
    pose: Mapping[str, float], *, height_m: float = REFERENCE_HEIGHT_M, **style: object
) -> Figure:
    """Points of a stick figure from joint angles (see module docstring); the hip is at the origin."""
    unknown = [k for k in pose if k not in POSE_KEYS]
    if unknown:
        raise InputError(f"pose.{unknown[0]}", "unknown joint angle", POSE_KEYS)
    g = {k: float(pose.get(k, 0.0)) for k in POSE_KEYS}
    h = height_m
    lean, flex = g["trunk_lean_deg"], g["lumbar_flexion_deg"]
    pts: dict[str, tuple[float, float]] = {"hip": (0.0, 0.0)}
    pelvis_up = lean - flex / 2.0
    pts["l5s1"] = _step(pts["hip"], pelvis_up, 0.03 * h)
    pts["l3l4"] = _step(pts["l5s1"], pelvis_up, _LEN["lumbar"] / 2 * h)
    pts["t12l1"] = _step(pts["l3l4"], lean, _LEN["lumbar"] / 2 * h)
    pts["c7"] = _step(pts["t12l1"], lean + flex / 2.0, _LEN["thorax"] * h)
    head_dir = lean + flex / 2.0 + g["neck_flexion_deg"]
    pts["tragus"] = _step(pts["c7"], head_dir, _LEN["neck"] * h)
    pts["head"] = _step(pts["tragus"], head_dir, 0.5 * _LEN["head_r"] * h)
    pts["shoulder"] = _step(pts["c7"], lean + 180.0, 0.03 * h)
    for prefix in ("", "far_"):
        shoulder = g[f"{prefix}shoulder_flexion_deg"] if f"{prefix}shoulder_flexion_deg" in pose else None
        elbow = g[f"{prefix}elbow_flexion_deg"] if f"{prefix}elbow_flexion_deg" in pose else None
        arm_dir = lean + 180.0 - (g["shoulder_flexion_deg"] if shoulder is None else shoulder)
        pts[f"{prefix}elbow"] = _step(pts["shoulder"], arm_dir, _LEN["upper_arm"] * h)
        bend = g["elbow_flexion_deg"] if elbow is None else elbow
        pts[f"{prefix}wrist"] = _step(pts[f"{prefix}elbow"], arm_dir - bend, _LEN["forearm"] * h)
    for prefix in ("", "far_"):
        hip = g[f"{prefix}hip_flexion_deg"] if f"{prefix}hip_flexion_deg" in pose else g["hip_flexion_deg"]
        knee = (
            g[f"{prefix}knee_flexion_deg"] if f"{prefix}knee_flexion_deg" in pose else g["knee_flexion_deg"]
        )
        ankle_key = f"{prefix}ankle_dorsiflexion_deg"
        ankle = g[ankle_key] if ankle_key in pose else g["ankle_dorsiflexion_deg"]
        thigh_dir = pelvis_up + 180.0 - hip
        pts[f"{prefix}knee"] = _step(pts["hip"], thigh_dir, _LEN["thigh"] * h)
        shank_dir = thigh_dir + knee
        pts[f"{prefix}ankle"] = _step(pts[f"{prefix}knee"], shank_dir, _LEN["shank"] * h)
        pts[f"{prefix}toe"] = _step(pts[f"{prefix}ankle"], shank_dir - 90.0 - ankle, _LEN["foot"] * h)
    return Figure(points=pts, **style)  # type: ignore[arg-type]


def _bounds(figures: Sequence[Figure]) -> tuple[float, float, float, float]:
    xs = [p[0] for f in figures for p in f.points.values()]
    ys = [p[1] for f in figures for p in f.points.values()]
    return min(xs), max(xs), min(ys), max(ys)


def stick_figure_svg(
    pose: Mapping[str, float] | Figure,
    *,
    overlay: Sequence[Mapping[str, float] | Figure] = (),
    labels: Sequence[str] = (),
    title: str = "",
    width_px: int = 360,
    height_px: int = 480,
) -> str:
    """An SVG side view of one pose, optionally with others overlaid (dashed) and text labels.

    >>> svg = stick_figure_svg({"hip_flexion_deg": 90.0, "knee_flexion_deg": 90.0}, title="Sitting")
    >>> svg.startswith("<svg") and "Sitting" in svg
    True
    """
    figures = [p if isinstance(p, Figure) else pose_figure(p) for p in (pose, *overlay)]
    x0, x1, y0, y1 = _bounds(figures)
    head_r = _LEN["head_r"] * REFERENCE_HEIGHT_M
    pad = 0.05 + head_r
    span = max(x1 - x0, y1 - y0) + 2 * pad
    text_h = 18 * (len(labels) + (1 if title else 0)) + 8
    scale = min(width_px, height_px - text_h) / span
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return width_px / 2 + (p[0] - cx) * scale, text_h + (height_px - text_h) / 2 - (p[1] - cy) * scale

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_px}" height="{height_px}" '
        f'viewBox="0 0 {width_px} {height_px}" role="img" aria-label="{escape(title or "stick figure")}">',
        f'<rect width="{width_px}" height="{height_px}" fill="white"/>',
    ]
    if title:
        out.append(f'<text x="8" y="18" font-family="sans-serif" font-size="14">{escape(title)}</text>')
    for i, text in enumerate(labels):
        y = 18 * (i + 1 + (1 if title else 0))
        out.append(f'<text x="8" y="{y}" font-family="sans-serif" font-size="12">{escape(text)}</text>')
    for i, fig in enumerate(figures):
        out.extend(_figure_svg(fig, xy, head_r * scale, dashed=fig.dashed or i > 0))
    out.append("</svg>")
    return "\n".join(out)


def _figure_svg(fig: Figure, xy: object, head_px: float, *, dashed: bool) -> list[str]:
    assert callable(xy)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    style = f'stroke="{fig.color}" stroke-width="3" stroke-linecap="round" fill="none"{dash}'
    out = [f'<g class="figure"><title>{escape(fig.label)}</title>']
    for a, b in _BONES:
        if a in fig.points and b in fig.points:
            (xa, ya), (xb, yb) = xy(fig.points[a]), xy(fig.points[b])
            out.append(f'<line x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" y2="{yb:.1f}" {style}/>')
    if "head" in fig.points:
        hx, hy = xy(fig.points["head"])
        out.append(f'<circle cx="{hx:.1f}" cy="{hy:.1f}" r="{head_px:.1f}" {style}/>')
    for name, text in fig.angle_labels.items():
        if name in fig.points:
            tx, ty = xy(fig.points[name])
            out.append(
                f'<text x="{tx + 6:.1f}" y="{ty - 4:.1f}" font-family="sans-serif" font-size="11" '
                f'fill="{fig.color}">{escape(text)}</text>'
            )
    out.append("</g>")
    return out


__all__ = ["POSE_KEYS", "Figure", "pose_figure", "stick_figure_svg"]
