"""The HTTP API through the ASGI test client: same answers as the library and the CLI, clear 422s."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE

import psoas


def _without_date(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "date"}


def test_assess_equals_library(client: Any) -> None:
    response = client.post("/api/v1/assess", json=KNEE_INTAKE)
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(psoas.assess(copy.deepcopy(KNEE_INTAKE)).to_dict()))


def test_assess_equals_cli_json(client: Any) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "psoas.cli", "assess", "-", "--format", "json"],
        input=json.dumps(KNEE_INTAKE),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    api = client.post("/api/v1/assess", json=KNEE_INTAKE).json()
    assert _without_date(api) == _without_date(json.loads(cli.stdout))
    assert api["causes"], "a knee pain intake must rank some causes"


@pytest.mark.parametrize(
    ("body", "field", "loc"),
    [
        ({"person": {"age": 4}}, "person.age", ["body", "person", "age"]),
        (
            {"person": {"age": 40}, "pain": [{"region": "kne", "side": "left", "intensity": 3}]},
            "pain[0].region",
            ["body", "pain", 0, "region"],
        ),
        (
            {"person": {"age": 40}, "pain": [{"region": "knee", "side": "left", "intensity": 11}]},
            "pain[0].intensity",
            ["body", "pain", 0, "intensity"],
        ),
        ({"person": {"age": 40}, "red_flags": {"saddle_numb": True}}, "red_flags.saddle_numb", None),
        ({"person": {"age": 40}, "posturee": {}}, "posturee", None),
    ],
)
def test_assess_bad_intake_names_the_field(client: Any, body: dict[str, Any], field: str, loc: Any) -> None:
    response = client.post("/api/v1/assess", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert len(detail) == 1
    assert detail[0]["field"] == field
    assert detail[0]["msg"]
    if loc is not None:
        assert detail[0]["loc"] == loc


def test_assess_region_error_lists_allowed_values(client: Any) -> None:
    body = {"person": {"age": 40}, "pain": [{"region": "kne", "side": "left", "intensity": 3}]}
    detail = client.post("/api/v1/assess", json=body).json()["detail"][0]
    assert "groin" in detail["allowed"] and "knee" in detail["allowed"]


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        ("[1, 2]", {"content-type": "application/json"}),
        ("{not json", {"content-type": "application/json"}),
        ("person=1", {"content-type": "application/x-www-form-urlencoded"}),
    ],
)
def test_assess_rejects_non_objects_and_forms(client: Any, content: str, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/assess", content=content, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_red_flag_intake_has_referral_and_no_program(client: Any) -> None:
    body = {"person": {"age": 40}, "red_flags": {"saddle_numbness": True}}
    result = client.post("/api/v1/assess", json=body).json()
    assert result["referral"]["urgency"] == "emergency"
    assert result["program"] is None


def test_people_round_trip_and_errors(client: Any) -> None:
    assert client.get("/api/v1/people").json() == []
    made = client.post("/api/v1/people", json={"name": "Ana"})
    assert made.status_code == 201
    pid = made.json()["id"]
    assert [p["name"] for p in client.get("/api/v1/people").json()] == ["Ana"]
    assert client.get(f"/api/v1/people/{pid}").json()["name"] == "Ana"
    duplicate = client.post("/api/v1/people", json={"name": "Ana"})
    assert duplicate.status_code == 422 and duplicate.json()["detail"][0]["field"] == "name"
    missing = client.post("/api/v1/people", json={})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "name"
    extra = client.post("/api/v1/people", json={"name": "Bo", "nmae": "x"})
    assert extra.status_code == 422 and extra.json()["detail"][0]["field"] == "nmae"
    assert client.get("/api/v1/people/999").status_code == 404


def _person(client: Any, name: str = "Ana") -> int:
    return int(client.post("/api/v1/people", json={"name": name}).json()["id"])


def test_entries_progress_and_verify(client: Any) -> None:
    pid = _person(client)
    pain = {
        "entries": [
            {"region": "knee", "side": "left", "intensity": 6},
            {"region": "low_back", "intensity": 3},
        ]
    }
    assert client.post(f"/api/v1/people/{pid}/pain", json=pain).status_code == 201
    practice = {"exercise": "constructive_rest", "minutes": 15}
    assert client.post(f"/api/v1/people/{pid}/practice", json=practice).status_code == 201
    assert client.post(f"/api/v1/people/{pid}/visits", json={"kind": "massage"}).status_code == 201
    kinds = [e["kind"] for e in client.get(f"/api/v1/people/{pid}/entries").json()]
    assert sorted(kinds) == ["pain", "pain", "practice", "visit"]
    progress = client.get(f"/api/v1/people/{pid}/progress").json()
    series = {(s["region"], s["side"]): s["days"][0]["mean"] for s in progress["series"]}
    assert series == {("knee", "left"): 6, ("low_back", "center"): 3}
    assert progress["practice"][0]["minutes"] == 15
    verify = client.get(f"/api/v1/people/{pid}/verify").json()
    assert {(r["region"], r["side"]) for r in verify["regions"]} == {("knee", "left"), ("low_back", "center")}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("pain", {"entries": [{"region": "knee", "side": "left", "intensity": 12}]}, "knee.intensity"),
        ("pain", {"entries": [{"region": "kneee", "side": "left", "intensity": 2}]}, "region"),
        ("pain", {"entries": []}, "entries"),
        ("practice", {"exercise": "handstand"}, "exercise"),
        ("visits", {"kind": "acupuncture-ish"}, "kind"),
    ],
)
def test_diary_bad_input_names_the_field(client: Any, path: str, body: dict[str, Any], field: str) -> None:
    pid = _person(client)
    response = client.post(f"/api/v1/people/{pid}/{path}", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_saved_assessment_and_program(client: Any) -> None:
    pid = _person(client)
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE)
    assert saved.status_code == 201
    aid = saved.json()["id"]
    stored = client.get(f"/api/v1/people/{pid}/assessments/{aid}").json()
    assert stored["intake"] == KNEE_INTAKE
    assert stored["result"] == saved.json()["result"]
    assert [a["id"] for a in client.get(f"/api/v1/people/{pid}/assessments").json()] == [aid]
    program = client.get(f"/api/v1/people/{pid}/program").json()
    assert program["assessment_id"] == aid
    assert program["program"] == saved.json()["result"]["program"]
    other = _person(client, "Bo")
    assert client.get(f"/api/v1/people/{other}/assessments/{aid}").status_code == 404


def test_atlas_and_exercises(client: Any) -> None:
    atlas = client.get("/api/v1/atlas").json()
    assert {r["id"] for r in atlas["regions"]} == set(psoas.knowledge.vocab.REGIONS)
    levels = {link["evidence"] for link in atlas["links"] if link["source"] == "psoas_tight"}
    assert levels <= set(psoas.knowledge.vocab.EVIDENCE_LEVELS) and levels
    exercises = client.get("/api/v1/exercises").json()
    ids = [e["id"] for e in exercises]
    assert "constructive_rest" in ids
    one = client.get("/api/v1/exercises/constructive_rest").json()
    assert one["dose"]["duration_min"] >= 15
    assert client.get("/api/v1/exercises/nope").status_code == 404


def test_openapi_documents_every_api_route(client: Any, app: Any) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "<script" not in docs.text, "the API page must not load scripts (no CDN)"
    spec = client.get("/openapi.json").json()
    api_routes = {
        (route.path, method.lower())
        for route in app.routes
        if getattr(route, "path", "").startswith("/api/v1")
        for method in getattr(route, "methods", ())
    }
    for path, method in api_routes:
        operation = spec["paths"][path][method]
        assert operation.get("description") or operation.get("summary"), f"{method} {path} is undocumented"
        assert f"<code>{path}</code>" in docs.text, f"{path} missing from /docs"
    assert "/api/v1/assess" in spec["paths"] and "/api/v1/simulate" in spec["paths"]


def test_intake_schema_endpoint(client: Any) -> None:
    schema = client.get("/api/v1/schema/intake").json()
    assert "person" in schema["properties"]


def test_simulate_tighter_psoas_tilts_the_pelvis_forward(client: Any) -> None:
    neutral = client.post("/api/v1/simulate", json={"tightness": {}}).json()
    tight = client.post("/api/v1/simulate", json={"tightness": {"psoas": 0.3}}).json()
    assert neutral["solver"]["converged"] and tight["solver"]["converged"]
    assert tight["posture"]["pelvic_tilt_deg"] > neutral["posture"]["pelvic_tilt_deg"]
    assert tight["thomas"]["hip_angle_deg"] > neutral["thomas"]["hip_angle_deg"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tightness": {"psoaz": 0.1}}, "tightness"),
        ({"tightnes": {}}, "tightnes"),
        ({"height_cm": "tall"}, "height_cm"),
    ],
)
def test_simulate_bad_input_names_the_field(client: Any, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/simulate", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_repeated_assessments_are_equal_and_independent(app: Any) -> None:
    services = app.state.services
    first = services.assess_dict(copy.deepcopy(KNEE_INTAKE))
    first["causes"].clear()
    second = services.assess_dict(copy.deepcopy(KNEE_INTAKE))
    assert second == json.loads(json.dumps(psoas.assess(copy.deepcopy(KNEE_INTAKE)).to_dict()))
    other = copy.deepcopy(KNEE_INTAKE)
    other["pain"][0]["region"] = "neck"
    other["pain"][0]["side"] = "center"
    assert services.assess_dict(other)["causes"] != second["causes"]


def test_results_page_is_the_same_on_every_visit(client: Any) -> None:
    pid = _person(client)
    aid = client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE).json()["id"]
    first = client.get(f"/people/{pid}/assessments/{aid}")
    second = client.get(f"/people/{pid}/assessments/{aid}")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert client.get(f"/people/{_person(client, 'Bo')}/assessments/{aid}").status_code == 404
