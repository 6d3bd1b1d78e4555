"""HTTP API for trials and diary corrections, under ``/api/v1/people/{person_id}``.

Same conventions as :mod:`psoas.web.api`: JSON bodies, 422 with ``{"detail": [{"loc", "field",
"msg", "allowed"}]}`` for bad input, 404 with ``{"detail": "..."}`` for an entry, trial or person
that does not exist (an entry of another person is "not found" too). Nothing is changed when a
request fails.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from psoas.web.rendering import services_of

router = APIRouter(prefix="/api/v1/people/{person_id}", tags=["trials"])


class TrialPhase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="baseline, release or pause")
    start: str = Field(description="YYYY-MM-DD")
    days: StrictInt
    washout_days: StrictInt = 0


class TrialOptions(BaseModel):
    """Every field optional: the defaults make the plan psoas proposes."""

    model_config = ConfigDict(extra="forbid")
    design: str = Field(default="ab", description="ab or reversal")
    start: str | None = None
    baseline_days: StrictInt | None = None
    release_days: StrictInt | None = None
    pairs: StrictInt | None = None
    period_days: StrictInt | None = None
    washout_days: StrictInt | None = None
    times: list[str] | None = None
    change_points: float | None = None
    change_fraction: float | None = None
    seed: StrictInt | None = None
    regions: list[str] | None = None
    phases: list[TrialPhase] | None = None
    today: str | None = Field(default=None, description="Plan as of this date (YYYY-MM-DD; default today).")


class Retest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hip_angle_deg: float
    method: str = "inclinometer"
    at: str | None = None


class EntryChanges(BaseModel):
    """Fields to change: pain (at, region, side, intensity, note), practice (at, exercise_id,
    minutes, holds, reps, felt), visit (at, kind, who, notes)."""

    model_config = ConfigDict(extra="allow")


def _day(text: str | None) -> date | None:
    from psoas.errors import InputError

    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("today", f"{text!r} is not a date", "YYYY-MM-DD") from None


def _options(body: TrialOptions) -> dict[str, Any]:
    data = body.model_dump(exclude_none=True, exclude={"today"})
    if body.phases is not None:
        data["phases"] = [p.model_dump() for p in body.phases]
    return data


@router.get("/trial")
def trial(request: Request, person_id: int, today: str | None = None) -> dict[str, Any] | None:
    """The active trial evaluated so far (tasks, adherence, each region), or null."""
    return services_of(request).journal.trial_status(person_id, _day(today))


@router.post("/trial/proposal")
def proposal(request: Request, person_id: int, body: TrialOptions) -> dict[str, Any]:
    """The plan psoas would propose with these options (nothing stored)."""
    return services_of(request).journal.propose_trial(person_id, _options(body), _day(body.today))


@router.post("/trial", status_code=201)
def plan_trial(request: Request, person_id: int, body: TrialOptions) -> dict[str, Any]:
    """Plan a trial for the active programme (replaces an earlier active trial); returns its status."""
    return services_of(request).journal.plan_trial(person_id, _options(body), _day(body.today))


@router.delete("/trial", status_code=204)
def stop_trial(request: Request, person_id: int) -> Response:
    """End the active trial (it stays stored)."""
    services_of(request).journal.stop_trial(person_id)
    return Response(status_code=204)


@router.get("/trial/report")
def trial_report(request: Request, person_id: int, today: str | None = None) -> dict[str, Any]:
    """The trial report (CENT-style): plan, adherence, regions, trait, chain, verdict, caveats."""
    return services_of(request).journal.trial_report(person_id, _day(today))


@router.post("/trial/retests", status_code=201)
def retest(request: Request, person_id: int, body: Retest) -> dict[str, Any]:
    """Record a Thomas re-test; the engine rescores the targeted pull."""
    return services_of(request).journal.trial_retest(person_id, body.hip_angle_deg, body.method, body.at)


@router.get("/trial/calendar.ics", response_class=Response)
def trial_calendar(request: Request, person_id: int) -> Response:
    """The trial's logging times, phase changes and re-tests as iCalendar."""
    body = services_of(request).journal.trial_calendar(person_id)
    return Response(body, media_type="text/calendar")


@router.get("/entries/{kind}/{entry_id}")
def entry(request: Request, person_id: int, kind: str, entry_id: int) -> dict[str, Any]:
    """One pain, practice or visit entry."""
    return services_of(request).journal.get_entry(person_id, kind, entry_id)


@router.patch("/entries/{kind}/{entry_id}")
def edit_entry(
    request: Request, person_id: int, kind: str, entry_id: int, body: EntryChanges
) -> dict[str, Any]:
    """Change fields of an entry (``at`` back-dates it); the old values go to the edit history."""
    changes = dict(body.model_extra or {})
    return services_of(request).journal.edit_entry(person_id, kind, entry_id, changes)


@router.delete("/entries/{kind}/{entry_id}", status_code=204)
def delete_entry(request: Request, person_id: int, kind: str, entry_id: int) -> Response:
    """Delete an entry (kept in the edit history)."""
    services_of(request).journal.delete_entry(person_id, kind, entry_id)
    return Response(status_code=204)


@router.get("/edits")
def edits(request: Request, person_id: int) -> list[dict[str, Any]]:
    """The edit history: every edit and deletion with the values before and after."""
    return services_of(request).journal.entry_edits(person_id)
