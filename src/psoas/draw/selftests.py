"""Self-test pictures: start and end positions with the typical reading taken from the core.

The end position of a measured test is drawn at the atlas's *normal* reading (the finding's
``normal_mean``), with the cut-off the core uses written beside it, so the picture and the
reasoning can never disagree. The Thomas test's end position comes from the posture model
(:func:`psoas.mechanics.simulate`): the hanging thigh of a body with normal hip-flexor length.
The hip-rotation test is drawn from the front, where the rotation shows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Final

from psoas.draw.marks import Arc, Mark
from psoas.draw.poses import THIGH_HELD_UP
from psoas.draw.props import Prop
from psoas.draw.scene import Picture

LYING: Final[float] = -90.0
HUG: Final[dict[str, float]] = {"far_hip_flexion_deg": 125, "far_knee_flexion_deg": 120}
ARMS_HUG: Final[dict[str, float]] = {"shoulder_flexion_deg": 60, "elbow_flexion_deg": 80}


def _normal(finding: str) -> float:
    from psoas.knowledge.atlas import load_atlas

    value = load_atlas().findings[finding].normal_mean
    assert value is not None, finding
    return float(value)


@cache
def thomas_angles() -> tuple[float, float]:
    """(thigh above horizontal, knee bend) in degrees of a body with normal hip flexors (the model)."""
    from psoas.errors import PsoasError
    from psoas.mechanics.forward import simulate

    try:
        thomas = simulate({}).thomas
    except PsoasError:
        return _normal("thomas_hip"), _normal("thomas_knee")
    hip, knee = thomas["hip_angle_deg"], thomas["knee_angle_deg"]
    if hip is None or knee is None:
        return _normal("thomas_hip"), _normal("thomas_knee")
    return float(hip), float(knee)


def level_words(angle: float) -> str:
    """A thigh angle in words: ``-12`` → ``12° below level``."""
    return f"{abs(angle):.0f}° {'below' if angle < 0 else 'above'} level"


def thomas() -> Picture:
    hip, knee = thomas_angles()
    base = {"trunk_lean_deg": LYING, **HUG, **ARMS_HUG}
    return Picture(
        "Thomas test",
        base | {"hip_flexion_deg": 125, "knee_flexion_deg": 120},
        base | {"hip_flexion_deg": hip, "knee_flexion_deg": knee},
        "lie back on the table end hugging both knees",
        f"keep one knee hugged, let the other leg hang: normal is the thigh {level_words(hip)}",
        props=(Prop("table", "hip", "start", 0.06, -0.1, 1.9),),
        marks=(Mark("knee", "end", f"{hip:+.0f}°", 0.42, 0.06),),
        arcs=(Arc("end", "hip", "knee", 0.0, 0.3),),
        arrow="ankle",
    )


def knee_extension() -> Picture:
    deficit = _normal("ake_deficit")
    base = dict(THIGH_HELD_UP)
    return Picture(
        "90-90 knee extension",
        base | {"knee_flexion_deg": 90},
        base | {"knee_flexion_deg": deficit},
        "lie down, hold one thigh upright, knee bent",
        f"straighten the knee; typical is about {deficit:.0f}° short of straight",
        props=(Prop("mat"),),
        marks=(Mark("ankle", "end", f"{deficit:.0f}° short", 0.02, 0.12),),
        arcs=(Arc("end", "knee", "ankle", ("hip", "knee"), 0.25),),
        arrow="ankle",
    )


def straight_leg_raise() -> Picture:
    angle = _normal("slr_limited")
    base = {
        "trunk_lean_deg": LYING,
        "knee_flexion_deg": 0,
        "far_hip_flexion_deg": 0,
        "shoulder_flexion_deg": 10,
    }
    return Picture(
        "Straight-leg raise",
        base | {"hip_flexion_deg": 0},
        base | {"hip_flexion_deg": angle},
        "lie on your back, both legs straight",
        f"the helper lifts one straight leg; {angle:.0f}° or more is normal",
        props=(Prop("mat"),),
        marks=(Mark("ankle", "end", f"{angle:.0f}°", 0.12, 0.0),),
        arcs=(Arc("end", "hip", "ankle", 0.0, 0.35),),
        arrow="ankle",
    )


def hip_internal_rotation() -> Picture:
    angle = _normal("hip_ir_limited")
    return Picture(
        "Hip internal rotation (seen from the front)",
        {"seated": 1, "left_arm_deg": 18, "right_arm_deg": 18},
        {"seated": 1, "left_arm_deg": 18, "right_arm_deg": 18, "left_shin_deg": angle},
        "sit on the table edge, shins hanging straight down",
        f"keep the thigh still and swing the foot out; about {angle:.0f}° is normal",
        view="front",
        anchor="pelvis",
        props=(Prop("table", "pelvis", "start", 0.45, -0.085, 0.9),),
        marks=(Mark("left_ankle", "end", f"{angle:.0f}°", 0.2, 0.25),),
        arcs=(Arc("end", "left_knee", "left_ankle", -90.0, 0.25),),
        arrow="left_ankle",
    )


def posture_photo() -> Picture:
    still = {"shoulder_flexion_deg": 0}
    march = {
        "hip_flexion_deg": 45,
        "knee_flexion_deg": 70,
        "far_hip_flexion_deg": 0,
        "far_knee_flexion_deg": 0,
    }
    march |= {"shoulder_flexion_deg": -20, "far_shoulder_flexion_deg": 25}
    return Picture(
        "Side-view posture photo",
        march,
        still,
        "side-on to the phone, march on the spot a few steps",
        "stand still, look ahead, breathe out: the photo",
        anchor="far_ankle",
        props=(Prop("phone", "far_ankle", "start", 1.3, 0.0, 0.95),),
        arrow="ankle",
    )


TEST_PICTURES: Final[dict[str, Callable[[], Picture]]] = {
    "thomas": thomas,
    "knee_extension_90_90": knee_extension,
    "straight_leg_raise": straight_leg_raise,
    "hip_internal_rotation": hip_internal_rotation,
    "posture_photo": posture_photo,
}
