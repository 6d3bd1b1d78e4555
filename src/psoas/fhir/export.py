"""One person's journal as a FHIR R4B Bundle (type ``collection``), as plain JSON-ready dicts.

Resources: Patient; psoas's CodeSystems and intake Questionnaire (so the Bundle is self-contained);
per assessment a QuestionnaireResponse (the intake; the engine's result in a DocumentReference) and an
Observation per self-test value (with the method); per programme a CarePlan with a ServiceRequest
per exercise and a Goal; an Observation per pain rating (LOINC 72514-3, 0-10, body site as text,
psoas code and the user's SNOMED code when mapped); an Observation per practice session (LOINC
55411-3, minutes); an Encounter per visit (its notes in a DocumentReference). No extensions are used. Ids are name-based UUIDs, so exporting the same journal
twice gives the same Bundle apart from ``timestamp``. Times are the journal's UTC instants.
"""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from typing import Any

from psoas.fhir import codes as c
from psoas.fhir.questionnaire import response_items

_NAMESPACE = uuid.UUID("5b0c3f0e-2d7e-4f4e-9a59-70736f617301")


class _Ids:
    """Name-based ids (UUID version 5, RFC 4122) and ``urn:uuid:`` references for one person's resources.

    The digest is built by hand from one pre-hashed prefix: a Bundle of 10,000 entries needs
    20,000 ids, and :func:`uuid.uuid5` per id was most of the export's time.
    """

    def __init__(self, person: str) -> None:
        self.person = person
        self._prefix = hashlib.sha1(_NAMESPACE.bytes + f"{person}\x1f".encode())
        self._refs: dict[tuple[str, int | str], dict[str, str]] = {}

    def id(self, kind: str, n: int | str = 0) -> str:
        digest = self._prefix.copy()
        digest.update(f"{kind}\x1f{n}".encode())
        raw = bytearray(digest.digest()[:16])
        raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
        raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
        h = raw.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def ref(self, kind: str, n: int | str = 0) -> dict[str, str]:
        key = (kind, n)
        found = self._refs.get(key)
        if found is None:
            found = self._refs[key] = {"reference": f"urn:uuid:{self.id(kind, n)}"}
        return dict(found)


def _attachment(data: Any) -> dict[str, str]:
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return {"contentType": "application/json", "data": base64.b64encode(text.encode()).decode("ascii")}


def document(
    ids: _Ids, code: str, n: int, attachment: dict[str, str], about: dict[str, Any]
) -> dict[str, Any]:
    """A DocumentReference carrying one of psoas's own documents (``about``: its ``context``)."""
    return {
        "resourceType": "DocumentReference",
        "id": ids.id(code, n),
        "status": "current",
        "type": _psoas(code),
        "subject": ids.ref("patient"),
        "content": [{"attachment": attachment}],
        "context": about,
    }


