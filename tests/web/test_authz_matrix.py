"""The authorization matrix: every route of the app × every role → the expected answer.

The routes come from the app's own route table (:func:`psoas.web.policy.route_table`), so a route
added anywhere without a line in :data:`psoas.web.policy.RULES` fails here, and the middleware
refuses it at run time (fail closed). Path parameters point at client A's records; a refusal by
the policy carries the ``x-psoas-refused`` header, so a route's own 404/422 is not mistaken for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.practice_world import ROLES, World, build_world

from psoas.web.policy import RULES, Rule, route_table

# rule kind -> role -> expected policy answer ("ok", or the refusal status)
EXPECTED: dict[str, dict[str, str | int]] = {
    "public": dict.fromkeys(ROLES, "ok"),
    "account": {r: (401 if r == "anonymous" else "ok") for r in ROLES},
    "person": {
        "anonymous": 401,
        "client_a": "ok",
        "client_b": 404,
        "therapist_a": "ok",
        "therapist_other": 404,
        "admin": 404,
    },
    "carer": {
        "anonymous": 401,
        "client_a": 404,
        "client_b": 404,
        "therapist_a": "ok",
        "therapist_other": 404,
        "admin": 404,
    },
    "therapist": {
        "anonymous": 401,
        "client_a": 403,
        "client_b": 403,
        "therapist_a": "ok",
        "therapist_other": "ok",
        "admin": "ok",
    },
    "admin": {
        "anonymous": 401,
        "client_a": 403,
        "client_b": 403,
        "therapist_a": 403,
        "therapist_other": 403,
        "admin": "ok",
    },
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    built = build_world(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'journal.sqlite3'}")
    yield built
    built.close()


def _url(key: str, rule: Rule, world: World, role: str) -> str:
    method, path = key.split(" ", 1)
    person = world.ids["person_a"]
    if method == "DELETE" and role == "therapist_a":
        person = world.ids["person_a2"]  # the same relation (T1's client); keeps A for the others
    values = {
        "person_id": person,
        "assessment_id": world.ids["assessment_client_a"],
        "account_id": world.ids["account_a"],
        "exercise_id": "constructive_rest",
        "claim_id": "hub_of_the_wheel",
        "step": "map",
        "token": "not-a-token",
    }
    url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values.get(m.group(1), 1)), path)
    if path == "/static":
        url = "/static/app.css"
    if rule.query:
        url += f"?{rule.query}={person}"
    return url


def _order(key: str) -> tuple[int, str]:
    """Deleting and session-ending routes last, so they do not disturb the others: deletes of a
    person's records, then the delete of the person itself, then logouts."""
    if key.endswith("/logout"):
        return (3, key)
    if key == "DELETE /api/v1/people/{person_id}":
        return (2, key)
    return (1 if key.startswith("DELETE ") else 0, key)


def _cases(world: World) -> list[tuple[str, str, str | int]]:
    table = route_table(world.app)
    missing = [key for key, _ in table if key not in RULES]
    assert not missing, f"routes without an access rule in psoas.web.policy.RULES: {missing}"
    cases = []
    for key in sorted({k for k, _ in table}, key=_order):
        rule = RULES[key]
        roles = sorted(ROLES, key=lambda r: EXPECTED[rule.kind][r] == "ok")  # refusals first
        if key.startswith("DELETE "):
            roles = [r for r in roles if r != "client_a"] + ["client_a"]
        cases += [(key, role, EXPECTED[rule.kind][role]) for role in roles]
    return cases


def _send(client: Any, method: str, url: str) -> Any:
    if method in ("POST", "PUT", "PATCH") and url.startswith("/api/"):
        return client.request(method, url, json={})
    if method in ("POST", "PUT", "PATCH"):
        return client.request(method, url, data={})
    return client.request(method, url)


def test_someone_elses_assessment_under_ones_own_id_is_404(world: World) -> None:
    a, b = world.ids["person_a"], world.ids["assessment_client_b"]
    answer = world.clients["client_a"].get(f"/api/v1/people/{a}/assessments/{b}")
    assert answer.status_code == 404
    assert "Client B" not in answer.text


