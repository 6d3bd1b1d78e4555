"""The intake wizard: red flags first (with a stop page), then the body map, history and self-tests.

The intake so far is kept on the server (:mod:`psoas.journal.drafts`) under a random draft id that
each step's address carries (``/intake/map?d=<id>``): every step that passes its checks is answered
with a redirect to the next step's address, so a reload, Back in the browser or a second tab opened
on that address shows the same answers. The page also carries the draft in a hidden ``draft`` field
(JSON), used when the server's copy has expired. Every step checks the whole draft with
:func:`psoas.intake.schema.parse_intake`, so an error names the field at the step where it was made. The red-flag step asks the engine itself (a screen with the answers alone)
whether to stop, so the page and the engine can never disagree.

Nothing entered is lost: steps 2-4 have a Back button (``POST /intake/<step>/back``) that keeps
the step's answers and shows the previous step filled in from the draft, and a step that fails
its checks comes back with the error naming the field and every field as it was posted (the
body-map choices with their sliders included).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from psoas.assessment.redflags import QUESTIONS
from psoas.draw.bodymap import render_bodymap
from psoas.errors import InputError, NotFoundError
from psoas.journal.drafts import Drafts
from psoas.knowledge import vocab
from psoas.knowledge.test_guides import TEST_GUIDES
from psoas.web import forms
from psoas.web.figure_html import self_test_figures
from psoas.web.intake_save import finished_page
from psoas.web.policy import actor_of, check_person
from psoas.web.rendering import checked_form, render, services_of

router = APIRouter(tags=["pages"], include_in_schema=False)

STEPS = ("flags", "map", "history", "tests")
STOP_URGENCIES = tuple(u for u in vocab.URGENCIES if u in vocab.BLOCKING_URGENCIES)


def _person_id(form: forms.Form) -> int | None:
    text = forms.first(form, "person_id")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _draft(form: forms.Form) -> dict[str, Any]:
    from psoas.intake.strictjson import loads

    try:
        draft = loads(forms.first(form, "draft") or "{}", "draft", max_depth=8, max_chars=64 * 1024)
    except InputError as exc:
        raise InputError("draft", "the form's saved answers are damaged; start again") from exc
    if not isinstance(draft, dict):
        raise InputError("draft", "the form's saved answers are damaged; start again")
    return draft


def _drafts(request: Request) -> Drafts:
    return Drafts(services_of(request).journal)


def _account(request: Request) -> int | None:
    return actor_of(request).id


def _load(request: Request, form: forms.Form) -> tuple[dict[str, Any], int | None, str | None]:
    """The draft so far, the person it is for and its id: the server's copy, else the page's."""
    draft_id = forms.first(form, "d")
    if draft_id:
        kept = _drafts(request).find(draft_id, _account(request))
        if kept is not None:
            return kept.content, kept.person_id, kept.id
    return _draft(form), _person_id(form), None


def _kept(request: Request, draft_id: str) -> Any:
    kept = _drafts(request).find(draft_id, _account(request)) if draft_id else None
    if kept is None:
        raise NotFoundError(
            "these answers are no longer kept (a draft lasts a day) or belong to another account; "
            "start the assessment again"
        )
    check_person(request, kept.person_id)
    return kept


def step_url(step: str, draft_id: str) -> str:
    """The address of a wizard step showing the kept draft ``draft_id``."""
    return ("/intake" if step == "flags" else f"/intake/{step}") + f"?d={draft_id}"


def _go(
    request: Request, step: str, draft: dict[str, Any], person_id: int | None, draft_id: str | None
) -> Response:
    """Keep the draft on the server and send the browser to the step's own address."""
    kept = _drafts(request).keep(draft_id, _account(request), person_id, step, draft)
    return RedirectResponse(step_url(step, kept), status_code=303)


def _check(draft: dict[str, Any]) -> None:
    from psoas.intake.schema import parse_intake

    parse_intake(draft)


def _screen(request: Request, draft: dict[str, Any]) -> dict[str, Any] | None:
    """The referral the draft's red-flag answers call for, clinician clearances counted."""
    return services_of(request).screen_answers(
        draft["person"],
        draft.get("red_flags") or {},
        draft.get("red_flags_unsure"),
        draft.get("red_flags_cleared"),
    )


def _caution(request: Request, draft: dict[str, Any]) -> dict[str, Any] | None:
    """The "see a clinician soon" banner the red-flag answers call for (shown again on the map)."""
    if "person" not in draft:
        return None
    try:
        referral = _screen(request, draft)
    except InputError:
        return None
    return referral if referral and referral["urgency"] not in STOP_URGENCIES else None


