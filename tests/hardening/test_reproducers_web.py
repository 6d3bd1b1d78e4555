"""Issue 10's web probes as regression tests (in-process ASGI client over a fresh SQLite journal).

Never a 500 for bad input; every API error follows the published error schema; pages answer an
HTML error page with a plain link back; security headers on every answer, errors included;
only the configured host names are served; bodies are limited; stored results are checked.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from psoas.web import create_app
from psoas.web.errors import ErrorBody

TOKEN_RE = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
INTAKE = {"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": 5}]}
SECURITY = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'j.sqlite3'}")) as test_client:
        yield test_client


def _person(client: TestClient, name: str = "Ana") -> int:
    response = client.post("/api/v1/people", json={"name": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _token(client: TestClient) -> str:
    match = TOKEN_RE.search(client.get("/people").text)
    assert match
    return match.group(1)


def _is_error_body(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    body = ErrorBody.model_validate(response.json())
    assert body.status == status and body.detail[0].msg
    for header in SECURITY:
        assert header in response.headers


def _is_error_page(response: Any, status: int) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "javascript:" not in response.text and "Traceback" not in response.text
    assert re.search(r'<a href="/[^"]*">Go back</a>', response.text)
    for header in SECURITY:
        assert header in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/people/1/assessments/2057605663000000000000000000",
        "/api/v1/people/99999999999999999999",
        "/api/v1/people/2147483648",
        "/api/v1/people/1/assessments/9223372036854775808",
        "/api/v1/exercises/" + "9" * 400,
        "/api/v1/people/1/assessments/-99999999999999999999",
        "/api/v1/people/1/assessments/+99999999999999999999",
    ],
)
def test_huge_ids_are_404_not_500(client: TestClient, path: str) -> None:
    _person(client)
    _is_error_body(client.get(path), 404)


@pytest.mark.parametrize("path", ["/people/99999999999999999999/diary", "/people/1/assessments/" + "9" * 40])
def test_huge_ids_on_pages_are_an_error_page(client: TestClient, path: str) -> None:
    _is_error_page(client.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/api/v1/assess", {"json": {"person": {"age": 300}}}, 422),
        ("post", "/api/v1/assess", {"content": b'{"person": {"age": 54}, "person": {}}'}, 422),
        ("post", "/api/v1/assess", {"content": b'{"person": {"age": NaN}}'}, 422),
        ("post", "/api/v1/assess", {"content": b'{"person": {"age": 1e400}}'}, 422),
        ("post", "/api/v1/assess", {"content": b"[" * 5000 + b"]" * 5000}, 422),
        ("post", "/api/v1/assess", {"content": b"{not json"}, 422),
        ("post", "/api/v1/people", {"json": {"name": 5}}, 422),
        ("get", "/api/v1/people/abc", {}, 404),
        ("get", "/api/v1/people/1.5/entries", {}, 404),
        ("get", "/api/v1/nothing-here", {}, 404),
        ("delete", "/api/v1/people", {}, 405),
        ("get", "/api/v1/people/7", {}, 404),
    ],
)
def test_api_errors_follow_the_published_schema(
    client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    headers = {"content-type": "application/json"} if "content" in kwargs else {}
    _is_error_body(client.request(method.upper(), path, headers=headers, **kwargs), status)


def test_error_schema_is_published_for_every_operation(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for methods in spec["paths"].values():
        for operation in methods.values():
            for status in ("400", "404", "405", "413", "422", "429", "500"):
                assert operation["responses"][status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"
                }


@pytest.mark.parametrize(
    "path", ["/nothing-here", "/people/12345/diary", "/people/1/assessments/5", "/people/abc/diary"]
)
def test_pages_answer_an_html_error_page_with_a_way_back(client: TestClient, path: str) -> None:
    _person(client)
    _is_error_page(client.get(path), 404)


def test_wrong_method_on_a_page_is_an_html_405(client: TestClient) -> None:
    _is_error_page(client.delete("/people"), 405)


@pytest.mark.parametrize(
    "fields",
    [
        {"pain.knee.left": "nan"},
        {"pain.knee.left": "inf"},
        {"pain.knee.left": "1e400"},
        {"pain.knee.left": "9" * 5000},
    ],
)
def test_diary_form_posts_with_bad_numbers_are_not_500(client: TestClient, fields: dict[str, str]) -> None:
    pid = _person(client)
    response = client.post(f"/people/{pid}/pain", data={"csrf_token": _token(client), **fields})
    _is_error_page(response, 422)


@pytest.mark.parametrize("holds", ["1e400", "nan", "-1", "9" * 5000])
def test_practice_form_with_bad_holds_is_not_500(client: TestClient, holds: str) -> None:
    pid = _person(client)
    data = {"csrf_token": _token(client), "exercise_id": "bridge", "holds": holds}
    _is_error_page(client.post(f"/people/{pid}/practice", data=data), 422)


@pytest.mark.parametrize(
    "fields",
    [
        {"age": "nan"},
        {"age": "1e400"},
        {"age": "inf"},
        {"age": "9" * 5000},
        {"age": "54", "draft": "[" * 5000 + "]" * 5000},
        {"age": "54", "draft": "9" * 5000},
        {"age": "54", "draft": '{"person": {"age": 1e400}}'},
        {"age": "54", "person_id": "9" * 40},
    ],
)
def test_wizard_posts_with_bad_values_are_not_500(client: TestClient, fields: dict[str, str]) -> None:
    response = client.post("/intake/flags", data={"csrf_token": _token(client), **fields})
    assert response.status_code in (200, 303, 404, 422), response.text[:300]
    assert "Traceback" not in response.text


def test_only_configured_host_names_are_served(client: TestClient) -> None:
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        response = client.get("/api/v1/people", headers={"host": host})
        _is_error_body(response, 400)
        assert response.headers["connection"] == "close"
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        assert client.get("/api/v1/people", headers={"host": host}).status_code == 200


def test_bodies_over_the_limit_are_413_before_being_read(client: TestClient) -> None:
    big = b'{"person": {"age": 54}, "x": "' + b"a" * (50 << 20) + b'"}'
    response = client.post("/api/v1/assess", content=big, headers={"content-type": "application/json"})
    _is_error_body(response, 413)
    assert response.headers["connection"] == "close"
    page = client.post("/people", content=b"name=" + b"a" * (2 << 20), headers={"content-type": "text/plain"})
    _is_error_page(page, 413)


def test_expensive_routes_are_rate_limited_per_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a slow refill (one token every 20 s) so that a slow first assessment cannot earn a fourth token
    monkeypatch.setenv("PSOAS_RATE_LIMIT", "0.05/3")
    with TestClient(create_app(f"sqlite:///{tmp_path / 'r.sqlite3'}")) as client:
        statuses = [client.post("/api/v1/assess", json=INTAKE).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
        limited = client.post("/api/v1/assess", json=INTAKE)
        _is_error_body(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert client.get("/api/v1/people").status_code == 200  # cheap routes are not limited


def test_damaged_stored_results_give_a_clear_page_not_a_500(client: TestClient) -> None:
    pid = _person(client)
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=INTAKE).json()
    journal = client.app.state.services.journal  # type: ignore[attr-defined]
    from sqlalchemy import text

    with journal.engine.begin() as connection:
        connection.execute(text("UPDATE assessment SET result = :r"), {"r": json.dumps({"causes": ["x"]})})
        connection.execute(text("UPDATE program SET content = :c"), {"c": json.dumps({"items": [1]})})
    _is_error_page(client.get(f"/people/{pid}/assessments/{saved['id']}"), 422)
    _is_error_page(client.get(f"/people/{pid}/program"), 422)
    _is_error_body(client.get(f"/api/v1/people/{pid}/program"), 422)


def test_names_are_unique_without_regard_to_case(client: TestClient) -> None:
    _person(client, "Ana")
    _is_error_body(client.post("/api/v1/people", json={"name": "ana"}), 422)
    _is_error_body(client.post("/api/v1/people", json={"name": " ANA "}), 422)


@pytest.mark.parametrize(
    "body",
    [
        {"entries": [{"region": "knee", "side": "left", "intensity": "5"}]},
        {"entries": [{"region": "knee", "side": "left", "intensity": True}]},
        {"entries": [{"region": "knee", "side": "left", "intensity": 5.5}]},
    ],
)
def test_api_pain_refuses_strings_and_booleans_for_numbers(client: TestClient, body: dict[str, Any]) -> None:
    pid = _person(client)
    _is_error_body(client.post(f"/api/v1/people/{pid}/pain", json=body), 422)
    assert client.get(f"/api/v1/people/{pid}/entries").json() == []


def test_an_unexpected_exception_is_a_bare_500_with_headers_and_close(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'b.sqlite3'}")

    def boom() -> None:
        raise RuntimeError("secret-clinical-detail knee")

    app.add_api_route("/api/v1/boom", boom)
    app.add_api_route("/boom", boom)
    from psoas.web.policy import PUBLIC, RULES

    monkeypatch.setitem(RULES, "GET /api/v1/boom", PUBLIC)  # a route needs an access rule to be reached
    monkeypatch.setitem(RULES, "GET /boom", PUBLIC)
    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level("DEBUG"):
        api = client.get("/api/v1/boom")
        _is_error_body(api, 500)
        page = client.get("/boom")
        _is_error_page(page, 500)
        for response in (api, page):
            assert response.headers["connection"] == "close"
            assert "secret-clinical-detail" not in response.text
    assert "RuntimeError" in caplog.text and "secret-clinical-detail" not in caplog.text


def test_remote_serving_accepts_ip_addresses_and_the_machine_name_only(tmp_path: Path) -> None:
    import socket

    from psoas.web.server import allowed_hosts

    hosts = allowed_hosts("0.0.0.0", ["psoas.practice.lan"])
    with TestClient(create_app(f"sqlite:///{tmp_path / 'h.sqlite3'}", allowed_hosts=hosts)) as client:
        for good in (
            "192.168.1.5:8000",
            "[fe80::1]:8000",
            "psoas.practice.lan",
            socket.gethostname(),
            "localhost",
        ):
            assert client.get("/api/v1/people", headers={"host": good}).status_code == 200, good
        for bad in ("evil.example", "192.168.1.5.nip.io", "testserver"):
            _is_error_body(client.get("/api/v1/people", headers={"host": bad}), 400)
    assert "testserver" not in allowed_hosts("127.0.0.1") and "<ip-address>" not in allowed_hosts("127.0.0.1")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/pain", b'{"entries": [{"region": "neck", "intensity": 3}], "note": "\\ud800"}'),
        ("/visits", b'{"kind": "massage", "notes": "\\udfff x", "who": "\\ud83d"}'),
        ("/practice", b'{"exercise": "bridge", "felt": "\\ud800"}'),
    ],
)
def test_lone_surrogates_are_refused_not_500(client: TestClient, path: str, body: bytes) -> None:
    pid = _person(client)
    response = client.post(
        f"/api/v1/people/{pid}{path}", content=body, headers={"content-type": "application/json"}
    )
    _is_error_body(response, 422)
    assert client.get(f"/api/v1/people/{pid}/entries").json() == []


def test_form_with_undecodable_bytes_is_not_500(client: TestClient) -> None:
    pid = _person(client)
    body = f"csrf_token={_token(client)}&kind=massage&notes=%ED%A0%80%FF".encode()
    response = client.post(
        f"/people/{pid}/visits", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code in (200, 303, 422) and "Traceback" not in response.text
