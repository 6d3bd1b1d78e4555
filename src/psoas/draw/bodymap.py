"""The interactive body map: our own front and back outline, one shape per region and side.

Conventions: each view is drawn in a 200 x 400 box with the body's midline at x = 100. Shapes
are declared once for the half of the picture left of the midline and mirrored for the other
half. In the *front* view the person's right side is on the viewer's left; in the *back*
view the person's left side is on the viewer's left. Every shape carries ``data-region`` and
``data-side`` (``left``, ``right`` or ``center``) from :mod:`psoas.knowledge.vocab`, is focusable
(``role="button"``; one shape per view is in the tab order and the arrow keys move between
shapes head to feet) and has an ``aria-label`` in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from psoas.knowledge.vocab import MIDLINE_REGIONS, REGIONS

VIEW_WIDTH = 200
VIEW_HEIGHT = 400
MIDLINE_X = 100.0


@dataclass(frozen=True)
class Shape:
    """One region's outline on the left half of a view: ``kind`` is ellipse, rect or poly."""

    region: str
    kind: str
    points: tuple[float, ...]


# Shapes shared by both views (arms, legs below the thigh, head and neck).
_LIMBS: tuple[Shape, ...] = (
    Shape("head", "ellipse", (100, 30, 18, 22)),
    Shape("neck", "rect", (90, 52, 20, 16)),
    Shape("shoulder", "ellipse", (62, 76, 13, 11)),
    Shape("upper_arm", "rect", (44, 88, 17, 44)),
    Shape("elbow", "ellipse", (50, 140, 9, 8)),
    Shape("forearm", "rect", (39, 149, 15, 44)),
    Shape("wrist_hand", "ellipse", (43, 206, 10, 14)),
    Shape("hip", "ellipse", (69, 170, 8, 13)),
    Shape("thigh_side", "rect", (63, 186, 13, 64)),
    Shape("knee", "ellipse", (87, 265, 12, 11)),
    Shape("ankle", "ellipse", (87, 357, 8, 6)),
    Shape("foot", "ellipse", (83, 374, 15, 7)),
)

FRONT: tuple[Shape, ...] = (
    *_LIMBS,
    Shape("chest", "rect", (72, 68, 56, 46)),
    Shape("abdomen", "rect", (75, 116, 50, 42)),
    Shape("groin", "poly", (78, 160, 99, 160, 99, 186, 88, 184)),
    Shape("thigh_front", "rect", (77, 188, 22, 64)),
    Shape("shin", "rect", (79, 279, 16, 70)),
)

BACK: tuple[Shape, ...] = (
    *_LIMBS,
    Shape("upper_back", "rect", (72, 68, 56, 30)),
    Shape("mid_back", "rect", (73, 100, 54, 28)),
    Shape("low_back", "rect", (75, 130, 50, 28)),
    Shape("buttock", "ellipse", (86, 174, 13, 14)),
    Shape("thigh_back", "rect", (77, 192, 22, 60)),
    Shape("calf", "rect", (79, 279, 16, 70)),
)

VIEWS: dict[str, tuple[Shape, ...]] = {"front": FRONT, "back": BACK}


def _viewer_left_side(view: str) -> str:
    """Which body side the viewer's left half of the picture shows."""
    return "right" if view == "front" else "left"


def _mirror(shape: Shape) -> Shape:
    p = shape.points
    if shape.kind == "ellipse":
        return Shape(shape.region, "ellipse", (2 * MIDLINE_X - p[0], p[1], p[2], p[3]))
    if shape.kind == "rect":
        return Shape(shape.region, "rect", (2 * MIDLINE_X - p[0] - p[2], p[1], p[2], p[3]))
    mirrored: list[float] = []
    for i in range(0, len(p), 2):
        mirrored += [2 * MIDLINE_X - p[i], p[i + 1]]
    return Shape(shape.region, "poly", tuple(mirrored))


def _centre(shape: Shape) -> tuple[float, float]:
    p = shape.points
    if shape.kind == "ellipse":
        return p[0], p[1]
    if shape.kind == "rect":
        return p[0] + p[2] / 2, p[1] + p[3] / 2
    return sum(p[0::2]) / len(p[0::2]), sum(p[1::2]) / len(p[1::2])


def placed_shapes(view: str) -> list[tuple[Shape, str]]:
    """Every shape of ``view`` with its body side (midline regions: ``center``), head to feet.

    Shapes are ordered by height (then from the viewer's left), so keyboard order runs from the
    head down to the feet.
    """
    return sorted(_placed(view), key=lambda item: (round(_centre(item[0])[1] / 12), _centre(item[0])[0]))


