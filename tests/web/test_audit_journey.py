"""The audit log over a whole journey: every clinical read and write is recorded (who, what, which
person, when, from where, the status), refusals too; no clinical value ever appears in it; and the
table refuses UPDATE and DELETE."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from tests.web.practice_world import World, build_world

NOTE = "marker-note-7f3a"
SOAP = "marker-soap-91cc"


@pytest.fixture
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(f"sqlite:///{tmp_path_factory.mktemp('audit') / 'journal.sqlite3'}")
    yield built
    built.close()


def _journey(world: World) -> list[tuple[str, str, str, int]]:
    """Run the journey; return (role, rule key, expected status) per clinical request, in order."""
    a = world.ids["person_a"]
    c, t, other = world.clients["client_a"], world.clients["therapist_a"], world.clients["client_b"]
    steps = [
        (
            "client_a",
            c.post(
                f"/api/v1/people/{a}/pain",
                json={"entries": [{"region": "knee", "side": "left", "intensity": 7}], "note": NOTE},
            ),
            "POST /api/v1/people/{person_id}/pain",
            201,
        ),
        (
            "client_a",
            c.post(
                f"/api/v1/people/{a}/practice",
                json={"exercise": "constructive_rest", "minutes": 12, "felt": NOTE},
            ),
            "POST /api/v1/people/{person_id}/practice",
            201,
        ),
        ("client_a", c.get(f"/people/{a}/diary"), "GET /people/{person_id}/diary", 200),
        ("therapist_a", t.get(f"/api/v1/people/{a}/entries"), "GET /api/v1/people/{person_id}/entries", 200),
        (
            "therapist_a",
            t.post(f"/api/v1/people/{a}/notes", json={"subjective": SOAP, "treatment": SOAP}),
            "POST /api/v1/people/{person_id}/notes",
            201,
        ),
        (
            "therapist_a",
            t.post(
                f"/api/v1/people/{a}/program/changes",
                json={"change": "dose", "exercise": "constructive_rest", "dose": {"duration_min": 19}},
            ),
            "POST /api/v1/people/{person_id}/program/changes",
            201,
        ),
        ("client_a", c.get(f"/api/v1/people/{a}/program"), "GET /api/v1/people/{person_id}/program", 200),
        ("client_a", c.get(f"/people/{a}/progress"), "GET /people/{person_id}/progress", 200),
        ("client_b", other.get(f"/api/v1/people/{a}/entries"), "GET /api/v1/people/{person_id}/entries", 404),
    ]
    for role, answer, key, status in steps:
        assert answer.status_code == status, (role, key, answer.text)
    return [(role, key, "", status) for role, _answer, key, status in steps]


def test_every_clinical_request_is_recorded_without_values(world: World) -> None:
    dashboard = world.clients["therapist_a"].get("/api/v1/practice/clients")
    assert dashboard.status_code == 200
    expected = _journey(world)
    admin = world.clients["admin"]
    log = list(reversed(admin.get("/api/v1/admin/audit", params={"limit": 1000}).json()))
    account_of = {role: admin_id for role, admin_id in _account_ids(world).items()}
    clinical = [e for e in log if " /" in e["action"]]
    assert [(e["actor_id"], e["action"], e["person_id"], e["outcome"]) for e in clinical] == [
        (account_of[role], key, world.ids["person_a"], status) for role, key, _, status in expected
    ]
    assert all(e["ip"] == "testclient" and e["at"].endswith("Z") for e in clinical)
    shown = {e["person_id"] for e in log if e["action"] == "dashboard-read"}
    assert shown == {world.ids["person_a"], world.ids["person_a2"]}  # T1's clients, each recorded
    export = admin.get("/admin/audit.csv")
    assert export.status_code == 200 and export.text.startswith(
        "id,at,actor_id,actor_role,action,person_id,ip,outcome"
    )
    for value in (NOTE, SOAP, "knee", "constructive_rest", "Client A", "duration"):
        assert value not in export.text, value
    for entry in log:  # actions are route templates or named events: no number but an account id
        action = entry["action"].replace("/api/v1/", "/")
        assert re.fullmatch(r"(GET|POST|PUT|DELETE) /[a-z_/{}.]*|[a-z-]+(:\d+)?", action), action


def _account_ids(world: World) -> dict[str, int]:
    return {
        role: world.clients[role].get("/api/v1/me").json()["id"]
        for role in ("client_a", "client_b", "therapist_a", "admin")
    }


def test_the_audit_log_is_append_only(world: World) -> None:
    journal = world.app.state.services.journal
    world.clients["client_a"].get(f"/api/v1/people/{world.ids['person_a']}/entries")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), journal.engine.begin() as connection:
            connection.execute(text(statement))
    with journal.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one() > 0


def test_only_admins_read_the_audit_log(world: World) -> None:
    for role in ("client_a", "therapist_a"):
        assert world.clients[role].get("/api/v1/admin/audit").status_code == 403
    assert world.clients["anonymous"].get("/api/v1/admin/audit").status_code == 401
