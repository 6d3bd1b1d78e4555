"""Server-rendered pages: home, people, results, program and player, diary and progress.

Each page function gathers data from :class:`~psoas.web.services.Services` (the same calls the
API makes) and renders a template. Form posts go through :func:`psoas.web.rendering.checked_form`
(CSRF) and answer with a 303 redirect to the page that shows the result.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from psoas.errors import InputError
from psoas.knowledge import vocab
from psoas.knowledge.test_guides import VISIT_WORDS, test_guide
from psoas.present.progress_chart import render_progress_chart
from psoas.web import forms
from psoas.web.figure_html import exercise_figure, exercise_player_figure
from psoas.web.policy import actor_of, adopt_person, practice_of, visible_people
from psoas.web.rendering import checked_form, render, render_cached, services_of
from psoas.web.services import blank_bodymap
from psoas.web.trial_pages import trial_today

router = APIRouter(tags=["pages"], include_in_schema=False)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def results_context(
    result: dict[str, Any],
    intake: dict[str, Any],
    person: dict[str, Any] | None,
    assessment: dict[str, Any] | None,
) -> dict[str, Any]:
    """Everything the results page shows for one assessment: its view (:mod:`psoas.present.assessment_view`,
    the causes, order and words the reports show too), the wheel and the guide to the next test."""
    from psoas.knowledge.atlas import load_atlas
    from psoas.present.assessment_view import stored_view
    from psoas.web.wheel import render_wheel

    view = stored_view(result)
    best = view.next_tests[0] if view.next_tests else None
    return {
        "view": view,
        "intake": intake,
        "person": person,
        "assessment": assessment,
        "top": view.causes[:1],
        "alternatives": view.causes[1:],
        "wheel": render_wheel(load_atlas(), result, intake),
        "next_test": best,
        "next_guide": test_guide(best.test) if best else None,
        "program": view.program,
    }


@router.get("/")
def home(request: Request) -> Response:
    """What psoas is and is not; start an assessment or pick a person."""
    from psoas.web.trial_pages import next_tasks

    people = visible_people(request)
    return render(request, "home.html", {"people": people, "today": next_tasks(services_of(request), people)})


def _people_context(request: Request, q: str = "", error: str = "", deleted: bool = False) -> dict[str, Any]:
    from psoas.web.people_pages import matching

    everyone = visible_people(request)
    shown = matching(everyone, q) if q.strip() else everyone
    return {"people": shown, "total": len(everyone), "q": q, "error": error, "deleted": deleted}


@router.get("/people")
def people(request: Request, q: str = "", deleted: str = "") -> Response:
    """The profiles this account may see (``q``: only names with these words), and a form to add one."""
    return render(request, "people.html", _people_context(request, q[:120], deleted=deleted == "1"))


@router.post("/people")
def add_person(request: Request, form: forms.Form = Depends(checked_form)) -> Response:
    """Add a profile and go to it."""
    services = services_of(request)
    try:
        person = services.add_person(forms.first(form, "name"))
    except InputError as exc:
        return render(request, "people.html", _people_context(request, error=str(exc)), 422)
    adopt_person(request, person["id"])
    return _see(f"/people/{person['id']}")


@router.get("/people/{person_id}")
def person_page(request: Request, person_id: int) -> Response:
    """One person: assessments, program, reminders, links to diary and progress."""
    from psoas.web.people_pages import assessment_rows

    services = services_of(request)
    person = services.person(person_id)
    stored = services.assessments(person_id)
    return render(
        request,
        "person.html",
        {
            "person": person,
            "assessments": assessment_rows(request, person_id, stored),
            "assessment_count": len(stored),
            "can_rename": practice_of(request.app).accounts.cares_for(actor_of(request), person_id),
            "program": services.program(person_id),
            "reminders": services.reminders(person_id),
            "trial": trial_today(services, person_id),
        },
    )


@router.get("/people/{person_id}/calendar.ics")
def calendar(request: Request, person_id: int) -> Response:
    """The person's reminders for a calendar app."""
    body = services_of(request).calendar(person_id)
    headers = {"content-disposition": 'attachment; filename="psoas-reminders.ics"'}
    return Response(body, media_type="text/calendar", headers=headers)


@router.get("/people/{person_id}/assessments/{assessment_id}")
def results_page(request: Request, person_id: int, assessment_id: int) -> Response:
    """A stored assessment: referral, ranked causes, the wheel, the next test, the program."""
    services = services_of(request)
    stored = services.assessment(person_id, assessment_id)

    def build() -> dict[str, Any]:
        person = services.person(person_id)
        return results_context(stored["result"], stored["intake"], person, stored)

    return render_cached(request, ("results", person_id, assessment_id), "results.html", build)


@router.get("/people/{person_id}/program")
def program_page(request: Request, person_id: int) -> Response:
    """The active program as exercise cards with pictures, doses and a player link."""
    person, active = services_of(request).person_program(person_id)
    program = (active or {}).get("program")
    cards = []
    for item in (program or {}).get("items", []):
        cards.append({"item": item, "figure": exercise_figure(item.get("illustration"), item["exercise"])})
    return render(request, "program.html", {"person": person, "program": program, "cards": cards})


