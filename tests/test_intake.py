"""Intake schema v2 (v1 still accepted): valid input parses; bad input names the field and the allowed values."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from psoas.errors import InputError
from psoas.intake.schema import intake_json_schema, parse_intake


def test_issue_example_parses(basketball: dict[str, Any]) -> None:
    basketball["tests"]["knee_extension_90_90"] = {"left": {"deficit_deg": 18}}
    basketball["tests"]["straight_leg_raise"] = {"left": {"angle_deg": 40, "reproduces_leg_pain": True}}
    basketball["tests"]["hip_internal_rotation"] = {"right": {"angle_deg": 10}}
    basketball["posture"] = {
        "pelvic_tilt_deg": 14,
        "lumbar_lordosis_deg": 45,
        "trunk_lean_deg": 2,
        "ear_shoulder_angle_deg": 80,
    }
    basketball["history"]["injury"] = {"region": "knee", "side": "left", "weeks_ago": 1, "mechanism": "twist"}
    intake = parse_intake(basketball)
    assert intake.tests.thomas is not None and intake.tests.thomas.right is not None
    assert intake.tests.thomas.right.result == "negative"
    assert intake.pain[0].body_sides == ("left",)


def test_unanswered_red_flag_is_none_not_false() -> None:
    intake = parse_intake({"person": {"age": 30}, "red_flags": {"saddle_numbness": False}})
    assert intake.red_flags.saddle_numbness is False
    assert intake.red_flags.fever_or_unwell is None


def test_both_sides_and_midline() -> None:
    intake = parse_intake(
        {
            "person": {"age": 30},
            "pain": [
                {"region": "knee", "side": "both", "intensity": 3},
                {"region": "low_back", "intensity": 2},
            ],
        }
    )
    assert intake.pain[0].body_sides == ("left", "right")
    assert intake.pain[1].body_sides == ("center",)


def _set(path: str, value: Any) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "field", "allowed"),
    [
        (_set("pain.0.region", "kne"), "pain[0].region", "'knee'"),
        (_set("pain.0.side", "middle"), "pain[0].side", "'left'"),
        (_set("pain.0.side", "center"), "pain[0]", None),
        (_set("pain.0.intensity", 12), "pain[0].intensity", "0 to 10"),
        (_set("pain.0.worse_with", ["jogging"]), "pain[0].worse_with[0]", "'running'"),
        (_set("pain.0.sensations", ["itchy"]), "pain[0].sensations[0]", "'tingling'"),
        (_set("person.age", 7), "person.age", "8 to 110"),
        (_set("person.height_cm", 300), "person.height_cm", "100 to 230"),
        (_set("person.sex", "m"), "person.sex", "'female'"),
        (_set("red_flags.saddle", True), "red_flags.saddle", "saddle_numbness"),
        (_set("tests.thomas.left", "maybe"), "tests.thomas.left.result", "'positive'"),
        (_set("tests.thomas.middle", "positive"), "tests.thomas.middle", "left, right"),
        (_set("tests.thomas.left", {"hip_angel_deg": 3}), "tests.thomas.left.hip_angel_deg", "hip_angle_deg"),
        (
            _set("history.injury", {"region": "knee", "side": "left", "weeks_ago": 1, "mechanism": "slip"}),
            "history.injury.mechanism",
            "'fall'",
        ),
        (_set("history.sitting_hours_per_day", 25), "history.sitting_hours_per_day", "0 to 24"),
        (_set("posture.ear_shoulder_angle_deg", 150), "posture.ear_shoulder_angle_deg", "20 to 120"),
        (_set("extra", 1), "extra", "person"),
    ],
)
def test_bad_field_is_named_with_allowed_values(
    basketball: dict[str, Any], mutate: Any, field: str, allowed: str | None
) -> None:
    data = copy.deepcopy(basketball)
    mutate(data)
    with pytest.raises(InputError) as err:
        parse_intake(data)
    assert err.value.field == field
    if allowed is not None:
        assert err.value.allowed is not None and allowed in err.value.allowed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("[1, 2]", "must be a JSON object"),
        ("null", "must be a JSON object"),
        ("{", "not valid JSON"),
        ('{"person": {"age": NaN}}', "NaN"),
        ('{"person": {"age": Infinity}}', "Infinity"),
    ],
)
def test_bad_json_text(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_intake(text)


def test_nan_in_a_dict_is_rejected() -> None:
    with pytest.raises(InputError) as err:
        parse_intake({"person": {"age": 40}, "posture": {"pelvic_tilt_deg": float("nan")}})
    assert err.value.field == "posture.pelvic_tilt_deg"


def test_missing_person_is_named() -> None:
    with pytest.raises(InputError) as err:
        parse_intake({"pain": []})
    assert err.value.field == "person"


def test_json_schema_export_is_a_real_schema() -> None:
    schema = intake_json_schema()
    assert schema["required"] == ["person"]
    assert schema["additionalProperties"] is False
    text = json.dumps(schema)
    assert "saddle_numbness" in text and "groin" in text and "ear_shoulder_angle_deg" in text


# ---- schema v2 ---------------------------------------------------------------------------------------------
V1_INTAKE: dict[str, Any] = {
    "person": {"age": 54, "sex": "male"},
    "pain": [{"region": "knee", "side": "left", "intensity": 5}],
    "red_flags": {"saddle_numbness": False, "cancer_history": False},
    "tests": {"thomas": {"left": {"hip_angle_deg": 10, "knee_angle_deg": 85}, "right": "negative"}},
}


def test_v1_intake_is_upgraded_to_v2_and_still_assesses() -> None:
    import psoas

    for version in ({}, {"schema_version": "1"}):
        intake = parse_intake({**V1_INTAKE, **version})
        assert intake.schema_version == "2"
        result = psoas.assess({**V1_INTAKE, **version}).to_dict()
        assert result["schema_version"] == "2"
        assert {r["method"] for r in result["readings"] if "method" in r} == {"goniometer"}
        psoas_left = next(c for c in result["causes"] if (c["id"], c["side"]) == ("psoas_tight", "left"))
        assert psoas_left["probability"] > psoas_left["prior"]


def test_v1_reading_equals_the_same_reading_by_goniometer() -> None:
    import psoas

    v2 = copy.deepcopy(V1_INTAKE)
    v2["schema_version"] = "2"
    v2["tests"]["thomas"]["left"]["method"] = "goniometer"
    assert psoas.assess(V1_INTAKE).to_dict()["causes"] == psoas.assess(v2).to_dict()["causes"]


def test_method_is_one_of_the_five() -> None:
    bad = copy.deepcopy(V1_INTAKE)
    bad["tests"]["thomas"]["left"]["method"] = "tape"
    with pytest.raises(InputError) as err:
        parse_intake(bad)
    assert err.value.field == "tests.thomas.left.method"
    assert "photo_corrected" in str(err.value) and "goniometer" in str(err.value)


def test_unknown_schema_version_is_refused() -> None:
    with pytest.raises(InputError) as err:
        parse_intake({**V1_INTAKE, "schema_version": "3"})
    assert err.value.field == "schema_version"


def test_new_red_flags_and_clearance_parse() -> None:
    intake = parse_intake(
        {
            "person": {"age": 70},
            "red_flags": {"limp": False, "calf_swelling": False, "cancer_history": True},
            "red_flags_cleared": {"cancer_history": "2025-11-02"},
        }
    )
    assert intake.red_flags.limp is False and intake.red_flags.leg_shortened_rotated is None
    assert intake.red_flags_cleared["cancer_history"].isoformat() == "2025-11-02"


def test_schema_is_v2_and_lists_the_methods() -> None:
    schema = intake_json_schema()
    assert schema["title"] == "psoas intake v2"
    assert "photo_corrected" in json.dumps(schema) and "red_flags_cleared" in schema["properties"]
