"""Props for the figures (floor, mat, chair, bed or table, wall, doorway, cushion, book, phone), in metres.

Each prop is a list of primitive shapes in the figure's metric frame (x forward, y up), so the
scene can fit them into its view box together with the bodies and draw them behind them:
``("rect", x0, y0, x1, y1, fill, stroke)``, ``("ellipse", cx, cy, rx, ry, fill, stroke)``.
"""

from __future__ import annotations

from dataclasses import dataclass

Shape = tuple[str, float, float, float, float, str, str]

WOOD = ("#d7b48c", "#7a5a3a")
FABRIC = ("#cfe0f0", "#4d6f8f")
WALL = ("#ebe5da", "#a39a8a")
MAT = ("#9fcaa8", "#4f8a5c")
FLOOR = ("#dfe3e6", "#9aa5ae")
SEAT_HEIGHT = 0.45
TABLE_HEIGHT = 0.72
BED_HEIGHT = 0.55


@dataclass(frozen=True)
class Prop:
    """A prop placed by a body point of one position (``at``), moved by ``dx``/``dy`` metres.

    ``size`` is kind-specific: the length of a table or mat, the side of a chair's back (+1 on
    the right, -1 on the left, 0 none), or the side a wall or door frame stands on.
    """

    kind: str
    at: str = ""
    position: str = "end"
    dx: float = 0.0
    dy: float = 0.0
    size: float = 0.0


KINDS = ("mat", "chair", "table", "bed", "wall", "door", "cushion", "book", "phone", "bolster")


def _rect(x0: float, y0: float, x1: float, y1: float, colours: tuple[str, str]) -> Shape:
    return ("rect", min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), *colours)


def chair(x: float, seat_top: float, floor: float, back: float) -> list[Shape]:
    """A chair seen from the side: seat centred at ``x``, its top at ``seat_top``; back on side ``back``."""
    half, t = 0.22, 0.045
    out = [
        _rect(x - half + 0.01, floor, x - half + 0.045, seat_top - t, WOOD),
        _rect(x + half - 0.045, floor, x + half - 0.01, seat_top - t, WOOD),
    ]
    if back:
        bx = x + back * (half - 0.02)
        out.append(_rect(bx - 0.02, seat_top, bx + 0.02, seat_top + 0.42, WOOD))
    out.append(_rect(x - half, seat_top - t, x + half, seat_top, WOOD))
    return out


def table(x0: float, x1: float, top: float, floor: float, *, bed: bool = False) -> list[Shape]:
    """A table (or a bed, with a mattress) from ``x0`` to ``x1`` with its top surface at ``top``."""
    t = 0.16 if bed else 0.05
    inset = 0.06
    out = [
        _rect(x0 + inset, floor, x0 + inset + 0.05, top - t, WOOD),
        _rect(x1 - inset - 0.05, floor, x1 - inset, top - t, WOOD),
    ]
    if bed:
        out.append(_rect(x0, top - t, x1, top - t + 0.05, WOOD))
        out.append(_rect(x0, top - t + 0.05, x1, top, FABRIC))
    else:
        out.append(_rect(x0, top - t, x1, top, WOOD))
    return out


def wall(x: float, floor: float, side: float) -> list[Shape]:
    """A wall whose face is at ``x``, thick towards ``side`` (+1 right, -1 left)."""
    return [_rect(x, floor, x + (side or 1.0) * 0.12, floor + 2.0, WALL)]


def door(x: float, floor: float, side: float) -> list[Shape]:
    """A door frame seen from the side: the wall with its opening, the frame post at ``x``."""
    s = side or 1.0
    return [
        _rect(x - s * 0.3, floor, x - s * 0.06, floor + 2.2, WALL),
        _rect(x - s * 0.06, floor, x + s * 0.06, floor + 2.05, WOOD),
    ]


def cushion(x: float, floor: float) -> list[Shape]:
    """A cushion on the floor under a knee."""
    return [("ellipse", x, floor + 0.035, 0.13, 0.04, *FABRIC)]


def bolster(x: float, top: float) -> list[Shape]:
    """A round bolster lying on a surface at ``top``."""
    return [("ellipse", x, top + 0.07, 0.08, 0.07, *FABRIC)]


def book(x: float, floor: float) -> list[Shape]:
    """A paperback under the head."""
    return [_rect(x - 0.11, floor, x + 0.11, floor + 0.03, ("#e5b45a", "#8a6415"))]


def phone(x: float, floor: float, height: float) -> list[Shape]:
    """A phone on a stand at ``height`` above the floor, screen facing right."""
    return [
        _rect(x - 0.012, floor, x + 0.012, floor + height, ("#6c757d", "#343a40")),
        _rect(x - 0.15, floor, x + 0.15, floor + 0.02, ("#6c757d", "#343a40")),
        _rect(x - 0.02, floor + height, x + 0.03, floor + height + 0.15, ("#343a40", "#212529")),
    ]


def mat(x0: float, x1: float, floor: float) -> list[Shape]:
    """An exercise mat on the floor."""
    return [_rect(x0, floor, x1, floor + 0.02, MAT)]


def floor_band(x0: float, x1: float, floor: float) -> list[Shape]:
    """The floor itself, a band just below ``floor``."""
    return [_rect(x0, floor - 0.04, x1, floor, FLOOR)]
