"""The journal with the rest of psoas: `assess --save` feeds `verify`'s chains; the CLI stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from psoas.cli import main
from psoas.journal.service import Journal


def test_assess_save_then_verify_names_the_engine_chains(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from psoas.intake.examples import load_example

    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps(load_example("basketball_knee")))
    assert main(["--db", sqlite_url, "assess", str(intake), "--save", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    expected = [
        (c["id"], ch["path"])
        for c in result["causes"]
        for ch in c["chains"]
        if ch["region"] == "knee" and ch["side"] == "left"
    ]
    assert expected, "the example should explain left-knee pain by at least one chain"
    start = datetime(2026, 1, 1, 9)
    with Journal(sqlite_url) as journal:
        active = journal.active_program(None)
        assert active is not None and active["program"] == result["program"]
        for day in range(12):
            journal.log_pain(None, [f"knee:left={6 if day < 6 else 3}"], at=start + timedelta(days=day))
        journal.log_practice(None, "constructive_rest", minutes=10, at=start + timedelta(days=6, hours=-1))
        report = journal.verify(None)
    knee = report["regions"][0]
    assert (knee["region"], knee["side"], knee["n_before"], knee["n_after"]) == ("knee", "left", 6, 6)
    assert sorted((c["cause"], c["path"]) for c in knee["chain"]) == sorted(expected)
    assert all(set(c) >= {"region", "side", "path", "evidence", "contribution"} for c in knee["chain"])


def test_cli_import_does_not_load_the_database_stack() -> None:
    code = "import sys, psoas.cli; print(sorted(m for m in ('sqlalchemy', 'alembic', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
