"""The therapist's day: SOAP visit notes, programme edits with history, the recall list, adherence
and the latest pain trend per client.

Recall: the maintenance visit is due ``recall_every_days`` (default 42, six weeks) after the last
visit (a logged visit or a visit note, whichever is later); a client never seen is due now.
Adherence: distinct practice days in the last 28 days, per week. Pain trend: the mean rating of
the last 7 days against the 7 days before.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from psoas.errors import InputError, NotFoundError
from psoas.practice.accounts import Actor, now
from psoas.practice.models import CareLink, ProgramChange, VisitNote

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session

    from psoas.journal.service import Journal

SOAP_FIELDS = ("subjective", "objective", "treatment", "plan")
DOSE_LIMITS: dict[str, tuple[float, float]] = {
    "hold_s": (1, 600),
    "reps": (1, 100),
    "sets": (1, 20),
    "rest_s": (0, 600),
    "duration_min": (1, 120),
    "days_per_week": (1, 7),
}
NOTE_MAX = 5000


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat(timespec="seconds") + "Z"


class Clinic:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    # -- SOAP notes -----------------------------------------------------------------------------
    def add_note(self, author: Actor, person_id: int, fields: dict[str, str]) -> int:
        clean = {k: str(fields.get(k) or "").strip() for k in SOAP_FIELDS}
        unknown = set(fields) - set(SOAP_FIELDS)
        if unknown:
            raise InputError(sorted(unknown)[0], "not a note field", SOAP_FIELDS)
        for key, value in clean.items():
            if len(value) > NOTE_MAX:
                raise InputError(key, f"at most {NOTE_MAX} characters")
        if not any(clean.values()):
            raise InputError("subjective", "write at least one of the four parts", SOAP_FIELDS)
        with self.journal.transaction() as s:
            row = VisitNote(person_id=person_id, author_id=author.id, at=now(), **clean)
            s.add(row)
            s.flush()
            return row.id

    def notes(self, person_id: int) -> list[dict[str, Any]]:
        from sqlalchemy import select

        with self.journal.transaction() as s:
            rows = s.scalars(
                select(VisitNote).where(VisitNote.person_id == person_id).order_by(VisitNote.at.desc())
            )
            return [{"id": n.id, "at": _iso(n.at)} | {k: getattr(n, k) for k in SOAP_FIELDS} for n in rows]

    # -- programme edits ------------------------------------------------------------------------
    def edit_program(
        self, author: Actor, person_id: int, change: str, exercise_id: str, dose: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Add or remove an exercise, or change its dose; the edited programme becomes active at once."""
        from psoas.journal import repo

        if change not in ("add", "remove", "dose"):
            raise InputError("change", f"unknown change {change!r}", ("add", "remove", "dose"))
        with self.journal.transaction() as s:
            found = repo.active_program(s, person_id)
            content = copy.deepcopy(found[0].content) if found and found[0].content else {"items": []}
            assessment_id = found[0].assessment_id if found else None
            items: list[dict[str, Any]] = content.setdefault("items", [])
            detail = _apply(items, change, exercise_id, dose)
            program_id = repo.add_program(s, person_id, assessment_id, content, now(), active=True)
            s.add(
                ProgramChange(
                    person_id=person_id,
                    program_id=program_id,
                    author_id=author.id,
                    at=now(),
                    change=change,
                    exercise_id=exercise_id,
                    detail=detail,
                )
            )
            return {"program_id": program_id, "items": [i["exercise"] for i in items]}

    def program_history(self, person_id: int) -> list[dict[str, Any]]:
        from sqlalchemy import select

        with self.journal.transaction() as s:
            rows = s.scalars(
                select(ProgramChange)
                .where(ProgramChange.person_id == person_id)
                .order_by(ProgramChange.id.desc())
            )
            return [
                {
                    "at": _iso(c.at),
                    "change": c.change,
                    "exercise": c.exercise_id,
                    "detail": c.detail,
                    "author_id": c.author_id,
                }
                for c in rows
            ]

    # -- the recall list and the dashboard ------------------------------------------------------
    def set_recall(self, actor: Actor, person_id: int, every_days: int) -> None:
        from sqlalchemy import select

        if not 7 <= every_days <= 365:
            raise InputError("every_days", "must be 7 to 365 days")
        with self.journal.transaction() as s:
            link = s.scalar(
                select(CareLink).where(CareLink.account_id == actor.id, CareLink.person_id == person_id)
            )
            if link is None:
                raise NotFoundError(f"no person with id {person_id}")
            link.recall_every_days = every_days

    def dashboard(self, actor: Actor, today: date | None = None) -> list[dict[str, Any]]:
        """One row per client of ``actor``: recall due date, adherence and pain trend; due first."""
        from sqlalchemy import select

        from psoas.journal.models import Person

        day = today or now().date()
        with self.journal.transaction() as s:
            links = s.execute(
                select(CareLink, Person)
                .join(Person, Person.id == CareLink.person_id)
                .where(CareLink.account_id == actor.id)
            ).all()
            rows = [_client_row(s, person, link.recall_every_days, day) for link, person in links]
        return sorted(rows, key=lambda r: (r["recall"]["due_on"], r["name"]))


