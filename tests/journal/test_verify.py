"""The verify analysis on synthetic diaries with known effects, and its report through the journal."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.journal.diaries import START, ar1, fill, simulate

from psoas.journal import verify as v
from psoas.journal.service import Journal

N_DIARIES = 300


def _run(seed: int, effect: float, n: int, **kw: float) -> list[v.Estimate]:
    rng = np.random.default_rng(seed)
    return [v.estimate_effect(*simulate(rng, effect, **kw)) for _ in range(n)]  # type: ignore[arg-type]


def test_true_drop_of_two_points_is_covered_at_about_the_nominal_rate() -> None:
    estimates = _run(11, -2.0, N_DIARIES)
    covered = np.mean([e.interval_90[0] <= -2.0 <= e.interval_90[1] for e in estimates])  # type: ignore[index]
    # 90% nominal; binomial sd over 300 diaries is 1.7 points, so ±6 points is a wide-enough band
    assert 0.84 <= covered <= 0.96
    assert abs(np.mean([e.effect for e in estimates]) + 2.0) < 0.15  # type: ignore[arg-type]
    # power for a 2-point drop with 2 weeks of baseline and 4 of practice (about 70%; see docs/verify.md)
    assert np.mean([e.verdict == "supported" for e in estimates]) >= 0.6


def test_null_diaries_rarely_say_supported() -> None:
    estimates = _run(12, 0.0, N_DIARIES)
    assert np.mean([e.verdict == "supported" for e in estimates]) <= 0.10
    covered = np.mean([e.interval_90[0] <= 0.0 <= e.interval_90[1] for e in estimates])  # type: ignore[index]
    assert covered >= 0.84


def _naive_interval(days: np.ndarray, values: np.ndarray, start: float) -> tuple[float, float]:
    """Ordinary least squares on daily means, ignoring autocorrelation (the reference to beat)."""
    t, y = v.daily_means(days, values)
    design = np.column_stack([np.ones_like(t), t, (t >= start).astype(float)])
    beta, rss, *_ = np.linalg.lstsq(design, y, rcond=None)
    se = float(np.sqrt(rss[0] / (t.size - 3) * np.linalg.inv(design.T @ design)[2, 2]))
    return beta[2] - 1.68 * se, beta[2] + 1.68 * se


def test_strong_autocorrelation_is_accounted_for() -> None:
    rng = np.random.default_rng(13)
    diaries = [simulate(rng, -2.0, rho=0.8, days_before=21) for _ in range(150)]
    ours = [v.estimate_effect(*d) for d in diaries]
    covered = np.mean([e.interval_90[0] <= -2.0 <= e.interval_90[1] for e in ours])  # type: ignore[index]
    naive = np.mean([lo <= -2.0 <= hi for lo, hi in (_naive_interval(*d) for d in diaries)])
    assert covered >= 0.8
    assert covered > naive + 0.1  # ignoring autocorrelation would be overconfident
    assert np.mean([e.rho for e in ours]) > 0.4  # type: ignore[arg-type]


def test_matches_ordinary_least_squares_when_errors_are_independent() -> None:
    rng = np.random.default_rng(5)
    t = np.arange(120, dtype=float)
    after = (t >= 40).astype(float)
    y = 6.0 + 0.01 * t - 1.5 * after + rng.normal(0, 1.0, t.size)
    est = v.estimate_effect(t + 0.5, y, 40.0)
    design = np.column_stack([np.ones_like(t), t, after])
    beta, rss, *_ = np.linalg.lstsq(design, y, rcond=None)
    se = float(np.sqrt(rss[0] / (t.size - 3) * np.linalg.inv(design.T @ design)[2, 2]))
    assert est.rho is not None and est.rho < 0.2
    assert est.effect == pytest.approx(beta[2], abs=0.1)
    lo, hi = est.interval_90  # type: ignore[misc]
    assert (hi - lo) / 2 == pytest.approx(1.658 * se, rel=0.25)  # t(117) 95th percentile


@pytest.mark.parametrize(
    ("before", "after", "verdict_is_insufficient"),
    [(4, 30, True), (30, 4, True), (5, 5, False), (0, 20, True)],
)
def test_minimum_data(before: int, after: int, verdict_is_insufficient: bool) -> None:
    rng = np.random.default_rng(before * 100 + after)
    days, values, start = simulate(rng, -2.0, days_before=before, days_after=after, skip=0.0)
    est = v.estimate_effect(days, values, start)
    assert (est.n_before, est.n_after) == (before, after)
    assert (est.verdict == "insufficient_data") is verdict_is_insufficient
    assert (est.interval_90 is None) is verdict_is_insufficient


def test_several_entries_a_day_count_as_one_day() -> None:
    days = np.array([0.1, 0.5, 0.9, 1.2, 2.3])
    t, y = v.daily_means(days, np.array([2.0, 4.0, 6.0, 3.0, 5.0]))
    assert t.tolist() == [0.0, 1.0, 2.0] and y.tolist() == [4.0, 3.0, 5.0]


def test_whitening_with_gaps_matches_the_ar1_covariance() -> None:
    # z = L^-1 y where Sigma = L L^T for the continuous-time AR(1) covariance rho**|t_i - t_j|
    t = np.array([0.0, 1.0, 3.0, 4.0, 9.0])
    rho = 0.6
    sigma = rho ** np.abs(t[:, None] - t[None, :])
    rng = np.random.default_rng(1)
    y = rng.normal(size=t.size)
    z, _, log_scale = v._transform(y, np.ones((t.size, 1)), np.diff(t), rho)
    assert float(z @ z) == pytest.approx(float(y @ np.linalg.solve(sigma, y)), rel=1e-10)
    assert 2 * log_scale == pytest.approx(np.linalg.slogdet(sigma)[1], rel=1e-10)


CHAIN = {
    "region": "knee",
    "side": "left",
    "path": ["psoas", "pelvis", "knee"],
    "evidence": "weak",
    "contribution": 0.4,
}
RESULT = {
    "engine_version": "0.1.0",
    "program": {"items": []},
    "causes": [
        {
            "id": "psoas_tight",
            "side": "left",
            "chains": [CHAIN, CHAIN | {"region": "low_back", "side": "center"}],
        },
        {"id": "local_knee", "side": "right", "chains": [CHAIN | {"side": "right", "contribution": 0.2}]},
    ],
}


def test_report_names_regions_chains_and_verdicts(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal:
        journal.save_assessment(None, {"pain": []}, RESULT, at=START - timedelta(days=1))
        fill(journal, None, np.random.default_rng(21), effect=-3.0, sd=0.5, rho=0.2)
        report = journal.verify(None)
    assert report["start"] == "2026-01-19T08:00:00Z" and report["program_active"] is True
    by_region = {r["region"]: r for r in report["regions"]}
    knee = by_region["knee"]
    assert set(knee) == {
        "region",
        "side",
        "baseline",
        "effect",
        "interval_90",
        "n_before",
        "n_after",
        "verdict",
        "chain",
        "dose",
    }
    assert knee["verdict"] == "supported" and knee["interval_90"][1] < 0
    assert knee["effect"] == pytest.approx(-3.0, abs=1.0)
    assert [c["cause"] for c in knee["chain"]] == ["psoas_tight"]
    assert knee["chain"][0]["path"] == ["psoas", "pelvis", "knee"]
    # low back was simulated as 10 − knee, so it got worse: not supported
    assert by_region["low_back"]["verdict"] == "not_supported" and by_region["low_back"]["effect"] > 0
    assert "support" in report["summary"] and "psoas tight" in report["summary"]
    assert "not a diagnosis" in report["summary"]


def test_without_release_work_everything_is_baseline(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal:
        for d in range(10):
            journal.log_pain(None, ["neck=4"], at=START + timedelta(days=d))
        report = journal.verify(None)
        explicit = journal.verify(None, start="2026-01-10")
    assert report["start"] is None and report["regions"][0]["n_before"] == 10
    assert report["regions"][0]["verdict"] == "insufficient_data" and "baseline" in report["summary"]
    assert (explicit["regions"][0]["n_before"], explicit["regions"][0]["n_after"]) == (5, 5)


def test_dose_response_is_recovered() -> None:
    # pain falls 0.6 points per 10 min/day of practice (7-day mean); practice varies week to week
    rng = np.random.default_rng(8)
    minutes = {d: float(rng.choice([0, 10, 20, 30])) if d >= 14 else 0.0 for d in range(70)}
    hits = 0
    for _ in range(40):
        noise = ar1(rng, 70, 0.3, 0.8)
        dose = np.array([sum(minutes.get(d - k, 0.0) for k in range(7)) / 70 for d in range(70)])
        days = np.arange(70) + 0.5
        values = 6.0 - 0.6 * dose + noise
        est = v.estimate_dose(days, values, minutes)
        assert est is not None
        hits += est[1][0] <= -0.6 <= est[1][1]
    assert hits >= 32  # about 90% of 40
    assert v.estimate_dose(days, values, {}) is None  # no practice: no dose to estimate


def test_report_includes_dose_when_minutes_are_logged(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal:
        fill(journal, None, np.random.default_rng(4), effect=-2.0)
        report = journal.verify(None)
    dose = report["regions"][0]["dose"]
    assert dose is not None and dose["interval_90"][0] <= dose["per_10_min_a_day"] <= dose["interval_90"][1]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-5, 5), scale=st.floats(0.2, 5), offset=st.floats(-3, 3))
def test_estimate_is_equivariant(seed: int, shift: float, scale: float, offset: float) -> None:
    # adding `shift` after the start moves effect and interval by exactly `shift`; an offset changes
    # nothing; scaling the pain scales the effect (the trend prior is in noise-sd units)
    days, values, start = simulate(np.random.default_rng(seed), -1.0, skip=0.0)
    base = v.estimate_effect(days, values, start)
    after = np.floor(days) >= start
    moved = v.estimate_effect(days, values + shift * after + offset, start)
    scaled = v.estimate_effect(days, scale * values, start)
    assert base.effect is not None and moved.effect is not None and scaled.effect is not None
    assert moved.effect == pytest.approx(base.effect + shift, abs=1e-6)
    assert moved.interval_90 == pytest.approx([x + shift for x in base.interval_90], abs=1e-5)  # type: ignore[union-attr]
    assert scaled.effect == pytest.approx(scale * base.effect, rel=1e-6, abs=1e-9)
