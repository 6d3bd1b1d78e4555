"""Region groups of the body map, for zooming in on a phone so every region is a big target.

Each group names the regions it holds (arms per body side); :func:`zoom_boxes` gives, per view,
the box (in the 200 x 400 view units) around the group's shapes with a small margin. On a phone
the map shows the whole body first; a tap zooms to the tapped region's group, where each region
is at least 44 CSS px across (checked by the browser tests).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

GROUPS: Final[tuple[tuple[str, str, tuple[str, ...], str], ...]] = (
    ("head", "Head and shoulders", ("head", "neck", "shoulder"), ""),
    ("arm_right", "Right arm", ("upper_arm", "elbow", "forearm", "wrist_hand"), "right"),
    ("arm_left", "Left arm", ("upper_arm", "elbow", "forearm", "wrist_hand"), "left"),
    (
        "trunk",
        "Chest, belly and back",
        ("chest", "abdomen", "upper_back", "mid_back", "low_back", "buttock"),
        "",
    ),
    ("hips", "Hips and thighs", ("hip", "groin", "thigh_front", "thigh_back", "thigh_side"), ""),
    ("legs", "Knees to feet", ("knee", "shin", "calf", "ankle", "foot"), ""),
)
MARGIN = 3.0


def group_of(region: str, side: str) -> str:
    """The zoom group of a region on a side (every region of the map has one)."""
    for gid, _label, regions, only_side in GROUPS:
        if region in regions and (not only_side or only_side == side):
            return gid
    raise KeyError(f"no zoom group for {region} ({side})")


def _bounds(kind: str, p: tuple[float, ...]) -> tuple[float, float, float, float]:
    if kind == "ellipse":
        return p[0] - p[2], p[1] - p[3], p[0] + p[2], p[1] + p[3]
    if kind == "rect":
        return p[0], p[1], p[0] + p[2], p[1] + p[3]
    return min(p[0::2]), min(p[1::2]), max(p[0::2]), max(p[1::2])


def zoom_boxes(placed: Sequence[tuple[Any, str]]) -> dict[str, str]:
    """Per group, the ``"x y width height"`` box around its shapes (a view's placed shapes and sides)."""
    boxes: dict[str, list[float]] = {}
    for shape, side in placed:
        x0, y0, x1, y1 = _bounds(shape.kind, shape.points)
        gid = group_of(shape.region, side)
        box = boxes.setdefault(gid, [x0, y0, x1, y1])
        boxes[gid] = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    return {
        gid: f"{b[0] - MARGIN:g} {b[1] - MARGIN:g} {b[2] - b[0] + 2 * MARGIN:g} {b[3] - b[1] + 2 * MARGIN:g}"
        for gid, b in boxes.items()
    }


def zoom_attrs(placed: Sequence[tuple[Any, str]]) -> str:
    """The data attributes a view (its placed shapes) carries for the zoom script (HTML-escaped JSON)."""
    from html import escape

    groups = [[gid, label] for gid, label, _regions, _side in GROUPS]
    return f'data-zoom="{escape(json.dumps(zoom_boxes(placed)))}" data-groups="{escape(json.dumps(groups))}"'
