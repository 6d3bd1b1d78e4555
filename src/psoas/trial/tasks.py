"""Today's tasks of a trial: log at the planned times, practise (or pause), re-test at boundaries.

Each task: ``kind`` (``log``, ``practise``, ``rest``, ``retest``, ``start``, ``report``), ``text``,
``time`` (HH:MM or None), ``done``. The boundaries at which the trait is re-tested are the days
on which the phase kind changes, and the day after the plan ends.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from psoas.trial.plan import TrialPlan
from psoas.trial.words import label


def boundaries(plan: TrialPlan) -> list[date]:
    """Days on which a re-test is due: each change of phase kind, and the end of the plan."""
    out = []
    for before, after in zip(plan.phases, plan.phases[1:], strict=False):
        if before.release != after.release:
            out.append(after.start)
    return [*out, plan.end]


def retest_due(plan: TrialPlan, measurements: list[dict[str, Any]], today: date) -> date | None:
    """The boundary whose re-test is still missing, if one has passed."""
    if plan.target.get("test") is None:
        return None
    passed = [b for b in boundaries(plan) if b <= today]
    if not passed:
        return None
    last = passed[-1]
    retests = [m for m in measurements if m["method"] != "assessment"]
    done = any(_day(m["at"]) >= last - timedelta(days=1) for m in retests)
    return None if done else last


def _day(stamp: str) -> date:
    return datetime.fromisoformat(stamp.rstrip("Z")).date()


def today_tasks(
    plan: TrialPlan,
    series: dict[tuple[str, str], list[tuple[datetime, int]]],
    practice: dict[date, float],
    measurements: list[dict[str, Any]],
    today: date,
) -> list[dict[str, Any]]:
    """The list of tasks for ``today``."""
    regions = ", ".join(label(r.region, r.side) for r in plan.regions)
    if today < plan.start:
        return [{"kind": "start", "text": f"The trial starts on {plan.start}.", "time": None, "done": False}]
    tasks: list[dict[str, Any]] = []
    due = retest_due(plan, measurements, today)
    if due is not None:
        text = "Re-test the Thomas angle (inclinometer or photo) and enter it on the trial page."
        tasks.append({"kind": "retest", "text": text, "time": None, "done": False})
    if today >= plan.end:
        text = "The trial has ended: read the report."
        return [*tasks, {"kind": "report", "text": text, "time": None, "done": False}]
    stamps = {at for key in series for at, _ in series[key] if at.date() == today and key in _keys(plan)}
    for i, time in enumerate(plan.times):
        text = f"At {time}: rate your pain ({regions})."
        tasks.append({"kind": "log", "text": text, "time": time, "done": len(stamps) > i})
    phase = plan.phase_on(today)
    if phase is not None and phase.release:
        text = "Do today's release practice and log it."
        tasks.append({"kind": "practise", "text": text, "time": None, "done": bool(practice.get(today))})
    elif phase is not None:
        word = "baseline" if phase.kind == "baseline" else "pause"
        text = f"No release practice today ({word} {'phase' if word == 'baseline' else 'period'}); just rate the pain."
        tasks.append({"kind": "rest", "text": text, "time": None, "done": not practice.get(today)})
    return tasks


def _keys(plan: TrialPlan) -> set[tuple[str, str]]:
    return {(r.region, r.side) for r in plan.regions}
