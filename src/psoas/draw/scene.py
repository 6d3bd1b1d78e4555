"""A picture of one movement: props, the body in its start and end positions, and an arrow.

A :class:`Picture` holds two poses (joint angles, side or front view), the point that stays put
between them (``anchor``), the props and short marks. :func:`render` draws one position with the
other as a pale ghost and the arrow of the movement; :func:`render_animated` draws in-between
frames (poses interpolated joint by joint) that the stylesheet cycles through. Text in the
picture is sized for the view box width, so at the smallest width the pages show it at (160 CSS
px) it is still at least 12 CSS px tall.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from psoas.draw import POSE_KEYS, pose_figure
from psoas.draw import props as P
from psoas.draw.front import FRONT_KEYS, front_points
from psoas.draw.marks import Arc, Mark, marks_svg
from psoas.draw.volume import GHOST, Look, extent, front_body, side_body
from psoas.mechanics.reference import REFERENCE_HEIGHT_M

Point = tuple[float, float]
POSITIONS = ("start", "end")
WIDTH_PX = 300.0
FONT_PX = 26.0  # in view-box units: >= 13 CSS px once the picture is 150 CSS px wide
MIN_SHOWN_WIDTH_PX = 150.0
FRAMES = 5
ARROW = "#c25a00"


@dataclass(frozen=True)
class Helper:
    """A second person (a therapist or helper), side view, facing left, placed by the anchor."""

    pose: Mapping[str, float]
    dx: float
    positions: tuple[str, ...] = ("end",)


@dataclass(frozen=True)
class Picture:
    """One movement from ``start`` to ``end`` (poses: see :mod:`psoas.draw` and :mod:`psoas.draw.front`)."""

    title: str
    start: Mapping[str, float]
    end: Mapping[str, float]
    start_words: str
    end_words: str
    view: str = "side"
    anchor: str = "hip"
    props: tuple[P.Prop, ...] = ()
    marks: tuple[Mark, ...] = ()
    arcs: tuple[Arc, ...] = ()
    arrow: str = ""
    floor_drop: float = 0.0
    behind: str = ""
    helper: Helper | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    def pose(self, position: str) -> Mapping[str, float]:
        """The joint angles of ``start`` or ``end``."""
        return self.start if position == "start" else self.end

    def words(self, position: str) -> str:
        """The caption of a position."""
        return self.start_words if position == "start" else self.end_words


def _effective(pose: Mapping[str, float], front: bool) -> dict[str, float]:
    """Every key with its value as drawn (far limbs default to the near ones in the side view)."""
    if front:
        return {k: float(pose.get(k, 0.0)) for k in FRONT_KEYS}
    out = {k: float(pose.get(k, 0.0)) for k in POSE_KEYS}
    for key in POSE_KEYS:
        if key.startswith("far_") and key not in pose:
            out[key] = out[key.removeprefix("far_")]
    return out


def points_of(picture: Picture, pose: Mapping[str, float]) -> dict[str, Point]:
    """Body points of a pose, moved so the anchor sits where it does in the start position."""
    front = picture.view == "front"

    def raw(p: Mapping[str, float]) -> dict[str, Point]:
        return front_points(p) if front else dict(pose_figure(p).points)

    base = raw(picture.start)[picture.anchor]
    pts = raw(pose)
    ax, ay = pts[picture.anchor]
    return {k: (x - ax + base[0], y - ay + base[1]) for k, (x, y) in pts.items()}


def interpolated(picture: Picture, t: float) -> dict[str, float]:
    """The pose a fraction ``t`` of the way from start to end, joint by joint."""
    front = picture.view == "front"
    a, b = _effective(picture.start, front), _effective(picture.end, front)
    return {k: a[k] + t * (b[k] - a[k]) for k in a}


def _helper_points(picture: Picture, floor: float) -> dict[str, Point]:
    assert picture.helper is not None
    pts = pose_figure(picture.helper.pose).points
    lowest = min(y for _x, y in pts.values()) - 0.035 * REFERENCE_HEIGHT_M
    base = points_of(picture, picture.start)[picture.anchor][0] + picture.helper.dx
    return {k: (base - x, y - lowest + floor) for k, (x, y) in pts.items()}


def _floor(picture: Picture, bodies: Mapping[str, Mapping[str, Point]]) -> float:
    """The floor: under a table or bed its height below the top, else under the lowest body part."""
    for prop in picture.props:
        if prop.kind in ("table", "bed"):
            top = bodies[prop.position][prop.at][1] + prop.dy
            return top - (P.BED_HEIGHT if prop.kind == "bed" else P.TABLE_HEIGHT)
    front = picture.view == "front"
    return min(extent(b, front)[2] for b in bodies.values()) - picture.floor_drop


def _prop_shapes(picture: Picture, bodies: Mapping[str, Mapping[str, Point]], floor: float) -> list[P.Shape]:
    xs = [x for b in bodies.values() for x, _y in b.values()]
    x0, x1 = min(xs) - 0.15, max(xs) + 0.15
    out: list[P.Shape] = []
    for prop in picture.props:
        px, py = bodies[prop.position][prop.at] if prop.at else (0.0, floor)
        x, y = px + prop.dx, py + prop.dy
        match prop.kind:
            case "mat":
                out += P.mat(x0, x1, floor)
            case "chair":
                out += P.chair(x, y, floor, prop.size)
            case "table" | "bed":
                length = prop.size or 1.9
                out += P.table(min(x, x - length), max(x, x - length), y, floor, bed=prop.kind == "bed")
            case "wall":
                out += P.wall(x, floor, prop.size)
            case "door":
                out += P.door(x, floor, prop.size)
            case "cushion":
                out += P.cushion(x, floor)
            case "bolster":
                out += P.bolster(x, y)
            case "book":
                out += P.book(x, floor)
            case "phone":
                out += P.phone(x, floor, prop.size or 1.0)
    return out


@dataclass(frozen=True)
class _Frame:
    """Everything placed in metres, and the metre-to-pixel mapping of the view box."""

    bodies: dict[str, dict[str, Point]]
    helper: dict[str, Point]
    shapes: list[P.Shape]
    floor: float
    x0: float
    y1: float
    scale: float
    height_px: float

    def px(self, p: Point) -> Point:
        return (p[0] - self.x0) * self.scale, (self.y1 - p[1]) * self.scale


def layout(picture: Picture) -> _Frame:
    """Place both positions, the floor and the props; fit them into the view box."""
    bodies = {pos: points_of(picture, picture.pose(pos)) for pos in POSITIONS}
    front = picture.view == "front"
    floor = _floor(picture, bodies)
    helper = _helper_points(picture, floor) if picture.helper else {}
    shapes = _prop_shapes(picture, bodies, floor)
    boxes = [extent(b, front) for b in bodies.values()] + ([extent(helper)] if helper else [])
    boxes += [_shape_box(s) for s in shapes]
    pad = 0.1
    x0, x1 = min(b[0] for b in boxes) - pad, max(b[1] for b in boxes) + pad
    y0, y1 = floor - 0.05, max(b[3] for b in boxes) + pad + 0.1
    span = max(x1 - x0, (y1 - y0) / 1.15)
    x0 -= (span - (x1 - x0)) / 2
    scale = WIDTH_PX / span
    shapes = P.floor_band(x0, x0 + span, floor) + shapes
    return _Frame(bodies, helper, shapes, floor, x0, y1, scale, (y1 - y0) * scale)


def _shape_box(shape: P.Shape) -> tuple[float, float, float, float]:
    kind, a, b, c, d = shape[:5]
    if kind == "ellipse":
        return a - c, a + c, b - d, b + d
    return a, c, b, d


def _shape_svg(frame: _Frame, shape: P.Shape) -> str:
    kind, a, b, c, d, fill, stroke = shape
    if kind == "ellipse":
        (cx, cy), s = frame.px((a, b)), frame.scale
        return f'<ellipse cx="{cx:.1f}" cy="{cy:.1f}" rx="{c * s:.1f}" ry="{d * s:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
    (xa, ya), (xb, yb) = frame.px((a, d)), frame.px((c, b))
    return (
        f'<rect x="{xa:.1f}" y="{ya:.1f}" width="{xb - xa:.1f}" height="{yb - ya:.1f}" rx="2" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
    )


def _body_svg(picture: Picture, frame: _Frame, pts: Mapping[str, Point], look: Look) -> list[str]:
    unit = REFERENCE_HEIGHT_M * frame.scale
    if picture.view == "front":
        return front_body(pts, frame.px, unit, look, behind=picture.behind)
    return side_body(pts, frame.px, unit, look)


def moving_point(picture: Picture, frame: _Frame) -> str:
    """The point the arrow follows: the named one, else the one that moves most."""
    a, b = frame.bodies["start"], frame.bodies["end"]
    if picture.arrow:
        return picture.arrow
    names = [n for n in a if n in b and n not in ("pelvis",)]
    return max(names, key=lambda n: math.dist(a[n], b[n]))


def arrow_svg(picture: Picture, frame: _Frame) -> str:
    """A curved arrow from the moving point's start to its end, bowed away from the body."""
    name = moving_point(picture, frame)
    p0, p1 = frame.px(frame.bodies["start"][name]), frame.px(frame.bodies["end"][name])
    dist = math.dist(p0, p1)
    if dist < 8:
        return ""
    centre = frame.px(frame.bodies["end"].get("hip", frame.bodies["end"].get("pelvis", (0.0, 0.0))))
    mx, my = (p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2
    nx, ny = -(p1[1] - p0[1]) / dist, (p1[0] - p0[0]) / dist
    if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
        nx, ny = -nx, -ny
    off = 0.06 * REFERENCE_HEIGHT_M * frame.scale
    a = (p0[0] + nx * off, p0[1] + ny * off)
    b = (p1[0] + nx * off, p1[1] + ny * off)
    ctl = (mx + nx * (off + 0.3 * dist), my + ny * (off + 0.3 * dist))
    tx, ty = b[0] - ctl[0], b[1] - ctl[1]
    tn = math.hypot(tx, ty) or 1.0
    tx, ty = tx / tn, ty / tn
    size = 16.0
    left = (b[0] - tx * size - ty * size * 0.55, b[1] - ty * size + tx * size * 0.55)
    right = (b[0] - tx * size + ty * size * 0.55, b[1] - ty * size - tx * size * 0.55)
    shaft_end = (b[0] - tx * size * 0.8, b[1] - ty * size * 0.8)
    return (
        f'<g class="move-arrow"><path d="M{a[0]:.1f} {a[1]:.1f}Q{ctl[0]:.1f} {ctl[1]:.1f} {shaft_end[0]:.1f} {shaft_end[1]:.1f}" '
        f'fill="none" stroke="{ARROW}" stroke-width="5" stroke-linecap="round"/>'
        f'<polygon points="{b[0]:.1f},{b[1]:.1f} {left[0]:.1f},{left[1]:.1f} {right[0]:.1f},{right[1]:.1f}" fill="{ARROW}"/></g>'
    )


def _open(frame: _Frame, label: str, cls: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {WIDTH_PX:g} {frame.height_px:.0f}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    )


def render(picture: Picture, position: str) -> str:
    """SVG of one position, the other as a pale ghost, with the movement's arrow and marks."""
    frame = layout(picture)
    other = "end" if position == "start" else "start"
    label = f"{picture.title}: {position}, {picture.words(position)}"
    out = [_open(frame, label, f"move-figure {position}")]
    out += [_shape_svg(frame, s) for s in frame.shapes]
    out.append('<g class="ghost" opacity="0.7">')
    out += _body_svg(picture, frame, frame.bodies[other], GHOST)
    out.append("</g>")
    if frame.helper and position in picture.helper.positions:  # type: ignore[union-attr]
        out += side_body(
            frame.helper,
            frame.px,
            REFERENCE_HEIGHT_M * frame.scale,
            Look(near="#e0c9a6", far="#c2a77e", trunk="#e8d5b5"),
        )
    out.append(f'<g class="figure body {position}">')
    out += _body_svg(picture, frame, frame.bodies[position], Look())
    out.append("</g>")
    out.append(arrow_svg(picture, frame))
    box = (WIDTH_PX, frame.height_px, FONT_PX)
    out += marks_svg(picture.marks, picture.arcs, frame.bodies[position], frame.px, position, box)
    out.append("</svg>")
    return "".join(out)


def render_animated(picture: Picture) -> str:
    """SVG with in-between frames (``frame f0`` … ``f4``) that the stylesheet shows in turn."""
    frame = layout(picture)
    label = f"{picture.title}: from {picture.start_words} to {picture.end_words}"
    out = [_open(frame, label, "move-figure animated")]
    out += [_shape_svg(frame, s) for s in frame.shapes]
    if frame.helper:
        out += side_body(
            frame.helper,
            frame.px,
            REFERENCE_HEIGHT_M * frame.scale,
            Look(near="#e0c9a6", far="#c2a77e", trunk="#e8d5b5"),
        )
    for i in range(FRAMES):
        pts = points_of(picture, interpolated(picture, i / (FRAMES - 1)))
        out.append(f'<g class="frame f{i}">')
        out += _body_svg(picture, frame, pts, Look())
        out.append("</g>")
    out.append(arrow_svg(picture, frame))
    out.append("</svg>")
    return "".join(out)
