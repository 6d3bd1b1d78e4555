"""Synthetic diaries for tests and benchmarks (deterministic with a seed)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from psoas.journal.service import Journal

START = datetime(2026, 1, 5, 8, 0)


def ar1(rng: np.random.Generator, n: int, rho: float, sd: float) -> np.ndarray:
    """A stationary AR(1) series with lag-1 correlation ``rho`` and marginal sd ``sd``."""
    e = np.empty(n)
    e[0] = rng.normal(0, sd)
    for i in range(1, n):
        e[i] = rho * e[i - 1] + rng.normal(0, sd * np.sqrt(1 - rho**2))
    return e


def simulate(
    rng: np.random.Generator,
    effect: float,
    days_before: int = 14,
    days_after: int = 28,
    rho: float = 0.4,
    sd: float = 1.0,
    level: float = 5.0,
    per_day: int = 3,
    skip: float = 0.15,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Day numbers, NRS values (rounded, clipped to 0–10) and the start day of release work."""
    n = days_before + days_after
    noise = ar1(rng, n, rho, sd)
    days: list[float] = []
    values: list[float] = []
    for d in range(n):
        if rng.random() < skip:
            continue
        for _ in range(int(rng.integers(1, per_day + 1))):
            v = level + noise[d] + (effect if d >= days_before else 0.0) + rng.normal(0, 0.6)
            days.append(d + float(rng.uniform(0.2, 0.9)))
            values.append(float(np.clip(np.round(v), 0, 10)))
    return np.array(days), np.array(values), float(days_before)


def fill(journal: Journal, person: str | None, rng: np.random.Generator, effect: float, **kw: float) -> None:
    """Write a two-region diary (knee:left and low_back = 10 − knee) with practice and a massage
    from day 14 on; ``kw`` goes to :func:`simulate`."""
    days, values, start = simulate(rng, effect, **kw)  # type: ignore[arg-type]
    for d, v in zip(days, values, strict=True):
        at = START + timedelta(days=float(d))
        journal.log_pain(person, [f"knee:left={int(v)}", f"low_back={int(min(10, max(0, 10 - v)))}"], at=at)
    for d in range(int(start), int(start) + 28):
        journal.log_practice(
            person, "half_kneeling_hip_flexor_stretch", minutes=8, at=START + timedelta(days=d)
        )
    journal.log_visit(person, "massage", notes="release work", at=START + timedelta(days=start, hours=2))
