"""``psoas serve --accounts --workers 2`` for real: a session made by one worker process is honoured
by the other, a form rendered by one is accepted by the other (one CSRF secret), and a logout ends
the session everywhere. Each request opens a new connection, so both workers take turns."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from typing import Any

import httpx

from psoas.journal.service import Journal
from psoas.practice.accounts import Accounts

PASSWORD = "correct horse battery"


def _serve(db: str, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "psoas.cli",
        "--db",
        db,
        "serve",
        "--accounts",
        "--workers",
        "2",
        "--port",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("PSOAS_SECRET", "PSOAS_ACCOUNTS", "PSOAS_DB")}
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True
    )


def _wait(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/login", timeout=2).raise_for_status()
            return
        except httpx.HTTPError:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "psoas serve --workers 2 did not start"
            time.sleep(0.2)


def test_two_worker_processes_share_sessions_and_the_csrf_secret(tmp_path: Any) -> None:
    from tests.web.conftest import _free_port

    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    with Journal(db) as journal:
        accounts = Accounts(journal)
        accounts.create("admin", PASSWORD, "admin")
        accounts.create("t1", PASSWORD, "therapist")
    sock = _free_port()
    port = sock.getsockname()[1]
    sock.close()
    server = _serve(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, server)
        fresh = {"headers": {"connection": "close"}, "timeout": 10}
        form_page = httpx.get(base + "/login", **fresh)
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', form_page.text).group(1)  # type: ignore[union-attr]
        cookies = dict(form_page.cookies)
        answers = []
        for _ in range(3):  # the form from one worker, posted to whichever answers
            answers.append(
                httpx.post(
                    base + "/login",
                    data={"csrf_token": token, "name": "t1", "password": PASSWORD},
                    cookies=cookies,
                    **fresh,
                )
            )
        assert all(a.status_code == 303 and a.headers["location"] == "/practice" for a in answers)
        session = {"psoas_session": answers[0].cookies["psoas_session"], **cookies}
        pages = [httpx.get(base + "/api/v1/practice/clients", cookies=session, **fresh) for _ in range(12)]
        assert [p.status_code for p in pages] == [200] * 12
        assert httpx.post(base + "/api/v1/logout", cookies=session, **fresh).status_code == 200
        after = [httpx.get(base + "/api/v1/practice/clients", cookies=session, **fresh) for _ in range(6)]
        assert [a.status_code for a in after] == [401] * 6
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