def _step(
    request: Request,
    step: str,
    draft: dict[str, Any],
    person_id: int | None,
    error: str = "",
    caution: dict[str, Any] | None = None,
    posted: forms.Form | None = None,
    missing: frozenset[str] = frozenset(),
    draft_id: str | None = None,
) -> Response:
    """Render a step with its fields filled: from ``posted`` (a form that failed) or the draft."""
    values = posted if posted is not None else forms.intake_to_form(draft)
    context: dict[str, Any] = {
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "steps": STEPS,
        "draft_json": json.dumps(draft),
        "draft": draft,
        "filled": forms.Filled(values),
        "person_id": person_id,
        "draft_id": draft_id or "",
        "error": error,
        "caution": caution,
    }
    if step == "flags":
        context["questions"] = QUESTIONS
        context["missing"] = missing
    elif step == "map":
        chosen = forms.chosen_regions(values)
        context["chosen"] = chosen
        context["bodymap"] = render_bodymap(frozenset((c["region"], c["side"]) for c in chosen))
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


def _take_answers(step: str, form: forms.Form, draft: dict[str, Any]) -> None:
    """Put one step's answers (map, history or tests) into the draft and check the whole draft."""
    section, answers = {
        "map": ("pain", forms.pain_from_form),
        "history": ("history", forms.history_from_form),
        "tests": ("tests", forms.tests_from_form),
    }[step]
    value = answers(form)
    if value or section == "pain":
        draft[section] = value
    else:  # nothing given: forget what an earlier visit to this step left
        draft.pop(section, None)
    if step == "tests":  # the posture photo's values travel with the self-tests
        posture = forms.posture_from_form(form)
        draft.pop("posture", None)
        if posture:
            draft["posture"] = posture
    _check(draft)


@router.get("/intake")
def start(request: Request, person: int | None = None, d: str = "") -> Response:
    """Step 1: about you, and the red-flag questions (``d``: the answers kept under that draft id)."""
    if d:
        kept = _kept(request, d)
        return _step(request, "flags", kept.content, kept.person_id, draft_id=kept.id)
    draft: dict[str, Any] = {}
    if person is not None:
        services = services_of(request)
        services.person(person)
        earlier = services.assessments(person)
        if earlier:  # start from what this person told us last time (age, sex, height, weight)
            draft["person"] = services.assessment(person, earlier[-1]["id"])["intake"].get("person", {})
    return _step(request, "flags", draft, person)


@router.get("/intake/{step}")
def show(step: str, request: Request, d: str = "") -> Response:
    """A later step (map, history, tests) or the results, with the answers kept under draft id ``d``."""
    if step not in (*STEPS[1:], "results"):
        raise NotFoundError(f"no wizard step {step!r}")
    kept = _kept(request, d)
    if step == "results":
        return finished_page(request, kept)
    caution = _caution(request, kept.content) if step == "map" else None
    return _step(request, step, kept.content, kept.person_id, caution=caution, draft_id=kept.id)


def _keep_flags(draft: dict[str, Any], answers: dict[str, bool], unsure: list[str]) -> None:
    draft["red_flags"] = answers
    draft.pop("red_flags_unsure", None)
    if unsure:  # left out when empty, so an intake without "not sure" answers reads as before
        draft["red_flags_unsure"] = unsure


def _missing(form: forms.Form) -> frozenset[str]:
    return frozenset(forms.flags_from_form(form)[2])


def unanswered_error(missing: list[str]) -> InputError:
    """Every red-flag question needs an answer; the page lists the unanswered ones in words under it."""
    return InputError(
        "red_flags",
        f"please answer every warning-sign question with yes, no or not sure ({len(missing)} still "
        "unanswered, listed here and marked below)",
    )


