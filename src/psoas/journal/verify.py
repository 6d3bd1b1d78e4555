"""Per-person test of the release program: did pain in one region change once release began?

Method (documented in docs/verify.md): the diary of one region is reduced to daily means
(several entries a day are averaged). The daily means follow

    y_d = a + b · t_d + effect · after_d + e_d,

with ``t_d`` in weeks since the first diary day, ``after_d`` = 1 from the day release work
began, and ``e_d`` a stationary AR(1) process in continuous time (the correlation of two days
``g`` days apart is ``rho**g``, so gaps in the diary are handled exactly). Priors: flat on ``a``
and ``effect``, ``b | sigma ~ N(0, (SLOPE_PRIOR_SD · sigma)²)`` per week (a drift is allowed but
not favoured over a shift), ``p(sigma) ∝ 1/sigma`` and ``rho`` uniform on [0, 0.95]. Given
``rho`` the posterior of ``effect`` is a Student t; ``rho`` is integrated out on a grid, so the
90% interval is a quantile of a t mixture. Units: NRS points (0–10), days, weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

MIN_DAYS_BEFORE = 5
MIN_DAYS_AFTER = 5
RHO_GRID_STEP = 0.05
RHO_MAX = 0.95
CREDIBLE_MASS = 0.90
DOSE_WINDOW_DAYS = 7
SLOPE_PRIOR_SD: float | None = 0.5
"""Prior sd of the weekly trend in units of the noise sd (None: flat prior)."""
MEANINGFUL_CHANGE_POINTS = 2.0
"""Minimal clinically important change on the 0–10 NRS (about 2 points)."""


@dataclass(frozen=True)
class Estimate:
    """Outcome of one region's analysis (points on the NRS; counts are diary days)."""

    baseline: float | None
    effect: float | None
    interval_90: tuple[float, float] | None
    n_before: int
    n_after: int
    verdict: str
    rho: float | None = None


