"""Shared fixtures: bundled example intakes, a minimal valid intake, and a throwaway PostgreSQL database per test."""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from psoas.intake.examples import load_example

# MuJoCo picks its GL backend at import; the photo ground truth renders offscreen, so set it before any
# test imports mujoco (the MyoSuite cross-check imports it too).
os.environ.setdefault("MUJOCO_GL", "egl")

# CI replays the same generated examples and never fails a test for being slow on a busy machine.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default database somewhere temporary, so no test can touch a real journal."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    from psoas.settings import describe

    for _field, variable, _default, _help in describe():  # no setting leaks in from outside or between tests
        monkeypatch.setenv(variable, "")  # recorded, so whatever a test sets is undone afterwards
        monkeypatch.delenv(variable)


@pytest.fixture
def basketball() -> dict[str, Any]:
    """The article's client: 54-year-old basketball and golf player with left knee pain."""
    return copy.deepcopy(load_example("basketball_knee"))


def minimal_intake(**overrides: Any) -> dict[str, Any]:
    """A small valid intake; keyword arguments replace top-level sections."""
    data: dict[str, Any] = {"person": {"age": 40, "sex": "female"}, "pain": []}
    data.update(copy.deepcopy(overrides))
    return data


def postgres_base_url() -> str:
    url = os.environ.get("PSOAS_TEST_PG_URL")
    if url:
        return url
    message = "PSOAS_TEST_PG_URL is not set: run the suite under scripts/with-postgres.sh (make test does)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def pg_url() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = postgres_base_url()
    name = f"psoas_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