@router.post("/intake/flags")
def after_flags(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Stop when the answers call for a clinician; otherwise on to the body map.

    Later steps' answers in the draft (after a Back) are kept.
    """
    draft: dict[str, Any] = {}
    person_id, draft_id = _person_id(form), forms.first(form, "d") or None
    try:
        draft, person_id, draft_id = _load(request, form)
        draft["person"] = forms.person_from_form(form)
        answers, unsure, missing = forms.flags_from_form(form)
        _keep_flags(draft, answers, unsure)
        referral = _screen(request, draft)
        stop = referral is not None and referral["urgency"] in STOP_URGENCIES
        if missing and not stop:  # a yes that calls for a clinician stops at once, answered or not
            raise unanswered_error(missing)
    except InputError as exc:
        missed = _missing(form)
        return _step(
            request, "flags", draft, person_id, str(exc), posted=form, missing=missed, draft_id=draft_id
        )
    if stop:
        return _stop(request, referral, draft, person_id, draft_id)
    return _go(request, "map", draft, person_id, draft_id)


def _answered_yes(draft: dict[str, Any]) -> list[str]:
    return [f for f, said in (draft.get("red_flags") or {}).items() if said is True]


def _stop(
    request: Request,
    referral: dict[str, Any] | None,
    draft: dict[str, Any],
    person_id: int | None,
    draft_id: str | None,
    error: str = "",
) -> Response:
    """The stop page; where no emergency sign was answered yes, it offers to record a clinician's check."""
    kept = _drafts(request).keep(draft_id, _account(request), person_id, "flags", draft)
    clearable = []  # a yes to an emergency sign always makes the referral an emergency: nothing to clear
    if (referral or {}).get("urgency") != "emergency":
        cleared = draft.get("red_flags_cleared", {})
        clearable = [(f, QUESTIONS[f]) for f in _answered_yes(draft) if f not in cleared]
    context = {"referral": referral, "person_id": person_id, "draft_id": kept, "clearable": clearable}
    return render(request, "stop.html", context | {"error": error}, 422 if error else 200)


@router.post("/intake/clear")
def clear(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Record that a clinician has already checked the warning signs ticked, then go on if nothing else stops."""
    import datetime

    kept = _kept(request, forms.first(form, "d") or "")
    draft = dict(kept.content)  # the kept answers stay as they were if this form is refused
    chosen = [f for f in form.get("cleared", []) if f in _answered_yes(draft)]
    try:
        if not chosen:
            raise InputError("cleared", "tick the warning signs a clinician has checked")
        when = forms.first(form, "checked_on") or ""
        try:
            day = datetime.date.fromisoformat(when)
        except ValueError:
            raise InputError(
                "checked_on", f"{when!r} is not a date", "YYYY-MM-DD, today or earlier"
            ) from None
        if day > datetime.date.today():
            raise InputError("checked_on", f"{day} is in the future", "today or earlier")
        draft["red_flags_cleared"] = {
            **draft.get("red_flags_cleared", {}),
            **dict.fromkeys(chosen, day.isoformat()),
        }
        _check(draft)  # an emergency sign cannot be cleared: the intake refuses it, naming the sign
        referral = _screen(request, draft)
    except InputError as exc:
        return _stop(request, _screen(request, kept.content), kept.content, kept.person_id, kept.id, str(exc))
    if referral is not None and referral["urgency"] in STOP_URGENCIES:
        return _stop(request, referral, draft, kept.person_id, kept.id)
    return _go(request, "map", draft, kept.person_id, kept.id)


def _move(request: Request, step: str, form: forms.Form, offset: int) -> Response:
    """Take this step's answers, then send the browser to the next (+1) or previous (-1) step.

    Answers that fail the checks keep the person on this step with the error naming the field
    and every field as they left it (body-map choices included).
    """
    draft, person_id, draft_id = _load(request, form)
    try:
        _take_answers(step, form, draft)
    except InputError as exc:
        caution = _caution(request, draft) if step == "map" else None
        return _step(
            request, step, draft, person_id, str(exc), caution=caution, posted=form, draft_id=draft_id
        )
    return _go(request, STEPS[STEPS.index(step) + offset], draft, person_id, draft_id)


@router.post("/intake/map")
def after_map(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Keep the chosen regions and intensities; on to history."""
    return _move(request, "map", form, +1)


@router.post("/intake/history")
def after_history(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Keep the history; on to the self-tests."""
    return _move(request, "history", form, +1)


@router.post("/intake/{step}/back")
def back(step: str, request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Keep this step's answers and show the previous step with everything entered so far."""
    if step not in STEPS[1:]:
        raise NotFoundError(f"no wizard step {step!r} to go back from")
    return _move(request, step, form, -1)


@router.post("/intake/tests")
def finish(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Assess; store it for a chosen person and show the stored result, else show it (it can be saved later)."""
    draft, person_id, draft_id = _load(request, form)
    check_person(request, person_id)
    services = services_of(request)
    try:
        _take_answers("tests", form, draft)
        result, assessment_id = services.assess_and_save(person_id, draft)
    except InputError as exc:
        return _step(request, "tests", draft, person_id, error=str(exc), posted=form, draft_id=draft_id)
    if person_id is not None and assessment_id is not None:
        if draft_id:
            _drafts(request).forget(draft_id, _account(request))
        return RedirectResponse(f"/people/{person_id}/assessments/{assessment_id}", status_code=303)
    return _go(request, "results", draft, None, draft_id)
