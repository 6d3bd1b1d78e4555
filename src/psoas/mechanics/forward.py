"""Library face of the forward model: :func:`simulate` and :func:`moment_arms`.

Inputs are validated here (named :class:`~psoas.errors.InputError`); the solvers live in
:mod:`psoas.mechanics.standing` and :mod:`psoas.mechanics.clinical`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from psoas.errors import InputError
from psoas.mechanics.outputs import LOAD_KEYS, POSTURE_KEYS, MomentArmTable, SimulationResult, SolverInfo
from psoas.mechanics.params import MUSCLES, load_params
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG

TIGHTNESS_RANGE = (-0.3, 0.5)
HEIGHT_RANGE_CM = (120.0, 220.0)
MASS_RANGE_KG = (30.0, 200.0)
RESIDUAL_LIMIT_NM = 1e-6


def validate_tightness(tightness: Mapping[str, float] | None, field: str = "tight") -> dict[str, float]:
    """Check muscle names and fractions; returns a full dict over MUSCLES (missing = 0)."""
    out = dict.fromkeys(MUSCLES, 0.0)
    for name, value in (tightness or {}).items():
        if name not in out:
            raise InputError(field, f"unknown muscle {name!r}", MUSCLES)
        try:
            fraction = float(value)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{field}.{name}", f"not a number: {value!r}") from exc
        lo, hi = TIGHTNESS_RANGE
        if not lo <= fraction <= hi:
            raise InputError(f"{field}.{name}", f"fraction {fraction} out of range", f"{lo} to {hi}")
        out[name] = fraction
    return out


def validate_body(height_cm: float, mass_kg: float) -> tuple[float, float]:
    """Check height and mass against plausible adult ranges."""
    for name, value, (lo, hi) in (
        ("height_cm", height_cm, HEIGHT_RANGE_CM),
        ("mass_kg", mass_kg, MASS_RANGE_KG),
    ):
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise InputError(name, f"not a number: {value!r}") from exc
        if not lo <= number <= hi:
            raise InputError(name, f"{number:g} is not a plausible value", f"{lo:g} to {hi:g}")
    return float(height_cm), float(mass_kg)


def _p_vector(tight: dict[str, float], height_cm: float, mass_kg: float) -> list[float]:
    return [tight[m] for m in MUSCLES] + [height_cm / 100.0, mass_kg]


def _solve(
    p: list[float], start: tuple[Any, Any, Any] | None
) -> tuple[Any, SolverInfo, tuple[Any, Any, Any]]:
    import numpy as np

    from psoas.mechanics.standing import N_X, build_problem

    prob = build_problem()
    args: dict[str, Any] = {"p": p, "lbx": prob.lbx, "ubx": prob.ubx, "lbg": prob.lbg, "ubg": prob.ubg}
    if start is None:
        args["x0"] = [0.0] * N_X
    else:
        args["x0"], args["lam_x0"], args["lam_g0"] = start
    started = time.perf_counter()
    sol = prob.solver(**args)
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    stats = prob.solver.stats()
    x = np.array(sol["x"]).ravel()
    residual = float(np.max(np.abs(np.array(prob.residual(x, p)))))
    ok = bool(stats.get("success", False)) and residual < RESIDUAL_LIMIT_NM
    message = "" if ok else f"IPOPT: {stats.get('return_status', 'unknown')}, max residual {residual:.2e} N*m"
    info = SolverInfo(ok, int(stats.get("iter_count", 0)), elapsed_ms, residual, message)
    return x, info, (sol["x"], sol["lam_x"], sol["lam_g"])


@lru_cache(maxsize=16)
def _neutral(height_cm: float, mass_kg: float) -> tuple[Any, tuple[Any, Any, Any], SolverInfo]:
    """The neutral (no tightness) solution of one body: warm start and length reference."""
    p = _p_vector(dict.fromkeys(MUSCLES, 0.0), height_cm, mass_kg)
    x, info, start = _solve(p, None)
    return x, start, info


def simulate(
    tightness: Mapping[str, float] | None = None,
    *,
    height_cm: float = REFERENCE_HEIGHT_CM,
    mass_kg: float = REFERENCE_MASS_KG,
) -> SimulationResult:
    """Standing posture, loads and Thomas test for muscle tightness (fractional shortening, -0.3..0.5).

    >>> r = simulate({"psoas": 0.1})
    >>> r.solver.converged and 0.0 < r.posture["pelvic_tilt_deg"] < 23.0
    True
    """
    import numpy as np

    from psoas.mechanics.clinical import solve_clinical
    from psoas.mechanics.standing import OUTPUT_NAMES, build_problem

    tight = validate_tightness(tightness)
    height_cm, mass_kg = validate_body(height_cm, mass_kg)
    x_neutral, start, neutral_info = _neutral(height_cm, mass_kg)
    p = _p_vector(tight, height_cm, mass_kg)
    x, info, _ = _solve(p, start if neutral_info.converged else None)
    clinical = solve_clinical(p)
    if info.converged and not clinical.converged:
        info = SolverInfo(
            False, info.iterations, info.solve_ms, clinical.residual_nm, "Thomas test: no equilibrium"
        )
    if not info.converged:
        none = dict.fromkeys(POSTURE_KEYS)
        return SimulationResult(
            none, dict.fromkeys(LOAD_KEYS), {"hamstring_stretch_mm": None}, dict.fromkeys(THOMAS), info, tight
        )
    prob = build_problem()
    out = dict(zip(OUTPUT_NAMES, np.array(prob.outputs(x, p)).ravel().tolist(), strict=True))
    ref = dict(zip(OUTPUT_NAMES, np.array(prob.outputs(x_neutral, p)).ravel().tolist(), strict=True))
    flat = np.array(prob.points(x, p)).ravel()
    points = {n: (float(flat[2 * i]), float(flat[2 * i + 1])) for i, n in enumerate(prob.point_names)}
    return SimulationResult(
        posture={k: out[k] for k in POSTURE_KEYS},
        loads={k: out[k] for k in LOAD_KEYS},
        lengths={"hamstring_stretch_mm": out["hamstring_length_mm"] - ref["hamstring_length_mm"]},
        thomas={"hip_angle_deg": clinical.values_deg[0], "knee_angle_deg": clinical.values_deg[1]},
        solver=info,
        tightness=tight,
        points_m=points,
    )


THOMAS = ("hip_angle_deg", "knee_angle_deg")
MOMENT_ARM_ANGLES_DEG = [float(a) for a in range(-20, 91, 10)]
_MOMENT_ARM_KEYS = {
    "psoas": ("hip", "hip_rotation"),
    "iliacus": ("hip", "hip_rotation"),
    "rectus_femoris": ("hip", "knee"),
    "hamstrings": ("hip", "knee"),
}
_ARM_LABEL = {"hip": "hip_flexion_mm", "hip_rotation": "hip_rotation_mm", "knee": "knee_flexion_mm"}


def moment_arms() -> MomentArmTable:
    """Moment arms of the hip-crossing muscles from -20 to 90 deg hip flexion (knee 0).

    >>> table = moment_arms()
    >>> 19.0 <= table.muscles["psoas"]["hip_flexion_mm"][2] <= 39.0
    True
    """
    import math

    params = load_params()
    muscles: dict[str, dict[str, list[float]]] = {}
    for name, joints in _MOMENT_ARM_KEYS.items():
        muscle = params.muscles[name]
        muscles[name] = {}
        for joint in joints:
            arm = muscle.arms[joint]
            values = []
            for angle in MOMENT_ARM_ANGLES_DEG:
                of_angle = math.radians(angle) if arm.of_joint == "hip" else 0.0
                values.append(round(arm.value_m(of_angle) * 1000.0, 2))
            muscles[name][_ARM_LABEL[joint]] = values
    return MomentArmTable(list(MOMENT_ARM_ANGLES_DEG), muscles)
