"""The results of an assessment made without a person, and saving it to a new or existing person.

The answers stay in the server's draft (:mod:`psoas.journal.drafts`), which only the account that
began it can read; the page never holds the result itself. Saving runs the assessment again from
the kept answers (the engine's cache makes that instant), stores it with its programme under the
chosen person, forgets the draft and goes to that person's results page with its onward links.
Any account may save to a person it can reach; only a therapist or admin (the owner of a
single-person install is one) may make a new person, as with ``POST /people``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from psoas.errors import InputError, NotFoundError
from psoas.journal.drafts import Drafts
from psoas.web import forms
from psoas.web.pages import results_context
from psoas.web.policy import actor_of, adopt_person, check_person, visible_people
from psoas.web.rendering import checked_form, render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)

MAKERS = ("therapist", "admin")
"""Roles that may make a new person (``POST /people`` has the same rule)."""


def finished_page(request: Request, kept: Any, error: str = "") -> Response:
    """The results of the kept draft, with the form to save them to a person."""
    result = services_of(request).assess_dict(kept.content)
    context = results_context(result, kept.content, None, None)
    context["save"] = {
        "draft_id": kept.id,
        "people": visible_people(request),
        "can_add": actor_of(request).role in MAKERS,
        "error": error,
    }
    return render(request, "results.html", context, status_code=422 if error else 200)


def _target(request: Request, form: forms.Form) -> int:
    """The person to save to: a new one (``name``) or one this account can reach (``person_id``)."""
    name = forms.first(form, "name")
    chosen = forms.first(form, "person_id")
    if name:
        if actor_of(request).role not in MAKERS:
            raise HTTPException(status_code=403, detail="your account may not add people")
        person = services_of(request).add_person(name)
        adopt_person(request, person["id"])
        return int(person["id"])
    if not (chosen.isascii() and chosen.isdigit() and len(chosen) <= 9):
        raise InputError("person_id", "choose a person to save to, or give the name of a new person")
    check_person(request, int(chosen))
    return int(chosen)


@router.post("/intake/save")
def save(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Save an assessment made without a person to a new or existing person; go to its results."""
    drafts = Drafts(services_of(request).journal)
    account = actor_of(request).id
    kept = drafts.find(forms.first(form, "d"), account)
    if kept is None or kept.step != "results":
        raise NotFoundError(
            "these results are no longer kept (a draft lasts a day); assess again to save them"
        )
    try:
        person_id = _target(request, form)
    except InputError as exc:
        return finished_page(request, kept, error=str(exc))
    services = services_of(request)
    result = services.assess_dict(kept.content)
    assessment_id = services.save_assessment(person_id, kept.content, result)
    drafts.forget(kept.id, account)
    return RedirectResponse(f"/people/{person_id}/assessments/{assessment_id}", status_code=303)
