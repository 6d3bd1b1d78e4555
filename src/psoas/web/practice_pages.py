"""The therapist's day on the web: the dashboard with the recall list, invitations, SOAP visit
notes, programme editing (the client sees it at once), a client's export and deletion; the same
under ``/api/v1``. Rules: :data:`psoas.web.policy.RULES`. The dashboard reads every client's
diary, so it writes one audit entry per client shown.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.errors import InputError
from psoas.practice.accounts import delete_person
from psoas.web import forms
from psoas.web.policy import POLICY_RESPONSES, actor_of, client_ip, practice_of
from psoas.web.rendering import checked_form, render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["practice"], responses=POLICY_RESPONSES)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _dashboard(request: Request) -> list[dict[str, Any]]:
    practice, actor = practice_of(request.app), actor_of(request)
    rows = practice.clinic.dashboard(actor)
    for row in rows:
        practice.audit.record(
            actor, "dashboard-read", person_id=row["person_id"], ip=client_ip(request.scope)
        )
    return rows


def _invite(request: Request) -> str:
    practice, actor = practice_of(request.app), actor_of(request)
    token = practice.accounts.invite(actor)
    practice.audit.record(actor, "invite", ip=client_ip(request.scope))
    return f"{request.base_url}invite/{token}"


@router.get("/practice")
def dashboard_page(request: Request) -> Response:
    """Your clients: who is due for the maintenance visit, adherence, the latest pain trend."""
    return render(
        request, "dashboard.html", {"rows": _dashboard(request), "actor": actor_of(request), "link": ""}
    )


@router.post("/practice/invite")
def invite_post(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Make a one-time invitation link (7 days) for a new client."""
    link = _invite(request)
    return render(
        request, "dashboard.html", {"rows": _dashboard(request), "actor": actor_of(request), "link": link}
    )


@router.get("/people/{person_id}/notes")
def notes_page(request: Request, person_id: int) -> Response:
    """Visit notes (SOAP) for one client, newest first, and a form for today's."""
    context = {
        "person": services_of(request).person(person_id),
        "notes": practice_of(request.app).clinic.notes(person_id),
        "error": "",
    }
    return render(request, "notes.html", context)


