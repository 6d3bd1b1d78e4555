"""Fixtures of the trial tests: a journal with one assessed person (the article's basketball player)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from psoas.journal.service import Journal

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "psoas" / "data" / "examples" / "basketball_knee.json"


@pytest.fixture(scope="session")
def assessed() -> tuple[dict[str, Any], dict[str, Any]]:
    import psoas

    intake = json.loads(EXAMPLE.read_text())
    return intake, psoas.assess(intake).to_dict()


@pytest.fixture
def journal(tmp_path: Path, assessed: tuple[dict[str, Any], dict[str, Any]]) -> Iterator[Journal]:
    j = Journal(f"sqlite:///{tmp_path / 'j.sqlite3'}")
    j.add_person("Sam")
    j.add_person("Kim")
    j.save_assessment("Sam", assessed[0], assessed[1], at=datetime(2026, 10, 1, 9))
    yield j
    j.close()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from psoas.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'web.sqlite3'}")) as c:
        yield c
