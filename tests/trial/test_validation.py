"""Validation of the trial analysis on simulated diaries with a known truth (slow).

Designs AB (7 or 14 baseline days, twice as many release days) and randomised reversal (3 pairs of
7-day periods, 2 washout days); day-to-day autocorrelation 0 to 0.6; a linear trend; 15% of days
missing; carry-over (the effect builds up and fades with a 1-day time constant). Requirements
(issue 12): the 90% interval covers the true change in 85–95% of diaries (pooled over the
scenarios and in each scenario, except the short AB plan without autocorrelation, which is
conservative, up to 97%); "supported" on diaries with no effect at most 10% of the time. 300 diaries per scenario.
"""

from __future__ import annotations

import pytest

from psoas.trial.simulate import Truth, calibrate

pytestmark = pytest.mark.slow

SCENARIOS = [
    (design, days, rho, effect, trend, carry)
    for design, days in (("ab", 7), ("ab", 14), ("reversal", 7))
    for rho in (0.0, 0.3, 0.6)
    for effect, trend, carry in ((-2.0, 0.0, 0.0), (-2.0, -0.1, 1.0), (0.0, 0.1, 0.0))
]


def test_interval_coverage_and_false_support_over_all_scenarios() -> None:
    coverages, false_support = [], []
    for i, (design, days, rho, effect, trend, carry) in enumerate(SCENARIOS):
        truth = Truth(effect=effect, rho=rho, trend=trend, carry_days=carry)
        found = calibrate(design, days, truth, n=300, seed=1000 + i)
        assert found.analysed >= 240, (design, days, rho)
        coverages.append(found.coverage)
        # each scenario inside 85-95% (binomial sd at n = 300 is about 0.017), except the short AB
        # plan without autocorrelation, where the trend prior keeps the interval conservative
        # (0.97 with a drift and carry-over, docs/verify.md)
        top = 0.97 if (design, days, rho) == ("ab", 7, 0.0) else 0.95
        assert 0.85 <= found.coverage <= top, (design, days, rho, effect, found)
        if effect == 0.0:
            false_support.append(found.supported)
            assert found.supported <= 0.10, (design, days, rho, found)
    pooled = sum(coverages) / len(coverages)
    assert 0.85 <= pooled <= 0.95, pooled
    assert max(false_support) <= 0.10


def test_reversal_beats_ab_at_the_same_length() -> None:
    truth = Truth(effect=-2.0, rho=0.3)
    ab = calibrate("ab", 14, truth, n=200, seed=5)  # 42 days
    reversal = calibrate("reversal", 7, truth, n=200, seed=5)  # 42 days
    assert reversal.detected > ab.detected
