"""The pictures psoas draws for its exercises and self-tests, as SVG text (for pages and documents).

Each picture is generated from the body model (:mod:`psoas.draw.poses`, :mod:`psoas.draw.selftests`):
joint angles for the start and end positions, props, and the arrow of the movement.

>>> svg = exercise_figure("constructive_rest", "end")
>>> svg.startswith("<svg") and 'role="img"' in svg
True
"""

from __future__ import annotations

from functools import cache
from typing import Final

from psoas.draw.poses import EXERCISE_PICTURES
from psoas.draw.scene import POSITIONS, Picture, render, render_animated
from psoas.draw.selftests import TEST_PICTURES
from psoas.errors import InputError, NotFoundError

__all__ = [
    "POSITIONS",
    "exercise_animation",
    "exercise_figure",
    "exercise_picture",
    "test_animation",
    "test_figure",
    "test_picture",
]
TESTS: Final[tuple[str, ...]] = tuple(TEST_PICTURES)


def _illustration(exercise_id: str) -> str:
    from psoas.knowledge.exercises import load_exercises

    lib = load_exercises()
    if exercise_id in EXERCISE_PICTURES:
        return exercise_id
    return lib.get(exercise_id).illustration or exercise_id


@cache
def exercise_picture(exercise_id: str) -> Picture:
    """The picture of an exercise (by its id or its illustration name)."""
    name = _illustration(exercise_id)
    if name not in EXERCISE_PICTURES:
        raise NotFoundError(f"no picture for exercise {exercise_id!r}")
    return EXERCISE_PICTURES[name]()


@cache
def test_picture(test_id: str) -> Picture:
    """The picture of a self-test (ids as in the atlas's ``[[tests]]``)."""
    if test_id not in TEST_PICTURES:
        raise NotFoundError(f"no picture for self-test {test_id!r}; known: {', '.join(TESTS)}")
    return TEST_PICTURES[test_id]()


def _position(position: str) -> str:
    if position not in POSITIONS:
        raise InputError("position", "must be start or end", POSITIONS)
    return position


@cache
def exercise_figure(exercise_id: str, position: str) -> str:
    """SVG of an exercise at its ``start`` or ``end`` position (the other as a pale ghost)."""
    return render(exercise_picture(exercise_id), _position(position))


@cache
def test_figure(test_id: str, position: str) -> str:
    """SVG of a self-test at its ``start`` or ``end`` position."""
    return render(test_picture(test_id), _position(position))


@cache
def exercise_animation(exercise_id: str) -> str:
    """SVG with in-between frames from start to end, for the follow-along player."""
    return render_animated(exercise_picture(exercise_id))


@cache
def test_animation(test_id: str) -> str:
    """SVG with in-between frames of a self-test."""
    return render_animated(test_picture(test_id))
