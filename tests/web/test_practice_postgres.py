"""The practice on PostgreSQL: two apps over one database (two workers) share sessions and the
lock-out; refusals and the audit log behave as on SQLite; the audit table refuses UPDATE/DELETE."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from tests.web.practice_world import PASSWORD, World, _test_client, build_world

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(pg_url: str) -> Iterator[World]:
    built = build_world(pg_url)
    yield built
    built.close()


def test_two_workers_share_sessions_lockout_and_the_audit(world: World, pg_url: str) -> None:
    from psoas.web import create_app

    second = _test_client(create_app(pg_url, accounts=True))  # another worker: its own pool and memory
    try:
        cookie = world.clients["therapist_a"].cookies.get("psoas_session")
        second.cookies.set("psoas_session", cookie)
        a, b = world.ids["person_a"], world.ids["person_b"]
        assert second.get(f"/api/v1/people/{a}/entries").status_code == 200
        assert second.get(f"/api/v1/people/{b}/entries").status_code == 404
        world.clients["therapist_a"].post("/api/v1/logout")
        assert second.get(f"/api/v1/people/{a}/entries").status_code == 401  # ended everywhere
        for i in range(5):
            world.clients["anonymous"].post("/api/v1/login", json={"name": "t2", "password": f"wrong {i}"})
        locked = second.post("/api/v1/login", json={"name": "t2", "password": PASSWORD})
        assert locked.status_code == 401 and "too many" in locked.json()["detail"][0]["msg"]
    finally:
        second.__exit__(None, None, None)
    log = world.clients["admin"].get("/api/v1/admin/audit").json()
    assert {(e["person_id"], e["outcome"]) for e in log if e["action"].endswith("/entries")} == {
        (a, 200),
        (b, 404),
        (a, 401),
    }
    engine = world.app.state.services.journal.engine
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))


def test_huge_ids_are_404_not_500_on_postgres(world: World) -> None:
    client, a = world.clients["client_a"], world.ids["person_a"]
    huge = "99999999999999999999"
    assert client.get(f"/api/v1/people/{huge}/entries").status_code == 404
    assert client.get(f"/api/v1/people/{a}/assessments/{huge}").status_code == 404
    admin = world.clients["admin"]
    assert admin.post(f"/api/v1/admin/accounts/{huge}/reset").status_code == 404


def test_a_diary_write_on_postgres_is_three_statements_without_transactions_around_two(world: World) -> None:
    from tests.web.test_practice_request_path import watch

    from psoas.journal.db import POOL_OVERFLOW, POOL_SIZE

    engine = world.app.state.services.journal.engine
    assert (engine.pool.size(), engine.pool._max_overflow) == (POOL_SIZE, POOL_OVERFLOW)
    client, a = world.clients["client_a"], world.ids["person_a"]
    begun: list[bool] = []

    def on_begin(connection: Any) -> None:
        begun.append(not connection.connection.dbapi_connection.autocommit)

    event.listen(engine, "begin", on_begin)
    try:
        with watch(world) as seen:
            body = {"entries": [{"region": "knee", "side": "left", "intensity": 2}]}
            assert client.post(f"/api/v1/people/{a}/pain", json=body).status_code == 201
            assert client.post(f"/api/v1/people/{a + 10_000}/pain", json=body).status_code == 404
    finally:
        event.remove(engine, "begin", on_begin)
    assert len(seen.statements) == 5  # session and care, pain row, audit; session and care, audit
    assert begun.count(True) == 1  # only the write is a transaction; the lookups and audit rows autocommit
    log = world.clients["admin"].get("/api/v1/admin/audit").json()
    pain = [(e["person_id"], e["outcome"]) for e in log if e["action"].endswith("/pain")]
    assert pain[:2] == [(a + 10_000, 404), (a, 201)]
