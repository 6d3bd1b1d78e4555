"""A real ``psoas serve`` on loopback: slow clients, keep-alive after errors, large bodies, logs.

These run the uvicorn settings of :mod:`psoas.web.server` end to end (header timeout set to
1 s through ``PSOAS_HEADER_TIMEOUT_S`` so the test is short).
"""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path

import httpx
import pytest
from bench.cpu_meter import children, rss_mib
from tests.hardening.server import serve

pytestmark = pytest.mark.slow  # real servers, subprocesses or many generated cases

NAME = "Quintessa Vandergrift"
NOTE = "flamingo-marmalade-7731"
WHO = "Dr Oberon Fitzwilliam"
INTAKE = {"person": {"age": 54}, "pain": [{"region": "groin", "side": "left", "intensity": 7}]}


def _closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1024) == b""
    except (ConnectionResetError, TimeoutError):
        return True
    except BlockingIOError:
        return False


def test_half_open_requests_are_dropped_and_others_still_served(tmp_path: Path) -> None:
    with serve(f"sqlite:///{tmp_path / 'j.sqlite3'}", {"PSOAS_HEADER_TIMEOUT_S": "1"}) as server:
        slow = []
        for i in range(300):
            sock = socket.create_connection(("127.0.0.1", server.port))
            if i % 2:
                sock.sendall(b"GET /api/v1/people HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ")
            slow.append(sock)
        started = time.monotonic()
        while time.monotonic() - started < 1.6:  # drip a byte now and then: no per-byte reset
            for sock in slow[1::10]:
                with contextlib.suppress(OSError):
                    sock.sendall(b"a")
            assert httpx.get(server.base + "/api/v1/people", timeout=5).status_code == 200
            time.sleep(0.3)
        time.sleep(1.0)
        for sock in slow:
            sock.setblocking(False)
        closed = sum(_closed_by_server(sock) for sock in slow)
        for sock in slow:
            sock.close()
        assert closed == len(slow)


def test_after_an_error_the_clients_next_request_works(tmp_path: Path) -> None:
    with serve(f"sqlite:///{tmp_path / 'j.sqlite3'}") as server, httpx.Client(base_url=server.base) as client:
        big = b'{"x": "' + b"a" * (2 << 20) + b'"}'
        for _ in range(3):
            refused = client.post("/api/v1/assess", content=big, headers={"content-type": "application/json"})
            assert refused.status_code == 413 and refused.headers["connection"] == "close"
            assert client.get("/api/v1/people").status_code == 200
            assert client.get("/api/v1/people/99999999999").status_code == 404
            assert client.get("/api/v1/people", headers={"host": "evil.example"}).status_code == 400
            assert client.get("/api/v1/people").status_code == 200


def test_a_50_mb_request_leaves_the_server_small(tmp_path: Path) -> None:
    with serve(f"sqlite:///{tmp_path / 'j.sqlite3'}") as server:
        body = b'{"person": {"age": 54}, "x": "' + b"a" * (50 << 20) + b'"}'
        for _ in range(3):
            try:
                response = httpx.post(
                    server.base + "/api/v1/assess",
                    content=body,
                    headers={"content-type": "application/json"},
                    timeout=30,
                )
                assert response.status_code == 413
            except httpx.TransportError:
                pass  # the server may close before the client finished sending: also a refusal
        assert httpx.post(server.base + "/api/v1/assess", json=INTAKE, timeout=60).status_code == 200
        assert rss_mib(server.process.pid) <= 250


def test_a_whole_journey_leaves_no_names_notes_or_regions_in_the_logs(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    with serve(db, {"PSOAS_RATE_LIMIT": "2/2"}) as server, httpx.Client(base_url=server.base) as client:
        pid = client.post("/api/v1/people", json={"name": NAME}).json()["id"]
        assert client.post("/api/v1/people", json={"name": NAME.upper()}).status_code == 422
        pain = {"entries": [{"region": "groin", "side": "left", "intensity": 7}], "note": NOTE}
        assert client.post(f"/api/v1/people/{pid}/pain", json=pain).status_code == 201
        bad = {"entries": [{"region": "groin", "side": "left", "intensity": 70}], "note": NOTE}
        assert client.post(f"/api/v1/people/{pid}/pain", json=bad).status_code == 422
        visit = {"kind": "massage", "who": WHO, "notes": NOTE}
        assert client.post(f"/api/v1/people/{pid}/visits", json=visit).status_code == 201
        for _ in range(4):
            client.post(f"/api/v1/people/{pid}/assessments", json=INTAKE)
        assert client.post(
            "/api/v1/assess",
            content=b'{"n": "' + NOTE.encode() + b'", "n": 1}',
            headers={"content-type": "application/json"},
        ).status_code in (422, 429)
        for path in ("/entries", "/progress", "/verify", "/program"):
            assert client.get(f"/api/v1/people/{pid}{path}").status_code == 200
        for path in ("/diary", "/progress", "/program"):
            assert client.get(f"/people/{pid}{path}").status_code == 200
        assert client.get("/people/123456/diary").status_code == 404
    logs = server.out + server.err
    for secret in (NAME, NAME.upper(), NOTE, WHO, "Quintessa", "groin", "massage", "intensity", "INSERT"):
        assert secret.lower() not in logs.lower(), secret


def test_sql_parameters_never_reach_an_error_message(tmp_path: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from psoas.journal.service import Journal

    with Journal(f"sqlite:///{tmp_path / 'p.sqlite3'}") as journal:
        journal.add_person(NAME)
        with pytest.raises(IntegrityError) as caught, journal.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO person (name, created_at) VALUES (:n, '2026-01-01')"), {"n": NAME}
            )
    assert NAME not in str(caught.value) and "hidden" in str(caught.value)


def test_a_body_that_never_finishes_gets_408_and_close(tmp_path: Path) -> None:
    env = {"PSOAS_BODY_TIMEOUT_S": "1"}
    with serve(f"sqlite:///{tmp_path / 'j.sqlite3'}", env) as server:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        head = b"POST /api/v1/people HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        sock.sendall(head + b"Content-Length: 100\r\n\r\n" + b'{"name": ')
        started = time.monotonic()
        answer = b""
        while not answer.endswith(b"}") and time.monotonic() - started < 8:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        sock.close()
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"connection: close" in answer.lower() and time.monotonic() - started < 5
        assert httpx.get(server.base + "/api/v1/people").json() == []


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_assessment_workers_end_with_the_server(tmp_path: Path, how: str) -> None:
    import os
    import signal

    with serve(f"sqlite:///{tmp_path / 'j.sqlite3'}") as server:
        assert httpx.post(server.base + "/api/v1/assess", json=INTAKE, timeout=60).status_code == 200
        workers = children(server.process.pid)
        assert workers
        os.kill(server.process.pid, getattr(signal, how))
        server.process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in workers):
        time.sleep(0.2)
    alive = [
        c
        for c in workers
        if Path(f"/proc/{c}/stat").exists() and " Z " not in Path(f"/proc/{c}/stat").read_text()
    ]
    assert alive == []