def daily_means(days: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average the entries of each whole day; ``days`` are (fractional) day numbers."""
    import numpy as np

    day = np.floor(days).astype(np.int64)
    unique, inverse = np.unique(day, return_inverse=True)
    sums = np.bincount(inverse, weights=values)
    counts = np.bincount(inverse)
    return unique.astype(float), sums / counts


def _transform(y: np.ndarray, design: np.ndarray, gaps: np.ndarray, rho: float) -> tuple:
    """Whiten an AR(1) series sampled at gaps ``g``: z_i = (y_i − ρ^g y_{i−1}) / √(1 − ρ^{2g})."""
    import numpy as np

    r = rho**gaps
    scale = np.sqrt(1.0 - r**2)
    z = np.empty_like(y)
    w = np.empty_like(design)
    z[0], w[0] = y[0], design[0]
    z[1:] = (y[1:] - r * y[:-1]) / scale
    w[1:] = (design[1:] - r[:, None] * design[:-1]) / scale[:, None]
    return z, w, float(np.sum(np.log(scale)))


def _mixture_interval(
    weights: np.ndarray, centres: np.ndarray, scales: np.ndarray, dof: int, mass: float
) -> tuple[float, float]:
    """Equal-tailed interval of a mixture of scaled Student-t distributions (bisection)."""
    import numpy as np
    from scipy.special import stdtr, stdtrit

    def cdf(x: float) -> float:
        return float(np.sum(weights * stdtr(dof, (x - centres) / scales)))

    bounds = []
    for p in ((1 - mass) / 2, (1 + mass) / 2):
        # the mixture quantile lies between the smallest and largest component quantile
        component = centres + scales * float(stdtrit(dof, p))
        lo, hi = float(component.min()), float(component.max())
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            if cdf(mid) < p:
                lo = mid
            else:
                hi = mid
        bounds.append(0.5 * (lo + hi))
    return bounds[0], bounds[1]


def estimate_effect(days: np.ndarray, values: np.ndarray, start_day: float | None) -> Estimate:
    """Estimate the change in daily pain from ``start_day`` on, with trend and AR(1) errors.

    ``days`` are day numbers (floats; entries of one day are averaged), ``values`` NRS points.
    Below ``MIN_DAYS_BEFORE`` baseline days or ``MIN_DAYS_AFTER`` release days the verdict is
    ``insufficient_data``; ``supported`` means the 90% interval lies wholly below zero.
    """
    import numpy as np

    if len(days) == 0:
        return Estimate(None, None, None, 0, 0, "insufficient_data")
    t, y = daily_means(np.asarray(days, float), np.asarray(values, float))
    after = (t >= np.floor(start_day)).astype(float) if start_day is not None else np.zeros_like(t)
    n_after = int(after.sum())
    n_before = len(t) - n_after
    baseline = float(np.mean(y[after == 0])) if n_before else None
    if n_before < MIN_DAYS_BEFORE or n_after < MIN_DAYS_AFTER:
        return Estimate(baseline, None, None, n_before, n_after, "insufficient_data")
    effect, (lo, hi), rho = _posterior(t, y, after)
    verdict = "supported" if hi < 0 else "not_supported"
    return Estimate(baseline, effect, (lo, hi), n_before, n_after, verdict, rho)


def _posterior(t: np.ndarray, y: np.ndarray, x: np.ndarray) -> tuple[float, tuple[float, float], float]:
    """Posterior mean and 90% interval of the coefficient of ``x`` in y = a + b·week + c·x + AR(1),
    and the posterior mean of ``rho``."""
    import numpy as np

    weeks = (t - t[0]) / 7.0
    design = np.column_stack([np.ones_like(t), weeks - weeks.mean(), x])
    gaps = np.diff(t)
    # slope | sigma ~ N(0, (SLOPE_PRIOR_SD * sigma)^2) per week: a ridge row on the slope
    penalty = np.diag([0.0, 1.0 / SLOPE_PRIOR_SD**2, 0.0]) if SLOPE_PRIOR_SD else np.zeros((3, 3))
    dof = len(t) - design.shape[1] + (1 if SLOPE_PRIOR_SD else 0)
    rhos = np.arange(0.0, RHO_MAX + 1e-9, RHO_GRID_STEP)
    log_post, centres, scales = [], [], []
    for rho in rhos:
        z, w, log_scale = _transform(y, design, gaps, float(rho))
        gram = w.T @ w + penalty
        beta = np.linalg.solve(gram, w.T @ z)
        rss = max(float(np.sum((z - w @ beta) ** 2) + beta @ penalty @ beta), 1e-12)
        inv = np.linalg.inv(gram)
        _, logdet = np.linalg.slogdet(gram)
        log_post.append(-log_scale - 0.5 * logdet - 0.5 * dof * np.log(rss))
        centres.append(beta[2])
        scales.append(np.sqrt(rss / dof * inv[2, 2]))
    lp = np.array(log_post)
    weights = np.exp(lp - lp.max())
    weights /= weights.sum()
    centre_arr, scale_arr = np.array(centres), np.array(scales)
    interval = _mixture_interval(weights, centre_arr, scale_arr, dof, CREDIBLE_MASS)
    return float(np.sum(weights * centre_arr)), interval, float(np.sum(weights * rhos))


def estimate_dose(
    days: np.ndarray, values: np.ndarray, minutes_by_day: dict[int, float]
) -> tuple[float, tuple[float, float]] | None:
    """Change in daily pain per 10 minutes a day of practice (mean over the last DOSE_WINDOW_DAYS).

    Same model as :func:`estimate_effect` with the recent practice dose in place of the phase
    step. Returns None below the minimum data or when the dose never varies.
    """
    import numpy as np

    if len(days) == 0:
        return None
    t, y = daily_means(np.asarray(days, float), np.asarray(values, float))
    dose = np.array(
        [sum(minutes_by_day.get(int(d) - k, 0.0) for k in range(DOSE_WINDOW_DAYS)) for d in t]
    ) / (10.0 * DOSE_WINDOW_DAYS)
    if len(t) < MIN_DAYS_BEFORE + MIN_DAYS_AFTER or np.ptp(dose) < 0.1:
        return None
    effect, interval, _ = _posterior(t, y, dose)
    return effect, interval
