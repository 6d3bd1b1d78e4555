"""The HTTP API under ``/api/v1``: JSON in, JSON out, the same services as the pages.

Bodies must be ``application/json`` (a cross-site HTML form cannot send that without a CORS
preflight, which this app never grants), so the API needs no CSRF token. Bad input answers 422
with ``{"detail": [{"loc": [...], "field": "...", "msg": "...", "allowed": "..."}]}``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.errors import InputError
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG
from psoas.web.policy import adopt_person, visible_people
from psoas.web.rendering import services_of

router = APIRouter(prefix="/api/v1", tags=["api"])

EXAMPLE_INTAKE: dict[str, Any] = {
    "person": {"age": 54, "sex": "male"},
    "pain": [{"region": "knee", "side": "left", "intensity": 5, "weeks": 30, "worse_with": ["stairs"]}],
    "history": {"sitting_hours_per_day": 8, "activities": ["basketball"]},
    "red_flags": {"saddle_numbness": False, "night_or_constant_pain": False},
    "tests": {"thomas": {"left": {"hip_angle_deg": 10, "knee_angle_deg": 85}}},
}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class SimulateRequest(_Body):
    tightness: dict[str, float] = Field(
        default_factory=dict, description="Fractional shortening per muscle, e.g. {'psoas': 0.1}."
    )
    height_cm: float = REFERENCE_HEIGHT_CM
    mass_kg: float = REFERENCE_MASS_KG


class NewPerson(_Body):
    name: str = Field(min_length=1, max_length=120)


class PainRating(_Body):
    region: str
    side: str | None = None
    intensity: int
    sensations: list[str] = Field(default_factory=list)


class PainLog(_Body):
    entries: list[PainRating] = Field(min_length=1)
    note: str = ""
    at: str | None = Field(default=None, description="When (ISO-8601; default now); back-dating allowed.")


class PracticeLog(_Body):
    exercise: str
    minutes: float | None = None
    holds: int | None = None
    reps: int | None = None
    felt: str = ""
    at: str | None = Field(default=None, description="When (ISO-8601; default now); back-dating allowed.")


class VisitLog(_Body):
    kind: str
    who: str = ""
    notes: str = ""
    at: str | None = Field(default=None, description="When (ISO-8601; default now); back-dating allowed.")


IntakeBody = Body(..., openapi_examples={"knee": {"summary": "Knee pain, desk job", "value": EXAMPLE_INTAKE}})


INTAKE_MODEL = {"x-body-model": "intake"}  # publish the intake schema v1 as the body (psoas.web.errors)


@router.post(
    "/assess",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
    openapi_extra=INTAKE_MODEL,
)
async def assess(request: Request, intake: dict[str, Any] = IntakeBody) -> Response:
    """Assess one intake (schema v1); the answer equals ``psoas assess --format json``."""
    body = await services_of(request).assess_json_async(intake)  # runs in a worker process
    return Response(body, media_type="application/json")


@router.get("/schema/intake")
def intake_schema() -> dict[str, Any]:
    """The intake schema v1 as JSON Schema."""
    from psoas.intake.schema import intake_json_schema

    return intake_json_schema()


@router.get("/atlas")
def atlas(request: Request) -> dict[str, Any]:
    """The body atlas: regions, causes, mechanisms, links with evidence levels, references."""
    return services_of(request).atlas_json()


@router.get("/exercises")
def exercises(request: Request) -> list[dict[str, Any]]:
    """The exercise library."""
    return services_of(request).exercises()


@router.get("/exercises/{exercise_id}")
def exercise(request: Request, exercise_id: str) -> dict[str, Any]:
    """One exercise."""
    return services_of(request).exercise(exercise_id)


@router.post("/simulate")
def simulate(request: Request, body: SimulateRequest) -> dict[str, Any]:
    """The posture model: standing posture, loads and Thomas test for given muscle tightness."""
    try:
        return services_of(request).simulate(body.tightness, height_cm=body.height_cm, mass_kg=body.mass_kg)
    except InputError as exc:
        if exc.field.startswith("tight"):  # name the field as this API spells it
            raise InputError("tightness", exc.reason, exc.allowed) from exc
        raise


@router.get("/people")
def people(request: Request, q: str = "") -> list[dict[str, Any]]:
    """The profiles this account may see (its own, and those in its care); `q`: only names with these words."""
    from psoas.web.people_pages import matching

    return matching(visible_people(request), q[:120]) if q.strip() else visible_people(request)


@router.post("/people", status_code=201)
def add_person(request: Request, body: NewPerson) -> dict[str, Any]:
    """Add a profile (it is in the care of the account that adds it)."""
    person = services_of(request).add_person(body.name)
    adopt_person(request, person["id"])
    return person


@router.get("/people/{person_id}")
def person(request: Request, person_id: int) -> dict[str, Any]:
    """One profile."""
    return services_of(request).person(person_id)


@router.post(
    "/people/{person_id}/assessments",
    status_code=201,
    response_class=Response,
    responses={201: {"content": {"application/json": {}}}},
    openapi_extra=INTAKE_MODEL,
)
async def assess_and_save(request: Request, person_id: int, intake: dict[str, Any] = IntakeBody) -> Response:
    """Assess and store for this person; the program becomes the active program.

    The answer is ``{"id": ..., "result": ...}``; the result's JSON is the worker's bytes as they
    came (read once into a dict for storage, never written out again).
    """
    from starlette.concurrency import run_in_threadpool

    services = services_of(request)
    await run_in_threadpool(services.person, person_id)
    body = await services.assess_json_async(intake)
    assessment_id = await run_in_threadpool(services.save_assessment, person_id, intake, json.loads(body))
    return Response(b'{"id":%d,"result":%s}' % (assessment_id, body), 201, media_type="application/json")


@router.get("/people/{person_id}/assessments")
def assessments(request: Request, person_id: int) -> list[dict[str, Any]]:
    """The person's stored assessments, oldest first."""
    return services_of(request).assessments(person_id)


