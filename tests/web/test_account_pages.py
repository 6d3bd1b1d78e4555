"""Account pages and API: login with CSRF, cookie flags, lock-out, safe redirects, password change,
an admin's reset link used through its page, logout, unknown links."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

PASSWORD = "correct horse battery"


@pytest.fixture
def practice(db_url: str) -> Iterator[tuple[Any, Any]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from psoas.web import create_app
    from psoas.web.policy import practice_of

    app = create_app(db_url, accounts=True)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        accounts = practice_of(app).accounts
        accounts.create("boss", PASSWORD, "admin")
        accounts.create("t1", PASSWORD, "therapist")
        yield app, client


def _form(client: Any, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text).group(1)  # type: ignore[union-attr]


def _login(client: Any, name: str, password: str, next_: str = "") -> Any:
    token = _form(client, "/login")
    return client.post(
        "/login", data={"csrf_token": token, "name": name, "password": password, "next": next_}
    )


def test_login_sets_a_secure_http_only_same_site_cookie(practice: tuple[Any, Any]) -> None:
    _app, client = practice
    answer = _login(client, "t1", PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/practice"
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and "psoas_session=" in v)
    assert "HttpOnly" in cookie and "Secure" in cookie and "samesite=lax" in cookie.lower()
    assert client.get("/practice").status_code == 200


def test_wrong_password_is_a_friendly_page_and_redirects_stay_on_site(practice: tuple[Any, Any]) -> None:
    _app, client = practice
    wrong = _login(client, "t1", "not the password")
    assert (
        wrong.status_code == 401 and "wrong name or password" in wrong.text and "Traceback" not in wrong.text
    )
    assert _login(client, "t1", PASSWORD, next_="//evil.example/x").headers["location"] == "/practice"
    assert _login(client, "t1", PASSWORD, next_="/account").headers["location"] == "/account"


def test_api_login_locks_out_after_five_failures(practice: tuple[Any, Any]) -> None:
    _app, client = practice
    for i in range(5):
        assert client.post("/api/v1/login", json={"name": "t1", "password": f"guess {i}"}).status_code == 401
    locked = client.post("/api/v1/login", json={"name": "t1", "password": PASSWORD})
    assert locked.status_code == 401
    assert locked.json()["detail"][0]["msg"] == "too many failed logins; try again in 15 minutes"
    bad = client.post("/api/v1/login", json={"name": "t1"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "password"


def test_password_change_reset_link_and_logout(practice: tuple[Any, Any]) -> None:
    _app, client = practice
    _login(client, "t1", PASSWORD)
    token = _form(client, "/account")
    short = client.post("/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "short"})
    assert short.status_code == 422 and "at least 10" in short.text
    changed = client.post(
        "/account/password", data={"csrf_token": token, "current": PASSWORD, "new": "a new secret 1"}
    )
    assert changed.status_code == 303
    assert client.get("/api/v1/me").json()["name"] == "t1"  # a fresh session comes with the change
    client.post("/api/v1/logout")
    assert client.get("/api/v1/me").status_code == 401
    assert client.post("/api/v1/login", json={"name": "boss", "password": PASSWORD}).status_code == 200
    t1 = next(a for a in client.get("/api/v1/admin/accounts").json() if a["name"] == "t1")
    link = client.post(f"/api/v1/admin/accounts/{t1['id']}/reset").json()["link"]
    client.post("/api/v1/logout")
    token = _form(client, link)
    assert client.post(link, data={"csrf_token": token, "password": "reset to this one"}).status_code == 303
    assert client.get(link).status_code == 404  # used
    assert (
        client.post("/api/v1/login", json={"name": "t1", "password": "reset to this one"}).status_code == 200
    )


def test_unknown_links_and_clients_added_by_admins_are_refused(practice: tuple[Any, Any]) -> None:
    _app, client = practice
    assert client.get("/invite/nope").status_code == 404
    assert client.get("/reset/nope").status_code == 404
    client.post("/api/v1/login", json={"name": "boss", "password": PASSWORD})
    answer = client.post("/api/v1/admin/accounts", json={"name": "c", "role": "client", "password": PASSWORD})
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "role"
    made = client.post(
        "/api/v1/admin/accounts", json={"name": "t9", "role": "therapist", "password": PASSWORD}
    )
    assert made.status_code == 201 and made.json()["role"] == "therapist"


def test_a_client_exports_then_deletes_everything_including_the_account(practice: tuple[Any, Any]) -> None:
    app, client = practice
    from psoas.web.policy import practice_of

    accounts = practice_of(app).accounts
    therapist = next(a for a in accounts.list() if a["name"] == "t1")
    link = accounts.invite(accounts.get(therapist["id"]))
    _actor, _ = accounts.accept_invite(link, "Cleo", "cleo", PASSWORD)
    client.post("/api/v1/login", json={"name": "cleo", "password": PASSWORD})
    pid = client.get("/api/v1/me").json()["person_id"]
    client.post(f"/api/v1/people/{pid}/pain", json={"entries": [{"region": "neck", "intensity": 3}]})
    export = client.get(f"/api/v1/people/{pid}/export").json()
    assert export["person"]["name"] == "Cleo" and export["entries"][0]["intensity"] == 3
    token = _form(client, "/account")
    kept = client.post(f"/people/{pid}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert kept.status_code == 422 and "DELETE" in kept.text
    gone = client.post(f"/people/{pid}/delete", data={"csrf_token": token, "confirm": "DELETE"})
    assert gone.status_code == 303 and gone.headers["location"] == "/login"
    assert client.get("/api/v1/me").status_code == 401  # the account went with the data
    assert "cleo" not in [a["name"] for a in accounts.list()]
    assert all(p["name"] != "Cleo" for p in app.state.services.people())
