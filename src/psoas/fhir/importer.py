"""Import a FHIR R4B Bundle into the journal in one transaction.

What psoas holds is mapped fully or the import is refused with an :class:`InputError` naming the
resource (``Observation/abc: …``): the Patient, pain Observations (LOINC 72514-3, body site by the
psoas code, the user's SNOMED map or plain words such as "Left knee"), practice Observations
(LOINC 55411-3 with a psoas exercise), Encounters (a visit kind by psoas code or words),
QuestionnaireResponses to the psoas intake (the result attached, or assessed anew) and psoas
CarePlans. Anything else (other resource types, other codes, psoas's own derived self-test
Observations, ServiceRequests and Goals of a CarePlan) is not written; the report lists what was
skipped and why. The Bundle becomes a psoas journal export and goes through
:meth:`psoas.journal.service.Journal.import_data`, so the same checks and the single transaction apply.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from psoas.errors import InputError
from psoas.fhir import codes as c


@dataclass
class ImportReport:
    """What an import wrote (counts) and what it left out (``Type/id: reason``)."""

    person: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "imported": self.counts, "skipped": self.skipped}


def _label(resource: dict[str, Any]) -> str:
    return f"{resource.get('resourceType', '?')}/{resource.get('id', '?')}"


def _codings(concept: Any) -> list[dict[str, Any]]:
    return [x for x in (concept or {}).get("coding") or [] if isinstance(x, dict)]


def _has_code(concept: Any, system: str, code: str) -> bool:
    return any(x.get("system") == system and x.get("code") == code for x in _codings(concept))


def psoas_document(resource: dict[str, Any]) -> tuple[str, str] | None:
    """(psoas document code, reference it is about) of a DocumentReference psoas wrote, else None."""
    if resource.get("resourceType") != "DocumentReference":
        return None
    code = next(
        (x.get("code") for x in _codings(resource.get("type")) if x.get("system") == c.CS_PSOAS), None
    )
    if code not in (c.DOC_RESULT, c.DOC_PROGRAMME, c.DOC_NOTES):
        return None
    context = resource.get("context") or {}
    about = [*(context.get("related") or []), *(context.get("encounter") or [])]
    ref = next((str(r.get("reference")) for r in about if isinstance(r, dict) and r.get("reference")), None)
    return (str(code), ref) if ref else None


def attached_bytes(resource: dict[str, Any]) -> bytes:
    """The data of a DocumentReference's first attachment (InputError naming it when unreadable)."""
    try:
        return base64.b64decode(resource["content"][0]["attachment"]["data"], validate=True)
    except (KeyError, IndexError, TypeError, ValueError, binascii.Error) as exc:
        raise InputError(f"{_label(resource)}.content", "the attachment is not base64 data") from exc


def attached_json(resource: dict[str, Any]) -> Any:
    """The JSON document a psoas DocumentReference carries."""
    try:
        return json.loads(attached_bytes(resource))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{_label(resource)}.content", "the attachment is not JSON") from exc


def _region(resource: dict[str, Any], snomed: dict[str, dict[str, str]], where: str) -> tuple[str, str]:
    site = resource.get("bodySite") or {}
    for coding in _codings(site):
        if coding.get("system") == c.CS_REGION and (found := c.region_from_code(str(coding.get("code")))):
            return found
    reverse = {v["code"]: k for k, v in snomed.items()}
    for coding in _codings(site):
        if coding.get("system") == c.SNOMED and str(coding.get("code")) in reverse:
            found = c.region_from_code(reverse[str(coding.get("code"))])
            if found:
                return found
    words = " ".join(str(site.get("text") or "").lower().replace("_", " ").split())
    for _code, region, side in c.all_region_codes():
        if words == c.region_display(region, side).lower():
            return region, side
    shown = site.get("text") or ", ".join(str(x.get("code")) for x in _codings(site)) or "none"
    raise InputError(
        f"{where}.bodySite", f"{shown!r} is not a psoas body region", "e.g. 'Left knee', knee:left"
    )


def pain_entry(resource: dict[str, Any], snomed: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A pain Observation as a journal pain entry (InputError naming the resource otherwise)."""
    from psoas.journal import parse

    where = _label(resource)
    region, side = _region(resource, snomed, where)
    value = resource.get("valueInteger", (resource.get("valueQuantity") or {}).get("value"))
    at = resource.get("effectiveDateTime") or (resource.get("effectivePeriod") or {}).get("start")
    if not isinstance(at, str):
        raise InputError(f"{where}.effectiveDateTime", "a pain rating needs the time it was given")
    sensations = [str(x.get("valueString")) for x in resource.get("component") or [] if x.get("valueString")]
    try:
        checked = parse.validate_pain(region, side, value, sensations)
    except InputError as exc:
        raise InputError(f"{where}.{exc.field}", exc.reason, exc.allowed) from exc
    note = " ".join(str(n.get("text", "")) for n in resource.get("note") or []).strip()
    return {
        "at": at,
        "region": region,
        "side": side,
        "intensity": checked.intensity,
        "sensations": sensations,
        "note": note,
    }


def practice_entry(resource: dict[str, Any]) -> dict[str, Any] | None:
    """A psoas practice Observation as a journal entry; None when it names no psoas exercise."""
    exercise, holds, reps = None, None, None
    for comp in resource.get("component") or []:
        if _has_code(comp.get("code"), c.CS_PSOAS, "exercise"):
            exercise = next((x.get("code") for x in _codings(comp.get("valueCodeableConcept"))), None)
        elif _has_code(comp.get("code"), c.CS_PSOAS, "holds"):
            holds = comp.get("valueInteger")
        elif _has_code(comp.get("code"), c.CS_PSOAS, "reps"):
            reps = comp.get("valueInteger")
    if exercise is None:
        return None
    return {
        "at": resource.get("effectiveDateTime"),
        "exercise_id": exercise,
        "minutes": (resource.get("valueQuantity") or {}).get("value"),
        "holds": holds,
        "reps": reps,
        "felt": " ".join(str(n.get("text", "")) for n in resource.get("note") or []).strip(),
    }


def visit_entry(resource: dict[str, Any], notes: str = "") -> dict[str, Any]:
    """An Encounter as a journal visit (its kind by psoas code or by words)."""
    from psoas.journal.parse import VISIT_KINDS

    where = _label(resource)
    kind = None
    for concept in resource.get("type") or []:
        for coding in _codings(concept):
            code = str(coding.get("code", ""))
            if coding.get("system") == c.CS_PSOAS and code.removeprefix("visit:") in VISIT_KINDS:
                kind = code.removeprefix("visit:")
        words = str(concept.get("text") or "").strip().lower().replace(" ", "_")
        kind = kind or (words if words in VISIT_KINDS else None)
    if kind is None:
        raise InputError(f"{where}.type", "not a visit kind psoas knows", VISIT_KINDS)
    start = (resource.get("period") or {}).get("start")
    if not isinstance(start, str):
        raise InputError(f"{where}.period.start", "a visit needs its start time")
    who = next(
        (
            str(p["individual"].get("display", ""))
            for p in resource.get("participant") or []
            if p.get("individual")
        ),
        "",
    )
    return {"at": start, "kind": kind, "who": who, "notes": notes}
