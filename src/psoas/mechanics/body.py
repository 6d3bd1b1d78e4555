"""Symbolic (CasADi) pieces of the sagittal body: kinematics, gravity, passive joints and muscles.

Generalised coordinates of standing, ``q`` (radians), are the forward leans from vertical of the eight
segments in ``params.SEGMENTS`` relative to their neutral skeleton lean (+ = top of the segment forward); the
feet are fixed to the ground with the ankle at the origin, x forward, y up. Joint angles (flexion +) are
differences of neighbouring leans: ankle = shank, knee = shank - thigh, hip = pelvis - thigh, each spinal
joint = upper - lower. Legs are symmetric: leg segments and leg muscles count twice.
Muscles are Hill-type with a rigid tendon: F = Fmax cos(pennation) (a f_L + f_P), with an exponential passive
curve (Thelen 2003 form) reaching Fmax at ``passive_strain`` and a Gaussian active force-length curve.
Tightness s shortens the fibre's resting (optimal) length to (1 - s) l_opt.
"""

from __future__ import annotations

import math
from typing import Any

from psoas.mechanics.params import JOINTS, LEG_MUSCLES, MUSCLES, SEGMENTS, Arm, Muscle, Params

PASSIVE_SHAPE = 4.0  # Thelen 2003 exponential shape factor kPE
ACTIVE_WIDTH = 0.45
PASSIVE_CAP = 2.0  # Thelen 2003 active force-length Gaussian width
DEG = math.pi / 180.0


def joint_angles(q: Any) -> dict[str, Any]:
    """Joint angles (rad, flexion +) from segment leans ``q`` (8-vector)."""
    return {
        "ankle": q[0],
        "knee": q[0] - q[1],
        "hip": q[2] - q[1],
        "l5s1": q[3] - q[2],
        "l3l4": q[4] - q[3],
        "t12l1": q[5] - q[4],
        "c7": q[6] - q[5],
        "c0": q[7] - q[6],
    }


def arm_expr(arm: Arm, angle: Any) -> Any:
    """Moment arm (m) as an expression of the angle (rad) of ``arm.of_joint``."""
    return sum(c * angle**i for i, c in enumerate(arm.coeffs_m))


def length_change_expr(muscle: Muscle, angles: dict[str, Any]) -> Any:
    """Musculotendon length change (m) from the all-zero pose: minus the integral of each moment arm."""
    total: Any = 0.0
    for joint, arm in muscle.arms.items():
        if joint == "hip_rotation" or joint not in angles:
            continue
        x = angles[joint]
        total = total - sum(c * x ** (i + 1) / (i + 1) for i, c in enumerate(arm.coeffs_m))
    return total


def norm_fibre_length_expr(muscle: Muscle, angles: dict[str, Any], tightness: Any) -> Any:
    """Fibre length over the (tightness-shortened) optimal length."""
    cos_p = math.cos(muscle.pennation_deg * DEG)
    fibre_m = muscle.l_norm_ref * muscle.l_opt_m + length_change_expr(muscle, angles) * cos_p
    return fibre_m / (muscle.l_opt_m * (1.0 - tightness))


def passive_norm_force(ca: Any, l_norm: Any, strain: float) -> Any:
    """Normalised passive force; 1 at ``1 + strain``, e**-4 at the optimal length, smooth everywhere.

    Beyond ``PASSIVE_CAP`` (about 7 Fmax, far past any physiological stretch) the curve continues linearly
    with the same slope, so that solver trial points cannot overflow.
    """
    u = PASSIVE_SHAPE * (l_norm - 1.0 - strain) / strain
    return ca.if_else(u < PASSIVE_CAP, ca.exp(u), math.exp(PASSIVE_CAP) * (1.0 + u - PASSIVE_CAP))


def muscle_force_expr(ca: Any, muscle: Muscle, l_norm: Any, activation: Any) -> Any:
    """Musculotendon force (N) along the tendon."""
    active = ca.exp(-(((l_norm - 1.0) / ACTIVE_WIDTH) ** 2))
    cos_p = math.cos(muscle.pennation_deg * DEG)
    return (
        muscle.fmax_n * cos_p * (activation * active + passive_norm_force(ca, l_norm, muscle.passive_strain))
    )


def passive_joint_moment(ca: Any, params: Params, joint: str, angle_rad: Any) -> Any:
    """Passive moment (N*m, flexion +) of ligaments, capsule and discs at one joint."""
    j = params.values["joints"][joint]
    a_deg = angle_rad / DEG
    lo = j["a_nm"] * ca.exp((j["lo_deg"] - a_deg) / j["width_deg"])
    hi = j["a_nm"] * ca.exp((a_deg - j["hi_deg"]) / j["width_deg"])
    return -j["k_lin_nm_per_deg"] * a_deg + lo - hi


def segment_points(ca: Any, params: Params, q: Any, height_m: Any) -> dict[str, Any]:
    """Joint positions and segment COMs (m) as 2-vectors; keys: joint names, 'tragus', 'com_<segment>'."""
    scale = height_m
    seg = params.values["segments"]
    names = ("knee", "hip", "l5s1", "l3l4", "t12l1", "c7", "tragus")
    points: dict[str, Any] = {"ankle": ca.vertcat(0.0, 0.0)}
    base = points["ankle"]
    for i, name in enumerate(SEGMENTS[:7]):
        s = seg[name]
        lean = q[i] + s.get("neutral_lean_deg", 0.0) * DEG
        axis = ca.vertcat(ca.sin(lean), ca.cos(lean))
        normal = ca.vertcat(ca.cos(lean), -ca.sin(lean))
        length = s["length_fraction"] * scale
        com = (
            base + axis * length * s["com_from_distal"] + normal * s.get("com_anterior_fraction", 0.0) * scale
        )
        points[f"com_{name}"] = com
        base = base + axis * length
        points[names[i]] = base
    head = seg["head"]
    up = ca.vertcat(ca.sin(q[7]), ca.cos(q[7]))
    fwd = ca.vertcat(ca.cos(q[7]), -ca.sin(q[7]))
    points["com_head"] = base + (up * head["com_up_fraction"] + fwd * head["com_anterior_fraction"]) * scale
    th = seg["thorax"]
    lean_th = q[5] + th["neutral_lean_deg"] * DEG
    points["shoulder"] = points["c7"] + scale * (
        ca.vertcat(ca.cos(lean_th), -ca.sin(lean_th)) * th["shoulder_anterior_fraction"]
        - ca.vertcat(ca.sin(lean_th), ca.cos(lean_th)) * th["shoulder_below_c7_fraction"]
    )
    return points


def segment_masses(params: Params, mass_kg: Any) -> dict[str, Any]:
    """Mass (kg) carried by each segment in standing (legs doubled), plus the feet."""
    seg = params.values["segments"]
    out = {name: seg[name]["mass_fraction"] * mass_kg for name in SEGMENTS}
    out["shank"] = 2 * out["shank"]
    out["thigh"] = 2 * out["thigh"]
    out["feet"] = 2 * seg["foot"]["mass_fraction"] * mass_kg
    return out


def muscle_multiplicity(name: str) -> int:
    """How many copies of a muscle act in the symmetric standing model."""
    return 2 if name in LEG_MUSCLES else 1


__all__ = ["DEG", "JOINTS", "MUSCLES", "joint_angles", "muscle_force_expr", "segment_points"]
