"""Trial pages: the proposed plan, today's tasks with quick logging and the re-test, the printable
report, the trial calendar, and the diary's entry edit/delete form.

Forms post through :func:`psoas.web.rendering.checked_form` (CSRF) and answer with a 303 redirect. Dates
in forms are local wall-clock times (``datetime-local``); back-dating is allowed, the future not.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from psoas.errors import InputError
from psoas.trial.words import DESIGN_WORDS
from psoas.web import forms
from psoas.web.rendering import checked_form, render, services_of
from psoas.web.services import Services

router = APIRouter(tags=["pages"], include_in_schema=False)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def trial_today(services: Services, person_id: int) -> dict[str, Any] | None:
    """The active trial's status for a person (None without one), with tasks due now flagged."""
    status = services.journal.trial_status(person_id)
    if status is None:
        return None
    now = datetime.now().strftime("%H:%M")
    for task in status["tasks"]:
        task["due"] = not task["done"] and (task["time"] is None or task["time"] <= now)
    return status


@router.get("/people/{person_id}/trial")
def trial_page(request: Request, person_id: int, logged: str = "") -> Response:
    """Without a trial: the proposal to accept or adjust. With one: today's tasks and progress."""
    services = services_of(request)
    person = services.person(person_id)
    status = trial_today(services, person_id)
    if status is None:
        return _proposal(request, services, person, "", {})
    program = (services.program(person_id) or {}).get("program") or {}
    context: dict[str, Any] = {"person": person, "trial": status, "logged": logged, "now": _now_local()}
    context |= {
        "program_items": program.get("items", []),
        "program_minutes": program.get("minutes_per_day", 15),
        "retest_methods": _retest_methods(),
        "design_words": DESIGN_WORDS,
    }
    return render(request, "trial.html", context)


def _retest_methods() -> list[dict[str, object]]:
    """The ways a re-test can be measured, most precise first, as the engine weighs them."""
    from psoas.reasoning.traits import load_trait_model

    methods = sorted(load_trait_model().methods.values(), key=lambda m: m.sem_deg)
    return [{"id": m.id, "label": m.label, "sem_deg": m.sem_deg} for m in methods]


def _now_local() -> str:
    return datetime.now().strftime("%Y-%m-%dT%H:%M")


def _proposal(
    request: Request, services: Services, person: dict[str, Any], error: str, posted: dict[str, Any]
) -> Response:
    from psoas.trial.plan import REVERSAL_NOTE

    program = services.program(person["id"])
    plan = services.journal.propose_trial(person["id"]) if program else None
    context = {"person": person, "plan": plan, "note": REVERSAL_NOTE, "error": error, "posted": posted}
    return render(request, "trial_plan.html", context, 422 if error else 200)


def _plan_options(form: forms.Form) -> dict[str, Any]:
    design = forms.first(form, "design") or "ab"
    options: dict[str, Any] = {"design": design}
    if forms.first(form, "start"):
        options["start"] = forms.first(form, "start")
    names = ("baseline_days", "release_days") if design == "ab" else ("pairs", "period_days", "washout_days")
    for name in names:
        value = forms.number(form, name, integer=True)
        if value is not None:
            options[name] = value
    times = [t for t in forms.first(form, "times").replace(" ", "").split(",") if t]
    if times:
        options["times"] = times
    points = forms.number(form, "change_points")
    if points is not None:
        options["change_points"] = points
    pct = forms.number(form, "change_pct")
    if pct is not None:
        options["change_fraction"] = pct / 100.0
    return options


