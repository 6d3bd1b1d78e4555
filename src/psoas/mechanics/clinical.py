"""Clinical length tests on the same body: modified Thomas test and 90-90 active knee extension.

Thomas: supine at a table edge, the other hip hugged so the low back is flat (pelvis turned posteriorly by
``thomas_pelvis_posterior_tilt_deg``), one leg hanging relaxed. Unknowns: the thigh angle to the table
(``hip_angle_deg``, + = above horizontal) and knee flexion (``knee_angle_deg``). Static equilibrium of gravity,
passive muscle forces (activation 0) and passive joint moments at hip and knee.
90-90: supine, hip flexed 90 deg, the person straightens the knee until the passive knee-flexing moment
reaches ``ake_stop_moment_nm``; the remaining knee flexion is the deficit (deg).
Both are CasADi rootfinders, so their derivatives with respect to tightness come exactly (implicit function
theorem) for the inverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from psoas.mechanics import body
from psoas.mechanics.params import MUSCLES, Params, load_params

N_P = len(MUSCLES) + 2
CLINICAL_OUTPUTS = ("thomas_hip_angle_deg", "thomas_knee_angle_deg", "knee_extension_deficit_deg")


@dataclass
class ClinicalFunctions:
    """Residuals of the Thomas and 90-90 equilibria and their derivatives (CasADi Functions of z, p)."""

    residual: dict[str, Any]  # test -> f(z, p)
    d_dz: dict[str, Any]
    d_dp: dict[str, Any]
    fast: dict[str, Any]  # test -> CasADi Newton rootfinder g(z0, p) -> z (tried first)


@dataclass(frozen=True)
class ClinicalResult:
    """Test angles (deg), their Jacobian with respect to the parameter vector (deg per unit), convergence."""

    values_deg: tuple[float, float, float]
    jacobian: Any  # numpy (3, N_P)
    converged: bool
    residual_nm: float


def _passive_leg_forces(ca: Any, params: Params, angles: dict[str, Any], z: Any, tight: Any) -> Any:
    """Generalised forces on ``z`` of the relaxed leg muscles (activation 0)."""
    total: Any = ca.SX.zeros(z.shape[0])
    for i, name in enumerate(MUSCLES):
        if name not in ("psoas", "iliacus", "rectus_femoris", "hamstrings", "gastrocnemius"):
            continue
        muscle = params.muscles[name]
        l_norm = body.norm_fibre_length_expr(muscle, angles, tight[i])
        force = body.muscle_force_expr(ca, muscle, l_norm, 0.0)
        total += -force * ca.gradient(body.length_change_expr(muscle, angles), z)
    return total


def _thomas_residual(ca: Any, params: Params, z: Any, p: Any) -> Any:
    seg = params.values["segments"]
    tight, height, mass = p[: len(MUSCLES)], p[len(MUSCLES)], p[len(MUSCLES) + 1]
    g = params.values["reference_body"][""]["gravity_m_s2"]
    tilt = params.values["tests"][""]["thomas_pelvis_posterior_tilt_deg"] * body.DEG
    thigh_angle, knee = z[0], z[1]
    angles = {"hip": thigh_angle - tilt, "knee": knee, "ankle": 0.0 * knee}
    l_thigh = seg["thigh"]["length_fraction"] * height
    l_shank = seg["shank"]["length_fraction"] * height
    shank_dir = thigh_angle - knee
    y_knee = l_thigh * ca.sin(thigh_angle)
    y_thigh_com = l_thigh * (1.0 - seg["thigh"]["com_from_distal"]) * ca.sin(thigh_angle)
    y_shank_com = y_knee + l_shank * (1.0 - seg["shank"]["com_from_distal"]) * ca.sin(shank_dir)
    y_ankle = y_knee + l_shank * ca.sin(shank_dir)
    potential = (
        g
        * mass
        * (
            seg["thigh"]["mass_fraction"] * y_thigh_com
            + seg["shank"]["mass_fraction"] * y_shank_com
            + seg["foot"]["mass_fraction"] * y_ankle
        )
    )
    gen = -ca.gradient(potential, z)
    for joint in ("hip", "knee"):
        moment = body.passive_joint_moment(ca, params, joint, angles[joint])
        gen += moment * ca.gradient(angles[joint], z)
    return gen + _passive_leg_forces(ca, params, angles, z, tight)


def _ake_residual(ca: Any, params: Params, z: Any, p: Any) -> Any:
    seg = params.values["segments"]
    tight, height, mass = p[: len(MUSCLES)], p[len(MUSCLES)], p[len(MUSCLES) + 1]
    g = params.values["reference_body"][""]["gravity_m_s2"]
    knee = z[0]
    angles = {"hip": 90.0 * body.DEG + 0.0 * knee, "knee": knee, "ankle": 0.0 * knee}
    l_shank = seg["shank"]["length_fraction"] * height
    y_shank_com = l_shank * (1.0 - seg["shank"]["com_from_distal"]) * ca.cos(knee)
    potential = (
        g
        * mass
        * (
            seg["shank"]["mass_fraction"] * y_shank_com
            + seg["foot"]["mass_fraction"] * l_shank * ca.cos(knee)
        )
    )
    gen = -ca.gradient(potential, z) + body.passive_joint_moment(ca, params, "knee", knee)
    stop = params.values["tests"][""]["ake_stop_moment_nm"]
    return gen + _passive_leg_forces(ca, params, angles, z, tight) - stop


@cache
def build_clinical() -> ClinicalFunctions:
    """Compile the residual functions once per process (parameters from the data files)."""
    return compile_clinical(load_params())


def compile_clinical(params: Params) -> ClinicalFunctions:
    """Compile the Thomas and 90-90 residuals for one parameter set."""
    import casadi as ca

    p = ca.SX.sym("p", N_P)
    out: dict[str, dict[str, Any]] = {"r": {}, "z": {}, "p": {}, "fast": {}}
    opts = {"abstol": 1e-11, "max_iter": 30, "error_on_fail": False, "show_eval_warnings": False}
    for name, size, builder in (("thomas", 2, _thomas_residual), ("ake", 1, _ake_residual)):
        z = ca.SX.sym("z", size)
        r = builder(ca, params, z, p)
        out["r"][name] = ca.Function(f"{name}_r", [z, p], [r])
        out["z"][name] = ca.Function(f"{name}_rz", [z, p], [ca.jacobian(r, z)])
        out["p"][name] = ca.Function(f"{name}_rp", [z, p], [ca.jacobian(r, p)])
        out["fast"][name] = ca.rootfinder(f"{name}_root", "newton", out["r"][name], opts)
    return ClinicalFunctions(out["r"], out["z"], out["p"], out["fast"])


# bounds of the unknowns (rad): thigh angle, knee flexion (Thomas); knee flexion (90-90)
_BOUNDS = {"thomas": ((-80.0, 130.0), (-10.0, 160.0)), "ake": ((-10.0, 160.0),)}
_GUESS = {"thomas": (-15.0, 75.0), "ake": (20.0,)}


def _newton(fn: ClinicalFunctions, test: str, z0: Any, p: Any) -> tuple[Any, float]:
    """Damped Newton inside the bounds; returns the root and the final max |residual| (N*m)."""
    import numpy as np

    lo = np.radians([b[0] for b in _BOUNDS[test]])
    hi = np.radians([b[1] for b in _BOUNDS[test]])
    z = np.array(z0, dtype=float)
    r = np.array(fn.residual[test](z, p)).ravel()
    for _ in range(60):
        if np.max(np.abs(r)) < 1e-9:
            break
        step = np.linalg.solve(np.array(fn.d_dz[test](z, p)), -r)
        t = 1.0
        while t > 1e-4:
            trial = np.clip(z + t * step, lo, hi)
            r_trial = np.array(fn.residual[test](trial, p)).ravel()
            if np.all(np.isfinite(r_trial)) and np.max(np.abs(r_trial)) < np.max(np.abs(r)):
                z, r = trial, r_trial
                break
            t *= 0.5
        else:
            break
    return z, float(np.max(np.abs(r)))


def _solve_test(fn: ClinicalFunctions, test: str, p: Any) -> tuple[Any, float]:
    """Root of one test, continuing from the neutral body when a direct Newton solve stalls."""
    import numpy as np

    guess = np.radians(_GUESS[test])
    lo = np.radians([b[0] for b in _BOUNDS[test]])
    hi = np.radians([b[1] for b in _BOUNDS[test]])
    z = np.array(fn.fast[test](guess, p)).ravel()
    if np.all(np.isfinite(z)) and np.all(z >= lo) and np.all(z <= hi):
        res = float(np.max(np.abs(np.array(fn.residual[test](z, p)))))
        if res < 1e-9:
            return z, res
    z, res = _newton(fn, test, guess, p)
    if res < 1e-8:
        return z, res
    base = np.array(p, dtype=float)
    base[: len(MUSCLES)] = 0.0
    z, res = _newton(fn, test, guess, base)
    for frac in np.linspace(0.1, 1.0, 10):
        z, res = _newton(fn, test, z, base + frac * (np.asarray(p, dtype=float) - base))
    return z, res


def solve_clinical(
    p: Any, fn: ClinicalFunctions | None = None, tests: tuple[str, ...] = ("thomas", "ake")
) -> ClinicalResult:
    """Thomas hip and knee angles and the 90-90 deficit (deg) for a parameter vector, with the Jacobian.

    Tests left out of ``tests`` come back as NaN with a zero Jacobian.
    """
    import numpy as np

    fn = fn or build_clinical()
    p = np.asarray(p, dtype=float)
    values = np.full(3, np.nan)
    jac = np.zeros((3, p.size))
    residual = 0.0
    for test, rows in (("thomas", slice(0, 2)), ("ake", slice(2, 3))):
        if test not in tests:
            continue
        z, res = _solve_test(fn, test, p)
        values[rows] = np.degrees(z)
        jac[rows] = np.degrees(-np.linalg.solve(np.array(fn.d_dz[test](z, p)), np.array(fn.d_dp[test](z, p))))
        residual = max(residual, res)
    return ClinicalResult(
        values_deg=(float(values[0]), float(values[1]), float(values[2])),
        jacobian=jac,
        converged=residual < 1e-6,
        residual_nm=residual,
    )
