"""``psoas serve``: run the local web app (FastAPI + uvicorn), on loopback unless told otherwise.

The journal database is the global ``--db`` (SQLite in the user data folder by default). The
access log is off: URLs and client addresses are not written anywhere, and neither is anything
a person enters.
"""

from __future__ import annotations

import ipaddress

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


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
        allow_remote: bool = typer.Option(
            False, "--allow-remote", help="Allow listening beyond this machine (there are no accounts yet)."
        ),
        db: str | None = typer.Option(
            None, "--db", help="Database URL for this run (default: the global --db, else your SQLite file)."
        ),
        allowed_host: list[str] = typer.Option(
            [],
            "--allowed-host",
            help="Another host name the app answers to (repeatable; e.g. the server's LAN name).",
        ),
    ) -> None:
        """Start the local web app and print its address."""
        from psoas.cli import GlobalOptions

        if not is_loopback(host) and not allow_remote:
            raise InputError(
                "--host",
                f"{host} is reachable from other machines; add --allow-remote to accept that",
                "127.0.0.1, localhost, ::1",
            )
        if not is_loopback(host):
            typer.echo(
                "psoas: warning: listening beyond this machine; psoas has no accounts yet, so anyone who can "
                "reach this address can read and change every diary.",
                err=True,
            )
        from psoas.web import create_app, server

        hosts = server.allowed_hosts(host, allowed_host)
        web_app = create_app(db or GlobalOptions.db_url, allowed_hosts=hosts)
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"psoas is running at http://{shown}:{port}/  (Ctrl+C to stop)")
        server.run(web_app, host, port)
