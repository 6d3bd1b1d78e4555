"""The exercise pictures: start and end poses, props and captions for every illustration.

Poses are joint angles in the conventions of :mod:`psoas.draw` (side view: the figure faces
right, ``trunk_lean_deg`` -90 lies face up with the head to the left, +90 face down with the head
to the right; the near leg is the one named without ``far_``) or :mod:`psoas.draw.front`. Where a
foot or knee must stay on the floor while the body moves, :func:`leg_reaching` solves the leg's
hip and knee angles so the ankle lands on that spot (two-link inverse kinematics).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Final

from psoas.draw import pose_figure
from psoas.draw.props import Prop
from psoas.draw.scene import Helper, Mark, Picture
from psoas.mechanics.reference import REFERENCE_HEIGHT_M

H: Final[float] = REFERENCE_HEIGHT_M
"""Drawing height: the model's reference body (psoas.mechanics.reference)."""
LYING: Final[float] = -90.0
PRONE: Final[float] = 90.0


def leg_reaching(
    pose: Mapping[str, float], target: tuple[float, float], prefix: str = ""
) -> dict[str, float]:
    """``pose`` with the ``prefix`` leg's hip and knee set so its ankle sits at ``target`` (m from the hip)."""
    thigh, shank = 0.243 * H, 0.249 * H
    d = min(math.hypot(*target), thigh + shank - 1e-6)
    phi = math.degrees(math.atan2(target[0], target[1]))  # from up, clockwise towards +x
    alpha = math.degrees(math.acos((thigh**2 + d**2 - shank**2) / (2 * thigh * d)))
    gamma = math.degrees(math.acos((thigh**2 + shank**2 - d**2) / (2 * thigh * shank)))
    pelvis_up = pose.get("trunk_lean_deg", 0.0) - pose.get("lumbar_flexion_deg", 0.0) / 2
    thigh_dir = phi - alpha
    return {
        **pose,
        f"{prefix}hip_flexion_deg": pelvis_up + 180.0 - thigh_dir,
        f"{prefix}knee_flexion_deg": 180.0 - gamma,
    }


def _at(pose: Mapping[str, float], name: str) -> tuple[float, float]:
    return pose_figure(pose).points[name]


def _keep(
    start: Mapping[str, float], end: Mapping[str, float], anchor: str, contact: str, prefix: str
) -> dict[str, float]:
    """``end`` with one leg solved so ``contact`` stays where it is in ``start`` relative to ``anchor``."""
    a0, c0 = _at(start, anchor), _at(start, contact)
    a1 = _at(end, anchor)
    return leg_reaching(end, (c0[0] - a0[0] + a1[0], c0[1] - a0[1] + a1[1]), prefix)


def constructive_rest() -> Picture:
    start = {
        "trunk_lean_deg": LYING,
        "hip_flexion_deg": 55,
        "knee_flexion_deg": 105,
        "shoulder_flexion_deg": 15,
    }
    end = {"trunk_lean_deg": LYING, "hip_flexion_deg": 90, "knee_flexion_deg": 90, "shoulder_flexion_deg": 15}
    return Picture(
        "Constructive rest",
        start,
        end,
        "lie on your back near a chair, feet on the floor",
        "calves up on the seat, then let everything grow heavy",
        anchor="c7",
        props=(Prop("mat"), Prop("book", "head", "start"), Prop("chair", "ankle", "end", -0.17, -0.055, 1)),
        arrow="ankle",
    )


def _half_kneel(front_hip: float, back_hip: float, arms: float, lean: float = 0.0) -> dict[str, float]:
    pose = {"trunk_lean_deg": lean, "shoulder_flexion_deg": arms, "far_hip_flexion_deg": back_hip}
    pose["far_knee_flexion_deg"] = 90.0 + back_hip  # the back shin lies flat on the floor
    pose["hip_flexion_deg"], pose["knee_flexion_deg"] = front_hip, front_hip
    return pose


def half_kneeling() -> Picture:
    start = _half_kneel(90, -5, 0)
    end = _keep(start, _half_kneel(70, -25, 0, lean=-3), "far_knee", "ankle", "")
    return Picture(
        "Half-kneeling hip-flexor stretch",
        start,
        end,
        "kneel on a cushion, front foot flat, tailbone tucked",
        "shift forward until the front of the back hip pulls",
        anchor="far_knee",
        props=(Prop("mat"), Prop("cushion", "far_knee", "start")),
        arrow="hip",
    )


