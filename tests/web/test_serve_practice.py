"""``psoas serve`` for a practice: accounts required beyond loopback, ``--workers`` over a factory,
and the ``psoas account`` commands."""

from __future__ import annotations

import os
from typing import Any

from typer.testing import CliRunner

from psoas.cli import app


def test_beyond_loopback_without_an_admin_login_refuses_to_start(
    captured: dict[str, Any], tmp_path: Any
) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    result = CliRunner().invoke(app, ["--db", db, "serve", "--host", "0.0.0.0", "--allow-remote"])
    assert result.exit_code == 2
    assert "psoas account add" in result.output and "Traceback" not in result.output
    assert captured == {}


def test_accounts_on_loopback_also_need_an_admin(captured: dict[str, Any], tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    assert CliRunner().invoke(app, ["--db", db, "serve", "--accounts"]).exit_code == 2
    added = CliRunner().invoke(
        app,
        ["--db", db, "account", "add", "boss", "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
    )
    assert added.exit_code == 0, added.output
    result = CliRunner().invoke(app, ["--db", db, "serve", "--accounts"])
    assert result.exit_code == 0, result.output
    assert captured["app"].state.require_accounts is True
    no_login = CliRunner().invoke(
        app, ["--db", db, "serve"]
    )  # a practice database never runs without accounts
    assert no_login.exit_code == 2 and "--accounts" in no_login.output


def test_workers_run_the_factory_with_shared_settings(captured: dict[str, Any], tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    result = CliRunner().invoke(app, ["--db", db, "serve", "--workers", "4"])
    assert result.exit_code == 0, result.output
    assert captured["app"] == "psoas.web:app_from_env" and captured["factory"] is True
    assert captured["workers"] == 4 and captured["access_log"] is False
    assert os.environ["PSOAS_DB"] == db and os.environ["PSOAS_ACCOUNTS"] == "0"
    assert len(os.environ["PSOAS_SECRET"]) == 64  # one CSRF secret for every worker


def test_account_commands(tmp_path: Any) -> None:
    db = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    short = CliRunner().invoke(app, ["--db", db, "account", "add", "t", "--password-stdin"], input="short\n")
    assert short.exit_code == 2 and "password" in short.output and "Traceback" not in short.output
    CliRunner().invoke(app, ["--db", db, "account", "add", "t", "--password-stdin"], input="ten chars!!\n")
    listed = CliRunner().invoke(app, ["--db", db, "account", "list"])
    assert "owner" in listed.output and "therapist" in listed.output
    wrong_role = CliRunner().invoke(app, ["--db", db, "account", "add", "c", "--role", "client"])
    assert wrong_role.exit_code == 2 and "--role" in wrong_role.output
    reset = CliRunner().invoke(
        app, ["--db", db, "account", "password", "t", "--password-stdin"], input="another pass\n"
    )
    assert reset.exit_code == 0, reset.output
