"""FHIR round trip through both storage backends: a Bundle imported into an empty SQLite or
PostgreSQL journal exports again unchanged (JSON columns keep the engine's key order)."""

from __future__ import annotations

import copy
from typing import Any

from psoas.documents.examples import NAME


def _without_timestamp(bundle: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(bundle)
    out.pop("timestamp")
    return out


def test_bundle_round_trip_on_each_backend(journal: Any) -> None:
    from psoas.documents.examples import sample_journal
    from psoas.fhir import export_person, import_bundle

    with sample_journal(days=14) as source:
        bundle = export_person(source, NAME)
    report = import_bundle(journal, copy.deepcopy(bundle))
    assert report.skipped == [] and report.counts["pain"] == 28
    assert _without_timestamp(export_person(journal, NAME)) == _without_timestamp(bundle)
