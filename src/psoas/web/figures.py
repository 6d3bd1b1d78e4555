"""Stick-figure pictures for self-tests and exercises, drawn by :mod:`psoas.draw` from the body model.

Each function returns inline SVG markup, or an empty string when the drawing package has no
picture for that name (the page then shows the written steps alone).
"""

from __future__ import annotations

from typing import Any


def _draw_module() -> Any:
    try:
        from psoas import draw
    except ImportError:  # the pictures package is optional at run time
        return None
    return draw


def _svg(name: str | None) -> str:
    draw = _draw_module()
    if draw is None or not name:
        return ""
    render = getattr(draw, "figure_svg", None)
    if render is None:
        return ""
    try:
        return str(render(name))
    except (KeyError, ValueError, LookupError):
        return ""


def exercise_figure(illustration: str | None, exercise_id: str) -> str:
    """The picture of an exercise (by its illustration name, else its id)."""
    return _svg(illustration) or _svg(exercise_id)


def test_figures() -> dict[str, str]:
    """Pictures of the self-tests, by test id."""
    from psoas.web.content import TEST_GUIDES

    return {guide.id: _svg(guide.figure) for guide in TEST_GUIDES}
