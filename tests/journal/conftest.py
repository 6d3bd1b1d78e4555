"""Fixtures of the journal tests: a fresh journal per test on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``PSOAS_TEST_PG_URL`` (exported by scripts/with-postgres.sh); each test gets
its own database (the ``pg_url`` fixture of tests/conftest.py), dropped afterwards. Without that variable the postgres tests fail under CI
(``CI=true``) and are skipped elsewhere. No test touches the real user data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from psoas.journal.service import Journal


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
