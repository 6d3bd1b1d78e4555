"""Exercise and self-test pictures as page markup: start and end side by side, or animated.

The pictures themselves are the core's (:mod:`psoas.draw.pictures`, drawn from the body model);
this module only wraps them with captions in HTML, so captions stay legible at any width.
"""

from __future__ import annotations

from functools import cache
from html import escape

from psoas.draw.scene import Picture
from psoas.errors import NotFoundError


def _pair(picture: Picture, start_svg: str, end_svg: str) -> str:
    parts = ['<div class="fig-pair">']
    for number, (svg, position) in enumerate(((start_svg, "start"), (end_svg, "end")), start=1):
        words = escape(picture.words(position))
        parts.append(
            f'<div class="fig-pos">{svg}<p class="fig-cap"><span class="fig-num" aria-hidden="true">{number}</span> '
            f"<strong>{position.capitalize()}:</strong> {words}</p></div>"
        )
    parts.append("</div>")
    return "".join(parts)


@cache
def exercise_figure(illustration: str | None, exercise_id: str) -> str:
    """Start and end of an exercise (by its id; the illustration name is looked up by the core)."""
    from psoas.draw import pictures

    for name in (exercise_id, illustration):
        try:
            picture = pictures.exercise_picture(name or "")
        except NotFoundError:  # a new exercise without a picture yet: the page still shows
            continue
        return _pair(
            picture,
            pictures.exercise_figure(name or "", "start"),
            pictures.exercise_figure(name or "", "end"),
        )
    return ""


@cache
def exercise_player_figure(exercise_id: str) -> str:
    """The animated picture for the follow-along player, with both positions in words."""
    from psoas.draw import pictures

    try:
        picture = pictures.exercise_picture(exercise_id)
    except NotFoundError:
        return ""
    return (
        f"{pictures.exercise_animation(exercise_id)}"
        f'<p class="fig-cap"><strong>From:</strong> {escape(picture.start_words)}. '
        f"<strong>To:</strong> {escape(picture.end_words)}.</p>"
    )


@cache
def test_figure(test_id: str) -> str:
    """Start and end of a self-test, or '' when the core has no picture for it."""
    from psoas.draw import pictures

    try:
        picture = pictures.test_picture(test_id)
    except NotFoundError:
        return ""
    return _pair(picture, pictures.test_figure(test_id, "start"), pictures.test_figure(test_id, "end"))


def figure(name: str) -> str:
    """The picture called ``name`` (a self-test id, an exercise id or an illustration), or ''."""
    return test_figure(name) or exercise_figure(name, name)


def self_test_figures() -> dict[str, str]:
    """Pictures of the self-tests the wizard shows, by test id."""
    from psoas.knowledge.test_guides import TEST_GUIDES

    return {guide.id: test_figure(guide.id) for guide in TEST_GUIDES}
