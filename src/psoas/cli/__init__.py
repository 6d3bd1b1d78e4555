"""Command-line face of psoas.

The CLI parses options, calls the core and turns :class:`psoas.errors.PsoasError`
into a one-line message with the error's exit code. Each command group lives in its
own module and registers itself on the single Typer app; heavy libraries are imported
inside the commands so that ``psoas --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from psoas.cli.wording import cli_message
from psoas.errors import PsoasError


class _Group(TyperGroup):
    """Turns any :class:`PsoasError` raised by a command into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PsoasError as error:
            typer.echo(f"psoas: error: {cli_message(error)}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="psoas",
    help="Trace musculoskeletal pain to the pull behind it, with honest evidence levels. psoas never diagnoses.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class GlobalOptions:
    """Options given before the command, shared by every command (set by the callback)."""

    db_url: str | None = None
    person: str | None = None


@app.callback()
def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="PSOAS_DB",
        help="Database URL (default: a SQLite file in your user data folder).",
    ),
) -> None:
    GlobalOptions.db_url = db


def _register() -> None:
    from psoas.cli import assess_cmd

    assess_cmd.register(app)
    from psoas.cli import claims_cmd

    claims_cmd.register(app)
    from psoas.cli import compare_cmd

    compare_cmd.register(app)
    from psoas.cli import account_cmd

    account_cmd.register(app)
    for name in ("mechanics_cmd", "journal_cmd", "web_cmd", "trial_cmd", "documents_cmd", "measure_cmd"):
        try:
            module = __import__(f"psoas.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"psoas.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def fail(error: PsoasError) -> None:
    """Print a domain error without a traceback and exit with its code (for use inside a command)."""
    typer.echo(f"psoas: error: {cli_message(error)}", err=True)
    raise typer.Exit(error.exit_code)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``psoas`` command."""
    for arg in sys.argv[1:] if argv is None else argv:
        if not arg.isascii() and not _is_unicode(arg):  # undecodable bytes on the command line
            print(
                f"psoas: error: {arg.encode('utf-8', 'replace').decode()!r}: not valid UTF-8 text",
                file=sys.stderr,
            )
            return 2
    try:
        app(args=argv, prog_name="psoas", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except PsoasError as exc:
        print(f"psoas: error: {cli_message(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("psoas: interrupted", file=sys.stderr)
        return 130
    return 0


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
