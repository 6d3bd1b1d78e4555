"""The web face of ``compare``: two of a person's stored assessments, before and after, side by side."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from psoas.errors import InputError
from psoas.web.rendering import render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)


def _pick(assessments: list[dict[str, Any]], wanted: int | None, default: int, name: str) -> dict[str, Any]:
    if wanted is None:
        return assessments[default]
    for a in assessments:
        if a["id"] == wanted:
            return a
    raise InputError(name, f"no assessment {wanted} for this person", [str(a["id"]) for a in assessments])


@router.get("/people/{person_id}/compare")
def compare_page(
    request: Request, person_id: int, before: int | None = None, after: int | None = None
) -> Response:
    """Before/after: each probability and each angle measured both times, against its MDC95."""
    from psoas.assessment.comparison import compare

    services = services_of(request)
    person = services.person(person_id)
    assessments = services.assessments(person_id)
    context: dict[str, Any] = {"person": person, "assessments": assessments, "comparison": None}
    if len(assessments) >= 2:
        first = _pick(assessments, before, 0, "before")
        second = _pick(assessments, after, -1, "after")
        old = services.assessment(person_id, first["id"])["intake"]
        new = services.assessment(person_id, second["id"])["intake"]
        context |= {"before": first, "after": second, "comparison": compare(old, new).to_dict()}
    return render(request, "compare.html", context)