@router.get("/play/{exercise_id}")
def player(request: Request, exercise_id: str, person: int | None = None) -> Response:
    """Follow along: hold and rep timers, or the constructive-rest timer with gentle cues."""
    services = services_of(request)
    exercise = services.exercise(exercise_id)
    who = services.person(person) if person is not None else None
    dose = dict(exercise["dose"])
    sides = ["left", "right"] if exercise.get("sided") else []
    if who is not None:
        for item in ((services.program(who["id"]) or {}).get("program") or {}).get("items", []):
            if item["exercise"] == exercise_id:
                dose = dict(item["dose"])
                chosen = [s for s in item.get("sides") or () if s in ("left", "right")]
                sides = chosen if exercise.get("sided") and chosen else sides
    figure = exercise_player_figure(exercise_id) or exercise_figure(exercise.get("illustration"), exercise_id)
    context = {"exercise": exercise, "dose": dose, "sides": sides, "person": who, "figure": figure}
    return render(request, "player.html", context)


@router.post("/people/{person_id}/practice")
def log_practice(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Log a finished practice (the player posts this when the timer ends)."""
    entry = forms.practice_from_form(form)
    services_of(request).log_practice(person_id, **entry, at=forms.first(form, "at") or None)
    return _see(f"/people/{person_id}/diary?logged=practice")


MAX_DIARY_PAGE = 10_000
"""The furthest diary page one may ask for (``?page=``)."""


@router.get("/people/{person_id}/diary")
def diary(
    request: Request,
    person_id: int,
    logged: str = "",
    page: Annotated[int, Query(ge=1, le=MAX_DIARY_PAGE)] = 1,
) -> Response:
    """Quick pain logging on the body map, practice and visit logging, and the entries newest first,
    30 to a page (`?page=2` and on: older ones)."""
    services = services_of(request)
    shown = services.diary_page(person_id, page)
    context = {
        "person": shown["person"],
        "bodymap": blank_bodymap(),
        "midline": sorted(vocab.MIDLINE_REGIONS),
        "sensations": vocab.SENSATIONS,
        "exercises": services.exercise_choices(),
        "visit_kinds": services.visit_kinds(),
        "visit_words": VISIT_WORDS,
        "entries": shown["entries"],
        "page": page,
        "older": shown["older"],
        "logged": logged,
        "error": "",
    }
    return render(request, "diary.html", context)


@router.post("/people/{person_id}/pain")
def log_pain(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Log the regions chosen on the body map with their intensities."""
    entries = forms.pain_from_form(form)
    if not entries:
        raise InputError("pain", "choose at least one region on the body map")
    sensations = [s for s in form.get("sensations", []) if s]
    rows = [
        {"region": e["region"], "side": e["side"], "intensity": e["intensity"], "sensations": sensations}
        for e in entries
    ]
    at = forms.first(form, "at") or None
    services_of(request).log_pain(person_id, rows, note=forms.first(form, "note"), at=at)
    return _see(f"/people/{person_id}/diary?logged=pain")


@router.post("/people/{person_id}/visits")
def log_visit(request: Request, person_id: int, form: forms.Form = Depends(checked_form)) -> Response:
    """Log a visit to a therapist."""
    services_of(request).log_visit(
        person_id,
        forms.first(form, "kind"),
        who=forms.first(form, "who"),
        notes=forms.first(form, "notes"),
        at=forms.first(form, "at") or None,
    )
    return _see(f"/people/{person_id}/diary?logged=visit")


@router.get("/people/{person_id}/progress")
def progress_page(request: Request, person_id: int) -> Response:
    """Pain per region over time with practice markers, and the per-person chain check."""
    services = services_of(request)
    data = services.progress(person_id)
    context = {
        "person": services.person(person_id),
        "progress": data,
        "chart": render_progress_chart(data),
        "verify": services.verify(person_id),
    }
    return render(request, "progress.html", context)


@router.get("/exercises")
def exercises_page(request: Request, kind: str = "", q: str = "") -> Response:
    """The exercise library, filtered by kind and by words in the name or purpose."""
    items = services_of(request).exercises()
    kinds = sorted({e["kind"] for e in items})
    words = q.strip().lower()
    shown = [
        e
        for e in items
        if (not kind or e["kind"] == kind) and (not words or words in f"{e['name']} {e['purpose']}".lower())
    ]
    cards = [{"exercise": e, "figure": exercise_figure(e.get("illustration"), e["id"])} for e in shown]
    context = {"cards": cards, "kinds": kinds, "kind": kind, "q": q, "total": len(items)}
    return render(request, "exercises.html", context)


@router.get("/docs")
def api_docs(request: Request) -> Response:
    """The HTTP API reference, rendered from the app's OpenAPI document (no scripts)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": _schema_name(body.get("schema", {})) if body else "",
                    "example": _first_example(body),
                    "responses": sorted(op.get("responses", {})),
                }
            )
    schemas = spec.get("components", {}).get("schemas", {})
    return render(request, "api_docs.html", {"spec": spec, "operations": operations, "schemas": schemas})


def _schema_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return str(ref.rsplit("/", 1)[-1]) if ref else str(schema.get("type", "object"))


def _first_example(body: dict[str, Any]) -> str:
    import json

    for example in (body.get("examples") or {}).values():
        return json.dumps(example.get("value"), indent=1)
    return ""
