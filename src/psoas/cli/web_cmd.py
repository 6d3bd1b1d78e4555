"""``psoas serve``: run the web app (FastAPI + uvicorn), on loopback unless told otherwise.

Two modes, one code path (:mod:`psoas.web.policy`): on loopback a single person needs no login
(the owner account is used implicitly); beyond loopback (``--allow-remote``), or with
``--accounts``, every request needs an account, and the server refuses to start until an admin
can log in (``psoas account add NAME --role admin``). ``--workers N`` runs N uvicorn worker
processes over an app factory; sessions, login throttling and the CSRF secret are shared through
the database and the environment. The access log is off: URLs and client addresses are not
written anywhere, and neither is anything a person enters.
"""

from __future__ import annotations

import ipaddress
import os

import typer

from psoas.errors import InputError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """True when ``host`` only listens on this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_mode(db_url: str | None, need_accounts: bool) -> None:
    """Accounts need an admin who can log in; a practice database is never served without accounts."""
    from psoas.journal.service import Journal
    from psoas.practice.accounts import Accounts

    with Journal(db_url) as journal:
        accounts = Accounts(journal)
        if need_accounts and not accounts.has_login():
            raise InputError(
                "--accounts",
                "no admin account can log in yet; create one first with `psoas account add NAME --role admin`",
            )
        if not need_accounts and accounts.has_login(role=None):
            raise InputError(
                "--accounts",
                "this database has accounts with passwords (a practice); serve it with --accounts",
            )


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    allow_remote: bool = typer.Option(
        False, "--allow-remote", help="Allow listening beyond this machine (accounts are then required)."
    ),
    accounts: bool = typer.Option(
        False,
        "--accounts",
        help="Require accounts on loopback too (a practice behind a local TLS proxy).",
    ),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (uvicorn workers)."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL for this run (default: the global --db, else your SQLite file)."
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="Another host name the app answers to (repeatable; e.g. the server's LAN name).",
    ),
) -> None:
    """Start the web app and print its address."""
    from psoas.cli.common import settings

    if not is_loopback(host) and not allow_remote:
        raise InputError(
            "--host",
            f"{host} is reachable from other machines; add --allow-remote to accept that (accounts are then "
            "required; see docs/deployment.md)",
            "127.0.0.1, localhost, ::1",
        )
    url = db or settings().database_url()
    need_accounts = accounts or not is_loopback(host)
    _check_mode(url, need_accounts)
    if not is_loopback(host):
        typer.echo(
            "psoas: warning: listening beyond this machine; every request needs an account. Put a TLS "
            "reverse proxy in front (docs/deployment.md): passwords and diaries must not cross a network "
            "in clear text.",
            err=True,
        )
    _run(url, host, port, workers, allowed_host, need_accounts)


def _run(
    url: str | None, host: str, port: int, workers: int, allowed_host: list[str], need_accounts: bool
) -> None:
    """Print the address and serve until stopped: in this process, or over ``workers`` processes
    (which get this run's settings through their environment)."""
    import secrets
    from dataclasses import replace

    from psoas.cli.common import settings
    from psoas.web import create_app, server

    chosen = replace(
        settings(),
        db_url=url,
        accounts=need_accounts,
        allowed_hosts=server.allowed_hosts(host, allowed_host),
        secret=settings().secret or secrets.token_hex(32),  # one CSRF secret for every worker
    )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"psoas is running at http://{shown}:{port}/  (Ctrl+C to stop)")
    timeout = chosen.header_timeout_s
    if workers > 1:
        os.environ.update(chosen.to_env())
        server.run("psoas.web:app_from_env", host, port, workers=workers, header_timeout_s=timeout)
        return
    server.run(create_app(settings=chosen), host, port, header_timeout_s=timeout)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve)
