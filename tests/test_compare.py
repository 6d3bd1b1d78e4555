"""Before/after comparison: library, CLI and API agree; angle changes are judged against the MDC95."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import psoas
from psoas.cli import app
from psoas.errors import InputError


def thomas(hip: float, method: str | None = None) -> dict[str, Any]:
    side: dict[str, Any] = {"hip_angle_deg": hip}
    if method:
        side["method"] = method
    return {"person": {"age": 40, "sex": "female"}, "tests": {"thomas": {"left": side, "right": dict(side)}}}


@pytest.mark.parametrize(
    ("method", "sem"),
    [("goniometer", 7.0), ("inclinometer", 3.0), ("photo_corrected", 1.0), ("estimate", 10.0)],
)
def test_mdc_is_1_96_sqrt2_sem_of_the_method(method: str, sem: float) -> None:
    row = psoas.compare(thomas(12, method), thomas(5, method)).angles[0]
    assert row["mdc95_deg"] == pytest.approx(1.96 * math.sqrt(2) * sem, abs=0.01)
    assert row["change"] == -7.0 and row["direction"] == "toward normal"
    assert row["exceeds_mdc"] is (1.96 * math.sqrt(2) * sem < 7.0)


def test_mixed_methods_combine_both_errors() -> None:
    row = psoas.compare(thomas(12, "goniometer"), thomas(2, "photo_corrected")).angles[0]
    assert row["mdc95_deg"] == pytest.approx(1.96 * math.hypot(7.0, 1.0), abs=0.01)
    assert (row["method_before"], row["method_after"]) == ("goniometer", "photo_corrected")


def test_trait_probability_change_is_reported_for_both_sides() -> None:
    result = psoas.compare(thomas(12), thomas(5)).to_dict()
    rows = {(r["cause"], r["side"]): r for r in result["traits"]}
    for side in ("left", "right"):
        row = rows[("psoas_tight", side)]
        assert row["after"] < row["before"] and row["change"] == pytest.approx(
            row["after"] - row["before"], abs=1e-4
        )
        assert row["kind"] == "trait"


def test_a_worse_reading_is_away_from_normal() -> None:
    row = psoas.compare(thomas(-10), thomas(8)).angles[0]
    assert row["direction"] == "away from normal"


def test_bad_input_names_before_or_after() -> None:
    with pytest.raises(InputError) as err:
        psoas.compare(thomas(12), {"person": {"age": 4}})
    assert err.value.field == "after.person.age"


def test_cli_text_and_json(tmp_path: Path) -> None:
    before, after = tmp_path / "b.json", tmp_path / "a.json"
    before.write_text(json.dumps(thomas(12, "photo_corrected")))
    after.write_text(json.dumps(thomas(4, "photo_corrected")))
    runner = CliRunner()
    text = runner.invoke(app, ["compare", str(before), str(after)])
    assert text.exit_code == 0, text.output
    assert "beyond measurement error" in text.stdout and "MDC95 2.77" in text.stdout
    out = runner.invoke(app, ["compare", str(before), str(after), "--format", "json"])
    assert (
        json.loads(out.stdout)
        == psoas.compare(thomas(12, "photo_corrected"), thomas(4, "photo_corrected")).to_dict()
    )


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    before, after = tmp_path / "b.json", tmp_path / "a.json"
    before.write_text(json.dumps(thomas(12)))
    after.write_text(
        json.dumps({**thomas(4), "tests": {"thomas": {"left": {"hip_angle_deg": 4, "method": "tape"}}}})
    )
    result = CliRunner().invoke(app, ["compare", str(before), str(after)])
    assert result.exit_code == 2
    assert "after.tests.thomas.left.method" in result.output and "Traceback" not in result.output


def test_api_compare(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from psoas.web.app import create_app

    client = TestClient(create_app(f"sqlite:///{tmp_path / 'x.db'}"))
    ok = client.post("/api/v1/compare", json={"before": thomas(12), "after": thomas(5)})
    assert ok.status_code == 200
    assert ok.json() == psoas.compare(thomas(12), thomas(5)).to_dict()
    bad = client.post("/api/v1/compare", json={"before": thomas(12), "after": {"person": {"age": 4}}})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "after.person.age"
    missing = client.post("/api/v1/compare", json={"before": thomas(12)})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "after"
