"""The per-region analysis against independent computations and its minimum-data rules."""

from __future__ import annotations

import numpy as np
import pytest

from psoas.trial import analysis


def _ridge_interval(t: np.ndarray, y: np.ndarray, release: np.ndarray) -> tuple[float, float, float]:
    """The rho = 0 model solved independently: least squares on data augmented with one pseudo-row
    for the trend prior (sd 0.5 noise sd per week), and a Student t interval."""
    from scipy.stats import t as student

    weeks = (t - t[0]) / 7.0
    x = np.column_stack([np.ones_like(t), weeks - weeks.mean(), release])
    x_aug = np.vstack([x, [0.0, 1.0 / 0.5, 0.0]])
    y_aug = np.append(y, 0.0)
    beta, *_ = np.linalg.lstsq(x_aug, y_aug, rcond=None)
    dof = len(y) - 3 + 1
    s2 = float(np.sum((y_aug - x_aug @ beta) ** 2)) / dof
    se = float(np.sqrt(s2 * np.linalg.inv(x_aug.T @ x_aug)[2, 2]))
    q = float(student.ppf(0.95, dof))
    return float(beta[2]), float(beta[2]) - q * se, float(beta[2]) + q * se


def test_long_white_noise_diary_matches_a_plain_ridge_regression() -> None:
    rng = np.random.default_rng(4)
    t = np.arange(400.0)
    release = (t >= 200).astype(float)
    y = 6 - 2 * release + rng.normal(0, 1, len(t))
    got = analysis.analyse(t, y, release)
    effect, lo, hi = _ridge_interval(t, y, release)
    assert got.rho is not None and got.rho < 0.1
    assert got.effect == pytest.approx(effect, abs=0.15)  # points on the 0–10 scale
    assert got.interval_90 is not None
    assert got.interval_90[0] == pytest.approx(lo, abs=0.2)
    assert got.interval_90[1] == pytest.approx(hi, abs=0.2)
    assert got.verdict == "supported"


def test_probabilities_of_a_meaningful_drop_are_ordered() -> None:
    rng = np.random.default_rng(2)
    t = np.arange(42.0)
    release = (t >= 14).astype(float)
    y = 6 - 1.5 * release + rng.normal(0, 0.8, len(t))
    got = analysis.analyse(t, y, release, change_points=2.0, change_fraction=0.3)
    assert got.p_drop is not None and got.p_drop_points is not None and got.p_drop_fraction is not None
    # a drop of 1.8 points (30% of 6) is more likely than one of 2 points, both less than any drop
    assert got.p_drop > got.p_drop_fraction > got.p_drop_points
    assert 0.0 <= got.p_drop_points <= 1.0


def test_ab_needs_five_days_per_phase() -> None:
    t = np.arange(9.0)
    release = (t >= 4).astype(float)
    got = analysis.analyse(t, np.full(9, 5.0), release)
    assert got.verdict == "insufficient_data"
    assert got.missing == "4 of 5 baseline days, 5 of 5 release days"


def test_reversal_needs_three_complete_pairs_and_uses_period_effects() -> None:
    rng = np.random.default_rng(9)
    t = np.arange(42.0)
    pair = (t // 14).astype(int)
    release = ((t // 7) % 2 == 1).astype(float)
    drift = 0.6 * pair  # each pair sits higher: absorbed by the pair effects
    y = 6 + drift - 2 * release + rng.normal(0, 0.7, len(t))
    got = analysis.analyse(t, y, release, pair)
    assert got.pairs == 3 and got.verdict == "supported"
    assert got.interval_90 is not None and got.interval_90[0] < -2 < got.interval_90[1]
    short = analysis.analyse(t[:28], y[:28], release[:28], pair[:28])
    assert short.verdict == "insufficient_data" and short.missing == "2 of 3 complete pairs of periods"


def test_ab_report_names_a_drift_it_cannot_separate_from_a_gradual_effect() -> None:
    from datetime import date, datetime, timedelta

    from psoas.trial import plan as P
    from psoas.trial.evaluate import evaluate

    rng = np.random.default_rng(1)
    start = date(2026, 11, 1)
    plan = P.TrialPlan("ab", P.validate_phases(P.ab_phases(start, 7, 21)), (P.Region("knee", "left", True),))
    points = []
    for d in range(28):  # flat baseline at 6, then a steady fall to 4 over the release phase
        level = 6.0 if d < 7 else 6.0 - 2.0 * (d - 7) / 20
        points.append((datetime(2026, 11, 1, 20) + timedelta(days=d), int(round(level + rng.normal(0, 0.7)))))
    [knee] = evaluate(plan, {("knee", "left"): points}, {}, [], date(2026, 11, 29))["regions"]
    assert knee["trend_per_week"] < -0.3
    assert "cannot tell such a drift from a gradual effect" in knee["summary"]
