"""The assessment commands as a person runs them: real output, clean errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import psoas
from psoas.cli import app
from psoas.intake.examples import example_names, load_example
from psoas.knowledge import vocab

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=stdin)


def test_assess_json_equals_library_output(tmp_path: Path) -> None:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(load_example("basketball_knee")))
    result = run("assess", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == psoas.assess(load_example("basketball_knee")).to_dict()


def test_assess_text_report_from_stdin() -> None:
    result = run("assess", "-", stdin=json.dumps(load_example("basketball_knee")))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Likely sources" in out and "█" in out
    assert "[contradicted]" in out or "contradicted" in out
    assert "Release programme" in out and "Constructive rest" in out


def test_assess_markdown() -> None:
    result = run("assess", "-", "--format", "markdown", stdin=json.dumps(load_example("saddle_numbness")))
    assert result.exit_code == 0
    assert result.stdout.startswith("# psoas assessment")
    assert "EMERGENCY" in result.stdout and "held back" in result.stdout


@pytest.mark.parametrize(
    ("stdin", "needle"),
    [
        ("", "empty"),
        ("not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"person": {"age": NaN}}', "NaN"),
        ('{"person": {"age": 300}}', "person.age"),
        (
            '{"person": {"age": 40}, "pain": [{"region": "elbw", "side": "left", "intensity": 3}]}',
            "pain[0].region",
        ),
        (
            '{"person": {"age": 40}, "pain": [{"region": "knee", "side": "up", "intensity": 3}]}',
            "pain[0].side",
        ),
        ('{"person": {"age": 40}, "red_flags": {"saddle": true}}', "red_flags.saddle"),
        ('{"person": {"age": 40}, "persn": {}}', "persn"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(stdin: str, needle: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "psoas.cli", "assess", "-"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert needle in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_missing_file_exits_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "psoas.cli", "assess", str(tmp_path / "nope.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_atlas_tree_shows_evidence_levels() -> None:
    result = run("atlas", "psoas")
    assert result.exit_code == 0
    assert (
        "Femur twisted" in result.stdout
        and "contradicted" in result.stdout
        and "unsupported" in result.stdout
    )
    as_json = json.loads(run("atlas", "hamstrings", "--format", "json").stdout)
    assert as_json["id"] == "hamstrings_short" and as_json["children"]


def test_atlas_unknown_cause_exits_2() -> None:
    result = run("atlas", "spleen")
    assert result.exit_code == 2


def test_schema_and_examples(tmp_path: Path) -> None:
    schema = json.loads(run("schema", "intake").stdout)
    assert schema["title"] == "psoas intake v2"
    result = run("examples", str(tmp_path / "ex"))
    assert result.exit_code == 0
    written = sorted(p.stem for p in (tmp_path / "ex").glob("*.json"))
    assert written == example_names()
    for name in written:
        psoas.assess(json.loads((tmp_path / "ex" / f"{name}.json").read_text()))


def test_demo_prints_the_basketball_report() -> None:
    result = run("demo")
    assert result.exit_code == 0 and "Left knee" in result.stdout


def test_guided_intake_writes_valid_json(tmp_path: Path) -> None:
    answers = ["n"] * len(vocab.RED_FLAGS) + [
        "54",
        "male",
        "183",
        "86",  # person
        "knee",
        "left",
        "5",
        "30",
        "gradual",
        "stairs, sitting",
        "ache",  # one pain entry
        "",  # done with pain
        "8",
        "basketball, golf",  # history
        "y",
        "positive",
        "negative",  # Thomas test
        "n",  # 90-90 knee extension
        "n",  # straight-leg raise
        "n",  # hip internal rotation
    ]
    out = tmp_path / "intake.json"
    result = run("intake", "--output", str(out), stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["pain"][0] == {
        "region": "knee",
        "side": "left",
        "intensity": 5,
        "weeks": 30.0,
        "onset": "gradual",
        "worse_with": ["stairs", "sitting"],
        "sensations": ["ache"],
    }
    assert data["tests"]["thomas"] == {"left": "positive", "right": "negative"}
    assert all(v is False for v in data["red_flags"].values())
    assert "Likely sources" in result.stdout


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from psoas.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pyagrum', 'numpy', 'casadi', 'sqlalchemy', 'fastapi', 'matplotlib', 'mujoco') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in proc.stdout, proc.stdout[-500:]
