"""The per-region analysis of a trial: the change in pain between phases, fixed in advance.

Model (docs/verify.md, "Trials"): the daily means ``y_d`` of one region (several ratings a day are
averaged; washout days are left out) follow

    y_d = a + b · week_d + effect · release_d + Σ_k p_k · pair_k,d + e_d,

``release_d`` = 1 on release days and 0 on baseline (or pause) days, ``week_d`` the centred time in
weeks, ``pair_k,d`` indicators of the reversal pairs after the first (period effects; none in the AB
design) and ``e_d`` a stationary AR(1) process in continuous time (``rho**gap``). Priors as in
:mod:`psoas.journal.verify`: flat on ``a``, ``effect`` and the pair effects, ``b | sigma ~ N(0,
(0.5 sigma)²)`` per week, ``p(sigma) ∝ 1/sigma``, ``rho`` uniform on [−0.2, 0.95] and integrated out
on a grid. The posterior of ``effect`` is a mixture of Student t distributions, so the 90% interval
and the probabilities of a meaningful drop are exact up to the grid. Negative effect = less pain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from psoas.journal.verify import CREDIBLE_MASS, RHO_GRID_STEP, RHO_MAX, SLOPE_PRIOR_SD

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

MIN_DAYS_PER_PHASE = 5
"""AB design: diary days needed in the baseline and in the release phase."""
MIN_PAIRS = 3
"""Reversal design: complete pairs needed (each with MIN_DAYS_PER_PERIOD days in both periods)."""
MIN_DAYS_PER_PERIOD = 3
RHO_MIN = -0.4
"""Lower end of the autocorrelation grid. Reaching below zero removes the boundary effect that made
intervals conservative when pain is not autocorrelated at all (coverage up to 0.99 with the grid
starting at 0, up to 0.97 at −0.2; at −0.4 the reversal rows fall inside 0.85–0.95, docs/verify.md)."""
RHO_PRIOR_POWER = 0.0
"""Prior on the autocorrelation: p(rho) ∝ (1 − rho)^RHO_PRIOR_POWER on the grid; 0 = uniform
(docs/verify.md: a power of 0.5 or 1 shifts coverage from rho = 0 to rho = 0.6, it does not
narrow the spread)."""
SUPPORT_PROBABILITY = 1 - (1 - CREDIBLE_MASS) / 2
"""``supported`` when P(effect < 0) reaches this (the whole 90% interval lies below zero)."""


@dataclass(frozen=True)
class Posterior:
    """A mixture of scaled Student t distributions (one per ``rho`` on the grid)."""

    weights: np.ndarray
    centres: np.ndarray
    scales: np.ndarray
    dof: int
    rho: float
    trend: float = 0.0
    """Posterior mean of the shared trend, points per week."""

    @property
    def mean(self) -> float:
        return float((self.weights * self.centres).sum())

    def cdf(self, x: float) -> float:
        """P(effect ≤ x)."""
        from scipy.special import stdtr

        return float((self.weights * stdtr(self.dof, (x - self.centres) / self.scales)).sum())

    def interval(self, mass: float = CREDIBLE_MASS) -> tuple[float, float]:
        from psoas.journal.verify import _mixture_interval

        return _mixture_interval(self.weights, self.centres, self.scales, self.dof, mass)


@dataclass(frozen=True)
class RegionResult:
    """One region's result; counts are diary days, changes NRS points."""

    verdict: str
    n_baseline: int
    n_release: int
    pairs: int
    baseline: float | None = None
    effect: float | None = None
    interval_90: tuple[float, float] | None = None
    p_drop: float | None = None
    p_drop_points: float | None = None
    p_drop_fraction: float | None = None
    rho: float | None = None
    trend_per_week: float | None = None
    missing: str = ""


def _whiten(y: np.ndarray, design: np.ndarray, gaps: np.ndarray, rho: float) -> tuple:
    from psoas.journal.verify import _transform

    return _transform(y, design, gaps, rho)


