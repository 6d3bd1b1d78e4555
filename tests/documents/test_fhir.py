"""FHIR R4B: every exported resource validates; export → import → export is identical; a Bundle
written by another system imports what maps and reports the rest; what cannot be mapped is refused
by name, with nothing written."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from psoas.documents.examples import NAME
from psoas.errors import InputError

FOREIGN = Path(__file__).with_name("foreign_bundle.json")


@pytest.fixture(scope="module")
def bundle(journal: Any) -> dict[str, Any]:
    from psoas.fhir import export_person

    return export_person(journal, NAME)


def _comparable(bundle: dict[str, Any]) -> dict[str, Any]:
    """The Bundle without its timestamp (ids are name-based, so they may stay)."""
    out = copy.deepcopy(bundle)
    out.pop("timestamp")
    return out


def test_every_resource_validates_with_the_r4b_models(bundle: dict[str, Any]) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    from psoas.fhir import validate_bundle

    assert validate_bundle(bundle) == len(bundle["entry"])
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds["Patient"] == 1 and kinds["QuestionnaireResponse"] == 1 and kinds["Questionnaire"] == 1
    assert kinds["CarePlan"] == 1 and kinds["Goal"] == 1 and kinds["ServiceRequest"] >= 4
    assert kinds["Encounter"] == 2 and kinds["CodeSystem"] == 3
    assert kinds["DocumentReference"] == 4  # the engine result, the programme, two visits' notes
    assert not any(
        "extension" in e["resource"] for e in bundle["entry"]
    )  # nothing a validator cannot resolve
    for entry in bundle["entry"]:  # each resource on its own, through the library's model class
        model = get_fhir_model_class(entry["resource"]["resourceType"])
        assert model.model_validate(entry["resource"]).model_dump(exclude_none=True)["resourceType"]


def _assert_psoas_codes_are_published(bundle: dict[str, Any]) -> None:
    """Every coding of a psoas code system is a concept of that system in the Bundle, with its display."""
    systems = {
        e["resource"]["url"]: {x["code"]: x["display"] for x in e["resource"]["concept"]}
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "CodeSystem"
    }
    seen = 0

    def walk(node: Any) -> None:
        nonlocal seen
        if isinstance(node, dict):
            if str(node.get("system", "")).startswith("http://psoas.local/") and "code" in node:
                assert systems[node["system"]][node["code"]] == node["display"], node
                seen += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] != "CodeSystem"])
    assert seen > 100


def test_pain_observations_use_loinc_and_the_region_code_system(journal: Any, bundle: dict[str, Any]) -> None:
    pain = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "72514-3"
    ]
    logged = [h for h in journal.history(NAME) if h["kind"] == "pain"]
    assert len(pain) == len(logged)
    first = pain[0]
    assert first["valueInteger"] == logged[0]["intensity"]
    assert first["effectiveDateTime"] == logged[0]["at"]
    assert first["bodySite"]["text"] == "Left knee"
    assert first["bodySite"]["coding"][0] == {
        "system": "http://psoas.local/fhir/CodeSystem/body-region",
        "code": "knee:left",
        "display": "Left knee",
    }


def test_region_code_system_covers_23_regions_with_sides(bundle: dict[str, Any]) -> None:
    from psoas.knowledge import vocab

    system = next(e["resource"] for e in bundle["entry"] if e["resource"].get("id") == "body-region")
    codes = {c["code"] for c in system["concept"]}
    assert {code.split(":")[0] for code in codes} == set(vocab.REGIONS)
    assert len(vocab.REGIONS) == 23
    assert {"knee:left", "knee:right", "knee:both", "low_back", "low_back:left"} <= codes


def test_self_test_angles_carry_value_unit_and_method(bundle: dict[str, Any]) -> None:
    tests = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["category"][0]["coding"][0]["code"] == "exam"
    }
    hip = tests["selftest.thomas.hip_angle_deg"]
    assert hip["valueQuantity"] == {
        "value": 10,
        "unit": "deg",
        "system": "http://unitsofmeasure.org",
        "code": "deg",
    }
    assert hip["method"]["text"].startswith("Thomas test")
    assert hip["bodySite"]["text"] == "left side"


def test_export_import_export_is_identical(bundle: dict[str, Any]) -> None:
    from psoas.fhir import export_person, import_bundle
    from psoas.journal.service import Journal

    with Journal("sqlite://") as empty:
        report = import_bundle(empty, json.loads(json.dumps(bundle)))
        again = export_person(empty, NAME)
    assert report.skipped == []
    assert report.counts["pain"] == 84 and report.counts["visits"] == 2
    assert _comparable(again) == _comparable(bundle)


def test_snomed_map_adds_the_users_codes_and_maps_back(journal: Any, tmp_path: Path) -> None:
    from psoas.fhir import export_person, import_bundle
    from psoas.fhir.codes import read_snomed_map
    from psoas.journal.service import Journal

    path = tmp_path / "snomed.json"
    path.write_text(json.dumps({"knee:left": {"code": "123456789", "display": "Left knee structure"}}))
    snomed = read_snomed_map(path)
    bundle = export_person(journal, NAME, snomed)
    sites = [
        e["resource"]["bodySite"] for e in bundle["entry"] if e["resource"].get("valueInteger") is not None
    ]
    assert {
        "system": "http://snomed.info/sct",
        "code": "123456789",
        "display": "Left knee structure",
    } in sites[0]["coding"]
    # a record that only carries the SNOMED code maps back through the same file
    for entry in bundle["entry"]:
        site = entry["resource"].get("bodySite")
        if site and site.get("text") == "Left knee":
            site["coding"] = [c for c in site["coding"] if c["system"].endswith("sct")]
            site.pop("text")
    with Journal("sqlite://") as empty:
        report = import_bundle(empty, bundle, snomed)
        assert report.counts["pain"] == 84
    with pytest.raises(InputError, match="snomed-map.elbow:up"):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"elbow:up": {"code": "1"}}))
        read_snomed_map(bad)


def test_a_foreign_bundle_imports_what_maps_and_reports_the_rest() -> None:
    from psoas.fhir import import_bundle, validate_bundle
    from psoas.journal.service import Journal

    foreign = json.loads(FOREIGN.read_text(encoding="utf-8"))
    assert validate_bundle(foreign) == 9  # valid FHIR, with extensions and resources psoas does not hold
    with Journal("sqlite://") as j:
        report = import_bundle(j, foreign)
        history = j.history("Maria Lopez")
        stored = j.get_assessment("Maria Lopez", next(h["id"] for h in history if h["kind"] == "assessment"))
    pain = [(h["region"], h["side"], h["intensity"]) for h in history if h["kind"] == "pain"]
    assert sorted(pain) == [("knee", "left", 6), ("low_back", "center", 3)]
    visits = [h for h in history if h["kind"] == "visit"]
    assert [(v["visit_kind"], v["who"]) for v in visits] == [("physiotherapy", "J. Brandt")]
    assert stored["intake"]["person"]["age"] == 47
    assert stored["result"]["causes"]  # assessed on import: the other system sent no psoas result
    skipped = "\n".join(report.skipped)
    assert "Condition/c1: psoas has no place for a Condition" in skipped
    assert "Observation/bp1: an Observation psoas does not record (http://loinc.org|85354-9)" in skipped
    assert "MedicationStatement/m1" in skipped
    assert "CarePlan/cp-other: a CarePlan psoas did not make" in skipped
    assert len(report.skipped) == 4


def test_what_cannot_be_mapped_is_refused_by_name_and_nothing_is_written() -> None:
    from psoas.fhir import import_bundle
    from psoas.journal.service import Journal

    foreign = json.loads(FOREIGN.read_text(encoding="utf-8"))
    for entry in foreign["entry"]:
        if entry["resource"].get("id") == "pain2":
            entry["resource"]["bodySite"] = {"text": "Left big toe"}
    with Journal("sqlite://") as j:
        with pytest.raises(
            InputError, match=r"Observation/pain2\.bodySite: 'Left big toe' is not a psoas body region"
        ):
            import_bundle(j, foreign)
        assert j.list_people() == []
    for entry in foreign["entry"]:
        if entry["resource"].get("id") == "pain2":
            entry["resource"]["bodySite"] = {"text": "Low back"}
            entry["resource"].pop("valueInteger")
            entry["resource"]["valueQuantity"] = {"value": 14}
    with Journal("sqlite://") as j:
        with pytest.raises(InputError, match=r"Observation/pain2\.low_back\.intensity: 14 is out of range"):
            import_bundle(j, foreign)
        assert j.list_people() == []


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ({"resourceType": "Patient", "id": "p9", "name": "Maria"}, r"Patient/p9\.name: not valid FHIR R4B"),
        ({"resourceType": "Spaceship", "id": "s1"}, r"Spaceship/s1: not a FHIR R4B resource type"),
        (
            {"resourceType": "Observation", "id": "o1", "status": "final"},
            r"Observation/o1\.code: not valid FHIR R4B",
        ),
    ],
)
def test_invalid_fhir_is_refused_by_name(resource: dict[str, Any], message: str) -> None:
    from psoas.fhir import import_bundle
    from psoas.journal.service import Journal

    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": resource}]}
    with Journal("sqlite://") as j, pytest.raises(InputError, match=message):
        import_bundle(j, bundle)


def test_a_person_already_in_the_journal_is_refused(bundle: dict[str, Any], journal: Any) -> None:
    from psoas.fhir import import_bundle

    with pytest.raises(InputError, match="a person called 'Sam Example' is already in this journal"):
        import_bundle(journal, bundle)


@pytest.mark.parametrize(
    "example",
    ["basketball_knee", "sciatica_left", "short_hamstrings", "forward_head_neck", "knee_injury_over_55"],
)
def test_intakes_survive_the_questionnaire_response(example: str) -> None:
    from psoas.fhir.questionnaire import intake_from_items, response_items
    from psoas.intake.examples import load_example
    from psoas.intake.schema import parse_intake

    intake = load_example(example)
    back = intake_from_items(response_items(intake), "QuestionnaireResponse/x")
    assert parse_intake(back) == parse_intake(intake)


@pytest.mark.parametrize("example", ["back_pain_cancer_history", None])
def test_referral_and_diary_only_people_round_trip(example: str | None) -> None:
    """A referral (no exercises, the programme held back) and a person with only a diary."""
    import psoas
    from psoas.fhir import export_person, import_bundle, validate_bundle
    from psoas.intake.examples import load_example
    from psoas.journal.service import Journal

    with Journal("sqlite://") as j:
        j.add_person("Ana")
        if example:
            intake = load_example(example)
            j.save_assessment("Ana", intake, psoas.assess(intake).to_dict())
        j.log_pain("Ana", ["low_back=7"], note="night pain", sensations=["burning"])
        j.log_visit("Ana", "doctor", who="Dr. Ruiz")
        bundle = export_person(j, "Ana")
    assert validate_bundle(bundle) == len(bundle["entry"])
    with Journal("sqlite://") as empty:
        import_bundle(empty, copy.deepcopy(bundle))
        assert _comparable(export_person(empty, "Ana")) == _comparable(bundle)
        pain = [h for h in empty.history("Ana") if h["kind"] == "pain"][0]
    assert (pain["intensity"], pain["sensations"], pain["note"]) == (7, ["burning"], "night pain")
