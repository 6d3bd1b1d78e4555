"""Trials in the journal: store a plan made from the active programme, record trait re-tests, and
evaluate the plan on the diary (queries here; the analysis lives in :mod:`psoas.trial`).

Days are UTC calendar days; ``today`` is passed in so that tests and back-dated diaries can fix it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from psoas.errors import InputError, NotFoundError
from psoas.journal import edits, repo
from psoas.journal.models import Assessment, Program, Trial, TrialMeasurement
from psoas.journal.parse import iso
from psoas.trial.plan import TrialPlan


def _programme(session: Session, person_id: int) -> tuple[Any, Any]:
    found = repo.active_program(session, person_id)
    if found is None or found[1] is None:
        raise InputError("trial", "no active programme yet: save an assessment first (psoas assess --save)")
    return found


def diary_days(session: Session, person_id: int) -> tuple[dict[tuple[str, str], set[date]], set[date]]:
    """Days with a pain rating, per (region, side), and days with practice."""
    pain: dict[tuple[str, str], set[date]] = defaultdict(set)
    for r in repo.pain_rows(session, person_id):
        pain[(r.region, r.side)].add(r.at.date())
    practice = {r.at.date() for r in repo.practice_rows(session, person_id)}
    return pain, practice


def propose(session: Session, person_id: int, options: dict[str, Any], today: date) -> TrialPlan:
    """The plan psoas proposes for the active programme (not stored)."""
    from psoas.trial.propose import propose as make

    _program, assessment = _programme(session, person_id)
    pain, practice = diary_days(session, person_id)
    intake_regions = {
        (str(p["region"]), str(p.get("side") or "center")) for p in assessment.intake.get("pain") or []
    }
    logged = set().union(*(pain.get(k, set()) for k in intake_regions)) if intake_regions else set()
    return make(assessment.intake, assessment.result, today, options, logged, practice)


def create(session: Session, person_id: int, options: dict[str, Any], today: date, now: datetime) -> int:
    """Store the plan as the person's active trial, with the trait as measured in the assessment."""
    from psoas.trial.trait import thomas_angle, trait_probability

    plan = propose(session, person_id, options, today)
    program, assessment = _programme(session, person_id)
    session.execute(update(Trial).where(Trial.person_id == person_id, Trial.active).values(active=False))
    session.flush()
    row = Trial(person_id=person_id, program_id=program.id, created_at=now, active=True, plan=plan.to_dict())
    session.add(row)
    session.flush()
    target = plan.target
    side = str(target.get("side") or "center")
    angle = thomas_angle(assessment.intake, side) if target.get("test") else None
    if angle is not None:
        probability = trait_probability(assessment.result, str(target["cause"]), side)
        session.add(
            TrialMeasurement(
                trial_id=row.id,
                at=assessment.created_at,
                side=side,
                hip_angle_deg=angle,
                method="assessment",
                probability=probability,
            )
        )
        session.flush()
    return row.id


def active(session: Session, person_id: int) -> Trial | None:
    return session.scalar(select(Trial).where(Trial.person_id == person_id, Trial.active))


def require_active(session: Session, person_id: int) -> Trial:
    found = active(session, person_id)
    if found is None:
        raise NotFoundError("trial: no trial planned yet (psoas trial plan, or the Trial page)")
    return found


def stop(session: Session, person_id: int) -> None:
    """End the active trial (kept, no longer active)."""
    require_active(session, person_id).active = False
    session.flush()


def measurements(session: Session, trial_id: int) -> list[dict[str, Any]]:
    query = select(TrialMeasurement).where(TrialMeasurement.trial_id == trial_id)
    rows = session.scalars(query.order_by(TrialMeasurement.at, TrialMeasurement.id))
    return [_measurement_dict(m) for m in rows]


def _measurement_dict(m: TrialMeasurement) -> dict[str, Any]:
    return {
        "at": iso(m.at),
        "side": m.side,
        "hip_angle_deg": m.hip_angle_deg,
        "method": m.method,
        "probability": None if m.probability is None else round(m.probability, 3),
    }


def add_measurement(
    session: Session, person_id: int, hip_angle_deg: Any, method: str, at: datetime
) -> dict[str, Any]:
    """Record a Thomas re-test of the trial's target side, rescored by the engine."""
    from psoas.knowledge.vocab import METHODS
    from psoas.trial.trait import rescore

    trial = require_active(session, person_id)
    plan = TrialPlan.from_dict(trial.plan)
    if plan.target.get("test") != "thomas":
        raise InputError("retest", "this trial's target has no home test to repeat")
    if method not in METHODS:
        raise InputError("method", f"unknown method {method!r}", METHODS)
    try:
        angle = float(hip_angle_deg)
    except (TypeError, ValueError):
        raise InputError("hip_angle_deg", f"{hip_angle_deg!r} is not a number", "-45 to 60") from None
    if not -45 <= angle <= 60:
        raise InputError("hip_angle_deg", f"{angle:g} is out of range", "-45 to 60")
    side = str(plan.target.get("side") or "center")
    program = session.get(Program, trial.program_id) if trial.program_id else None
    assessment = session.get(Assessment, program.assessment_id) if program and program.assessment_id else None
    probability = (
        rescore(assessment.intake, str(plan.target["cause"]), side, angle, method) if assessment else None
    )
    row = TrialMeasurement(
        trial_id=trial.id, at=at, side=side, hip_angle_deg=angle, method=method, probability=probability
    )
    session.add(row)
    session.flush()
    return _measurement_dict(row)


def evaluation(session: Session, person_id: int, today: date) -> dict[str, Any]:
    """The active trial evaluated on the diary so far (see :func:`psoas.trial.evaluate.evaluate`)."""
    from psoas.journal.views import pain_series
    from psoas.trial.evaluate import evaluate
    from psoas.trial.tasks import today_tasks

    trial = require_active(session, person_id)
    plan = TrialPlan.from_dict(trial.plan)
    practice: dict[date, float] = defaultdict(float)
    for r in repo.practice_rows(session, person_id):
        practice[r.at.date()] += r.minutes or 1.0
    series = pain_series(session, person_id)
    found = measurements(session, trial.id)
    out = evaluate(plan, series, dict(practice), found, today, edits.edit_count(session, person_id))
    out["id"] = trial.id
    out["created_at"] = iso(trial.created_at)
    out["tasks"] = today_tasks(plan, series, practice, found, today)
    return out