def _placed(view: str) -> list[tuple[Shape, str]]:
    out: list[tuple[Shape, str]] = []
    for shape in VIEWS[view]:
        if shape.region in MIDLINE_REGIONS:
            out.append((shape, "center"))
            continue
        near = _viewer_left_side(view)
        far = "left" if near == "right" else "right"
        out.append((shape, near))
        out.append((_mirror(shape), far))
    return out


def region_label(region: str, side: str) -> str:
    """Plain words for a region on a side, e.g. ``left knee`` (the atlas's region words, declared once)."""
    from psoas.knowledge.atlas import load_atlas

    return load_atlas().region_words(region, side)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _shape_markup(shape: Shape, attrs: str) -> str:
    p = [_fmt(v) for v in shape.points]
    if shape.kind == "ellipse":
        return f'<ellipse cx="{p[0]}" cy="{p[1]}" rx="{p[2]}" ry="{p[3]}" {attrs}/>'
    if shape.kind == "rect":
        return f'<rect x="{p[0]}" y="{p[1]}" width="{p[2]}" height="{p[3]}" rx="6" {attrs}/>'
    pairs = " ".join(f"{p[i]},{p[i + 1]}" for i in range(0, len(p), 2))
    return f'<polygon points="{pairs}" {attrs}/>'


# The left half of the silhouette, top of the neck down the outside of the arm and leg, then up
# the inside of the leg to the crotch; mirrored for the right half.
_HALF_OUTLINE: tuple[tuple[float, float], ...] = (
    (91, 50),
    (90, 64),
    (70, 67),
    (54, 72),
    (44, 86),
    (38, 130),
    (32, 190),
    (30, 222),
    (44, 226),
    (52, 200),
    (58, 150),
    (63, 112),
    (66, 140),
    (62, 168),
    (60, 250),
    (72, 284),
    (76, 352),
    (66, 384),
    (98, 384),
    (96, 350),
    (98, 284),
    (99, 252),
    (100, 194),
)


def _silhouette_path() -> str:
    left = list(_HALF_OUTLINE)
    right = [(2 * MIDLINE_X - x, y) for x, y in reversed(left[:-1])]
    points = left + right
    return "M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in points) + " Z"


def _outline(view: str) -> str:
    """A soft silhouette behind the regions (decorative, hidden from assistive tech)."""
    near = _viewer_left_side(view)
    far = "left" if near == "right" else "right"
    return (
        '<g class="silhouette" aria-hidden="true">'
        '<ellipse cx="100" cy="30" rx="21" ry="25"/>'
        f'<path d="{_silhouette_path()}"/>'
        "</g>"
        f'<text class="side-mark" x="8" y="60">{near[0].upper()}</text>'
        f'<text class="side-mark" x="184" y="60">{far[0].upper()}</text>'
    )


def render_view(view: str, selected: frozenset[tuple[str, str]] = frozenset()) -> str:
    """One view of the body map as an SVG element (a string of markup)."""
    from psoas.draw.bodymap_zoom import group_of, zoom_attrs

    parts = [
        f'<svg class="bodymap-view" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" '
        f'role="group" aria-label="Body, {view} view" data-view="{view}" {zoom_attrs(placed_shapes(view))}>',
        _outline(view),
    ]
    for i, (shape, side) in enumerate(placed_shapes(view)):
        label = escape(f"{region_label(shape.region, side)} ({view})")
        pressed = "true" if (shape.region, side) in selected else "false"
        attrs = (
            f'class="region" data-region="{shape.region}" data-side="{side}" data-group="{group_of(shape.region, side)}" '
            f'tabindex="{0 if i == 0 else -1}" '
            f'role="button" aria-pressed="{pressed}" aria-label="{label}"'
        )
        parts.append(f"<g>{_shape_markup(shape, attrs)}<title>{label}</title></g>")
    parts.append("</svg>")
    return "".join(parts)


VIEW_CAPTIONS = {"front": "Front, as someone facing you sees you", "back": "Back, seen from behind"}


def render_bodymap(selected: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Front and back views side by side, each with its caption in page text."""
    return "".join(
        f'<div class="map-view"><p class="map-caption">{VIEW_CAPTIONS[view]}</p>{render_view(view, selected)}</div>'
        for view in ("front", "back")
    )


def covered_regions() -> set[str]:
    """Regions that appear on at least one view (every region of the vocabulary must)."""
    return {shape.region for view in VIEWS for shape, _ in placed_shapes(view)}


def regions_missing() -> list[str]:
    """Vocabulary regions without a shape; empty when the map is complete."""
    covered = covered_regions()
    return [r for r in REGIONS if r not in covered]
