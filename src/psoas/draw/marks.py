"""Marks on a picture: short texts by a body point, and angle arcs showing what a self-test measures.

An :class:`Arc` is drawn at a joint (``vertex``) from a dashed reference ray (a fixed direction,
or the line through two body points, such as the thigh continued for a straight knee) to the
segment towards ``toward``: the angle a person or helper reads off. Everything is placed in the
picture's metric frame and mapped to pixels by the scene's ``px``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

Point = tuple[float, float]
ToPx = Callable[[Point], Point]
INK = "#1d2630"
ARC = "#7d3c98"


@dataclass(frozen=True)
class Mark:
    """A short text (an angle, a cut-off) next to a body point of one position."""

    at: str
    position: str
    text: str
    dx: float = 0.0
    dy: float = 0.0


@dataclass(frozen=True)
class Arc:
    """The angle at ``vertex`` from a reference to the segment towards ``toward`` (one position).

    ``ref`` is a direction in degrees (counter-clockwise from +x, y up) or two point names whose
    line (first to second) is the reference.
    """

    position: str
    vertex: str
    toward: str
    ref: float | tuple[str, str]
    radius: float = 0.22


def _direction(points: Mapping[str, Point], ref: float | tuple[str, str]) -> float:
    if isinstance(ref, tuple):
        (x0, y0), (x1, y1) = points[ref[0]], points[ref[1]]
        return math.degrees(math.atan2(y1 - y0, x1 - x0))
    return float(ref)


def arc_svg(arc: Arc, points: Mapping[str, Point], px: ToPx) -> str:
    """The dashed reference ray and the arc of one angle."""
    vx, vy = points[arc.vertex]
    a0 = _direction(points, arc.ref)
    tx, ty = points[arc.toward]
    a1 = math.degrees(math.atan2(ty - vy, tx - vx))
    turn = (a1 - a0 + 180.0) % 360.0 - 180.0
    r = arc.radius

    def at(angle: float, dist: float) -> Point:
        return px((vx + dist * math.cos(math.radians(angle)), vy + dist * math.sin(math.radians(angle))))

    (x0, y0), (x1, y1), (rx, ry) = at(a0, r), at(a0 + turn, r), at(a0, r * 1.7)
    (cx, cy) = px((vx, vy))
    radius_px = math.dist((cx, cy), (x0, y0))
    sweep = 1 if turn > 0 else 0  # counter-clockwise with y up is clockwise on screen
    return (
        f'<g class="angle-arc"><path d="M{cx:.1f} {cy:.1f}L{rx:.1f} {ry:.1f}" stroke="{ARC}" stroke-width="2.5" '
        f'stroke-dasharray="6 5" fill="none"/><path d="M{x0:.1f} {y0:.1f}A{radius_px:.1f} {radius_px:.1f} 0 0 '
        f'{sweep} {x1:.1f} {y1:.1f}" stroke="{ARC}" stroke-width="3" fill="none"/></g>'
    )


def text_svg(x: float, y: float, text: str, font_px: float, width_px: float) -> str:
    """A bold label with a white halo (its own element, so PDF renderers draw it behind too)."""
    anchor = "end" if x > width_px * 0.7 else ("start" if x < width_px * 0.3 else "middle")
    attrs = (
        f'x="{x:.1f}" y="{y:.1f}" font-size="{font_px:g}" text-anchor="{anchor}" '
        'font-family="sans-serif" font-weight="700"'
    )
    return (
        f'<text {attrs} fill="#fff" stroke="#fff" stroke-width="6" stroke-linejoin="round" '
        f'aria-hidden="true">{escape(text)}</text><text {attrs} fill="{INK}">{escape(text)}</text>'
    )


def marks_svg(
    marks: Sequence[Mark],
    arcs: Sequence[Arc],
    points: Mapping[str, Point],
    px: ToPx,
    position: str,
    box: tuple[float, float, float],
) -> list[str]:
    """Arcs, then texts, of one position; ``box`` is (width px, height px, font px)."""
    width, height, font = box
    out = [arc_svg(a, points, px) for a in arcs if a.position == position]
    for mark in marks:
        if mark.position != position or mark.at not in points:
            continue
        x, y = points[mark.at]
        tx, ty = px((x + mark.dx, y + mark.dy))
        out.append(
            text_svg(min(max(tx, 4.0), width - 4.0), min(max(ty, font), height - 4.0), mark.text, font, width)
        )
    return out
