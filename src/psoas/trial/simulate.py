"""Simulated trial diaries with a known truth, for the validation tests, the power table and the
benchmark (deterministic with a seed; numpy only).

A diary: level ``level``, AR(1) day-to-day noise (lag-1 correlation ``rho``, sd ``sd``), a linear
trend ``trend`` points a week, an effect ``effect`` on release days that builds up and fades with
a carry-over time constant ``carry_days`` (0: instant), 1–2 ratings a day with extra sd 0.6,
rounded to whole points and clipped to 0–10, and a share ``skip`` of days with no rating.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from psoas.trial import plan as P

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@dataclass(frozen=True)
class Truth:
    effect: float = -2.0
    rho: float = 0.4
    sd: float = 1.0
    level: float = 5.5
    trend: float = 0.0
    carry_days: float = 0.0
    skip: float = 0.15


def make_plan(design: str, start: date, days: int = 14, seed: int = 1) -> P.TrialPlan:
    """An AB plan with ``days`` baseline and ``2 · days`` release days, or a 3-pair reversal plan
    with periods of ``days`` days (washout 2)."""
    if design == "ab":
        phases = P.ab_phases(start, days, 2 * days)
    else:
        phases = P.reversal_phases(start, 3, days, 2, seed)
    region = P.Region("knee", "left", distant=True)
    return P.TrialPlan(design, P.validate_phases(phases), (region,))


def _release_signal(plan: P.TrialPlan, n: int, carry_days: float) -> np.ndarray:
    """1 on release days, 0 otherwise, smoothed by an exponential carry-over."""
    import numpy as np

    on = np.array(
        [1.0 if (p := plan.phase_on(plan.start + timedelta(days=d))) and p.release else 0.0 for d in range(n)]
    )
    if carry_days <= 0:
        return on
    out = np.empty(n)
    level, keep = 0.0, float(np.exp(-1.0 / carry_days))
    for i in range(n):
        level = keep * level + (1 - keep) * on[i]
        out[i] = level
    return out


def diary(rng: np.random.Generator, plan: P.TrialPlan, truth: Truth) -> list[tuple[datetime, int]]:
    """Ratings ``[(at, intensity)]`` over the whole plan."""
    import numpy as np

    n = (plan.end - plan.start).days
    e = np.empty(n)
    e[0] = rng.normal(0, truth.sd)
    for i in range(1, n):
        e[i] = truth.rho * e[i - 1] + rng.normal(0, truth.sd * np.sqrt(1 - truth.rho**2))
    signal = _release_signal(plan, n, truth.carry_days)
    out = []
    base = datetime(plan.start.year, plan.start.month, plan.start.day, 8)
    for d in range(n):
        if rng.random() < truth.skip:
            continue
        mean = truth.level + truth.trend * d / 7 + truth.effect * signal[d] + e[d]
        for k in range(int(rng.integers(1, 3))):
            value = int(np.clip(np.round(mean + rng.normal(0, 0.6)), 0, 10))
            out.append((base + timedelta(days=d, hours=12 * k), value))
    return out