def low_lunge() -> Picture:
    start = _half_kneel(90, -5, 0)
    end = _keep(start, _half_kneel(55, -40, 170, lean=8), "far_knee", "ankle", "")
    return Picture(
        "Low lunge",
        start,
        end,
        "half kneel, hands on the front knee",
        "sink the hips forward and reach both arms up",
        anchor="far_knee",
        props=(Prop("mat"),),
        arrow="wrist",
    )


def edge_of_bed() -> Picture:
    hug = {"trunk_lean_deg": LYING, "hip_flexion_deg": 120, "knee_flexion_deg": 120}
    hug |= {"shoulder_flexion_deg": 30, "elbow_flexion_deg": 30}
    end = {
        **hug,
        "far_hip_flexion_deg": 120,
        "far_knee_flexion_deg": 120,
        "hip_flexion_deg": -15,
        "knee_flexion_deg": 75,
    }
    return Picture(
        "Hip-flexor stretch at the edge of the bed",
        {**hug, "far_hip_flexion_deg": 120, "far_knee_flexion_deg": 120},
        end,
        "lie with your hips at the edge, both knees hugged",
        "keep one knee hugged and let the other leg hang",
        props=(Prop("bed", "hip", "start", 0.1, -0.1, 1.9),),
        arrow="ankle",
    )


def bridge() -> Picture:
    start = leg_reaching({"trunk_lean_deg": LYING, "shoulder_flexion_deg": 0}, (0.5, -0.02))
    end = _keep(start, {"trunk_lean_deg": -116, "shoulder_flexion_deg": -26}, "c7", "ankle", "")
    return Picture(
        "Bridge",
        start,
        end,
        "lie on your back, knees bent, feet flat",
        "squeeze the buttocks and lift the hips into one line",
        anchor="c7",
        props=(Prop("mat"),),
        arrow="hip",
    )


def kneeling_lean_back() -> Picture:
    start = {"knee_flexion_deg": 90, "shoulder_flexion_deg": 90}
    end = {"trunk_lean_deg": -25, "knee_flexion_deg": 115, "shoulder_flexion_deg": 90}
    return Picture(
        "Pilates thigh stretch",
        start,
        end,
        "kneel tall, arms forward",
        "lean back in one line from knees to head",
        anchor="knee",
        props=(Prop("mat"),),
        arrow="head",
    )


def single_leg_stretch() -> Picture:
    base = {
        "trunk_lean_deg": -72,
        "neck_flexion_deg": 15,
        "shoulder_flexion_deg": 45,
        "elbow_flexion_deg": 30,
    }
    bent, long = (125.0, 120.0), (40.0, 0.0)
    start = base | {"hip_flexion_deg": bent[0], "knee_flexion_deg": bent[1]}
    start |= {"far_hip_flexion_deg": long[0], "far_knee_flexion_deg": long[1]}
    end = base | {"hip_flexion_deg": long[0], "knee_flexion_deg": long[1]}
    end |= {"far_hip_flexion_deg": bent[0], "far_knee_flexion_deg": bent[1]}
    return Picture(
        "Pilates single-leg stretch",
        start,
        end,
        "head up, one knee in, the other leg long",
        "switch legs with control",
        props=(Prop("mat"),),
        arrow="ankle",
    )


def standing_quad() -> Picture:
    wall_arm = {"far_shoulder_flexion_deg": 75, "far_elbow_flexion_deg": 10}
    start = {"shoulder_flexion_deg": 0, **wall_arm}
    end = {"trunk_lean_deg": 4, "hip_flexion_deg": -6, "knee_flexion_deg": 150, "far_hip_flexion_deg": -4}
    end |= {"far_knee_flexion_deg": 0, "shoulder_flexion_deg": -27, "elbow_flexion_deg": 0, **wall_arm}
    return Picture(
        "Standing front-of-thigh stretch",
        start,
        end,
        "stand tall, one hand on the wall",
        "hold the ankle and bring the heel towards the buttock",
        anchor="far_ankle",
        props=(Prop("wall", "far_wrist", "start", 0.04, 0.0, 1),),
        arrow="ankle",
    )


def crossover_side_bend() -> Picture:
    legs = {"left_foot_x": 0.005, "right_foot_x": 0.05}
    start = {**legs, "left_arm_deg": 8, "right_arm_deg": 8}
    end = {**legs, "side_bend_deg": 22, "hip_shift": -0.035, "right_arm_deg": 165, "right_elbow_deg": 25}
    end |= {"left_arm_deg": 25, "left_elbow_deg": 90}
    return Picture(
        "Standing crossover side-bend (seen from the front)",
        start,
        end,
        "stand with the right leg crossed behind the left",
        "reach the right arm over and bend to the left; push the right hip out",
        view="front",
        anchor="left_ankle",
        behind="right",
        arrow="right_wrist",
    )