@router.post("/people/{person_id}/trial")
def plan_trial(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Store the plan (as proposed or adjusted) and go to today's tasks."""
    services = services_of(request)
    person = services.person(person_id)
    try:
        services.journal.plan_trial(person["id"], _plan_options(form))
    except InputError as exc:
        return _proposal(request, services, person, str(exc), {k: forms.first(form, k) for k in form})
    return _see(f"/people/{person_id}/trial")


@router.post("/people/{person_id}/trial/log")
def trial_log(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Log one rating per planned region (any may be left blank), now or back-dated."""
    services = services_of(request)
    status = trial_today(services, person_id)
    if status is None:
        raise InputError("trial", "no trial planned yet")
    rows = []
    for r in status["plan"]["regions"]:
        value = forms.first(form, f"pain-{r['region']}-{r['side']}")
        if value != "":
            rows.append({"region": r["region"], "side": r["side"], "intensity": value})
    if not rows:
        raise InputError("pain", "rate at least one region (0 = no pain)")
    services.log_pain(person_id, rows, at=forms.first(form, "at") or None)
    if form.get("practised") and forms.first(form, "exercise"):
        services.log_practice(
            person_id,
            forms.first(form, "exercise"),
            minutes=forms.number(form, "minutes"),
            at=forms.first(form, "at") or None,
        )
    return _see(f"/people/{person_id}/trial?logged=1")


@router.post("/people/{person_id}/trial/retest")
def trial_retest(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Record the Thomas re-test."""
    services = services_of(request)
    services.person(person_id)  # an unknown id is a 404 before any answer is checked
    angle = forms.number(form, "hip_angle_deg")
    if angle is None:
        raise InputError("hip_angle_deg", "enter the measured angle in degrees", "-45 to 60")
    services.journal.trial_retest(
        person_id, angle, forms.first(form, "method") or "inclinometer", forms.first(form, "at") or None
    )
    return _see(f"/people/{person_id}/trial?logged=retest")


@router.post("/people/{person_id}/trial/stop")
def trial_stop(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """End the active trial."""
    del form
    services = services_of(request)
    services.journal.stop_trial(person_id)
    return _see(f"/people/{person_id}")


@router.get("/people/{person_id}/trial/report")
def trial_report(request: Request, person_id: int) -> Response:
    """The printable one-page report with a chart per region."""
    services = services_of(request)
    person = services.person(person_id)
    report = services.journal.trial_report(person["id"], charts=True)
    return render(request, "trial_report.html", {"person": person, "report": report})


@router.get("/people/{person_id}/trial/calendar.ics")
def trial_calendar(request: Request, person_id: int) -> Response:
    """The trial's logging times and phase changes for a calendar app."""
    services = services_of(request)
    body = services.journal.trial_calendar(person_id)
    headers = {"content-disposition": 'attachment; filename="psoas-trial.ics"'}
    return Response(body, media_type="text/calendar", headers=headers)


@router.get("/people/{person_id}/entries/{kind}/{entry_id}")
def entry_form(request: Request, person_id: int, kind: str, entry_id: int) -> Response:
    """Edit (or delete) one diary entry."""
    services = services_of(request)
    person = services.person(person_id)
    found = services.journal.get_entry(person["id"], kind, entry_id)
    found["local_at"] = _local(found["at"])
    context = {"person": person, "entry": found, "error": "", "exercises": services.exercises()}
    context["visit_kinds"] = services.visit_kinds()
    return render(request, "entry_edit.html", context)


def _local(stamp: str) -> str:
    from datetime import UTC

    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).astimezone()
    return moment.strftime("%Y-%m-%dT%H:%M")


_FORM_FIELDS = {
    "pain": ("at", "intensity", "note"),
    "practice": ("at", "exercise_id", "minutes", "felt"),
    "visit": ("at", "kind", "who", "notes"),
}


@router.post("/people/{person_id}/entries/{kind}/{entry_id}")
def entry_save(
    request: Request, person_id: int, kind: str, entry_id: int, form: forms.Form = Depends(checked_form)
) -> Response:
    """Save the edited fields (history kept)."""
    services = services_of(request)
    services.person(person_id)  # an unknown id is a 404 before any answer is checked
    changes: dict[str, Any] = {}
    for field in _FORM_FIELDS.get(kind, ()):
        if field in form:
            value: Any = forms.first(form, field)
            if field == "minutes":
                value = forms.number(form, "minutes")
            changes[field] = value
    services.journal.edit_entry(person_id, kind, entry_id, changes)
    return _see(f"/people/{person_id}/diary?logged=edit")


@router.post("/people/{person_id}/entries/{kind}/{entry_id}/delete")
def entry_delete(
    request: Request, person_id: int, kind: str, entry_id: int, form: forms.Form = Depends(checked_form)
) -> Response:
    """Delete one entry (history kept)."""
    del form
    services = services_of(request)
    services.journal.delete_entry(person_id, kind, entry_id)
    return _see(f"/people/{person_id}/diary?logged=delete")


def next_tasks(services: Services, people: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Person id → the first open task of their active trial (for the home page)."""
    out = {}
    for p in people:
        status = trial_today(services, p["id"])
        if status is None:
            continue
        open_tasks = [t for t in status["tasks"] if not t["done"]]
        if open_tasks:
            out[p["id"]] = open_tasks[0]
    return out
