"""Start and end pictures of each exercise for the printed handout (one drawing path with the web).

Both positions come from :func:`psoas.draw.pictures.exercise_figure`, the same SVG the web's gallery and
player show; the caption under each is the picture's own words for that position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psoas.errors import NotFoundError


@dataclass(frozen=True)
class ExercisePictures:
    """SVG markup of the start and end positions, with their words ('' when there is no picture)."""

    start: str
    end: str
    start_words: str = ""
    end_words: str = ""


def exercise_pictures(item: dict[str, Any]) -> ExercisePictures:
    """Start and end pictures of one programme item (or library exercise)."""
    from psoas.draw.pictures import exercise_figure, exercise_picture

    exercise_id = str(item.get("exercise") or item.get("id") or item.get("illustration") or "")
    try:
        picture = exercise_picture(exercise_id)
    except NotFoundError:
        return ExercisePictures("", "")
    return ExercisePictures(
        start=exercise_figure(exercise_id, "start"),
        end=exercise_figure(exercise_id, "end"),
        start_words=picture.start_words,
        end_words=picture.end_words,
    )