@router.get("/people/{person_id}/assessments/{assessment_id}")
def stored_assessment(request: Request, person_id: int, assessment_id: int) -> dict[str, Any]:
    """One stored assessment with its intake and result."""
    return services_of(request).assessment(person_id, assessment_id)


@router.get("/people/{person_id}/program")
def program(request: Request, person_id: int) -> dict[str, Any] | None:
    """The active program, or null."""
    return services_of(request).program(person_id)


@router.get("/people/{person_id}/entries")
def entries(request: Request, person_id: int) -> list[dict[str, Any]]:
    """Everything logged (pain, practice, visits, assessments), oldest first."""
    return services_of(request).history(person_id)


@router.post("/people/{person_id}/pain", status_code=201)
def log_pain(request: Request, person_id: int, body: PainLog) -> dict[str, Any]:
    """Log pain ratings (now, or back-dated with ``at``)."""
    entries = [e.model_dump() for e in body.entries]
    ids = services_of(request).log_pain(person_id, entries, note=body.note, at=body.at)
    return {"ids": ids}


@router.post("/people/{person_id}/practice", status_code=201)
def log_practice(request: Request, person_id: int, body: PracticeLog) -> dict[str, Any]:
    """Log one practice session (now, or back-dated with ``at``)."""
    entry_id = services_of(request).log_practice(
        person_id,
        body.exercise,
        minutes=body.minutes,
        holds=body.holds,
        reps=body.reps,
        felt=body.felt,
        at=body.at,
    )
    return {"id": entry_id}


@router.post("/people/{person_id}/visits", status_code=201)
def log_visit(request: Request, person_id: int, body: VisitLog) -> dict[str, Any]:
    """Log a visit (now, or back-dated with ``at``)."""
    services = services_of(request)
    return {"id": services.log_visit(person_id, body.kind, who=body.who, notes=body.notes, at=body.at)}


@router.get("/people/{person_id}/reminders")
def reminders(request: Request, person_id: int) -> list[dict[str, Any]]:
    """Reminders (maintenance visits, daily practice) with their next date and whether they are due."""
    return services_of(request).reminders(person_id)


@router.get("/people/{person_id}/progress")
def progress(request: Request, person_id: int) -> dict[str, Any]:
    """Daily pain per region with practice days and visits."""
    return services_of(request).progress(person_id)


@router.get("/people/{person_id}/verify")
def verify(request: Request, person_id: int) -> dict[str, Any]:
    """Per painful region: the change since release began and whether the chain is supported."""
    return services_of(request).verify(person_id)