def test_a_route_without_a_rule_is_refused_and_named(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from psoas.web import create_app

    app = create_app(db_url, accounts=False)

    @app.get("/api/v1/people/{person_id}/secrets")
    def secrets(person_id: int) -> dict[str, Any]:
        return {"leaked": person_id}

    assert [k for k, _ in route_table(app) if k not in RULES] == ["GET /api/v1/people/{person_id}/secrets"]
    with TestClient(app) as client:  # even the owner on loopback is refused: fail closed
        answer = client.get("/api/v1/people/1/secrets")
    assert answer.status_code == 403 and answer.json()["detail"][0]["msg"] == "this route has no access rule"


def test_a_query_naming_two_people_is_refused(world: World) -> None:
    a, b = world.ids["person_a"], world.ids["person_b"]
    client = world.clients["client_b"]
    answer = client.get(f"/play/constructive_rest?person={b}&person={a}")
    assert answer.status_code == 404 and answer.headers["x-psoas-refused"] == "policy"
    assert client.get(f"/play/constructive_rest?person={b}").status_code == 200


def test_a_form_naming_someone_elses_person_does_not_save(world: World) -> None:
    from psoas.web import csrf

    client, a = world.clients["client_b"], world.ids["person_a"]
    token = csrf.new_token()
    client.cookies.set(csrf.COOKIE_NAME, token)
    form = {
        csrf.FIELD_NAME: csrf.sign(world.app.state.csrf_secret, token),
        "person_id": str(a),
        "draft": "{}",
    }
    answer = client.post("/intake/tests", data=form)
    assert answer.status_code == 404, (answer.headers, answer.text[:300])
    assert len(world.app.state.services.assessments(a)) == 1  # only the one the world made
    log = world.app.state.practice.audit.entries(5, person_id=a)
    assert (log[0]["action"], log[0]["outcome"]) == ("POST /intake/tests", 404)


def test_ids_beyond_any_database_integer_are_404(world: World) -> None:
    client = world.clients["therapist_a"]
    for pid in ("99999999999999999999999", "0", "-1"):
        answer = client.get(f"/api/v1/people/{pid}/entries")
        assert answer.status_code in (404, 422), (pid, answer.status_code)
    assert client.get("/play/constructive_rest?person=99999999999999999999").status_code == 404


# Last: it logs every role out and deletes client A's record at its end.
def test_every_route_times_every_role(world: World) -> None:
    failures = []
    for key, role, expected in _cases(world):
        rule = RULES[key]
        method = key.split(" ", 1)[0]
        method = "GET" if method == "*" else method
        url = _url(key, rule, world, role)
        answer = _send(world.clients[role], method, url)
        refused = answer.headers.get("x-psoas-refused") == "policy"
        if expected == "ok":
            ok = not refused and answer.status_code < 500
        elif expected == 401 and not url.startswith("/api/") and method == "GET":
            ok = (
                refused
                and answer.status_code == 303
                and answer.headers["location"].startswith("/login?next=")
            )
        else:
            ok = refused and answer.status_code == expected
        if not ok:
            failures.append(f"{role:16} {method} {url} -> {answer.status_code} (expected {expected})")
    assert not failures, "\n".join(failures)
    assert len(_cases(world)) >= 6 * 80  # every route, not a sample


def test_a_route_other_than_the_one_checked_is_refused() -> None:
    from fastapi import HTTPException
    from starlette.requests import Request

    from psoas.web.policy import same_route_as_checked

    class Route:
        path = "/api/v1/people/{person_id}/entries"

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "route": Route()}
    same_route_as_checked(
        Request(scope | {"state": {"policy_key": "GET /api/v1/people/{person_id}/entries"}})
    )
    with pytest.raises(HTTPException) as refused:
        same_route_as_checked(Request(scope | {"state": {"policy_key": "GET /api/v1/exercises"}}))
    assert refused.value.status_code == 403


def test_a_route_naming_a_record_is_checked_against_the_records_owner(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from psoas.web import create_app
    from psoas.web.policy import RULES, carer_of, person_of, practice_of

    app = create_app(db_url, accounts=True)

    @app.get("/api/v1/notes/{note_id}")
    def one_note(note_id: int) -> dict[str, Any]:
        return {"note": note_id}

    @app.get("/api/v1/mystery/{thing_id}")
    def mystery(thing_id: int) -> dict[str, Any]:
        return {"thing": thing_id}

    practice = practice_of(app)
    t1 = practice.accounts.create("t1", "correct horse battery", "therapist")
    practice.accounts.create("t2", "correct horse battery", "therapist")
    pid = app.state.services.add_person("Ana")["id"]
    practice.accounts.link(t1.id, pid)
    note = practice.clinic.add_note(t1, pid, {"plan": "x"})
    extra = {
        "GET /api/v1/notes/{note_id}": carer_of("note_id"),
        "GET /api/v1/mystery/{thing_id}": person_of("thing_id"),
    }
    RULES.update(extra)
    try:
        with TestClient(app) as one, TestClient(app) as two:
            one.post("/api/v1/login", json={"name": "t1", "password": "correct horse battery"})
            two.post("/api/v1/login", json={"name": "t2", "password": "correct horse battery"})
            assert one.get(f"/api/v1/notes/{note}").json() == {"note": note}
            assert two.get(f"/api/v1/notes/{note}").status_code == 404  # not t2's client
            assert one.get("/api/v1/notes/999").status_code == 404  # no such record
            assert one.get("/api/v1/mystery/1").status_code == 404  # no owner lookup: refused
    finally:
        for key in extra:
            RULES.pop(key)
