"""Bodies with volume: limbs, trunk and head drawn as outlined rounded segments, not lines.

A body is a mapping of named points in metres (x forward or to the viewer's right, y up), as
:func:`psoas.draw.pose_figure` (side view) or :func:`psoas.draw.front.front_points` (front view)
produce. Each segment is a capsule (a round-capped thick stroke) whose thickness is a fraction of
the body height; an outline is drawn by laying a slightly wider dark stroke under the fill, so
touching segments merge into one silhouette. The side view draws the far limbs darker and behind
the trunk and the near limbs in front, so depth reads at a glance.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from psoas.mechanics.reference import REFERENCE_HEIGHT_M

Point = tuple[float, float]
ToPx = Callable[[Point], Point]

# (from, to, thickness as a fraction of height); missing points are skipped
SIDE_FAR: tuple[tuple[str, str, float], ...] = (
    ("hip", "far_knee", 0.078),
    ("far_knee", "far_ankle", 0.056),
    ("far_ankle", "far_toe", 0.034),
    ("shoulder", "far_elbow", 0.046),
    ("far_elbow", "far_wrist", 0.038),
)
SIDE_TRUNK: tuple[tuple[str, str, float], ...] = (
    ("hip", "l5s1", 0.112),
    ("l5s1", "l3l4", 0.1),
    ("l3l4", "t12l1", 0.104),
    ("t12l1", "c7", 0.118),
    ("c7", "tragus", 0.05),
)
SIDE_NEAR: tuple[tuple[str, str, float], ...] = (
    ("hip", "knee", 0.08),
    ("knee", "ankle", 0.058),
    ("ankle", "toe", 0.035),
    ("shoulder", "elbow", 0.048),
    ("elbow", "wrist", 0.04),
)
FRONT_LIMBS: tuple[tuple[str, str, float], ...] = tuple(
    (f"{side}_{a}", f"{side}_{b}", w)
    for side in ("left", "right")
    for a, b, w in (
        ("hip", "knee", 0.085),
        ("knee", "ankle", 0.06),
        ("ankle", "toe", 0.04),
        ("shoulder", "elbow", 0.05),
        ("elbow", "wrist", 0.042),
    )
)
HEAD_R = 0.062  # head radius, fraction of height
HAND_R = 0.022


@dataclass(frozen=True)
class Look:
    """Colours of one drawn body."""

    near: str = "#9fd0cf"
    far: str = "#6fa3a6"
    trunk: str = "#b5dcd8"
    outline: str = "#1d3540"
    head: str = "#f1d9c6"


GHOST = Look(near="#e4e8eb", far="#d5dbe0", trunk="#e4e8eb", outline="#9aa5ae", head="#eef0f2")


def _strokes(
    points: Mapping[str, Point],
    segs: Sequence[tuple[str, str, float]],
    px: ToPx,
    unit: float,
    colour: str,
    pad: float,
) -> list[str]:
    out = []
    for a, b, w in segs:
        if a in points and b in points:
            (x1, y1), (x2, y2) = px(points[a]), px(points[b])
            width = w * unit + 2 * pad
            out.append(
                f'<path d="M{x1:.1f} {y1:.1f}L{x2:.1f} {y2:.1f}" stroke="{colour}" stroke-width="{width:.1f}"/>'
            )
    return out


def _layer(
    points: Mapping[str, Point],
    segs: Sequence[tuple[str, str, float]],
    px: ToPx,
    unit: float,
    fill: str,
    look: Look,
) -> list[str]:
    """One depth layer: all outlines first, then all fills, so the layer reads as one shape."""
    pad = max(1.2, 0.008 * unit)
    return [
        '<g stroke-linecap="round" fill="none">',
        *_strokes(points, segs, px, unit, look.outline, pad),
        *_strokes(points, segs, px, unit, fill, 0.0),
        "</g>",
    ]


def _round(
    points: Mapping[str, Point], name: str, r: float, px: ToPx, fill: str, look: Look, unit: float
) -> str:
    if name not in points:
        return ""
    x, y = px(points[name])
    pad = max(1.2, 0.008 * unit)
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r * unit:.1f}" fill="{fill}" stroke="{look.outline}" stroke-width="{pad:.1f}"/>'


def _face(points: Mapping[str, Point], px: ToPx, unit: float, look: Look) -> str:
    """A small nose on the head, pointing the way the face looks (side view only)."""
    if not {"head", "tragus"} <= points.keys():
        return ""
    (hx, hy), (tx, ty) = points["head"], points["tragus"]
    ux, uy = hx - tx, hy - ty
    norm = math.hypot(ux, uy) or 1.0
    fx, fy = uy / norm, -ux / norm  # the up-the-head direction turned 90 degrees towards the face
    r = HEAD_R * REFERENCE_HEIGHT_M
    tip = (hx + fx * r * 1.22 - ux / norm * 0.01, hy + fy * r * 1.22 - uy / norm * 0.01)
    base1 = (hx + fx * r * 0.85 + ux / norm * 0.025, hy + fy * r * 0.85 + uy / norm * 0.025)
    base2 = (hx + fx * r * 0.85 - ux / norm * 0.03, hy + fy * r * 0.85 - uy / norm * 0.03)
    pts = " ".join(f"{px(p)[0]:.1f},{px(p)[1]:.1f}" for p in (base1, tip, base2))
    eye = px((hx + fx * r * 0.45 + ux / norm * 0.02, hy + fy * r * 0.45 + uy / norm * 0.02))
    return (
        f'<polygon points="{pts}" fill="{look.head}" stroke="{look.outline}" stroke-width="1.2" stroke-linejoin="round"/>'
        f'<circle cx="{eye[0]:.1f}" cy="{eye[1]:.1f}" r="{max(1.2, 0.004 * unit):.1f}" fill="{look.outline}"/>'
    )


def side_body(points: Mapping[str, Point], px: ToPx, unit: float, look: Look = Look()) -> list[str]:
    """SVG elements of a side-view body: far limbs, trunk and head, near limbs, hands.

    ``unit`` is the body height in pixels (so thicknesses scale with the picture).
    """
    out = _layer(points, SIDE_FAR, px, unit, look.far, look)
    out.append(_round(points, "far_wrist", HAND_R, px, look.far, look, unit))
    out += _layer(points, SIDE_TRUNK, px, unit, look.trunk, look)
    out.append(_round(points, "head", HEAD_R, px, look.head, look, unit))
    out.append(_face(points, px, unit, look))
    out += _layer(points, SIDE_NEAR, px, unit, look.near, look)
    out.append(_round(points, "wrist", HAND_R, px, look.near, look, unit))
    return [o for o in out if o]


def front_body(
    points: Mapping[str, Point], px: ToPx, unit: float, look: Look = Look(), behind: str = ""
) -> list[str]:
    """SVG elements of a front-view body: trunk, legs and arms, head with the face towards us.

    ``behind`` names a leg (``left`` or ``right``) that passes behind the other, drawn first.
    """
    s = unit
    pad = max(1.2, 0.008 * s)
    back_leg = tuple(
        seg for seg in FRONT_LIMBS if behind and seg[0].startswith(f"{behind}_") and "hip" in seg[0]
    )
    back_leg += tuple(
        seg for seg in FRONT_LIMBS if behind and seg[0] in (f"{behind}_knee", f"{behind}_ankle")
    )
    out: list[str] = _layer(points, back_leg, px, s, look.far, look) if back_leg else []
    corners = ("left_shoulder", "right_shoulder", "right_hip", "left_hip")
    if all(c in points for c in corners):
        xy = " ".join(f"{px(points[c])[0]:.1f},{px(points[c])[1]:.1f}" for c in corners)
        out.append(
            f'<polygon points="{xy}" fill="{look.trunk}" stroke="{look.outline}" '
            f'stroke-width="{0.09 * s + 2 * pad:.1f}" stroke-linejoin="round"/>'
            f'<polygon points="{xy}" fill="{look.trunk}" stroke="{look.trunk}" '
            f'stroke-width="{0.09 * s:.1f}" stroke-linejoin="round"/>'
        )
    out += _layer(points, (("neck", "chin", 0.05),), px, s, look.trunk, look)
    out += _layer(points, tuple(seg for seg in FRONT_LIMBS if seg not in back_leg), px, s, look.near, look)
    for hand in ("left_wrist", "right_wrist"):
        out.append(_round(points, hand, HAND_R, px, look.near, look, s))
    out.append(_round(points, "head", HEAD_R, px, look.head, look, s))
    if "head" in points:
        hx, hy = px(points["head"])
        r = HEAD_R * s
        out.append(
            f'<circle cx="{hx - 0.35 * r:.1f}" cy="{hy - 0.1 * r:.1f}" r="{max(1.2, 0.004 * s):.1f}" fill="{look.outline}"/>'
            f'<circle cx="{hx + 0.35 * r:.1f}" cy="{hy - 0.1 * r:.1f}" r="{max(1.2, 0.004 * s):.1f}" fill="{look.outline}"/>'
        )
    return [o for o in out if o]


def extent(points: Mapping[str, Point], front: bool = False) -> tuple[float, float, float, float]:
    """The drawn body's bounds in metres (min x, max x, min y, max y), thickness included."""
    segs = FRONT_LIMBS if front else (*SIDE_FAR, *SIDE_TRUNK, *SIDE_NEAR)
    xs: list[float] = []
    ys: list[float] = []
    for a, b, w in segs:
        for name in (a, b):
            if name in points:
                r = w * REFERENCE_HEIGHT_M / 2
                xs += [points[name][0] - r, points[name][0] + r]
                ys += [points[name][1] - r, points[name][1] + r]
    for name in ("head", "left_hip", "right_hip", "left_shoulder", "right_shoulder"):
        if name in points:
            r = HEAD_R * REFERENCE_HEIGHT_M if name == "head" else 0.05
            xs += [points[name][0] - r, points[name][0] + r]
            ys += [points[name][1] - r, points[name][1] + r]
    return min(xs), max(xs), min(ys), max(ys)


def lowest(points: Mapping[str, Point], front: bool = False) -> float:
    """The lowest drawn y of a body (where the floor or a support touches it)."""
    return extent(points, front)[2]