THIGH_HELD_UP: Final[Mapping[str, float]] = {
    "trunk_lean_deg": LYING,
    "hip_flexion_deg": 90,
    "far_hip_flexion_deg": 0,
    "far_knee_flexion_deg": 0,
    "shoulder_flexion_deg": 115,
    "elbow_flexion_deg": 40,
}
"""Lying on the back, one thigh held upright by both hands (the 90/90 stretch and the 90-90 test)."""


def hamstring_90_90() -> Picture:
    base = dict(THIGH_HELD_UP)
    return Picture(
        "Hamstring 90/90 stretch",
        base | {"knee_flexion_deg": 90},
        base | {"knee_flexion_deg": 25},
        "lie down, hold one thigh upright, knee bent",
        "straighten the knee until the back of the thigh pulls",
        props=(Prop("mat"),),
        arrow="ankle",
    )


def _sitting(**more: float) -> dict[str, float]:
    return {
        "hip_flexion_deg": 90,
        "knee_flexion_deg": 90,
        "shoulder_flexion_deg": 15,
        "elbow_flexion_deg": 60,
        **more,
    }


def chin_tuck() -> Picture:
    return Picture(
        "Chin tucks",
        _sitting(neck_flexion_deg=28),
        _sitting(neck_flexion_deg=-4),
        "sit tall; the head drifts forward",
        "draw the chin straight back, eyes level",
        props=(Prop("chair", "hip", "start", 0.12, -0.07, -1),),
        arrow="head",
    )


def thoracic_extension() -> Picture:
    hands = {"shoulder_flexion_deg": 165, "elbow_flexion_deg": 140}
    return Picture(
        "Upper-back extension over a chair",
        _sitting(**hands),
        _sitting(trunk_lean_deg=-20, lumbar_flexion_deg=-6, **(hands | {"hip_flexion_deg": 73.0})),
        "sit back in the chair, hands behind the head",
        "arch the upper back over the chair back",
        props=(Prop("chair", "hip", "start", 0.12, -0.07, -1),),
        arrow="head",
    )


def doorway() -> Picture:
    arm = {"shoulder_flexion_deg": -80, "elbow_flexion_deg": -95}
    start = {**arm, "far_shoulder_flexion_deg": 0, "far_elbow_flexion_deg": 10}
    end = {
        **start,
        "trunk_lean_deg": 10,
        "far_hip_flexion_deg": 30,
        "far_knee_flexion_deg": 15,
        "hip_flexion_deg": -12,
    }
    return Picture(
        "Doorway chest stretch",
        start,
        end,
        "stand in a doorway, forearm on the frame",
        "step through until the front of the chest pulls",
        anchor="wrist",
        props=(Prop("door", "wrist", "start", -0.04, 0.0, 1),),
        arrow="hip",
    )


def massage_table() -> Picture:
    lying = {"trunk_lean_deg": PRONE, "shoulder_flexion_deg": 0, "ankle_dorsiflexion_deg": -40}
    return Picture(
        "Massage therapy",
        lying,
        lying,
        "lie face down on the massage table",
        "the therapist works on the tight muscles; say what you feel",
        props=(Prop("table", "head", "start", 0.2, -0.105, 2.0),),
        helper=Helper(
            {
                "trunk_lean_deg": 40,
                "hip_flexion_deg": 40,
                "shoulder_flexion_deg": 35,
                "elbow_flexion_deg": 10,
            },
            1.05,
        ),
    )


EXERCISE_PICTURES: Final[dict[str, Callable[[], Picture]]] = {
    "semi_supine_legs_on_chair": constructive_rest,
    "half_kneeling_lunge": half_kneeling,
    "supine_edge_of_bed": edge_of_bed,
    "low_lunge": low_lunge,
    "bridge": bridge,
    "kneeling_lean_back": kneeling_lean_back,
    "supine_single_leg_stretch": single_leg_stretch,
    "standing_quad_stretch": standing_quad,
    "standing_crossover_side_bend": crossover_side_bend,
    "supine_90_90_hamstring": hamstring_90_90,
    "chin_tuck": chin_tuck,
    "chair_thoracic_extension": thoracic_extension,
    "doorway_pec_stretch": doorway,
    "massage_table": massage_table,
}

__all__ = ["EXERCISE_PICTURES", "Mark", "leg_reaching"]
