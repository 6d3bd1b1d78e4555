"""Inverse model: from measurements to a posterior of each muscle's tightness, per side.

Unknowns: tightness of psoas, iliacus, rectus femoris and hamstrings on each side (8 fractions), each with a
Gaussian prior N(0, ``tightness_prior_sd``) within -0.3..0.5. Measurements and their noise:
- Thomas hip/knee angles and the 90-90 deficit of one side: the clinical model of that side (exact
  derivatives by the implicit function theorem), noise = between-person spread not explained by muscle
  length plus the measurement SEM (params ``tests``);
- standing pelvic tilt and lumbar lordosis: the standing model with the mean of both sides' tightness,
  linearised at the neutral posture (the response is small), noise = the population spread of bone shape
  (tilt 13 +/- 5 deg, lordosis 49.8 +/- 11.2 deg) plus the SEM.
The posterior is a Laplace (Gaussian) approximation at the maximum a posteriori point found by damped
Gauss-Newton. Identifiability = posterior sd / prior sd (1 = the data taught nothing).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

from psoas.errors import InputError
from psoas.mechanics.forward import TIGHTNESS_RANGE, validate_body
from psoas.mechanics.outputs import TightnessEstimate, TightnessPosterior
from psoas.mechanics.params import MUSCLES, scalar
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG, body_of

INFERRED = ("psoas", "iliacus", "rectus_femoris", "hamstrings")
SIDES = ("left", "right")
Z90 = 1.6448536269514722
_THOMAS_FIELDS = {"hip_angle_deg": 0, "knee_angle_deg": 1}
_POSTURE_FIELDS = ("pelvic_tilt_deg", "lumbar_lordosis_deg")


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(field, f"must be a number, got {value!r}")
    return float(value)


def _table(value: Any, field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(field, "must be an object", allowed)
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise InputError(f"{field}.{unknown[0]}", "unknown key", allowed)
    return dict(value)


def parse_measurements(data: Mapping[str, Any]) -> list[tuple[str, str, int, float]]:
    """Validate the input; returns (kind, side, index, value) rows. kind: clinical | posture."""
    top = _table(data, "measurements", ("thomas", "posture", "knee_extension_90_90", "person"))
    rows: list[tuple[str, str, int, float]] = []
    for side, fields in _table(top.get("thomas", {}), "thomas", SIDES).items():
        for key, value in _table(fields, f"thomas.{side}", tuple(_THOMAS_FIELDS)).items():
            rows.append(("clinical", side, _THOMAS_FIELDS[key], _number(value, f"thomas.{side}.{key}")))
    ake = _table(top.get("knee_extension_90_90", {}), "knee_extension_90_90", SIDES)
    for side, fields in ake.items():
        for key, value in _table(fields, f"knee_extension_90_90.{side}", ("deficit_deg",)).items():
            rows.append(("clinical", side, 2, _number(value, f"knee_extension_90_90.{side}.{key}")))
    for key, value in _table(top.get("posture", {}), "posture", _POSTURE_FIELDS).items():
        rows.append(("posture", "center", _POSTURE_FIELDS.index(key), _number(value, f"posture.{key}")))
    return rows


def _noise_sd() -> dict[tuple[str, int], float]:
    t = "tests"
    return {
        ("clinical", 0): math.hypot(
            scalar(t, "between_person_thomas_hip_sd_deg"), scalar(t, "thomas_hip_sem_deg")
        ),
        ("clinical", 1): math.hypot(
            scalar(t, "between_person_thomas_knee_sd_deg"), scalar(t, "thomas_knee_sem_deg")
        ),
        ("clinical", 2): scalar(t, "between_person_ake_sd_deg"),
        ("posture", 0): math.hypot(
            scalar("posture", "pelvic_tilt_offset_sd_deg"), scalar(t, "pelvic_tilt_sem_deg")
        ),
        ("posture", 1): math.hypot(
            scalar("posture", "lordosis_offset_sd_deg"), scalar(t, "lordosis_sem_deg")
        ),
    }


@cache
def posture_linearisation(
    height_cm: float = REFERENCE_HEIGHT_CM, mass_kg: float = REFERENCE_MASS_KG
) -> tuple[Any, Any]:
    """Neutral (tilt, lordosis) and d(tilt, lordosis)/d(tightness) of the four inferred muscles (deg/unit)."""
    import numpy as np

    from psoas.errors import SolverError
    from psoas.mechanics.forward import simulate

    step = 0.02
    base = simulate(height_cm=height_cm, mass_kg=mass_kg)
    y0 = np.array([base.posture[k] for k in _POSTURE_FIELDS], dtype=float)
    jac = np.zeros((2, len(INFERRED)))
    for j, name in enumerate(INFERRED):
        up = simulate({name: step}, height_cm=height_cm, mass_kg=mass_kg)
        down = simulate({name: -step}, height_cm=height_cm, mass_kg=mass_kg)
        if not (up.solver.converged and down.solver.converged):
            raise SolverError("standing model did not converge while linearising the posture response")
        y_up = np.array([up.posture[k] for k in _POSTURE_FIELDS], dtype=float)
        y_down = np.array([down.posture[k] for k in _POSTURE_FIELDS], dtype=float)
        jac[:, j] = (y_up - y_down) / (2 * step)
    return y0, jac


def _predict(
    theta: Any, rows: list[tuple[str, str, int, float]], body: tuple[float, float]
) -> tuple[Any, Any]:
    """Predicted measurements and their Jacobian with respect to theta (8: side-major, INFERRED order)."""
    import numpy as np

    from psoas.errors import SolverError
    from psoas.mechanics.clinical import solve_clinical

    n = len(INFERRED)
    pred = np.zeros(len(rows))
    jac = np.zeros((len(rows), 2 * n))
    idx = [MUSCLES.index(m) for m in INFERRED]
    clinical: dict[str, Any] = {}
    for side_i, side in enumerate(SIDES):
        if any(r[0] == "clinical" and r[1] == side for r in rows):
            p = np.zeros(len(MUSCLES) + 2)
            p[idx] = theta[side_i * n : (side_i + 1) * n]
            p[-2:] = body[0] / 100.0, body[1]
            wanted = {r[2] for r in rows if r[0] == "clinical" and r[1] == side}
            tests = (("thomas",) if wanted & {0, 1} else ()) + (("ake",) if 2 in wanted else ())
            res = solve_clinical(p, tests=tests)
            if not res.converged:
                raise SolverError(f"clinical model of the {side} side found no equilibrium")
            clinical[side] = (side_i, res)
    for r, (kind, side, index, _) in enumerate(rows):
        if kind == "clinical":
            side_i, res = clinical[side]
            pred[r] = res.values_deg[index]
            jac[r, side_i * n : (side_i + 1) * n] = res.jacobian[index, idx]
        else:
            y0, lin = posture_linearisation(*body)
            mean = 0.5 * (theta[:n] + theta[n:])
            pred[r] = y0[index] + lin[index] @ mean
            jac[r, :n] = jac[r, n:] = 0.5 * lin[index]
    return pred, jac


def _laplace(theta0: Any, rows: list, body: tuple[float, float], y: Any, w: Any) -> tuple[Any, Any, float]:
    """MAP by damped Gauss-Newton from ``theta0``; returns (mode, covariance, log evidence)."""
    import numpy as np

    prior_sd = scalar("tests", "tightness_prior_sd")
    lo, hi = TIGHTNESS_RANGE
    theta = np.array(theta0, dtype=float)
    for _ in range(30):
        pred, jac = _predict(theta, rows, body)
        grad = jac.T @ (w * (y - pred)) - theta / prior_sd**2
        hess = jac.T @ (w[:, None] * jac) + np.eye(theta.size) / prior_sd**2
        step = np.linalg.solve(hess, grad)
        theta = np.clip(theta + _damp(step), lo, hi)
        if np.max(np.abs(step)) < 1e-4:  # 0.01% of resting length: far below any clinical meaning
            break
    pred, jac = _predict(theta, rows, body)
    hess = jac.T @ (w[:, None] * jac) + np.eye(theta.size) / prior_sd**2
    cost = float(np.sum(w * (y - pred) ** 2) + np.sum(theta**2) / prior_sd**2)
    cov = np.linalg.inv(hess)
    return theta, cov, -0.5 * cost + 0.5 * float(np.linalg.slogdet(cov)[1])


def _starts() -> list[Any]:
    """Start points: neutral, psoas-heavy, iliacus-heavy and balanced (Thomas cannot tell the two apart)."""
    import numpy as np

    n = len(INFERRED)
    out = [np.zeros(2 * n)]
    for psoas, iliacus in ((0.15, 0.0), (0.0, 0.15), (0.08, 0.08)):
        start = np.zeros(2 * n)
        start[[INFERRED.index("psoas"), n + INFERRED.index("psoas")]] = psoas
        start[[INFERRED.index("iliacus"), n + INFERRED.index("iliacus")]] = iliacus
        out.append(start)
    return out


def infer_tightness(measurements: Mapping[str, Any]) -> TightnessPosterior:
    """Posterior tightness (mean, 90% interval, identifiability) per muscle and side.

    The posterior is a mixture of Laplace approximations at the modes reached from four starts, weighted
    by their Laplace evidence, summarised by its mean and sd (interval = mean +/- 1.645 sd, clipped).

    >>> post = infer_tightness({"thomas": {"left": {"hip_angle_deg": 5.0}}})
    >>> post.estimates["iliopsoas"]["left"].identifiability < 0.8
    True
    """
    import numpy as np

    rows = parse_measurements(measurements)
    body = validate_body(*body_of(measurements.get("person")))
    prior_sd = scalar("tests", "tightness_prior_sd")
    n = 2 * len(INFERRED)
    if not rows:
        return _posterior(np.zeros(n), np.eye(n) * prior_sd**2, prior_sd, rows)
    noise = _noise_sd()
    y = np.array([r[3] for r in rows])
    w = np.array([1.0 / noise[(r[0], r[2])] ** 2 for r in rows])
    modes: list[tuple[Any, Any, float]] = []
    thomas_hip = any(r[0] == "clinical" and r[2] == 0 for r in rows)
    for start in _starts() if thomas_hip else _starts()[:1]:
        mode = _laplace(start, rows, body, y, w)
        if all(np.max(np.abs(mode[0] - m[0])) > 0.01 for m in modes):
            modes.append(mode)
    log_z = np.array([m[2] for m in modes])
    weights = np.exp(log_z - log_z.max())
    weights /= weights.sum()
    mean = sum(wk * m[0] for wk, m in zip(weights, modes, strict=True))
    second = sum(wk * (m[1] + np.outer(m[0], m[0])) for wk, m in zip(weights, modes, strict=True))
    return _posterior(mean, second - np.outer(mean, mean), prior_sd, rows)


def _damp(step: Any) -> Any:
    """Limit a Gauss-Newton step to 0.1 in any fraction (the passive curves are exponential)."""
    import numpy as np

    biggest = float(np.max(np.abs(step))) if step.size else 0.0
    return step if biggest <= 0.1 else step * (0.1 / biggest)


def _posterior(
    theta: Any, cov: Any, prior_sd: float, rows: list[tuple[str, str, int, float]]
) -> TightnessPosterior:
    """Summaries per muscle and side, plus ``iliopsoas`` = mean of psoas and iliacus (what Thomas sees)."""
    import numpy as np

    n = len(INFERRED)
    estimates: dict[str, dict[str, TightnessEstimate]] = {m: {} for m in (*INFERRED, "iliopsoas")}
    for side_i, side in enumerate(SIDES):
        for j, muscle in enumerate(INFERRED):
            k = side_i * n + j
            estimates[muscle][side] = _estimate(float(theta[k]), float(cov[k, k]), prior_sd)
        comb = np.zeros(2 * n)
        comb[[side_i * n + INFERRED.index("psoas"), side_i * n + INFERRED.index("iliacus")]] = 0.5
        estimates["iliopsoas"][side] = _estimate(
            float(comb @ theta), float(comb @ cov @ comb), prior_sd / math.sqrt(2)
        )
    used = sorted({f"{r[0]}:{r[1]}:{r[2]}" for r in rows})
    return TightnessPosterior(estimates, used)


def _estimate(mean: float, var: float, prior_sd: float) -> TightnessEstimate:
    lo, hi = TIGHTNESS_RANGE
    sd = math.sqrt(max(var, 0.0))
    return TightnessEstimate(mean, (max(lo, mean - Z90 * sd), min(hi, mean + Z90 * sd)), sd / prior_sd)