@router.post("/people/{person_id}/notes")
def notes_post(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Save a visit note: what the client said, what was found, what was done, the plan."""
    fields = {k: forms.first(form, k) for k in ("subjective", "objective", "treatment", "plan")}
    practice_of(request.app).clinic.add_note(actor_of(request), person_id, fields)
    return _see(f"/people/{person_id}/notes")


@router.get("/people/{person_id}/program/edit")
def program_edit_page(request: Request, person_id: int) -> Response:
    """The client's programme with add, remove and dose changes, and its history."""
    services = services_of(request)
    context = {
        "person": services.person(person_id),
        "program": ((services.program(person_id) or {}).get("program") or {}),
        "exercises": services.exercises(),
        "history": practice_of(request.app).clinic.program_history(person_id),
        "dose_fields": ("hold_s", "reps", "sets", "rest_s", "duration_min", "days_per_week"),
        "error": "",
    }
    return render(request, "program_edit.html", context)


@router.post("/people/{person_id}/program/edit")
def program_edit_post(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Apply one change; the client's programme page shows it on the next load."""
    change = forms.first(form, "change")
    dose = {
        k: v
        for k in ("hold_s", "reps", "sets", "rest_s", "duration_min", "days_per_week")
        if (v := forms.first(form, k))
    }
    practice_of(request.app).clinic.edit_program(
        actor_of(request), person_id, change, forms.first(form, "exercise"), dose or None
    )
    return _see(f"/people/{person_id}/program/edit")


@router.post("/people/{person_id}/recall")
def recall_post(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Set the maintenance-visit interval for one client (days)."""
    days = forms.first(form, "every_days")
    if not (days.isascii() and days.isdigit()):
        raise InputError("every_days", "must be a whole number of days from 7 to 365")
    practice_of(request.app).clinic.set_recall(actor_of(request), person_id, int(days))
    return _see("/practice")


def export_person(request: Request, person_id: int) -> dict[str, Any]:
    services = services_of(request)
    clinic = practice_of(request.app).clinic
    return {
        "person": services.person(person_id),
        "entries": services.history(person_id),
        "assessments": [services.assessment(person_id, a["id"]) for a in services.assessments(person_id)],
        "program": services.program(person_id),
        "program_changes": clinic.program_history(person_id),
        "visit_notes": clinic.notes(person_id),
    }


@router.get("/people/{person_id}/export.json")
def export_page(request: Request, person_id: int) -> Response:
    """Everything stored about this person, as one JSON file."""
    headers = {"content-disposition": 'attachment; filename="psoas-export.json"'}
    return JSONResponse(export_person(request, person_id), headers=headers)


def _delete(request: Request, person_id: int) -> None:
    """Delete the person (their rows go with them); a client deleting themselves loses the account too."""
    from sqlalchemy import delete

    from psoas.journal.models import Person
    from psoas.practice.models import Account

    actor = actor_of(request)
    with services_of(request).journal.transaction() as s:
        s.execute(delete_person(Person, person_id))
        if actor.person_id == person_id and actor.role == "client":
            s.execute(delete(Account).where(Account.id == actor.id))


@router.post("/people/{person_id}/delete")
def delete_post(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Delete this person and everything logged for them (asks to type DELETE)."""
    if forms.first(form, "confirm") != "DELETE":
        raise InputError("confirm", "type DELETE to confirm", ("DELETE",))
    _delete(request, person_id)
    if actor_of(request).person_id == person_id:
        return _see("/login")
    return _see("/people?deleted=1" if forms.first(form, "back") == "people" else "/practice")


# -- API ------------------------------------------------------------------------------------------
class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subjective: str = ""
    objective: str = ""
    treatment: str = ""
    plan: str = ""


class ProgramEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    change: str = Field(description="add, remove or dose")
    exercise: str
    dose: dict[str, float] | None = None


class Recall(BaseModel):
    model_config = ConfigDict(extra="forbid")
    every_days: int


@api_router.get("/practice/clients")
def api_clients(request: Request) -> list[dict[str, Any]]:
    """Your clients with the recall list (due first), adherence and the latest pain trend."""
    return _dashboard(request)


@api_router.post("/practice/invitations", status_code=201)
def api_invite(request: Request) -> dict[str, Any]:
    """A one-time invitation link (7 days) for a new client."""
    return {"link": _invite(request)}


@api_router.get("/people/{person_id}/notes")
def api_notes(request: Request, person_id: int) -> list[dict[str, Any]]:
    """Visit notes (SOAP), newest first (the client's carers only)."""
    return practice_of(request.app).clinic.notes(person_id)


@api_router.post("/people/{person_id}/notes", status_code=201)
def api_add_note(request: Request, person_id: int, body: Note) -> dict[str, Any]:
    """Add a visit note (SOAP)."""
    return {"id": practice_of(request.app).clinic.add_note(actor_of(request), person_id, body.model_dump())}


@api_router.post("/people/{person_id}/program/changes", status_code=201)
def api_edit_program(request: Request, person_id: int, body: ProgramEdit) -> dict[str, Any]:
    """Add or remove an exercise or change its dose; the new programme is active at once."""
    return practice_of(request.app).clinic.edit_program(
        actor_of(request), person_id, body.change, body.exercise, body.dose
    )


@api_router.get("/people/{person_id}/program/changes")
def api_program_history(request: Request, person_id: int) -> list[dict[str, Any]]:
    """The programme's edit history, newest first."""
    return practice_of(request.app).clinic.program_history(person_id)


@api_router.put("/people/{person_id}/recall")
def api_recall(request: Request, person_id: int, body: Recall) -> dict[str, Any]:
    """Set the maintenance-visit interval for one client (7 to 365 days; default 42)."""
    practice_of(request.app).clinic.set_recall(actor_of(request), person_id, body.every_days)
    return {"every_days": body.every_days}


@api_router.get("/people/{person_id}/export")
def api_export(request: Request, person_id: int) -> dict[str, Any]:
    """Everything stored about this person."""
    return export_person(request, person_id)


@api_router.delete("/people/{person_id}", status_code=204)
def api_delete(request: Request, person_id: int) -> Response:
    """Delete this person and everything logged for them."""
    _delete(request, person_id)
    return Response(status_code=204)
