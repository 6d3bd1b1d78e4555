"""The intake wizard: red flags first (with a stop page), then the body map, history and self-tests.

The intake so far travels between steps in a hidden ``draft`` field as JSON; every step checks
the whole draft with :func:`psoas.intake.parse_intake`, so an error names the field at the step
where it was made. The red-flag step asks the engine itself (a screen with the answers alone)
whether to stop, so the page and the engine can never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from psoas import vocab
from psoas.errors import InputError
from psoas.web import forms
from psoas.web.app import checked_form, render, services_of
from psoas.web.bodymap import render_bodymap
from psoas.web.content import RED_FLAG_QUESTIONS, TEST_GUIDES
from psoas.web.figures import self_test_figures
from psoas.web.pages import results_context

router = APIRouter(tags=["pages"], include_in_schema=False)

STEPS = ("flags", "map", "history", "tests")
STOP_URGENCIES = ("emergency", "urgent")


def _person_id(form: forms.Form) -> int | None:
    text = forms.first(form, "person_id")
    return int(text) if text.isdigit() else None


def _draft(form: forms.Form) -> dict[str, Any]:
    try:
        draft = json.loads(forms.first(form, "draft") or "{}")
    except json.JSONDecodeError as exc:
        raise InputError("draft", "the form's saved answers are damaged; start again") from exc
    if not isinstance(draft, dict):
        raise InputError("draft", "the form's saved answers are damaged; start again")
    return draft


def _check(draft: dict[str, Any]) -> None:
    from psoas.intake import parse_intake

    parse_intake(draft)


def _step(
    request: Request,
    step: str,
    draft: dict[str, Any],
    person_id: int | None,
    error: str = "",
    caution: dict[str, Any] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "steps": STEPS,
        "draft_json": json.dumps(draft),
        "draft": draft,
        "person_id": person_id,
        "error": error,
        "caution": caution,
    }
    if step == "flags":
        context["questions"] = RED_FLAG_QUESTIONS
    elif step == "map":
        context["bodymap"] = render_bodymap()
        context["aggravators"] = vocab.AGGRAVATORS
        context["sensations"] = vocab.SENSATIONS
        context["midline"] = sorted(vocab.MIDLINE_REGIONS)
    elif step == "history":
        context["regions"] = vocab.REGIONS
        context["mechanisms"] = vocab.INJURY_MECHANISMS
    else:
        context["guides"] = TEST_GUIDES
        context["figures"] = self_test_figures()
    return render(request, f"intake_{step}.html", context, status_code=422 if error else 200)


@router.get("/intake")
def start(request: Request, person: int | None = None) -> Response:
    """Step 1: about you, and the red-flag questions."""
    draft: dict[str, Any] = {}
    if person is not None:
        services = services_of(request)
        services.person(person)
        earlier = services.assessments(person)
        if earlier:  # start from what this person told us last time (age, sex, height, weight)
            draft["person"] = services.assessment(person, earlier[-1]["id"])["intake"].get("person", {})
    return _step(request, "flags", draft, person)


@router.post("/intake/flags")
def after_flags(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Stop when the answers call for a clinician; otherwise on to the body map."""
    person_id = _person_id(form)
    draft: dict[str, Any] = {}
    try:
        draft = {"person": forms.person_from_form(form), "red_flags": forms.flags_from_form(form)}
        referral = services_of(request).screen(draft["person"], draft["red_flags"])
    except InputError as exc:
        return _step(request, "flags", draft, person_id, error=str(exc))
    if referral and referral["urgency"] in STOP_URGENCIES:
        return render(request, "stop.html", {"referral": referral, "person_id": person_id})
    return _step(request, "map", draft, person_id, caution=referral)


@router.post("/intake/map")
def after_map(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Keep the chosen regions and intensities; on to history."""
    draft, person_id = _draft(form), _person_id(form)
    try:
        draft["pain"] = forms.pain_from_form(form)
        _check(draft)
    except InputError as exc:
        return _step(request, "map", draft, person_id, error=str(exc))
    return _step(request, "history", draft, person_id)


@router.post("/intake/history")
def after_history(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Keep the history; on to the self-tests."""
    draft, person_id = _draft(form), _person_id(form)
    try:
        draft["history"] = forms.history_from_form(form)
        _check(draft)
    except InputError as exc:
        return _step(request, "history", draft, person_id, error=str(exc))
    return _step(request, "tests", draft, person_id)


@router.post("/intake/tests")
def finish(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Assess; store it for a chosen person and show the stored result, else show it directly."""
    draft, person_id = _draft(form), _person_id(form)
    services = services_of(request)
    try:
        tests = forms.tests_from_form(form)
        if tests:
            draft["tests"] = tests
        result, assessment_id = services.assess_and_save(person_id, draft)
    except InputError as exc:
        return _step(request, "tests", draft, person_id, error=str(exc))
    if person_id is not None and assessment_id is not None:
        return RedirectResponse(f"/people/{person_id}/assessments/{assessment_id}", status_code=303)
    return render(request, "results.html", results_context(result, draft, None, None))
