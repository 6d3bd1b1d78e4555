"""Start and end pictures of each exercise, through the web's figure functions (one drawing path).

The *end* position is the web's exercise picture (:func:`psoas.web.figures.exercise_figure`). The
*start* position is a figure called ``<illustration>_start`` when the figure module has one (so
redrawn figures flow in without a change here), else a pose from :data:`START_POSES` drawn by the
same :func:`psoas.draw.stick_figure_svg`. Angles follow :mod:`psoas.draw` (degrees; the figure faces
right; ``trunk_lean_deg`` -90 is lying face up). An exercise with no separate start (lying on a
massage table) has one picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Final

LYING: Final[float] = -90.0
SITTING: Final[dict[str, float]] = {"hip_flexion_deg": 90, "knee_flexion_deg": 90}
STANDING: Final[dict[str, float]] = {}

# illustration -> (caption, pose) of the position the exercise starts from
START_POSES: Final[dict[str, tuple[str, dict[str, float]]]] = {
    "semi_supine_legs_on_chair": ("Start: lie on the back, legs long", {"trunk_lean_deg": LYING}),
    "half_kneeling_lunge": (
        "Start: half kneeling, trunk upright",
        {"hip_flexion_deg": 90, "knee_flexion_deg": 90, "far_hip_flexion_deg": 0, "far_knee_flexion_deg": 90},
    ),
    "supine_edge_of_bed": (
        "Start: on the back at the bed's edge, both knees hugged",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 120, "knee_flexion_deg": 120},
    ),
    "low_lunge": ("Start: standing tall", STANDING),
    "bridge": (
        "Start: on the back, knees bent, feet flat",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 45, "knee_flexion_deg": 100},
    ),
    "kneeling_lean_back": (
        "Start: kneeling upright, arms forward",
        {"knee_flexion_deg": 90, "shoulder_flexion_deg": 90},
    ),
    "supine_single_leg_stretch": (
        "Start: on the back, both knees in",
        {"trunk_lean_deg": -80, "hip_flexion_deg": 110, "knee_flexion_deg": 110, "shoulder_flexion_deg": 60},
    ),
    "standing_quad_stretch": ("Start: standing tall", STANDING),
    "standing_crossover_side_bend": ("Start: standing, arms by the sides", STANDING),
    "supine_90_90_hamstring": (
        "Start: thigh up, knee bent at a right angle",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 90, "knee_flexion_deg": 90, "far_hip_flexion_deg": 0},
    ),
    "chin_tuck": ("Start: sitting, head resting forward", SITTING | {"neck_flexion_deg": -15}),
    "chair_thoracic_extension": (
        "Start: sitting upright, hands behind the head",
        SITTING | {"shoulder_flexion_deg": 160, "elbow_flexion_deg": 130},
    ),
    "doorway_pec_stretch": (
        "Start: standing in the doorway, forearm on the frame",
        {"shoulder_flexion_deg": 0},
    ),
}


@dataclass(frozen=True)
class ExercisePictures:
    """SVG markup of the start and end positions ('' when there is no separate start)."""

    start: str
    end: str


@cache
def _start_figure(illustration: str) -> str:
    from psoas.web import figures

    drawn = figures.figure(f"{illustration}_start")
    if drawn:
        return drawn
    if illustration not in START_POSES:
        return ""
    from psoas.draw import stick_figure_svg

    title, pose = START_POSES[illustration]
    return str(stick_figure_svg(pose, title=title))


def exercise_pictures(item: dict[str, Any]) -> ExercisePictures:
    """Start and end pictures of one programme item (or library exercise)."""
    from psoas.web.figures import exercise_figure

    illustration = str(item.get("illustration") or "")
    exercise_id = str(item.get("exercise") or item.get("id") or "")
    return ExercisePictures(start=_start_figure(illustration), end=exercise_figure(illustration, exercise_id))
