"""Code systems, URLs and the optional SNOMED CT body-site map of the FHIR face.

psoas publishes two small code systems of its own (canonical URLs under :data:`BASE`): the body
regions with sides (``knee:left``; midline regions also ``low_back`` = centre) and the exercises.
SNOMED CT needs a licence, so psoas ships no SNOMED codes: a user who holds one may give a JSON
file mapping psoas region codes to SNOMED concepts, ``{"knee:left": {"code": "…", "display": "…"}}``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Final

from psoas.errors import InputError
from psoas.knowledge import vocab

BASE: Final[str] = "http://psoas.local/fhir"
CS_REGION: Final[str] = f"{BASE}/CodeSystem/body-region"
CS_EXERCISE: Final[str] = f"{BASE}/CodeSystem/exercise"
CS_PSOAS: Final[str] = f"{BASE}/CodeSystem/psoas"  # psoas's own observation and component codes
QUESTIONNAIRE_URL: Final[str] = f"{BASE}/Questionnaire/intake-v1"
# psoas's own documents ride in DocumentReferences typed with these psoas codes (no extensions, so
# a validator that knows nothing of psoas has nothing to reject)
DOC_RESULT: Final[str] = "assessment-result"
DOC_PROGRAMME: Final[str] = "programme-content"
DOC_NOTES: Final[str] = "visit-notes"
LOINC: Final[str] = "http://loinc.org"
SNOMED: Final[str] = "http://snomed.info/sct"
UCUM: Final[str] = "http://unitsofmeasure.org"
PAIN_LOINC: Final[str] = "72514-3"
PAIN_DISPLAY: Final[str] = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
EXERCISE_DURATION_LOINC: Final[str] = "55411-3"
OBS_CATEGORY: Final[str] = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE: Final[str] = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


def region_code(region: str, side: str) -> str:
    """``knee:left``; a midline region on the centre is just ``low_back``."""
    return region if side in ("center", "") else f"{region}:{side}"


def region_from_code(code: str) -> tuple[str, str] | None:
    """(region, side) of a psoas region code, or None when it is not one."""
    region, _, side = code.partition(":")
    side = side or "center"
    if region not in vocab.REGIONS:
        return None
    from psoas.journal.parse import sides_for

    return (region, side) if side in sides_for(region) else None


@cache
def region_display(region: str, side: str) -> str:
    """``Left knee`` (capitalised plain words)."""
    from psoas.draw.bodymap import region_label

    text = region_label(region, side)
    return text[:1].upper() + text[1:]


@cache
def all_region_codes() -> tuple[tuple[str, str, str], ...]:
    """Every (code, region, side) in the body-region code system."""
    from psoas.journal.parse import sides_for

    return tuple((region_code(r, s), r, s) for r in vocab.REGIONS for s in sides_for(r))


def code_system_regions() -> dict[str, Any]:
    """The CodeSystem resource of psoas body regions and sides."""
    concepts = [
        {"code": code, "display": region_display(region, side)} for code, region, side in all_region_codes()
    ]
    return {
        "resourceType": "CodeSystem",
        "id": "body-region",
        "url": CS_REGION,
        "version": "1",
        "name": "PsoasBodyRegion",
        "title": "psoas body regions and sides",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "count": len(concepts),
        "concept": concepts,
    }


def code_system_exercises() -> dict[str, Any]:
    """The CodeSystem resource of the psoas exercise library."""
    from psoas.knowledge.exercises import load_exercises

    concepts = [{"code": e.id, "display": e.name} for e in load_exercises().exercises]
    return {
        "resourceType": "CodeSystem",
        "id": "exercise",
        "url": CS_EXERCISE,
        "version": "1",
        "name": "PsoasExercise",
        "title": "psoas release exercises",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "count": len(concepts),
        "concept": concepts,
    }


@cache
def psoas_concepts() -> dict[str, str]:
    """Every code of psoas's own code system (:data:`CS_PSOAS`) with its display."""
    from psoas.fhir.items import _TEST_FIELDS
    from psoas.journal.parse import VISIT_KINDS
    from psoas.knowledge.test_guides import test_guide

    out = {"sensation": "Sensation", "exercise": "Exercise", "holds": "Holds", "reps": "Reps"}
    out |= {f"visit:{kind}": kind.replace("_", " ") for kind in VISIT_KINDS}
    out |= {code: code.replace("-", " ").capitalize() for code in (DOC_RESULT, DOC_PROGRAMME, DOC_NOTES)}
    for test, fields in _TEST_FIELDS.items():
        guide = test_guide(test)
        labels = {name: label for name, _kind, label in (guide.fields if guide else ())}
        title = guide.title.split(":")[0] if guide else test.replace("_", " ")
        for field in ("result", *(f.key for f in fields)):
            out[f"selftest.{test}.{field}"] = f"{title}: {labels.get(field, field.replace('_', ' '))}"
    return out


def code_system_psoas() -> dict[str, Any]:
    """The CodeSystem resource of psoas's own codes (components, visit kinds, self-tests, documents)."""
    concepts = [{"code": code, "display": display} for code, display in psoas_concepts().items()]
    return {
        "resourceType": "CodeSystem",
        "id": "psoas",
        "url": CS_PSOAS,
        "version": "1",
        "name": "Psoas",
        "title": "psoas codes: observation parts, visit kinds, self-test measures and documents",
        "status": "active",
        "content": "complete",
        "caseSensitive": True,
        "count": len(concepts),
        "concept": concepts,
    }


def read_snomed_map(path: str | Path | None) -> dict[str, dict[str, str]]:
    """Read a user's SNOMED CT map (psoas region code → {code, display}); {} when no file is given."""
    if path is None:
        return {}
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("snomed-map", f"cannot read {str(path)!r}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("snomed-map", f"{str(path)!r} is not valid JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise InputError("snomed-map", "must be an object of region code → {code, display}")
    known = {code for code, _, _ in all_region_codes()}
    out: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        if key not in known:
            raise InputError(f"snomed-map.{key}", "not a psoas region code", "e.g. knee:left, low_back")
        if not isinstance(value, dict) or not str(value.get("code", "")).isdigit():
            raise InputError(f"snomed-map.{key}", "needs a numeric SNOMED CT 'code'")
        out[key] = {"code": str(value["code"]), "display": str(value.get("display", ""))}
    return out
