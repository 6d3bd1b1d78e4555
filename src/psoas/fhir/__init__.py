"""FHIR R4B export and import of the journal (one Bundle per person).

``export_person(journal, name)`` gives the Bundle as JSON-ready dicts (:mod:`psoas.fhir.bundle`);
``import_bundle(journal, bundle)`` writes one person in one transaction and reports what it left
out (:mod:`psoas.fhir.reader`); ``validate_bundle`` checks every resource against the R4B models
of ``fhir.resources``. Code systems and the intake Questionnaire psoas publishes are in
:mod:`psoas.fhir.codes` and :mod:`psoas.fhir.questionnaire`. Nothing heavy is imported here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["export_person", "import_bundle", "read_bundle", "validate_bundle"]


def export_person(
    journal: Any, name: str | None, snomed: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """The FHIR Bundle of one person (see :func:`psoas.fhir.bundle.export_person`)."""
    from psoas.fhir.bundle import export_person as run

    return run(journal, name, snomed)


def import_bundle(journal: Any, bundle: Any, snomed: dict[str, dict[str, str]] | None = None) -> Any:
    """Import one person's Bundle (see :func:`psoas.fhir.reader.import_bundle`)."""
    from psoas.fhir.reader import import_bundle as run

    return run(journal, bundle, snomed)


def validate_bundle(bundle: dict[str, Any]) -> int:
    """Validate the Bundle and every resource in it with the fhir.resources R4B models; the count."""
    from fhir.resources.R4B import get_fhir_model_class

    get_fhir_model_class("Bundle").model_validate(bundle)
    entries = bundle.get("entry") or []
    for entry in entries:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return len(entries)


def read_bundle(path: Any) -> Any:
    """Read a Bundle from a JSON file (InputError naming FILE when unreadable)."""
    from pathlib import Path

    from psoas.journal.transfer import read_export

    return read_export(Path(path))
