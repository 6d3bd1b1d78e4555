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
    rating_sd: float = 0.6
    """Extra noise of each rating around the day's level (0: the day's level exactly)."""
    whole_points: bool = True
    """Round ratings to whole points (clipped to 0–10) as a person would."""


def make_plan(design: str, start: date, days: int = 14, seed: int = 1) -> P.TrialPlan:
    """An AB plan with ``days`` baseline and ``2 · days`` release days, or a 3-pair reversal plan
    with periods of ``days`` days (washout 2 days, 1 for 4-day periods)."""
    if design == "ab":
        phases = P.ab_phases(start, days, 2 * days)
    else:
        phases = P.reversal_phases(start, 3, days, min(2, days - 3), seed)
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


def diary(rng: np.random.Generator, plan: P.TrialPlan, truth: Truth) -> list[tuple[datetime, float]]:
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
            value = mean + rng.normal(0, truth.rating_sd) if truth.rating_sd else mean
            if truth.whole_points:
                value = float(np.clip(np.round(value), 0, 10))
            out.append((base + timedelta(days=d, hours=12 * k), value))
    return out


@dataclass(frozen=True)
class Calibration:
    """Share of analysable diaries whose 90% interval covers the truth, and share "supported"."""

    coverage: float
    supported: float
    analysed: int
    detected: float = 0.0
    """Share of all ``n`` diaries reading "supported" (insufficient data counts as not detected)."""


def calibrate(design: str, days: int, truth: Truth, n: int, seed: int) -> Calibration:
    """Simulate ``n`` diaries (a fresh random order per reversal diary) and analyse each."""
    import numpy as np

    from psoas.trial.evaluate import daily, region_result

    rng = np.random.default_rng(seed)
    covered = supported = analysed = 0
    for i in range(n):
        plan = make_plan(design, date(2026, 1, 5), days, seed=seed * 100_003 + i)
        result = region_result(plan, daily(diary(rng, plan, truth)))
        if result.interval_90 is None:
            continue
        analysed += 1
        lo, hi = result.interval_90
        covered += lo <= truth.effect <= hi
        supported += result.verdict == "supported"
    share = max(analysed, 1)
    return Calibration(covered / share, supported / share, analysed, supported / max(n, 1))


AB_BASELINE_DAYS = (5, 7, 10, 14, 21)
REVERSAL_PERIOD_DAYS = (4, 5, 7, 10, 14)


def power_rows(
    n: int = 200, seed: int = 7, rhos: tuple[float, ...] = (0.0, 0.3, 0.6)
) -> list[dict[str, object]]:
    """Share of diaries reading "supported" at a true 2-point drop, per design, length and rho."""
    rows: list[dict[str, object]] = []
    for design, lengths in (("ab", AB_BASELINE_DAYS), ("reversal", REVERSAL_PERIOD_DAYS)):
        for rho in rhos:
            for days in lengths:
                found = calibrate(design, days, Truth(effect=-2.0, rho=rho), n, seed)
                total = 3 * days if design == "ab" else 6 * days
                rows.append(
                    {"design": design, "rho": rho, "days": days, "total": total, "power": found.detected}
                )
    return rows


def power_markdown(rows: list[dict[str, object]]) -> str:
    """The power table of docs/verify.md: total trial days needed for 80% power, per design and rho."""
    lines = [
        "| design | rho | power by total trial days | days for 80% power |",
        "|---|---|---|---|",
    ]
    for design in ("ab", "reversal"):
        for rho in sorted({r["rho"] for r in rows if r["design"] == design}):  # type: ignore[type-var]
            mine = [r for r in rows if r["design"] == design and r["rho"] == rho]
            cells = ", ".join(f"{r['total']}: {float(r['power']):.2f}" for r in mine)  # type: ignore[arg-type]
            enough = [r["total"] for r in mine if float(r["power"]) >= 0.8]  # type: ignore[arg-type]
            need = f"{enough[0]}" if enough else f"more than {mine[-1]['total']}"
            lines.append(f"| {design} | {rho} | {cells} | {need} |")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(power_markdown(power_rows()))
