"""Managing people on the web: rename, the delete confirmation that says what goes, the people search,
and the person page's list of assessments in words; ``PATCH /api/v1/people/{id}`` for the rename.

The delete itself is :func:`psoas.web.practice_pages.delete_post` (and ``DELETE /api/v1/people/{id}``);
this module shows what it will remove first. Rules: :data:`psoas.web.policy.RULES` (a rename is for
the person's carers: the therapist, or the owner of a single-person install).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.errors import InputError
from psoas.web import forms
from psoas.web.policy import POLICY_RESPONSES
from psoas.web.rendering import checked_form, render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["api"], responses=POLICY_RESPONSES)

RECORDS: tuple[tuple[str, str, str], ...] = (
    ("assessment", "assessment", "assessments"),
    ("program", "programme", "programmes"),
    ("pain_entry", "pain rating", "pain ratings"),
    ("practice_entry", "practice session", "practice sessions"),
    ("visit", "visit", "visits"),
    ("photo", "kept photo", "kept photos"),
    ("trial", "trial", "trials"),
    ("visit_note", "visit note", "visit notes"),
)
"""What is stored per person (table, one, several), in the order the delete page lists it."""

ASSESSMENTS_SHOWN = 20
"""The person page describes the latest assessments in words; older ones are counted."""


def matching(people: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """The people whose name contains every word of ``query`` (case does not matter)."""
    words = query.casefold().split()
    return [p for p in people if all(w in p["name"].casefold() for w in words)]


def stored_counts(request: Request, person_id: int) -> list[str]:
    """What the person has stored, in words (``3 pain ratings``); kinds with none left out."""
    from sqlalchemy import text

    out = []
    with services_of(request).journal.transaction(write=False) as s:
        for table, one, several in RECORDS:
            query = text(f"SELECT COUNT(*) FROM {table} WHERE person_id = :id")  # table names are constants
            count = int(s.execute(query, {"id": person_id}).scalar() or 0)
            if count:
                out.append(f"{count} {one if count == 1 else several}")
    return out


def assessment_rows(
    request: Request, person_id: int, assessments: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Newest first: when, which painful regions, the leading cause (or the referral), in words."""
    from psoas.present.assessment_view import stored_view

    services = services_of(request)
    rows = []
    for a in list(reversed(assessments))[:ASSESSMENTS_SHOWN]:
        view = stored_view(services.assessment(person_id, a["id"])["result"])
        lead = view.causes[0] if view.causes else None
        rows.append(
            {
                "id": a["id"],
                "at": a["at"],
                "regions": [r.words for r in view.regions],
                "cause": f"{lead.label}: {lead.likely_words}" if lead else "",
                "referral": view.referral.words if view.referral else "",
            }
        )
    return rows


@router.get("/people/{person_id}/rename")
def rename_page(request: Request, person_id: int) -> Response:
    """A form to change the person's name."""
    person = services_of(request).person(person_id)
    return render(request, "person_rename.html", {"person": person, "error": ""})


@router.post("/people/{person_id}/rename")
def rename_post(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Save the new name and go back to the person."""
    services = services_of(request)
    try:
        services.rename_person(person_id, forms.first(form, "name"))
    except InputError as exc:
        context = {"person": services.person(person_id), "error": str(exc)}
        return render(request, "person_rename.html", context, 422)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.get("/people/{person_id}/delete")
def delete_page(request: Request, person_id: int) -> Response:
    """Before deleting: what will go, and a box to type DELETE (posts to the delete route)."""
    person = services_of(request).person(person_id)
    context = {"person": person, "counts": stored_counts(request, person_id)}
    return render(request, "person_delete.html", context)


class PersonChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120, description="The new display name (unique, any case)")


@api_router.patch("/people/{person_id}")
def api_rename(request: Request, person_id: int, body: PersonChange) -> dict[str, Any]:
    """Rename a person (their carers only); 422 when another person has the name."""
    return services_of(request).rename_person(person_id, body.name)
