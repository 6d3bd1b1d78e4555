"""``psoas serve``: loopback by default, remote only with --allow-remote and a warning, no access log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from typer.testing import CliRunner

from psoas.cli import GlobalOptions, app
from psoas.cli.web_cmd import is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_prints_the_url_and_turns_the_access_log_off(captured: dict[str, Any], tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    result = CliRunner().invoke(app, ["--db", db, "serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert captured["host"] == "127.0.0.1" and captured["port"] == 8123
    assert captured["access_log"] is False
    assert captured["app"].state.services.db_url == db == GlobalOptions.db_url


def test_serve_refuses_remote_without_flag(captured: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--host" in result.output and "--allow-remote" in result.output
    assert "Traceback" not in result.output
    assert captured == {}


def test_serve_remote_with_flag_warns(captured: dict[str, Any], tmp_path: Any) -> None:
    from psoas.journal.service import Journal
    from psoas.practice.accounts import Accounts

    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    with Journal(db) as journal:
        Accounts(journal).create("admin", "a long enough password", "admin")
    result = CliRunner().invoke(app, ["--db", db, "serve", "--host", "0.0.0.0", "--allow-remote"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "http://0.0.0.0:8000/" in result.output
    assert captured["host"] == "0.0.0.0"


def test_nothing_identifying_or_clinical_is_logged(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    name, note = "Zelda Quackenbush", "tingling-secret-marker"
    pid = client.post("/api/v1/people", json={"name": name}).json()["id"]
    client.post(
        f"/api/v1/people/{pid}/pain",
        json={"entries": [{"region": "groin", "side": "left", "intensity": 7}], "note": note},
    )
    client.post(
        "/api/v1/assess",
        json={"person": {"age": 33}, "pain": [{"region": "groin", "side": "left", "intensity": 7}]},
    )
    client.get(f"/people/{pid}/diary")
    text = "\n".join(record.getMessage() for record in caplog.records)
    for secret in (name, note, "groin"):
        assert secret not in text


def test_running_server_writes_no_paths_names_or_notes(tmp_path: Any) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "psoas.cli", "--db", db, "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        pid = httpx.post(base + "/api/v1/people", json={"name": "Zelda Quackenbush"}).json()["id"]
        pain = {"entries": [{"region": "groin", "side": "left", "intensity": 7}], "note": "secret-note"}
        assert httpx.post(f"{base}/api/v1/people/{pid}/pain", json=pain).status_code == 201
        assert httpx.get(f"{base}/people/{pid}/diary").status_code == 200
        assert httpx.get(f"{base}/people/999/diary").status_code == 404
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out
    for secret in ("Zelda", "secret-note", "/people", "groin", "GET", "POST"):
        assert secret not in out + err, secret


def test_serve_takes_db_after_the_command_too(captured: dict[str, Any], tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    result = CliRunner().invoke(app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert captured["app"].state.services.db_url == db
