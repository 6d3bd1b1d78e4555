"""scripts/fetch_pose_model.py: a present model with the right checksum is kept as it is (no download)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from psoas.photo import model

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fetch_pose_model.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fetch_pose_model", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_installed_model_matches_the_pinned_checksum_and_is_not_fetched_again(tmp_path: Path) -> None:
    fetch = _script()
    installed = model.model_path()
    assert fetch.sha256(installed) == fetch.SHA256 and installed.stat().st_size == fetch.SIZE
    assert (installed.parent / (installed.name + ".LICENSE.txt")).read_text().count("Apache License") == 1
    copy = tmp_path / "m.task"
    shutil.copyfile(installed, copy)
    before = copy.stat().st_mtime_ns
    assert fetch.fetch(copy) == copy and copy.stat().st_mtime_ns == before
