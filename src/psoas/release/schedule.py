"""Doses and the programme over time: age-adjusted holds, minutes per session, the learn / full-dose /
maintenance phases and the maintenance plan after the review.

Doses follow the ACSM static stretching guideline (hold 30 s under 65, 60 s from 65); the programme is
reviewed after 6 weeks (evidence.md §4), then kept up about 3 days a week. Times are seconds (``hold_s``,
``rest_s``) or minutes (``duration_min``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:  # pragma: no cover
    from psoas.knowledge.exercises import Exercise
    from psoas.release.programme import ProgramItem

OLDER_ADULT_AGE: Final[int] = 65
STRETCH_HOLD_S: Final[float] = 30.0
OLDER_STRETCH_HOLD_S: Final[float] = 60.0
REVIEW_AFTER_WEEKS: Final[int] = 6
LEARN_WEEKS: Final[int] = 2
MAINTENANCE_DAYS_PER_WEEK: Final[int] = 3


def personal_dose(ex: Exercise, age: int) -> dict[str, float | int]:
    """The library dose adjusted for age: stretches hold 30 s under 65 and 60 s from 65 (ACSM)."""
    dose = ex.dose.to_dict()
    if ex.kind == "stretch":
        dose["hold_s"] = OLDER_STRETCH_HOLD_S if age >= OLDER_ADULT_AGE else STRETCH_HOLD_S
    return dose


def item_minutes(dose: dict[str, float | int], n_sides: int) -> float:
    """Minutes for one session: holds × reps × sets × sides plus a rest after each repetition.

    >>> item_minutes({"hold_s": 30, "reps": 2, "sets": 1, "rest_s": 10}, 2)
    2.67
    """
    if "duration_min" in dose:
        return round(float(dose["duration_min"]), 2)
    repetitions = int(dose["reps"]) * int(dose["sets"]) * n_sides
    seconds = repetitions * (float(dose["hold_s"]) + float(dose["rest_s"]))
    return round(seconds / 60.0, 2)


def phases(today: datetime.date, review_weeks: int, soon: bool) -> tuple[dict[str, Any], ...]:
    def day(week: int) -> str:
        return (today + datetime.timedelta(weeks=week)).isoformat()

    learn = (
        "Learn each position: one repetition per side at mild tension, easier versions whenever a position "
        "feels awkward."
    )
    if soon:
        learn += " Stay at this gentle level until a clinician has seen you."
    return (
        {"name": "learn", "from_week": 1, "to_week": LEARN_WEEKS, "start_date": day(0), "guidance": learn},
        {
            "name": "full_dose",
            "from_week": LEARN_WEEKS + 1,
            "to_week": review_weeks,
            "start_date": day(LEARN_WEEKS),
            "guidance": "The full dose as listed: daily items every day, the others on their days.",
        },
        {
            "name": "maintenance",
            "from_week": review_weeks + 1,
            "to_week": None,
            "start_date": day(review_weeks),
            "guidance": (
                f"If the review shows it helps, keep going about {MAINTENANCE_DAYS_PER_WEEK} days a week and "
                "move to the harder versions (progressions) where they feel comfortable."
            ),
        },
    )


def maintenance(items: Sequence[ProgramItem], review_date: datetime.date) -> dict[str, Any]:
    visits = [int(i.dose["visit_every_weeks"]) for i in items if "visit_every_weeks" in i.dose]
    return {
        "from_date": review_date.isoformat(),
        "days_per_week": MAINTENANCE_DAYS_PER_WEEK,
        "massage_every_weeks": min(visits) if visits else None,
        "massage_optional": True,
        "review": (
            "At the review, rate your pain (0-10) and the activities you chose at the start again, "
            "and repeat the self-tests; a change of about 2 points is one you would notice."
        ),
    }
