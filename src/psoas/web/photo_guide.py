"""Capture guidance drawn as pictures (inline SVG): how to take a photo psoas can measure.

Each view gets a few small panels, each a drawing with a one-line caption: camera height and
distance, a level phone, the whole body in the frame, and for the Thomas test which knee to hug.
"""

from __future__ import annotations

from typing import Final

INK: Final = "#1f2933"
ACCENT: Final = "#0b7285"
WARN: Final = "#c2255c"


def _svg(body: str, label: str) -> str:
    return (
        f'<svg viewBox="0 0 200 120" width="200" height="120" role="img" aria-label="{label}" '
        f'class="guide-picture"><rect width="200" height="120" fill="#f8f9fa"/>{body}</svg>'
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, colour: str = INK, width: float = 4, dash: str = ""
) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="{width}" '
        f'stroke-linecap="round"{extra}/>'
    )


def _head(x: float, y: float, colour: str = INK) -> str:
    return f'<circle cx="{x}" cy="{y}" r="7" fill="{colour}"/>'


def _phone(x: float, y: float) -> str:
    """A phone on a tripod, side-on, with a bubble level."""
    return (
        f'<rect x="{x - 4}" y="{y - 10}" width="8" height="20" rx="2" fill="{ACCENT}"/>'
        + _line(x, y + 10, x - 8, 112, INK, 2)
        + _line(x, y + 10, x + 8, 112, INK, 2)
        + f'<rect x="{x - 12}" y="{y - 22}" width="24" height="7" rx="3" fill="none" stroke="{INK}"/>'
        + f'<circle cx="{x}" cy="{y - 18.5}" r="2.5" fill="{ACCENT}"/>'
    )


def _table() -> str:
    return (
        '<rect x="70" y="62" width="80" height="8" fill="#b08968"/>'
        + _line(78, 70, 78, 112, "#7f5539", 4)
        + _line(142, 70, 142, 112, "#7f5539", 4)
    )


def _thomas_figure(colour: str = INK) -> str:
    """Lying on the table, head left; right knee hugged; left leg hanging over the edge at x=150."""
    return (
        _head(82, 52, colour)
        + _line(90, 56, 150, 56, colour)  # trunk
        + _line(150, 56, 128, 34, colour)  # hugged thigh
        + _line(128, 34, 112, 48, colour)  # hugged shank
        + _line(100, 56, 126, 36, colour, 3)  # arm around the knee
        + _line(150, 56, 176, 62, colour)  # hanging thigh
        + _line(176, 62, 180, 96, colour)  # hanging shank
    )


def _standing(x: float, colour: str = INK, front: bool = False) -> str:
    body = _head(x, 22, colour) + _line(x, 30, x, 62, colour)
    if front:
        return (
            body
            + _line(x - 10, 34, x + 10, 34, colour)
            + _line(x - 6, 62, x - 7, 108, colour)
            + _line(x + 6, 62, x + 7, 108, colour)
            + _line(x - 10, 34, x - 13, 62, colour, 3)
            + _line(x + 10, 34, x + 13, 62, colour, 3)
        )
    return (
        body
        + _line(x, 62, x + 1, 108, colour)
        + _line(x + 1, 108, x + 9, 108, colour)
        + _line(x, 34, x + 2, 62, colour, 3)
    )


def _frame() -> str:
    return f'<rect x="6" y="6" width="188" height="108" fill="none" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="6 4"/>'


def _thomas_panels() -> list[tuple[str, str]]:
    camera = _table() + _thomas_figure() + _phone(28, 60) + _line(34, 60, 150, 60, ACCENT, 1.5, "4 3")
    return [
        (
            "Phone level, at table height, 2-3 m away, looking straight at the hip from the side",
            _svg(camera, "camera at table height"),
        ),
        (
            "Whole body in the picture, the table edge too",
            _svg(_table() + _thomas_figure() + _frame(), "whole body in frame"),
        ),
        (
            "Hug the other knee to the chest and keep the low back flat: this holds the pelvis",
            _svg(
                _table()
                + _thomas_figure()
                + f'<circle cx="126" cy="38" r="14" fill="none" stroke="{WARN}" stroke-width="2.5"/>',
                "hug the other knee",
            ),
        ),
        (
            "The leg you measure hangs over the edge, relaxed, on the camera's side",
            _svg(
                _table()
                + _thomas_figure()
                + f'<circle cx="176" cy="70" r="16" fill="none" stroke="{WARN}" stroke-width="2.5"/>',
                "hanging leg towards the camera",
            ),
        ),
    ]


def _side_panels() -> list[tuple[str, str]]:
    camera = _standing(140) + _phone(30, 62) + _line(36, 62, 136, 62, ACCENT, 1.5, "4 3")
    return [
        ("Phone level at hip height, 2-3 m away, side-on", _svg(camera, "camera at hip height, side-on")),
        ("Whole body in the picture, feet included", _svg(_standing(100) + _frame(), "whole body in frame")),
        (
            "Stand relaxed, arms hanging, looking ahead; tight clothes or shorts",
            _svg(_standing(100, ACCENT), "stand relaxed"),
        ),
    ]


def _front_panels() -> list[tuple[str, str]]:
    camera = _standing(140, front=True) + _phone(30, 62) + _line(36, 62, 126, 62, ACCENT, 1.5, "4 3")
    return [
        (
            "Face the camera; phone level at hip height, 2-3 m away",
            _svg(camera, "camera at hip height, in front"),
        ),
        (
            "Whole body in the picture, feet apart at hip width",
            _svg(_standing(100, front=True) + _frame(), "whole body in frame"),
        ),
    ]


def guide_svgs(view: str) -> list[tuple[str, str]]:
    """(caption, SVG) panels for a view: thomas, side or front."""
    return {"thomas": _thomas_panels, "side": _side_panels, "front": _front_panels}[view]()
