"""A whole Bundle → a psoas journal export (one person), with the report of what was left out."""

from __future__ import annotations

import re
from typing import Any

from psoas.errors import InputError
from psoas.fhir import codes as c
from psoas.fhir import importer as imp

_PATH = re.compile(r"^people\[0\]\.(pain|practice|visits|assessments|programs)\[(\d+)\](.*)$")


def _resources(bundle: Any) -> list[dict[str, Any]]:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise InputError("FILE", "not a FHIR Bundle (resourceType must be 'Bundle')")
    out = []
    for n, entry in enumerate(bundle.get("entry") or []):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or "resourceType" not in resource:
            raise InputError(f"Bundle.entry[{n}]", "has no resource")
        _check_fhir(resource, n)
        resource = dict(resource)
        resource.setdefault("id", f"entry-{n}")
        resource["_fullUrl"] = entry.get("fullUrl") or f"{resource['resourceType']}/{resource['id']}"
        out.append(resource)
    return out


def _check_fhir(resource: dict[str, Any], n: int) -> None:
    """Refuse a resource that is not valid FHIR R4B, naming it and the first bad element."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    label = f"{resource.get('resourceType')}/{resource.get('id', f'entry-{n}')}"
    try:
        model = get_fhir_model_class(str(resource["resourceType"]))
    except ValueError as exc:
        raise InputError(label, "not a FHIR R4B resource type") from exc
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise InputError(
            f"{label}.{where}" if where else label, f"not valid FHIR R4B ({first.get('msg', '')})"
        ) from None


def _refs(resource: dict[str, Any]) -> set[str]:
    return {resource["_fullUrl"], f"{resource['resourceType']}/{resource['id']}"}


def _patient_name(patients: list[dict[str, Any]]) -> str:
    if len(patients) != 1:
        raise InputError("Bundle", f"holds {len(patients)} Patients; psoas imports one person per Bundle")
    patient = patients[0]
    for name in patient.get("name") or []:
        text = name.get("text") or " ".join([*name.get("given", []), name.get("family", "")]).strip()
        if text:
            return str(text)
    raise InputError(f"{imp._label(patient)}.name", "a Patient needs a name")


def _assessment(resource: dict[str, Any], attached: dict[str, Any] | None) -> dict[str, Any]:
    import psoas
    from psoas.fhir.questionnaire import intake_from_items
    from psoas.intake.schema import parse_intake

    where = imp._label(resource)
    intake = intake_from_items(list(resource.get("item") or []), where)
    try:
        parse_intake(intake)
    except InputError as exc:
        raise InputError(f"{where}.{exc.field}", exc.reason, exc.allowed) from exc
    result = imp.attached_json(attached) if attached else psoas.assess(intake).to_dict()
    title = str(attached["content"][0]["attachment"].get("title", "")) if attached else ""
    authored = resource.get("authored")
    if not isinstance(authored, str):
        raise InputError(f"{where}.authored", "an intake needs the time it was answered")
    version = title.removeprefix("psoas engine ") or str(result.get("engine_version") or "unknown")
    return {"created_at": authored, "engine_version": version, "intake": intake, "result": result}


class _Reader:
    """Walks the resources once, filling the export and the report."""

    def __init__(self, snomed: dict[str, dict[str, str]]) -> None:
        self.snomed = snomed
        self.person: dict[str, Any] = {
            "assessments": [],
            "programs": [],
            "pain": [],
            "practice": [],
            "visits": [],
        }
        self.labels: dict[str, list[str]] = {k: [] for k in self.person}
        self.assessment_refs: dict[str, int] = {}
        self.derived: set[str] = set()
        self.report = imp.ImportReport()
        self.documents: dict[tuple[str, str], dict[str, Any]] = {}  # (psoas code, about) -> DocumentReference

    def document_for(self, code: str, resource: dict[str, Any]) -> dict[str, Any] | None:
        """The psoas DocumentReference of kind ``code`` about ``resource``, if the Bundle has one."""
        return next(
            (self.documents[(code, ref)] for ref in _refs(resource) if (code, ref) in self.documents), None
        )

    def add(self, key: str, entry: dict[str, Any], resource: dict[str, Any]) -> None:
        self.person[key].append(entry)
        self.labels[key].append(imp._label(resource))

    def observation(self, r: dict[str, Any]) -> None:
        code = r.get("code")
        if imp._has_code(code, c.LOINC, c.PAIN_LOINC):
            self.add("pain", imp.pain_entry(r, self.snomed), r)
        elif imp._has_code(code, c.LOINC, c.EXERCISE_DURATION_LOINC) and (p := imp.practice_entry(r)):
            self.add("practice", p, r)
        elif any(str(x.get("code", "")).startswith("selftest.") for x in imp._codings(code)):
            self.derived.add(imp._label(r))  # the intake's QuestionnaireResponse carries the values
        else:
            self.report.skipped.append(
                f"{imp._label(r)}: an Observation psoas does not record ({_code_words(code)})"
            )

    def careplan(self, r: dict[str, Any]) -> None:
        attached = self.document_for(c.DOC_PROGRAMME, r)
        if attached is None:
            self.report.skipped.append(f"{imp._label(r)}: a CarePlan psoas did not make")
            return
        where = imp._label(r)
        ref = next((s.get("reference") for s in r.get("supportingInfo") or []), None)
        entry = {
            "assessment": self.assessment_refs.get(str(ref)) if ref else None,
            "created_at": r.get("created") or "",
            "active": r.get("status") == "active",
            "content": imp.attached_json(attached),
        }
        if ref and entry["assessment"] is None:
            raise InputError(f"{where}.supportingInfo", f"{ref} is not an intake in this Bundle")
        self.derived |= {str(a.get("reference", {}).get("reference")) for a in r.get("activity") or []}
        self.derived |= {str(g.get("reference")) for g in r.get("goal") or []}
        self.add("programs", entry, r)


def _code_words(concept: Any) -> str:
    codings = imp._codings(concept)
    if codings:
        return ", ".join(f"{x.get('system', '')}|{x.get('code', '')}" for x in codings)
    return str((concept or {}).get("text") or "no code")


def bundle_to_export(
    bundle: Any, snomed: dict[str, dict[str, str]]
) -> tuple[dict[str, Any], imp.ImportReport, dict[str, list[str]]]:
    """The journal export of the Bundle's person, the report, and resource labels per entry list."""
    from psoas.journal import parse, transfer

    resources = _resources(bundle)
    reader = _Reader(snomed)
    name = _patient_name([r for r in resources if r["resourceType"] == "Patient"])
    for r in resources:
        if (found := imp.psoas_document(r)) is not None:
            reader.documents[found] = r
    for r in resources:
        if r["resourceType"] == "QuestionnaireResponse":
            if str(r.get("questionnaire", "")).split("|")[0] == c.QUESTIONNAIRE_URL:
                for ref in _refs(r):
                    reader.assessment_refs[ref] = len(reader.person["assessments"])
                reader.add("assessments", _assessment(r, reader.document_for(c.DOC_RESULT, r)), r)
            else:
                reader.report.skipped.append(
                    f"{imp._label(r)}: answers to a questionnaire psoas does not know"
                )
    for r in resources:
        kind = r["resourceType"]
        if kind == "Observation":
            reader.observation(r)
        elif kind == "Encounter":
            notes = reader.document_for(c.DOC_NOTES, r)
            text = imp.attached_bytes(notes).decode("utf-8", errors="replace") if notes else ""
            reader.add("visits", imp.visit_entry(r, text), r)
        elif kind == "CarePlan":
            reader.careplan(r)
    for r in resources:
        kind = r["resourceType"]
        if kind in ("Patient", "QuestionnaireResponse", "Observation", "Encounter", "CarePlan"):
            continue
        if kind in ("CodeSystem", "Questionnaire") and str(r.get("url", "")).startswith(c.BASE):
            continue
        if kind in _DERIVED_KINDS and _refs(r) & reader.derived:
            continue
        if imp.psoas_document(r) in reader.documents:
            continue
        reader.report.skipped.append(f"{imp._label(r)}: psoas has no place for a {kind}")
    reader.report.person = name
    person = {"name": name, "created_at": parse.iso(parse.now_utc()), "reminders": []} | reader.person
    export = {"format": transfer.FORMAT, "format_version": transfer.FORMAT_VERSION, "people": [person]}
    return export, reader.report, reader.labels


_DERIVED_KINDS = ("ServiceRequest", "Goal")


def name_resource(exc: InputError, labels: dict[str, list[str]]) -> InputError:
    """Rewrite a journal import error's ``people[0].pain[3].note`` as ``Observation/id.note``."""
    match = _PATH.match(exc.field)
    if not match:
        return exc
    key, index, rest = match.group(1), int(match.group(2)), match.group(3)
    found = labels.get(key, [])
    label = found[index] if index < len(found) else f"{key}[{index}]"
    return InputError(f"{label}{rest}", exc.reason, exc.allowed)


def import_bundle(
    journal: Any, bundle: Any, snomed: dict[str, dict[str, str]] | None = None
) -> imp.ImportReport:
    """Import the Bundle's person in one transaction; InputError (nothing written) when it cannot."""
    export, report, labels = bundle_to_export(bundle, snomed or {})
    try:
        totals = journal.import_data(export)
    except InputError as exc:
        raise name_resource(exc, labels) from exc
    report.counts = {
        "assessments": len(export["people"][0]["assessments"]),
        **{k: v for k, v in totals.items() if k != "people"},
    }
    report.counts["programmes"] = len(export["people"][0]["programs"])
    return report
