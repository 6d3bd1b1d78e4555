"""The landmarks, limb lines and readings drawn over the cleaned photo, as SVG or PNG.

Corrected landmarks are drawn as squares, detected ones as circles; a landmark seen with low
confidence is drawn hollow. The level line, when given, is dashed.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Final
from xml.sax.saxutils import escape

if TYPE_CHECKING:  # pragma: no cover
    from psoas.photo.image import Photo
    from psoas.photo.measure import Measurement

BONES: Final = (
    ("left_ear", "left_shoulder"),
    ("right_ear", "right_shoulder"),
    ("left_shoulder", "right_shoulder"),
    ("left_shoulder", "left_hip"),
    ("right_shoulder", "right_hip"),
    ("left_hip", "right_hip"),
    ("left_hip", "left_knee"),
    ("right_hip", "right_knee"),
    ("left_knee", "left_ankle"),
    ("right_knee", "right_ankle"),
)
COLOURS: Final = {"left": "#0b7285", "right": "#c2255c", "nose": "#5f3dc4"}
UNITS: Final = {"ratio": ""}


def _colour(name: str) -> str:
    return COLOURS.get(name.split("_")[0], "#333333")


def text_lines(m: Measurement) -> list[str]:
    """The readings as short lines (also the CLI's text output)."""
    lines = []
    for name, value in m.reading.values.items():
        label = name.replace("_deg", "").replace("_", " ")
        if value is None:
            lines.append(f"{label}: cannot be measured")
        elif name.endswith("_deg"):
            lines.append(f"{label}: {value:.1f}°")
        else:
            lines.append(f"{label}: {value:.2f}")
    return lines


def svg(m: Measurement, photo: Photo | None = None) -> str:
    """An SVG of the photo (embedded as a data URL, when given) with the landmarks and readings."""
    width, height = m.size
    r = max(4.0, max(width, height) / 150)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Photo with landmarks">'
    ]
    if photo is not None:
        data = base64.b64encode(photo.jpeg()).decode("ascii")
        parts.append(f'<image href="data:image/jpeg;base64,{data}" width="{width}" height="{height}"/>')
    if m.level:
        (x1, y1), (x2, y2) = m.level
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#f08c00" '
            f'stroke-width="{r / 2:.1f}" stroke-dasharray="{2 * r:.0f}"/>'
        )
    for a, b in BONES:
        (x1, y1), (x2, y2) = m.points[a], m.points[b]
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_colour(a)}" '
            f'stroke-width="{r / 2:.1f}" opacity="0.8"/>'
        )
    for name, (x, y) in m.points.items():
        parts.append(_mark(name, x, y, r, m))
    size = 2.2 * r
    for i, line in enumerate(text_lines(m)):
        parts.append(
            f'<text x="{r:.0f}" y="{(i + 1.5) * size * 1.3:.0f}" font-size="{size:.0f}" '
            f'font-family="sans-serif" fill="#000" stroke="#fff" stroke-width="{size / 6:.1f}" '
            f'paint-order="stroke">{escape(line)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _mark(name: str, x: float, y: float, r: float, m: Measurement) -> str:
    colour = _colour(name)
    fill = colour if m.confidence.get(name, 0) >= 0.5 else "none"
    title = f"<title>{name.replace('_', ' ')}</title>"
    if name in m.corrected:
        return (
            f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" '
            f'fill="{fill}" stroke="{colour}" stroke-width="{r / 3:.1f}">{title}</rect>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" stroke="{colour}" '
        f'stroke-width="{r / 3:.1f}">{title}</circle>'
    )


def png(m: Measurement, photo: Photo) -> bytes:
    """A PNG of the photo with the landmarks, limb lines and readings drawn in."""
    import io

    from PIL import ImageDraw

    image = photo.image.copy()
    draw = ImageDraw.Draw(image)
    width, height = m.size
    r = max(4.0, max(width, height) / 150)
    if m.level:
        draw.line([m.level[0], m.level[1]], fill="#f08c00", width=max(1, int(r / 2)))
    for a, b in BONES:
        draw.line([m.points[a], m.points[b]], fill=_colour(a), width=max(1, int(r / 2)))
    for name, (x, y) in m.points.items():
        box = [x - r, y - r, x + r, y + r]
        fill = _colour(name) if m.confidence.get(name, 0) >= 0.5 else None
        if name in m.corrected:
            draw.rectangle(box, fill=fill, outline=_colour(name), width=2)
        else:
            draw.ellipse(box, fill=fill, outline=_colour(name), width=2)
    size = int(2.2 * r)
    for i, line in enumerate(text_lines(m)):
        draw.text(
            (r, (i + 0.5) * size * 1.3),
            line,
            fill="#000000",
            stroke_width=2,
            stroke_fill="#ffffff",
            font_size=size,
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
