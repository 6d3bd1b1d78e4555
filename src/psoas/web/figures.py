"""Stick-figure pictures for the self-tests and the exercises, drawn by :func:`psoas.draw.stick_figure_svg`.

Each picture is a side view from joint angles in degrees (conventions of :mod:`psoas.draw`: the
figure faces right; ``trunk_lean_deg`` -90 is lying face up with the head to the left; the *near*
leg is the one named without ``far_``). The Thomas-test picture comes from the posture model
(:func:`psoas.mechanics.simulate`): the hanging leg of a body whose psoas is 20 % short, drawn
over the same body with normal length (dashed). Pictures are built once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from psoas.errors import PsoasError

LYING: Final[float] = -90.0
TIGHT_PSOAS_FRACTION: Final[float] = 0.2

# name -> (title, pose); names are the exercise library's ``illustration`` values and the test ids
POSES: Final[dict[str, tuple[str, dict[str, float]]]] = {
    "semi_supine_legs_on_chair": (
        "Lying on the back, calves on a chair",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 90, "knee_flexion_deg": 90},
    ),
    "half_kneeling_lunge": (
        "Half kneeling, pelvis tucked",
        {
            "hip_flexion_deg": 90,
            "knee_flexion_deg": 90,
            "far_hip_flexion_deg": -15,
            "far_knee_flexion_deg": 75,
        },
    ),
    "supine_edge_of_bed": (
        "At the edge of the bed: one knee hugged, the other leg hanging",
        {
            "trunk_lean_deg": LYING,
            "hip_flexion_deg": -15,
            "knee_flexion_deg": 75,
            "far_hip_flexion_deg": 120,
            "far_knee_flexion_deg": 120,
        },
    ),
    "low_lunge": (
        "Low lunge",
        {
            "hip_flexion_deg": 100,
            "knee_flexion_deg": 100,
            "far_hip_flexion_deg": -35,
            "far_knee_flexion_deg": 55,
        },
    ),
    "bridge": (
        "Bridge: hips lifted",
        {
            "trunk_lean_deg": -108,
            "hip_flexion_deg": 18,
            "knee_flexion_deg": 100,
            "ankle_dorsiflexion_deg": 10,
        },
    ),
    "kneeling_lean_back": (
        "Kneeling, leaning back in one line from knees to head",
        {"trunk_lean_deg": -25, "knee_flexion_deg": 115, "shoulder_flexion_deg": 90},
    ),
    "supine_single_leg_stretch": (
        "One knee in, the other leg long",
        {
            "trunk_lean_deg": -80,
            "hip_flexion_deg": 110,
            "knee_flexion_deg": 110,
            "far_hip_flexion_deg": 35,
            "far_knee_flexion_deg": 0,
            "shoulder_flexion_deg": 60,
        },
    ),
    "standing_quad_stretch": (
        "Standing, heel towards the buttock",
        {"knee_flexion_deg": 140, "far_knee_flexion_deg": 0, "shoulder_flexion_deg": -20},
    ),
    "standing_crossover_side_bend": ("Standing, arm overhead", {"shoulder_flexion_deg": 170}),
    "supine_90_90_hamstring": (
        "Thigh up, knee straightening",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 90, "knee_flexion_deg": 25, "far_hip_flexion_deg": 0},
    ),
    "chin_tuck": (
        "Sitting tall, chin drawn back",
        {"hip_flexion_deg": 90, "knee_flexion_deg": 90, "neck_flexion_deg": 8},
    ),
    "chair_thoracic_extension": (
        "Sitting, upper back arching over the chair back",
        {
            "trunk_lean_deg": -15,
            "hip_flexion_deg": 100,
            "knee_flexion_deg": 90,
            "shoulder_flexion_deg": 160,
            "elbow_flexion_deg": 130,
        },
    ),
    "doorway_pec_stretch": (
        "Standing in a doorway, arm back",
        {"trunk_lean_deg": 8, "shoulder_flexion_deg": -60, "far_hip_flexion_deg": -10},
    ),
    "massage_table": ("Lying on a massage table", {"trunk_lean_deg": 90}),
    "knee_extension_90_90": (
        "90-90 knee extension",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 90, "knee_flexion_deg": 20, "far_hip_flexion_deg": 0},
    ),
    "straight_leg_raise": (
        "Straight-leg raise",
        {"trunk_lean_deg": LYING, "hip_flexion_deg": 60, "knee_flexion_deg": 0, "far_hip_flexion_deg": 0},
    ),
    "hip_internal_rotation": (
        "Sitting, knees bent over the edge (seen from the side)",
        {"hip_flexion_deg": 90, "knee_flexion_deg": 90},
    ),
}


def _thomas_pose(hip_angle_deg: float, knee_angle_deg: float) -> dict[str, float]:
    """The Thomas position: far knee hugged, near thigh ``hip_angle_deg`` above horizontal, knee bent."""
    return {
        "trunk_lean_deg": LYING,
        "hip_flexion_deg": hip_angle_deg,
        "knee_flexion_deg": knee_angle_deg,
        "far_hip_flexion_deg": 125,
        "far_knee_flexion_deg": 120,
        "shoulder_flexion_deg": 150,
        "elbow_flexion_deg": 90,
    }


@cache
def thomas_figure() -> str:
    """The Thomas test from the posture model: short iliopsoas (solid) over normal length (dashed)."""
    from psoas.draw import stick_figure_svg
    from psoas.mechanics.forward import simulate

    try:
        normal = simulate({}).thomas
        tight = simulate({"psoas": TIGHT_PSOAS_FRACTION}).thomas
    except PsoasError:
        return ""
    if None in (normal["hip_angle_deg"], tight["hip_angle_deg"], normal["knee_angle_deg"]):
        return ""
    tight_pose = _thomas_pose(float(tight["hip_angle_deg"] or 0), float(tight["knee_angle_deg"] or 0))
    normal_pose = _thomas_pose(float(normal["hip_angle_deg"] or 0), float(normal["knee_angle_deg"] or 0))
    labels = (
        f"solid: psoas {TIGHT_PSOAS_FRACTION:.0%} short, thigh {tight['hip_angle_deg']:+.0f}° (model)",
        f"dashed: normal length, thigh {normal['hip_angle_deg']:+.0f}°",
    )
    return str(stick_figure_svg(tight_pose, overlay=[normal_pose], labels=labels, title="Thomas test"))


@cache
def figure(name: str) -> str:
    """The picture called ``name`` (an illustration or a test id), or '' when there is none."""
    if name == "thomas":
        return thomas_figure()
    if name not in POSES:
        return ""
    from psoas.draw import stick_figure_svg

    title, pose = POSES[name]
    return str(stick_figure_svg(pose, title=title))


def exercise_figure(illustration: str | None, exercise_id: str) -> str:
    """The picture of an exercise (by its illustration name, else its id)."""
    return figure(illustration or "") or figure(exercise_id)


def self_test_figures() -> dict[str, str]:
    """Pictures of the self-tests, by test id."""
    from psoas.web.content import TEST_GUIDES

    return {guide.id: figure(guide.figure) for guide in TEST_GUIDES}
