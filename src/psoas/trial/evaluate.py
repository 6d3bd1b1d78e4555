"""Evaluate a trial on a diary: adherence, completeness, each region's result, the trait and the chain.

Input is plain data (no database): the plan, each region's ratings ``[(datetime, intensity)]``,
practice minutes per calendar day, the trait measurements and ``today``. Ratings on days outside
the plan or inside a washout are left out of the analysis and counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from psoas.trial import analysis
from psoas.trial.plan import TrialPlan
from psoas.trial.trait import trait_change

Series = dict[tuple[str, str], list[tuple[datetime, int]]]


def daily(points: Sequence[tuple[datetime, float]]) -> dict[date, float]:
    """Mean rating per calendar day."""
    sums: dict[date, list[float]] = defaultdict(list)
    for at, value in points:
        sums[at.date()].append(float(value))
    return {d: sum(v) / len(v) for d, v in sorted(sums.items())}


def region_result(plan: TrialPlan, days: dict[date, float]) -> analysis.RegionResult:
    """Fit one region's daily means inside the plan (washout days out)."""
    import numpy as np

    kept = [(d, v) for d, v in days.items() if plan.counts(d)]
    if not kept:
        return analysis.analyse(np.array([]), np.array([]), np.array([]), _pairs(plan, []))
    t = np.array([d.toordinal() for d, _ in kept], float)
    y = np.array([v for _, v in kept])
    phases = [plan.phase_on(d) for d, _ in kept]
    release = np.array([1.0 if p is not None and p.release else 0.0 for p in phases])
    return analysis.analyse(t, y, release, _pairs(plan, phases), plan.change_points, plan.change_fraction)


def _pairs(plan: TrialPlan, phases: list[Any]) -> Any:
    import numpy as np

    if plan.design != "reversal":
        return None
    return np.array([p.pair for p in phases], dtype=int)


def enough_on(plan: TrialPlan, logged: set[date], today: date) -> date | None:
    """The first day on which the data would be enough if a rating were logged every day from
    today; None when the plan's remaining days cannot make it enough."""
    buckets: dict[tuple[int | None, bool], int] = defaultdict(int)
    for d in logged:
        phase = plan.phase_on(d)
        if phase is not None and plan.counts(d):
            buckets[(phase.pair, phase.release)] += 1
    if _enough(plan, buckets):
        return today
    day = today
    while day < plan.end:
        phase = plan.phase_on(day)
        if day not in logged and phase is not None and plan.counts(day):
            buckets[(phase.pair, phase.release)] += 1
            if _enough(plan, buckets):
                return day
        day += timedelta(days=1)
    return None


def _enough(plan: TrialPlan, buckets: dict[tuple[int | None, bool], int]) -> bool:
    if plan.design == "reversal":
        pairs = {k for k, _ in buckets}
        done = [
            k
            for k in pairs
            if buckets[(k, True)] >= analysis.MIN_DAYS_PER_PERIOD
            and buckets[(k, False)] >= analysis.MIN_DAYS_PER_PERIOD
        ]
        return len(done) >= analysis.MIN_PAIRS
    return (
        buckets[(None, True)] >= analysis.MIN_DAYS_PER_PHASE
        and buckets[(None, False)] >= analysis.MIN_DAYS_PER_PHASE
    )


def adherence(
    plan: TrialPlan, ratings_by_day: dict[date, int], practice: dict[date, float], today: date
) -> dict[str, Any]:
    """Ratings logged against those planned, and practice on release versus pause days, so far."""
    last = min(today, plan.end - timedelta(days=1))
    planned_days = release_days = practised = paused_practice = rated_days = ratings = 0
    day = plan.start
    while day <= last:
        phase = plan.phase_on(day)
        planned_days += 1
        n = ratings_by_day.get(day, 0)
        ratings += min(n, len(plan.times))
        rated_days += 1 if n else 0
        if phase is not None and phase.release:
            release_days += 1
            practised += 1 if practice.get(day) else 0
        elif practice.get(day):
            paused_practice += 1
        day += timedelta(days=1)
    planned = planned_days * len(plan.times)
    return {
        "days_so_far": planned_days,
        "days_rated": rated_days,
        "ratings": ratings,
        "ratings_planned": planned,
        "completeness": round(ratings / planned, 3) if planned else None,
        "release_days_so_far": release_days,
        "release_days_practised": practised,
        "practice_adherence": round(practised / release_days, 3) if release_days else None,
        "practice_on_rest_days": paused_practice,
    }


