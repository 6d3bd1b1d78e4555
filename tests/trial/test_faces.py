"""The CLI and the HTTP API of trials and corrections: a whole trial, bad input, 404s and 422s."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.trial.conftest import EXAMPLE

from psoas.cli import main


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_trial_from_plan_to_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    assert _run(capsys, url, "person", "add", "Sam")[0] == 0
    assert _run(capsys, url, "assess", str(EXAMPLE), "--save")[0] == 0
    start = date.today() - timedelta(days=21)
    code, out, _ = _run(capsys, url, "trial", "plan", "--start", start.isoformat())
    assert code == 0 and "baseline" in out and "unsuitable" in out
    for d in range(21):
        day = start + timedelta(days=d)
        value = 6 + d % 2 if d < 7 else 3 + d % 2
        assert _run(capsys, url, "log", "pain", f"knee:left={value}", "--at", f"{day}T20:00")[0] == 0
        if d >= 7:
            assert (
                _run(capsys, url, "log", "practice", "bridge", "--minutes", "5", "--at", f"{day}T12:00")[0]
                == 0
            )
    code, out, _ = _run(
        capsys, url, "trial", "retest", "--hip-angle", "-8", "--at", f"{start + timedelta(days=20)}T18:00"
    )
    assert code == 0 and "recorded -8°" in out
    code, out, _ = _run(capsys, url, "trial", "report", "--svg", str(tmp_path / "charts"))
    assert code == 0
    assert "Verdict: Pain credibly fell while releasing in: left knee" in out
    assert "improved together with the trait" in out
    assert (tmp_path / "charts" / "trial-knee-left.svg").read_text().count("ph-release") == 1
    code, out, _ = _run(capsys, url, "trial", "report", "--format", "json")
    data = json.loads(out)
    [knee] = data["regions"]
    assert knee["verdict"] == "supported" and knee["effect"] < -2
    assert data["trait"]["verdict"] == "improved" and data["chain"]["answer"] == "consistent"


def test_cli_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    _run(capsys, url, "person", "add", "Sam")
    _run(capsys, url, "assess", str(EXAMPLE), "--save")
    code, _, err = _run(capsys, url, "trial", "plan", "--baseline-days", "0")
    assert code == 2 and err.strip() == "psoas: error: baseline_days: 0 is out of range (allowed: 1-120)"
    code, _, err = _run(
        capsys, url, "trial", "plan", "--phase", "baseline:2026-11-01:7", "--phase", "release:2026-11-03:7"
    )
    assert code == 2 and "phases: the release phase from 2026-11-03 overlaps" in err
    code, _, err = _run(capsys, url, "entry", "edit", "pain", "42", "--set", "intensity=3")
    assert code == 2 and err.strip() == "psoas: error: entry: no pain entry 42 for this person"
    code, _, err = _run(capsys, url, "trial", "status")
    assert code == 2 and "no trial planned yet" in err


def test_api_back_dates_edits_and_refuses_foreign_entries(client: Any) -> None:
    sam = client.post("/api/v1/people", json={"name": "Sam"}).json()["id"]
    kim = client.post("/api/v1/people", json={"name": "Kim"}).json()["id"]
    ids = client.post(
        f"/api/v1/people/{sam}/pain",
        json={"entries": [{"region": "neck", "intensity": 4}], "at": "2026-11-01T08:00Z"},
    ).json()["ids"]
    entry = client.get(f"/api/v1/people/{sam}/entries/pain/{ids[0]}").json()
    assert entry["at"] == "2026-11-01T08:00:00Z" and entry["intensity"] == 4
    # Kim cannot see, edit or delete Sam's entry; nothing changes
    for method in ("get", "patch", "delete"):
        kw = {"json": {"intensity": 1}} if method == "patch" else {}
        r = getattr(client, method)(f"/api/v1/people/{kim}/entries/pain/{ids[0]}", **kw)
        assert r.status_code == 404
        assert r.json()["detail"][0]["msg"] == f"entry: no pain entry {ids[0]} for this person"
    r = client.patch(f"/api/v1/people/{sam}/entries/pain/{ids[0]}", json={"intensity": 12})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "neck.intensity"
    assert client.get(f"/api/v1/people/{sam}/edits").json() == []
    r = client.patch(f"/api/v1/people/{sam}/entries/pain/{ids[0]}", json={"intensity": 2})
    assert r.status_code == 200 and r.json()["intensity"] == 2
    assert client.delete(f"/api/v1/people/{sam}/entries/pain/{ids[0]}").status_code == 204
    assert [e["action"] for e in client.get(f"/api/v1/people/{sam}/edits").json()] == ["edit", "delete"]


def test_api_trial_plan_errors_and_report(client: Any) -> None:
    sam = client.post("/api/v1/people", json={"name": "Sam"}).json()["id"]
    assert client.post(f"/api/v1/people/{sam}/trial", json={}).status_code == 422  # no programme yet
    intake = json.loads(EXAMPLE.read_text())
    assert client.post(f"/api/v1/people/{sam}/assessments", json=intake).status_code == 201
    bad = {
        "phases": [
            {"kind": "baseline", "start": "2026-11-01", "days": 0},
            {"kind": "release", "start": "2026-11-02", "days": 7},
        ]
    }
    r = client.post(f"/api/v1/people/{sam}/trial", json=bad)
    assert r.status_code == 422
    assert r.json()["detail"][0] | {"msg": ""} == {
        "loc": ["body", "phases", 0, "days"],
        "field": "phases[0].days",
        "msg": "",
        "allowed": "1-120",
    }
    assert client.get(f"/api/v1/people/{sam}/trial").json() is None  # nothing stored
    r = client.post(f"/api/v1/people/{sam}/trial", json={"design": "reversal", "seed": 4})
    assert r.status_code == 201 and len(r.json()["plan"]["phases"]) == 6
    report = client.get(f"/api/v1/people/{sam}/trial/report").json()
    assert report["regions"][0]["verdict"] == "insufficient_data" and report["regions"][0]["enough_on"]
    assert (
        client.get(f"/api/v1/people/{sam}/trial/calendar.ics")
        .headers["content-type"]
        .startswith("text/calendar")
    )
    assert client.delete(f"/api/v1/people/{sam}/trial").status_code == 204
    assert client.get(f"/api/v1/people/{sam}/trial").json() is None


@pytest.mark.parametrize(
    "kind,changes,field",
    [
        ("practice", {"minutes": "abc"}, "minutes"),
        ("practice", {"holds": 1.5}, "holds"),
        ("visit", {"who": 5}, "who"),
        ("visit", {"notes": ["a"]}, "notes"),
        ("pain", {"note": {"a": 1}}, "note"),
        ("pain", {"at": "2026-13-01"}, "at"),
        ("pain", {}, "changes"),
    ],
)
def test_api_odd_edits_answer_422_naming_the_field(
    client: Any, kind: str, changes: dict[str, Any], field: str
) -> None:
    pid = client.post("/api/v1/people", json={"name": "Sam"}).json()["id"]
    ids = {
        "pain": client.post(
            f"/api/v1/people/{pid}/pain", json={"entries": [{"region": "neck", "intensity": 3}]}
        ).json()["ids"][0],
        "practice": client.post(
            f"/api/v1/people/{pid}/practice", json={"exercise": "bridge", "minutes": 5}
        ).json()["id"],
        "visit": client.post(f"/api/v1/people/{pid}/visits", json={"kind": "massage"}).json()["id"],
    }
    before = client.get(f"/api/v1/people/{pid}/entries").json()
    r = client.patch(f"/api/v1/people/{pid}/entries/{kind}/{ids[kind]}", json=changes)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == field
    assert client.get(f"/api/v1/people/{pid}/entries").json() == before
