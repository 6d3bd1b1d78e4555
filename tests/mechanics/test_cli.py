"""CLI faces: simulate, moment-arms, infer-tightness (JSON contract, exit codes, SVG)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from psoas.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "simulate", "--tight", "psoas=0.10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["posture"]) == {
        "pelvic_tilt_deg",
        "lumbar_lordosis_deg",
        "hip_flexion_deg",
        "knee_flexion_deg",
        "trunk_lean_deg",
        "head_forward_mm",
        "ear_shoulder_angle_deg",
    }
    assert set(data["loads"]) == {
        "l5s1_compression_n",
        "l5s1_shear_n",
        "iliopsoas_force_n",
        "hamstring_force_n",
        "knee_torsion_nm",
    }
    assert set(data["lengths"]) == {"hamstring_stretch_mm"}
    assert set(data["thomas"]) == {"hip_angle_deg", "knee_angle_deg"}
    assert set(data["solver"]) == {"converged", "iterations", "solve_ms"}
    assert data["solver"]["converged"] is True


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--tight", "psoa=0.1"], "unknown muscle"),
        (["--tight", "psoas=0.9"], "-0.3 to 0.5"),
        (["--tight", "psoas"], "MUSCLE=FRACTION"),
        (["--tight", "psoas=lots"], "not a number"),
        (["--height-cm", "40"], "height_cm"),
        (["--mass-kg", "5"], "mass_kg"),
    ],
)
def test_simulate_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list, needle: str
) -> None:
    code, _, err = _run(capsys, "simulate", *args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_simulate_writes_svg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "posture.svg"
    code, _, _ = _run(capsys, "simulate", "--tight", "psoas=0.2", "--svg", str(target))
    assert code == 0
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    assert root.tag.endswith("svg")
    text = target.read_text(encoding="utf-8")
    assert "tilt" in text and "lordosis" in text and "stroke-dasharray" in text


def test_moment_arms_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "moment-arms", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert len(data["muscles"]["psoas"]["hip_flexion_mm"]) == len(data["hip_angles_deg"]) == 12


def test_infer_tightness_from_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "m.json"
    source.write_text(
        json.dumps(
            {
                "thomas": {"left": {"hip_angle_deg": 8, "knee_angle_deg": 80}},
                "posture": {"pelvic_tilt_deg": 15},
                "knee_extension_90_90": {"left": {"deficit_deg": 20}},
            }
        )
    )
    code, out, _ = _run(capsys, "infer-tightness", str(source), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["iliopsoas"]["left"]["mean"] > data["iliopsoas"]["right"]["mean"]
    assert set(data["hamstrings"]["left"]) == {"mean", "interval_90", "identifiability"}


def test_infer_tightness_bad_json_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text("{not json")
    code, _, err = _run(capsys, "infer-tightness", str(source))
    assert code == 2 and "FILE" in err
    code, _, err = _run(capsys, "infer-tightness", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_nonconverged_solve_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    # both hip flexors shortened by half: the hanging thigh of the Thomas test finds no equilibrium in range
    code, out, err = _run(
        capsys,
        "simulate",
        "--tight",
        "psoas=0.5",
        "--tight",
        "iliacus=0.5",
        "--tight",
        "rectus_femoris=0.5",
        "--format",
        "json",
    )
    assert code == 3
    assert "equilibrium" in err
    assert json.loads(out)["posture"]["pelvic_tilt_deg"] is None
