"""The programme as CarePlan + ServiceRequest + Goal, and the whole Bundle of one person.

A programme is a CarePlan (``active`` for the active programme, else ``completed``) whose
activities reference one ServiceRequest per exercise (code from the psoas exercise code system,
the dose and the why as patient instruction) and whose goal is a 2-point drop on the 0-10 pain
scale by the review date (the meaningful change fixed in advance). The programme as psoas built
it rides along in a DocumentReference, so an import restores it exactly.
"""

from __future__ import annotations

from typing import Any

from psoas.errors import NotFoundError, SelectionError
from psoas.fhir import codes as c
from psoas.fhir import export as x

MEANINGFUL_DROP_NRS = 2
"""A meaningful change on the 0-10 pain scale (Farrar 2001), the programme's goal."""


def _dose_text(dose: dict[str, Any]) -> str:
    from psoas.present.words import dose_line

    return dose_line(dose)


def programme_resources(
    ids: x._Ids, n: int, program: dict[str, Any], assessment: int | None
) -> list[dict[str, Any]]:
    """CarePlan, its ServiceRequests and its Goal for one stored programme."""
    content = program.get("content") or {}
    items = content.get("items") or []
    requests = []
    for k, item in enumerate(items):
        sides = [s for s in item.get("sides") or [] if s != "center"]
        instruction = f"{_dose_text(item.get('dose') or {})}" + (
            f"; side: {', '.join(sides)}" if sides else ""
        )
        requests.append(
            {
                "resourceType": "ServiceRequest",
                "id": ids.id(f"request-{n}", k),
                "status": "active" if program["active"] else "completed",
                "intent": "plan",
                "category": [{"text": "Exercise therapy"}],
                "code": x._concept(c.CS_EXERCISE, item["exercise"], item.get("name") or item["exercise"]),
                "subject": ids.ref("patient"),
                "patientInstruction": f"{instruction}. {item.get('why', '')}".strip(),
            }
        )
    goal: dict[str, Any] = {
        "resourceType": "Goal",
        "id": ids.id("goal", n),
        "lifecycleStatus": "active" if program["active"] else "completed",
        "description": {
            "text": f"Pain at least {MEANINGFUL_DROP_NRS} points lower on the 0-10 scale at the review"
        },
        "subject": ids.ref("patient"),
        "target": [{"measure": x._concept(c.LOINC, c.PAIN_LOINC, c.PAIN_DISPLAY)}],
    }
    if content.get("review_date"):
        goal["target"][0]["dueDate"] = content["review_date"]
    plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ids.id("programme", n),
        "status": "active" if program["active"] else "completed",
        "intent": "plan",
        "title": "psoas release programme",
        "subject": ids.ref("patient"),
        "created": program["created_at"],
        "goal": [ids.ref("goal", n)],
        "activity": [{"reference": ids.ref(f"request-{n}", k)} for k in range(len(items))],
    }
    if content.get("review_date"):
        plan["period"] = {"end": content["review_date"]}
    if assessment is not None:
        plan["supportingInfo"] = [ids.ref("assessment", assessment)]
    attached = x.document(
        ids, c.DOC_PROGRAMME, n, x._attachment(program.get("content")), {"related": [ids.ref("programme", n)]}
    )
    return [plan, *requests, goal, attached]


def person_resources(person: dict[str, Any], snomed: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Every resource of one person (a person of :func:`psoas.journal.transfer.dump`)."""
    from psoas.fhir.questionnaire import questionnaire
    from psoas.knowledge.exercises import load_exercises

    ids = x._Ids(person["name"])
    names = {e.id: e.name for e in load_exercises().exercises}
    out: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": ids.id("patient"),
            "active": True,
            "name": [{"text": person["name"]}],
        },
        c.code_system_regions(),
        c.code_system_exercises(),
        c.code_system_psoas(),
        questionnaire(),
    ]
    for n, a in enumerate(person["assessments"]):
        out += x.assessment_resources(ids, n, a)
    for n, p in enumerate(person["programs"]):
        out += programme_resources(ids, n, p, p.get("assessment"))
    out += [x.pain_observation(ids, n, e, snomed) for n, e in enumerate(person["pain"])]
    out += [x.practice_observation(ids, n, e, names) for n, e in enumerate(person["practice"])]
    for n, e in enumerate(person["visits"]):
        out += x.visit_encounter(ids, n, e)
    return out


def bundle_of(person: dict[str, Any], snomed: dict[str, dict[str, str]], timestamp: str) -> dict[str, Any]:
    """The collection Bundle of one person."""
    ids = x._Ids(person["name"])
    entries = []
    for resource in person_resources(person, snomed):
        kind, rid = resource["resourceType"], resource["id"]
        full = f"{c.BASE}/{kind}/{rid}" if kind in ("CodeSystem", "Questionnaire") else f"urn:uuid:{rid}"
        entries.append({"fullUrl": full, "resource": resource})
    return {
        "resourceType": "Bundle",
        "id": ids.id("bundle"),
        "type": "collection",
        "timestamp": timestamp,
        "entry": entries,
    }


def export_person(
    journal: Any, name: str | None, snomed: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """The FHIR Bundle of one person of the journal (the only person when ``name`` is None)."""
    from psoas.journal import parse

    data = journal.export_data()
    people = data["people"]
    if name is None and len(people) == 1:
        chosen = people[0]
    else:
        chosen = next((p for p in people if p["name"] == name), None)
    if chosen is None and name is None:
        raise SelectionError(
            "person", "choose whose Bundle to write" if people else "no people in this journal yet"
        )
    if chosen is None:
        raise NotFoundError(f"no person called {name!r}", "person")
    return bundle_of(chosen, snomed or {}, parse.iso(parse.now_utc()))