def _dose(points: list[tuple[datetime, int]], practice: dict[date, float]) -> dict[str, Any] | None:
    import numpy as np

    from psoas.journal.verify import estimate_dose

    if not points or not practice:
        return None
    days = np.array([float(at.date().toordinal()) for at, _ in points])
    values = np.array([v for _, v in points], float)
    found = estimate_dose(days, values, {d.toordinal(): m for d, m in practice.items()})
    if found is None:
        return None
    return {"per_10_min_a_day": round(found[0], 2), "interval_90": [round(x, 2) for x in found[1]]}


def evaluate(
    plan: TrialPlan,
    series: Series,
    practice: dict[date, float],
    measurements: list[dict[str, Any]],
    today: date,
    edits: int = 0,
) -> dict[str, Any]:
    """The whole evaluation as a JSON-ready dict (the report's data)."""
    from psoas.trial.words import chain_answer, region_words

    regions = []
    per_day: dict[date, int] = defaultdict(int)
    for key in series:
        for at, _ in series[key]:
            per_day[at.date()] += 1
    for region in plan.regions:
        points = series.get((region.region, region.side), [])
        means = daily(points)
        result = region_result(plan, means)
        item = region.to_dict() | _result_dict(result)
        if result.verdict == "insufficient_data":
            when = enough_on(plan, set(means), today)
            item["enough_on"] = None if when is None else when.isoformat()
        item["dose"] = _dose(points, practice)
        item["days"] = [{"date": d.isoformat(), "mean": round(v, 2)} for d, v in means.items()]
        item["summary"] = region_words(item, plan)
        regions.append(item)
    n_regions = max(1, len(plan.regions))
    by_day = {d: n // n_regions for d, n in per_day.items()}
    target = plan.target
    trait = trait_change(*_before_after(measurements), target.get("test"))
    out = {
        "design": plan.design,
        "plan": plan.to_dict(),
        "today": today.isoformat(),
        "finished": today >= plan.end,
        "phase_today": None if plan.phase_on(today) is None else plan.phase_on(today).to_dict(),  # type: ignore[union-attr]
        "adherence": adherence(plan, by_day, practice, today),
        "regions": regions,
        "trait": trait,
        "measurements": measurements,
        "edits": edits,
    }
    out["chain"] = chain_answer(out)
    return out


def _before_after(measurements: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Before: the assessment's measurement (else the first re-test); after: the latest re-test."""
    initial = [m for m in measurements if m["method"] == "assessment"]
    retests = [m for m in measurements if m["method"] != "assessment"]
    before = initial[0] if initial else (retests.pop(0) if retests else None)
    return before, (retests[-1] if retests else None)


def _result_dict(r: analysis.RegionResult) -> dict[str, Any]:
    def rnd(x: float | None, digits: int = 2) -> float | None:
        return None if x is None else round(float(x), digits)

    return {
        "verdict": r.verdict,
        "n_baseline": r.n_baseline,
        "n_release": r.n_release,
        "pairs": r.pairs,
        "baseline": rnd(r.baseline),
        "effect": rnd(r.effect),
        "interval_90": None if r.interval_90 is None else [rnd(x) for x in r.interval_90],
        "p_drop": rnd(r.p_drop, 3),
        "p_drop_points": rnd(r.p_drop_points, 3),
        "p_drop_fraction": rnd(r.p_drop_fraction, 3),
        "rho": rnd(r.rho),
        "trend_per_week": rnd(r.trend_per_week),
        "missing": r.missing,
    }
