"""Reproduce the three calibrated numbers of ``muscles_v1.toml`` (``l_norm_ref`` marked "calibrated:").

Run ``python -m psoas.mechanics.calibration`` to print them. Targets:
- psoas and iliacus (one shared value): iliopsoas passive hip flexing moment 4.9 N*m at 0 deg (Lai-Uhlrich
  2023, calibrated model, biomechanics.md);
- rectus femoris: in the neutral Thomas test the relaxed rectus femoris bends the hanging shank
  ``RF_PULL_DEG`` from vertical (assumption: a normal knee hangs within about 2 deg of vertical, so with the
  thigh about 15 deg below horizontal the neutral knee flexion is about 73 deg: inside the published normal
  range, above the 67 deg cut-off for a short rectus femoris, Kendall 2005; see data/traits.toml);
- hamstrings: neutral 90-90 deficit 15.6 deg (mean of men 17.8 and women 13.4, evidence.md s3).
"""

from __future__ import annotations

import dataclasses

from psoas.mechanics import body
from psoas.mechanics.params import MUSCLES, Params, load_params
from psoas.mechanics.reference import REFERENCE

ILIOPSOAS_MOMENT_AT_0_NM = 4.9
RF_PULL_DEG = 2.0
AKE_DEFICIT_DEG = 15.6
REFERENCE_BODY = (REFERENCE.height_m, REFERENCE.mass_kg)
"""(height m, mass kg) of the reference body (psoas.mechanics.reference, from params_v1.toml)."""


def passive_hip_moment_nm(
    params: Params, hip_deg: float, knee_deg: float = 0.0, tightness: float = 0.0
) -> dict:
    """Passive hip flexing moment (N*m, one leg) by source at a hip angle, relaxed muscles."""
    import casadi as ca

    angles = {"hip": hip_deg * body.DEG, "knee": knee_deg * body.DEG, "ankle": 0.0}
    out: dict[str, float] = {}
    for name in ("psoas", "iliacus", "rectus_femoris", "hamstrings"):
        muscle = params.muscles[name]
        l_norm = body.norm_fibre_length_expr(
            muscle, angles, tightness if name in ("psoas", "iliacus") else 0.0
        )
        force = float(body.muscle_force_expr(ca, muscle, l_norm, 0.0))
        out[name] = force * muscle.arms["hip"].value_m(hip_deg * body.DEG)
    out["capsule"] = float(body.passive_joint_moment(ca, params, "hip", hip_deg * body.DEG))
    out["total"] = sum(out.values())
    return out


def _with_ref(params: Params, names: tuple[str, ...], value: float) -> Params:
    muscles = dict(params.muscles)
    for name in names:
        muscles[name] = dataclasses.replace(muscles[name], l_norm_ref=value)
    return dataclasses.replace(params, muscles=muscles)


def _p_vector() -> list[float]:
    return [0.0] * len(MUSCLES) + list(REFERENCE_BODY)


def calibrate() -> dict[str, float]:
    """The calibrated ``l_norm_ref`` values (slow: recompiles the clinical model per trial)."""
    from scipy.optimize import brentq

    from psoas.mechanics.clinical import compile_clinical, solve_clinical

    base = load_params()
    ilio = ("psoas", "iliacus")

    def ilio_gap(v: float) -> float:
        m = passive_hip_moment_nm(_with_ref(base, ilio, v), 0.0)
        return m["psoas"] + m["iliacus"] - ILIOPSOAS_MOMENT_AT_0_NM

    def rf_gap(v: float) -> float:
        res = solve_clinical(_p_vector(), compile_clinical(_with_ref(base, ("rectus_femoris",), v)))
        hip, knee, _ = res.values_deg
        return (90.0 + hip - knee) - RF_PULL_DEG

    def ham_gap(v: float) -> float:
        res = solve_clinical(_p_vector(), compile_clinical(_with_ref(base, ("hamstrings",), v)))
        return res.values_deg[2] - AKE_DEFICIT_DEG

    return {
        "psoas/iliacus": brentq(ilio_gap, 0.8, 1.4, xtol=1e-6),
        "rectus_femoris": brentq(rf_gap, 0.3, 1.0, xtol=1e-6),
        "hamstrings": brentq(ham_gap, 0.3, 1.0, xtol=1e-6),
    }


if __name__ == "__main__":  # pragma: no cover
    for key, value in calibrate().items():
        print(f"{key}: l_norm_ref = {value:.4f}")
