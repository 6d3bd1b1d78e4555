"""Fixtures of the journal tests: a fresh journal per test on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``PSOAS_TEST_PG_URL`` (exported by scripts/with-postgres.sh); each test gets
its own database, dropped afterwards. Without that variable the postgres tests fail under CI
(``CI=true``) and are skipped elsewhere. No test touches the real user data folder.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from psoas.journal.service import Journal


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def journal(db_url: str) -> Iterator[Journal]:
    with Journal(db_url) as j:
        yield j


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'journal.sqlite3'}"
