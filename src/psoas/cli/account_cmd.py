"""``psoas account``: add and list accounts, set a password, make a reset link (for a practice server).

Passwords are read from a hidden prompt, or from standard input with ``--password-stdin`` (one
line), never from the command line (it would sit in the shell history and the process list).
"""

from __future__ import annotations

import sys

import typer

account_app = typer.Typer(
    help="Accounts of a practice server (admins, therapists; clients join by invitation)."
)


def _accounts() -> object:
    from psoas.cli.common import cli_app
    from psoas.practice.accounts import Accounts

    return Accounts(cli_app().journal)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password (at least 10 characters)", hide_input=True, confirmation_prompt=True))


@account_app.command("add")
def add(
    name: str = typer.Argument(..., help="Account name (used to log in)."),
    role: str = typer.Option("therapist", "--role", help="admin or therapist."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Add an admin or therapist account."""
    from psoas.errors import InputError
    from psoas.practice.accounts import Accounts

    if role not in ("admin", "therapist"):
        raise InputError(
            "--role", f"unknown role {role!r}; clients join by invitation", ("admin", "therapist")
        )
    accounts = _accounts()
    assert isinstance(accounts, Accounts)
    created = accounts.create(name, _password(password_stdin), role)
    typer.echo(f"added {created.role} account {created.name!r} (id {created.id})")


@account_app.command("list")
def list_accounts() -> None:
    """List every account: id, name, role, whether a password is set."""
    from psoas.practice.accounts import Accounts

    accounts = _accounts()
    assert isinstance(accounts, Accounts)
    for a in accounts.list():
        typer.echo(
            f"{a['id']:>4}  {a['name']:<24} {a['role']:<10} {'password' if a['has_password'] else 'no password'}"
        )


@account_app.command("password")
def set_password(
    name: str = typer.Argument(..., help="Account name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Set an account's password (its sessions end)."""
    from psoas.errors import InputError
    from psoas.practice.accounts import Accounts

    accounts = _accounts()
    assert isinstance(accounts, Accounts)
    found = [a for a in accounts.list() if a["name"] == name]
    if not found:
        raise InputError("name", f"no account named {name!r}", "see `psoas account list`")
    accounts.set_password(found[0]["id"], _password(password_stdin))
    typer.echo(f"password set for {name!r}")


def register(app: typer.Typer) -> None:
    """Add the ``account`` command group."""
    app.add_typer(account_app, name="account")