def _apply(
    items: list[dict[str, Any]], change: str, exercise_id: str, dose: dict[str, Any] | None
) -> dict[str, Any]:
    at = next((i for i, item in enumerate(items) if item.get("exercise") == exercise_id), None)
    if change == "add":
        if at is not None:
            raise InputError("exercise", f"{exercise_id!r} is already in the programme")
        items.append(_new_item(exercise_id, dose))
        return {"dose": items[-1]["dose"]}
    if at is None:
        raise InputError("exercise", f"{exercise_id!r} is not in the programme")
    if change == "remove":
        return {"dose": items.pop(at)["dose"]}
    before = dict(items[at].get("dose") or {})
    items[at]["dose"] = before | _clean_dose(dose or {})
    return {"before": before, "after": items[at]["dose"]}


def _clean_dose(dose: dict[str, Any]) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for key, value in dose.items():
        if key not in DOSE_LIMITS:
            raise InputError(f"dose.{key}", "not a dose field", tuple(DOSE_LIMITS))
        low, high = DOSE_LIMITS[key]
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise InputError(f"dose.{key}", f"must be a number from {low:g} to {high:g}") from None
        if not low <= number <= high:
            raise InputError(f"dose.{key}", f"must be a number from {low:g} to {high:g}")
        out[key] = int(number) if key in ("reps", "sets", "days_per_week") else number
    if not out:
        raise InputError("dose", "give at least one dose field", tuple(DOSE_LIMITS))
    return out


def _new_item(exercise_id: str, dose: dict[str, Any] | None) -> dict[str, Any]:
    from psoas.knowledge.exercises import get_exercise

    try:
        exercise = get_exercise(exercise_id)
    except NotFoundError:
        raise InputError(
            "exercise", f"unknown exercise {exercise_id!r}", "an id from /api/v1/exercises"
        ) from None
    base = exercise.dose.to_dict()
    base.pop("visit_every_weeks", None)
    return {
        "exercise": exercise.id,
        "name": exercise.name,
        "targets": [],
        "sides": ["center"],
        "dose": base | (_clean_dose(dose) if dose else {}),
        "why": "Added by your therapist.",
        "evidence": getattr(getattr(exercise, "evidence", None), "level", None),
        "cautions": list(getattr(exercise, "cautions", ()) or ()),
        "illustration": getattr(exercise, "illustration", None),
        "optional": False,
    }


def _client_row(s: Session, person: Any, every_days: int, day: date) -> dict[str, Any]:
    from sqlalchemy import func, select

    from psoas.journal import repo
    from psoas.journal.models import PainEntry, PracticeEntry

    last_note = s.scalar(select(func.max(VisitNote.at)).where(VisitNote.person_id == person.id))
    last_visit = max(
        (t for t in (repo.last_visit_at(s, person.id), last_note) if t is not None), default=None
    )
    due_on = (last_visit.date() + timedelta(days=every_days)) if last_visit else day
    since = datetime.combine(day - timedelta(days=27), datetime.min.time())
    practice_days = s.scalars(
        select(PracticeEntry.at).where(PracticeEntry.person_id == person.id, PracticeEntry.at >= since)
    ).all()
    week_ago = datetime.combine(day - timedelta(days=6), datetime.min.time())
    two_weeks = week_ago - timedelta(days=7)
    pains = s.execute(
        select(PainEntry.at, PainEntry.intensity).where(
            PainEntry.person_id == person.id, PainEntry.at >= two_weeks
        )
    ).all()
    latest = s.execute(
        select(PainEntry.at, PainEntry.intensity)
        .where(PainEntry.person_id == person.id)
        .order_by(PainEntry.at.desc())
        .limit(1)
    ).first()
    return {
        "person_id": person.id,
        "name": person.name,
        "recall": {
            "every_days": every_days,
            "last_visit": _iso(last_visit),
            "due_on": due_on.isoformat(),
            "due": due_on <= day,
            "days_left": (due_on - day).days,
        },
        "adherence_days_per_week": round(len({a.date() for a in practice_days}) / 4, 2),
        "pain": _trend(pains, week_ago, latest),
        "trial": trial_status(s, person.id, day),
    }


def trial_status(s: Session, person_id: int, day: date) -> str | None:
    """The client's active trial in a few words for the dashboard (None without one)."""
    from sqlalchemy import select

    from psoas.journal.models import Trial
    from psoas.trial.plan import TrialPlan
    from psoas.trial.words import DESIGN_WORDS, PHASE_WORDS

    row = s.scalars(select(Trial).where(Trial.person_id == person_id, Trial.active)).first()
    if row is None:
        return None
    plan = TrialPlan.from_dict(row.plan)
    design = DESIGN_WORDS[plan.design]
    if day < plan.start:
        return f"{design}: starts {plan.start:%d %b %Y}"
    if day >= plan.end:
        return f"{design}: ended {plan.end:%d %b %Y}, the report is ready"
    phase = plan.phase_on(day)
    kind = PHASE_WORDS[phase.kind] if phase else ""
    return f"{design}: day {(day - plan.start).days + 1} of {(plan.end - plan.start).days}, {kind}"


def _trend(pains: Any, week_ago: datetime, latest: Any) -> dict[str, Any]:
    recent = [p.intensity for p in pains if p.at >= week_ago]
    before = [p.intensity for p in pains if p.at < week_ago]
    mean_recent = round(sum(recent) / len(recent), 1) if recent else None
    mean_before = round(sum(before) / len(before), 1) if before else None
    if mean_recent is None or mean_before is None:
        word = "no data" if mean_recent is None else "new"
    else:
        delta = mean_recent - mean_before
        word = "better" if delta <= -1 else "worse" if delta >= 1 else "steady"
    return {
        "last_7_days": mean_recent,
        "previous_7_days": mean_before,
        "trend": word,
        "latest": latest.intensity if latest else None,
        "latest_at": _iso(latest.at) if latest else None,
    }