def _concept(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": text or display}


def _psoas(code: str) -> dict[str, Any]:
    """A concept of psoas's own code system, with the display the code system gives it."""
    display = c.psoas_concepts()[code]
    return _concept(c.CS_PSOAS, code, display)


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": c.OBS_CATEGORY, "code": code}]}]


def pain_observation(
    ids: _Ids, n: int, entry: dict[str, Any], snomed: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """One pain rating as an Observation."""
    region, side = entry["region"], entry["side"]
    code = c.region_code(region, side)
    display = c.region_display(region, side)
    body = _concept(c.CS_REGION, code, display)
    if code in snomed:
        body["coding"].append({"system": c.SNOMED, **{k: v for k, v in snomed[code].items() if v}})
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ids.id("pain", n),
        "status": "final",
        "category": _category("survey"),
        "code": _concept(c.LOINC, c.PAIN_LOINC, c.PAIN_DISPLAY, "Pain intensity (0-10)"),
        "subject": ids.ref("patient"),
        "effectiveDateTime": entry["at"],
        "valueInteger": entry["intensity"],
        "bodySite": body,
    }
    if entry.get("sensations"):
        out["component"] = [{"code": _psoas("sensation"), "valueString": s} for s in entry["sensations"]]
    if entry.get("note"):
        out["note"] = [{"text": entry["note"]}]
    return out


def practice_observation(ids: _Ids, n: int, entry: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """One practice session as an Observation of exercise duration (minutes, when logged)."""
    exercise = entry["exercise_id"]
    components: list[dict[str, Any]] = [
        {
            "code": _psoas("exercise"),
            "valueCodeableConcept": _concept(c.CS_EXERCISE, exercise, names.get(exercise, exercise)),
        }
    ]
    for key in ("holds", "reps"):
        if entry.get(key) is not None:
            components.append({"code": _psoas(key), "valueInteger": entry[key]})
    out: dict[str, Any] = {
        "resourceType": "Observation",
        "id": ids.id("practice", n),
        "status": "final",
        "category": _category("activity"),
        "code": _concept(c.LOINC, c.EXERCISE_DURATION_LOINC, "Exercise duration", "Release practice"),
        "subject": ids.ref("patient"),
        "effectiveDateTime": entry["at"],
        "component": components,
    }
    if entry.get("minutes") is not None:
        out["valueQuantity"] = {"value": entry["minutes"], "unit": "min", "system": c.UCUM, "code": "min"}
    if entry.get("felt"):
        out["note"] = [{"text": entry["felt"]}]
    return out


def visit_encounter(ids: _Ids, n: int, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """One visit as a finished ambulatory Encounter (and its notes as a DocumentReference)."""
    kind = entry["kind"]
    out: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": ids.id("visit", n),
        "status": "finished",
        "class": {"system": c.ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [_psoas(f"visit:{kind}")],
        "subject": ids.ref("patient"),
        "period": {"start": entry["at"]},
    }
    if entry.get("who"):
        out["participant"] = [{"individual": {"display": entry["who"]}}]
    if not entry.get("notes"):
        return [out]
    text = {
        "contentType": "text/plain; charset=utf-8",
        "data": base64.b64encode(entry["notes"].encode()).decode(),
    }
    return [out, document(ids, c.DOC_NOTES, n, text, {"encounter": [ids.ref("visit", n)]})]


def assessment_resources(ids: _Ids, n: int, assessment: dict[str, Any]) -> list[dict[str, Any]]:
    """The QuestionnaireResponse of one assessment and an Observation per self-test value."""
    from psoas.documents.sections import self_test_rows

    qr = {
        "resourceType": "QuestionnaireResponse",
        "id": ids.id("assessment", n),
        "questionnaire": c.QUESTIONNAIRE_URL,
        "status": "completed",
        "subject": ids.ref("patient"),
        "authored": assessment["created_at"],
        "item": response_items(assessment["intake"]),
    }
    result = _attachment(assessment["result"]) | {"title": f"psoas engine {assessment['engine_version']}"}
    out = [qr, document(ids, c.DOC_RESULT, n, result, {"related": [ids.ref("assessment", n)]})]
    for k, row in enumerate(self_test_rows(assessment["intake"])):
        obs: dict[str, Any] = {
            "resourceType": "Observation",
            "id": ids.id(f"selftest-{n}", k),
            "status": "final",
            "category": _category("exam"),
            "code": _psoas(f"selftest.{row['test']}.{row['field']}"),
            "subject": ids.ref("patient"),
            "effectiveDateTime": assessment["created_at"],
            "bodySite": {"text": f"{row['side']} side"},
            "method": {"text": row["method"]},
            "derivedFrom": [ids.ref("assessment", n)],
        }
        value = row["value"]
        if isinstance(value, bool):
            obs["valueBoolean"] = value
        elif isinstance(value, int | float):
            obs["valueQuantity"] = {"value": value, "unit": "deg", "system": c.UCUM, "code": "deg"}
        else:
            obs["valueString"] = str(value)
        out.append(obs)
    return out
