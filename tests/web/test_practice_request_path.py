"""The practice's request path stays lean: what the database sees for one request of the bench's
mix (a diary write, the diary page), the session lookup that also answers the care question, the
route lookups remembered per path, and the diary's pages (newest first, 30 to a page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from tests.web.practice_world import World, build_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(f"sqlite:///{tmp_path / 'journal.sqlite3'}")
    yield built
    built.close()


class Seen:
    """The statements and pool checkouts of one engine while it is watched (BEGIN/COMMIT left out)."""

    def __init__(self, engine: Any) -> None:
        self.statements: list[str] = []
        self.checkouts = 0
        self.engine = engine

    def __enter__(self) -> Seen:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine.pool, "checkout", self._checkout)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine.pool, "checkout", self._checkout)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            self.statements.append(" ".join(statement.split()))

    def _checkout(self, *_args: Any) -> None:
        self.checkouts += 1

    def touching(self, table: str) -> list[str]:
        return [s for s in self.statements if re.search(rf"\b{table}\b", s)]


def watch(world: World) -> Seen:
    return Seen(world.app.state.services.journal.engine)


def test_a_diary_write_is_one_session_query_one_insert_and_one_audit_row(world: World) -> None:
    person = world.ids["person_a"]
    client = world.clients["client_a"]
    with watch(world) as seen:
        answer = client.post(
            f"/api/v1/people/{person}/pain",
            json={"entries": [{"region": "knee", "side": "left", "intensity": 3}]},
        )
    assert answer.status_code == 201, answer.text
    assert len(seen.touching("auth_session")) == 1  # who asks and whether they may: one query
    assert seen.touching("care_link") == seen.touching("auth_session")
    assert not seen.touching("person")  # the person is not read before the write
    assert len(seen.touching("pain_entry")) == 1 and len(seen.touching("audit_log")) == 1
    assert len(seen.statements) == 3 and seen.checkouts == 3


def test_the_diary_page_reads_the_person_with_the_entries_and_no_assessment_bodies(world: World) -> None:
    person = world.ids["person_a"]
    with watch(world) as seen:
        answer = world.clients["client_a"].get(f"/people/{person}/diary")
    assert answer.status_code == 200
    assert len(seen.touching("person")) == 1
    assert seen.touching("assessment") and not any("intake" in s for s in seen.touching("assessment"))
    assert all("LIMIT" in s for s in seen.touching("pain_entry"))
    assert seen.checkouts == 3  # who asks, the page's one transaction, the audit row


def test_the_programme_page_is_one_transaction_without_the_assessment(world: World) -> None:
    person = world.ids["person_a"]
    with watch(world) as seen:
        answer = world.clients["client_a"].get(f"/people/{person}/program")
    assert answer.status_code == 200 and "Start" in answer.text
    assert not any("intake" in s for s in seen.statements)  # the programme alone, not the assessment
    assert seen.checkouts == 3


def test_a_write_for_someone_else_or_nobody_is_refused_before_any_write(world: World) -> None:
    client = world.clients["client_a"]
    body = {"entries": [{"region": "knee", "side": "left", "intensity": 3}]}
    for person in (world.ids["person_b"], 999_999):
        with watch(world) as seen:
            answer = client.post(f"/api/v1/people/{person}/pain", json=body)
        assert answer.status_code == 404
        assert not seen.touching("pain_entry") and len(seen.touching("audit_log")) == 1


def test_session_reach_answers_who_and_whether_they_care_in_one(world: World) -> None:
    from psoas.web.policy import practice_of

    accounts = practice_of(world.app).accounts
    t1_id = next(a["id"] for a in accounts.list() if a["name"] == "t1")  # the therapist of A and A2
    token = accounts.start_session(t1_id)
    t1, cares = accounts.session_reach(token, world.ids["person_a"])
    assert t1 is not None and t1.role == "therapist" and cares is True
    assert accounts.session_reach(token, world.ids["person_b"]) == (t1, False)
    assert accounts.session_reach(token, None) == (t1, False)
    assert accounts.session_reach(token, 2**40) == (t1, False)  # beyond any id: nobody's
    assert accounts.session_reach("forged", world.ids["person_a"]) == (None, False)
    assert accounts.session_reach(None, world.ids["person_a"]) == (None, False)


def test_route_lookups_are_remembered_per_method_and_path_but_not_for_long_paths(world: World) -> None:
    from psoas.web.access import MEMO_PATH

    client, person = world.clients["client_a"], world.ids["person_a"]
    assert client.get(f"/people/{person}/program").status_code == 200
    assert client.get(f"/api/v1/people/{person}/program").status_code == 200
    memo = world.app.state.route_memo
    assert memo[("GET", "", f"/people/{person}/program")][0] == "GET /people/{person_id}/program"
    assert memo[("GET", "", f"/api/v1/people/{person}/program")][1] == {"person_id": str(person)}
    long_path = "/people/" + "9" * MEMO_PATH
    assert client.get(long_path).status_code == 404
    assert not any(key[2] == long_path for key in memo)
    # a remembered path answers like the first time, for another account too
    assert world.clients["client_b"].get(f"/people/{person}/program").status_code == 404


def _entries(html: str) -> list[str]:
    return re.findall(r'href="/people/\d+/entries/(\w+/\d+)"', html)


def test_the_diary_shows_30_entries_a_page_newest_first_with_older_and_newer_links(world: World) -> None:
    services = world.app.state.services
    person = world.ids["person_a2"]
    for i in range(35):  # 35 pain entries at one moment and 35 practice sessions one minute later
        services.log_pain(
            person, [{"region": "knee", "side": "left", "intensity": i % 11}], at="2025-03-01T10:00"
        )
        services.log_practice(person, "constructive_rest", minutes=1 + i, at="2025-03-01T10:01")
    history = [f"{e['kind']}/{e['id']}" for e in reversed(services.history(person))]
    client = world.clients["therapist_a"]
    first = client.get(f"/people/{person}/diary")
    assert _entries(first.text) == history[:30]
    assert f'href="/people/{person}/diary?page=2#entries"' in first.text and "Newer entries" not in first.text
    second = client.get(f"/people/{person}/diary?page=2")
    assert _entries(second.text) == history[30:60] and "Earlier entries" in second.text
    assert "Older entries" in second.text and f'href="/people/{person}/diary#entries"' in second.text
    third = client.get(f"/people/{person}/diary?page=3")
    assert _entries(third.text) == history[60:70] and "Older entries" not in third.text
    assert f'href="/people/{person}/diary?page=2#entries"' in third.text
    beyond = client.get(f"/people/{person}/diary?page=9")
    assert (
        beyond.status_code == 200 and not _entries(beyond.text) and "No entries this far back" in beyond.text
    )


@pytest.mark.parametrize("page", ["0", "-1", "x", "10001"])
def test_a_diary_page_out_of_range_is_422_naming_the_page(world: World, page: str) -> None:
    person = world.ids["person_a"]
    answer = world.clients["client_a"].get(f"/people/{person}/diary?page={page}")
    assert answer.status_code == 422 and "page" in answer.text


def test_a_worker_warms_up_before_serving_and_starts_without_its_database(tmp_path: Path) -> None:
    import warnings

    from psoas.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    app = create_app(f"sqlite:///{tmp_path / 'j.sqlite3'}")
    env = app.state.templates.env
    assert len(env.cache) == 0
    with TestClient(app) as client:  # the lifespan warms the worker
        assert len(env.cache) == len(env.list_templates(extensions=["html"]))
        assert app.state.services._journal is not None  # the journal was opened before any request
        assert client.get("/exercises").status_code == 200
    gone = create_app("postgresql+psycopg://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    with TestClient(gone, raise_server_exceptions=False) as client:
        assert client.get("/exercises").status_code == 200  # knowledge pages need no database
        assert client.get("/people").status_code >= 500