def fit(t: np.ndarray, y: np.ndarray, design: np.ndarray, column: int, slope_column: int) -> Posterior:
    """Posterior of the coefficient ``column`` of ``design`` under AR(1) errors.

    ``t`` are whole day numbers (increasing), ``y`` the daily means; ``slope_column`` gets the
    ridge prior of the weekly trend. ``rho`` is integrated out on a grid.
    """
    import numpy as np

    p = design.shape[1]
    penalty = np.zeros((p, p))
    if SLOPE_PRIOR_SD:
        penalty[slope_column, slope_column] = 1.0 / SLOPE_PRIOR_SD**2
    dof = len(t) - p + (1 if SLOPE_PRIOR_SD else 0)
    gaps = np.diff(t)
    rhos = np.arange(RHO_MIN, RHO_MAX + 1e-9, RHO_GRID_STEP)
    log_post, centres, scales = np.empty(len(rhos)), np.empty(len(rhos)), np.empty(len(rhos))
    trends = np.empty(len(rhos))
    for i, rho in enumerate(rhos):
        z, w, log_scale = _whiten(y, design, gaps, float(rho))
        gram = w.T @ w + penalty
        inv = np.linalg.inv(gram)
        beta = inv @ (w.T @ z)
        rss = max(float(np.sum((z - w @ beta) ** 2) + beta @ penalty @ beta), 1e-12)
        _, logdet = np.linalg.slogdet(gram)
        log_post[i] = -log_scale - 0.5 * logdet - 0.5 * dof * np.log(rss)
        centres[i] = beta[column]
        trends[i] = beta[slope_column]
        scales[i] = np.sqrt(rss / dof * inv[column, column])
    log_post += RHO_PRIOR_POWER * np.log1p(-rhos)
    weights = np.exp(log_post - log_post.max())
    weights /= weights.sum()
    return Posterior(
        weights, centres, scales, dof, float((weights * rhos).sum()), float((weights * trends).sum())
    )


def design_matrix(t: np.ndarray, release: np.ndarray, pair: np.ndarray | None) -> np.ndarray:
    """Columns: intercept, centred weeks, release indicator, then one indicator per later pair."""
    import numpy as np

    weeks = (t - t[0]) / 7.0
    columns = [np.ones_like(t), weeks - weeks.mean(), release.astype(float)]
    if pair is not None:
        for k in np.unique(pair)[1:]:
            columns.append((pair == k).astype(float))
    return np.column_stack(columns)


def complete_pairs(release: np.ndarray, pair: np.ndarray) -> list[int]:
    """Reversal pairs with at least MIN_DAYS_PER_PERIOD diary days in both periods."""
    import numpy as np

    out = []
    for k in np.unique(pair):
        inside = pair == k
        n_b = int(release[inside].sum())
        if n_b >= MIN_DAYS_PER_PERIOD and int(inside.sum()) - n_b >= MIN_DAYS_PER_PERIOD:
            out.append(int(k))
    return out


def analyse(
    t: np.ndarray,
    y: np.ndarray,
    release: np.ndarray,
    pair: np.ndarray | None = None,
    change_points: float = 2.0,
    change_fraction: float = 0.30,
) -> RegionResult:
    """Analyse one region's daily means (washout days already removed).

    ``release`` is 1 on release days, 0 on baseline/pause days; ``pair`` (reversal design) the pair
    index of each day. The verdict is ``insufficient_data`` below the minimum data,
    ``supported`` when the 90% interval lies wholly below zero, else ``not_supported``.
    """
    import numpy as np

    t, y, release = np.asarray(t, float), np.asarray(y, float), np.asarray(release, float)
    n_b = int(release.sum())
    n_a = len(t) - n_b
    baseline = float(y[release == 0].mean()) if n_a else None
    if pair is not None:
        pair = np.asarray(pair)
        keep = np.isin(pair, complete_pairs(release, pair))
        n_pairs = len(np.unique(pair[keep]))
        if n_pairs < MIN_PAIRS:
            missing = f"{n_pairs} of {MIN_PAIRS} complete pairs of periods"
            return RegionResult("insufficient_data", n_a, n_b, n_pairs, baseline, missing=missing)
        t, y, release, pair = t[keep], y[keep], release[keep], pair[keep]
        n_b = int(release.sum())
        n_a = len(t) - n_b
        baseline = float(y[release == 0].mean())
    else:
        n_pairs = 0
        if n_a < MIN_DAYS_PER_PHASE or n_b < MIN_DAYS_PER_PHASE:
            missing = (
                f"{min(n_a, MIN_DAYS_PER_PHASE)} of {MIN_DAYS_PER_PHASE} baseline days, "
                f"{min(n_b, MIN_DAYS_PER_PHASE)} of {MIN_DAYS_PER_PHASE} release days"
            )
            return RegionResult("insufficient_data", n_a, n_b, 0, baseline, missing=missing)
    post = fit(t, y, design_matrix(t, release, pair), column=2, slope_column=1)
    lo, hi = post.interval()
    p_drop = post.cdf(0.0)
    base = max(baseline or 0.0, 0.0)
    return RegionResult(
        verdict="supported" if hi < 0 else "not_supported",
        n_baseline=n_a,
        n_release=n_b,
        pairs=n_pairs,
        baseline=baseline,
        effect=post.mean,
        interval_90=(lo, hi),
        p_drop=p_drop,
        p_drop_points=post.cdf(-change_points),
        p_drop_fraction=post.cdf(-change_fraction * base) if base > 0 else None,
        rho=post.rho,
        trend_per_week=post.trend,
    )
