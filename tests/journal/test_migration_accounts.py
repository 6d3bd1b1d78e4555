"""Migration 0007_accounts from every earlier revision, with single-person data already there:
the data becomes the owner's (an admin account without a password, used implicitly on loopback),
nothing is lost, and downgrading removes the practice tables again. SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from datetime import datetime

import pytest
from sqlalchemy import inspect, text

from psoas.journal import db
from psoas.journal.service import Journal

EARLIER = [r for r in db.REVISIONS if r < "0007"]


def _seed(url: str, start: str) -> None:
    engine = db.make_engine(url)
    db.upgrade(engine, start)
    with engine.begin() as c:
        for name in ("me", "Ana"):
            c.execute(
                text("INSERT INTO person (name, created_at) VALUES (:n, :t)"),
                {"n": name, "t": datetime(2026, 1, 1)},
            )
        c.execute(
            text(
                "INSERT INTO pain_entry (person_id, at, region, side, intensity, sensations, note) "
                "VALUES (2, :t, 'knee', 'left', 6, 'ache', 'old')"
            ),
            {"t": datetime(2026, 1, 2, 8)},
        )
        c.execute(
            text("INSERT INTO visit (person_id, at, kind, who, notes) VALUES (2, :t, 'massage', '', '')"),
            {"t": datetime(2026, 1, 5)},
        )
    engine.dispose()


@pytest.mark.parametrize("start", EARLIER)
def test_existing_single_person_data_becomes_the_owners(db_url: str, start: str) -> None:
    _seed(db_url, start)
    with Journal(db_url) as journal, journal.engine.connect() as c:  # opening migrates to head
        owner = c.execute(text("SELECT id, name, role, password_hash FROM account")).all()
        assert [(r.name, r.role, r.password_hash) for r in owner] == [("owner", "admin", None)]
        links = c.execute(
            text("SELECT account_id, person_id, recall_every_days FROM care_link ORDER BY person_id")
        )
        assert [tuple(r) for r in links] == [(owner[0].id, 1, 42), (owner[0].id, 2, 42)]
        assert journal.history("Ana")[0]["intensity"] == 6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from psoas.web import create_app

    with TestClient(create_app(db_url, accounts=False)) as local:  # loopback: no login, same data
        assert [p["name"] for p in local.get("/api/v1/people").json()] == ["Ana", "me"]
        recall = local.get("/api/v1/practice/clients").json()
        assert {r["name"]: r["recall"]["last_visit"] for r in recall}["Ana"] == "2026-01-05T00:00:00Z"
    with TestClient(create_app(db_url, accounts=True), follow_redirects=False) as remote:
        assert remote.get("/api/v1/people").status_code == 401
        assert (
            remote.post("/api/v1/login", json={"name": "owner", "password": "anything at all"}).status_code
            == 401
        )


def test_downgrade_removes_the_practice_tables_and_keeps_the_diary(db_url: str) -> None:
    _seed(db_url, "0003")
    engine = db.make_engine(db_url)
    db.upgrade(engine)
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(db.alembic_config(connection), "0006_photos")
    tables = set(inspect(engine).get_table_names())
    assert "account" not in tables and "audit_log" not in tables and "pain_entry" in tables
    engine.dispose()
