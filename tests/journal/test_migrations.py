"""Migrations: from an empty database and from every earlier revision up to head, on both backends."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from psoas.journal import db
from psoas.journal.models import Base
from psoas.journal.service import Journal


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(db.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _schema_diff(url: str) -> list:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))
    finally:
        engine.dispose()


def test_head_constant_matches_the_scripts() -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert script.get_heads() == [db.HEAD_REVISION]
    assert tuple(_revisions()) == db.REVISIONS


def test_a_newer_schema_is_refused_clearly(sqlite_url: str) -> None:
    from psoas.errors import InputError

    with Journal(sqlite_url) as journal, journal.engine.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(InputError, match="newer"):
        Journal(sqlite_url)


def test_upgrade_from_empty_matches_the_models(db_url: str) -> None:
    with Journal(db_url) as journal, journal.engine.connect() as connection:
        assert db.current_revision(connection) == db.HEAD_REVISION
    assert _schema_diff(db_url) == []


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_every_earlier_revision_keeps_data(db_url: str, start: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine, start)
    with engine.begin() as c:
        assert db.current_revision(c) == start
        c.execute(
            text("INSERT INTO person (name, created_at) VALUES ('Ana', :t)"), {"t": datetime(2026, 1, 1)}
        )
        c.execute(
            text(
                "INSERT INTO pain_entry (person_id, at, region, side, intensity, sensations, note) "
                "VALUES (1, :t, 'knee', 'left', 6, 'ache', 'old')"
            ),
            {"t": datetime(2026, 1, 2, 8)},
        )
        c.execute(
            text(
                "INSERT INTO practice_entry (person_id, at, exercise_id, minutes, felt) VALUES (1, :t, 'bridge', 5, '')"
            ),
            {"t": datetime(2026, 1, 3)},
        )
    engine.dispose()
    with Journal(db_url) as journal:  # opening migrates to head
        history = journal.history("Ana")
        journal.set_reminder("Ana", "visit", 28)
    assert [(h["kind"], h.get("intensity"), h.get("minutes")) for h in history] == [
        ("pain", 6, None),
        ("practice", None, 5.0),
    ]
    assert history[1]["holds"] is None
    assert _schema_diff(db_url) == []


def test_upgrade_is_idempotent(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    db.upgrade(engine)
    db.ensure_schema(engine)
    assert set(inspect(engine).get_table_names()) >= {"person", "pain_entry", "reminder", "alembic_version"}
    engine.dispose()
