"""Command-line face of psoas.

The CLI parses options, calls the core and turns :class:`psoas.errors.PsoasError`
into a one-line message with the error's exit code. Each command group lives in its
own module and registers itself on the Typer app; heavy libraries are imported inside
the commands. A run loads only the module of the command it names (:data:`COMMANDS`), so
``psoas log pain …`` never imports the assessment, mechanics or web commands.
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from psoas.cli.common import GlobalOptions as GlobalOptions  # the commands' shared options
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


def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        help="Database URL (default: PSOAS_DB, else a SQLite file in your user data folder).",
    ),
) -> None:
    """Build this run's settings once: the environment (docs/settings.md), then these options."""
    from psoas.settings import Settings

    GlobalOptions.settings = Settings.from_env({"db_url": db})
    GlobalOptions.db_url = GlobalOptions.settings.database_url()


MODULES: tuple[str, ...] = (
    "assess_cmd",
    "claims_cmd",
    "compare_cmd",
    "account_cmd",
    "mechanics_cmd",
    "journal_cmd",
    "web_cmd",
    "trial_cmd",
    "documents_cmd",
    "measure_cmd",
)
"""The modules of ``psoas.cli`` that register commands, in the order ``psoas --help`` lists them."""

COMMANDS: dict[str, str] = {
    **dict.fromkeys(("assess", "atlas", "schema", "examples", "intake", "demo"), "assess_cmd"),
    "claims": "claims_cmd",
    "compare": "compare_cmd",
    "account": "account_cmd",
    **dict.fromkeys(("simulate", "moment-arms", "infer-tightness"), "mechanics_cmd"),
    **dict.fromkeys(
        (
            "person",
            "log",
            "history",
            "progress",
            "verify",
            "export",
            "import",
            "backup",
            "remind",
            "calendar",
        ),
        "journal_cmd",
    ),
    "serve": "web_cmd",
    "trial": "trial_cmd",
    "entry": "trial_cmd",
    "handout": "documents_cmd",
    "summary": "documents_cmd",
    "measure": "measure_cmd",
}
"""Which module registers each top-level command or group (a test holds this to the modules)."""


def build_app(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The psoas app with the commands of ``modules`` (all of them by default)."""
    application = typer.Typer(
        cls=_Group,
        name="psoas",
        help="Trace musculoskeletal pain to the pull behind it, with honest evidence levels. psoas never diagnoses.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    application.callback()(_global)
    for name in modules:
        import_module(f"psoas.cli.{name}").register(application)
    return application


def command_modules(args: list[str]) -> tuple[str, ...]:
    """The modules a command line needs: the named command's own, or all of them.

    All are loaded for ``--help``, a missing or an unknown command, so the listing and the
    suggestions see every command; ``psoas log pain …`` loads only the journal's commands.
    """
    skip_value = False
    for arg in args:
        if skip_value:
            skip_value = False
        elif arg == "--db":
            skip_value = True
        elif not arg.startswith("--db="):
            module = None if arg.startswith("-") else COMMANDS.get(arg)
            return MODULES if module is None else (module,)
    return MODULES


app: typer.Typer
"""The app with every command (for tests and tools); built on first use by :func:`__getattr__`."""


def __getattr__(name: str) -> Any:
    """``psoas.cli.app``, the app with every command, is built on first use."""
    if name == "app":
        application = build_app()
        globals()["app"] = application
        return application
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


KEEP_COLLECTOR = frozenset({"web_cmd"})
"""Command modules whose commands run for long (``serve``): their process keeps the cyclic collector."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``psoas`` command (``argv`` None: this process's own command line).

    Run as its own process, a short command turns the cyclic collector off: nearly everything it
    allocates is imported modules that live until exit, and walking them again and again while they
    load costs about 40 ms of a ``psoas log``. At exit they are frozen, so the last collection skips
    them too. ``serve`` keeps the collector (:data:`KEEP_COLLECTOR`); calls with ``argv`` (tests,
    other programs) change nothing.
    """
    args = sys.argv[1:] if argv is None else argv
    for arg in args:
        if not arg.isascii() and not _is_unicode(arg):  # undecodable bytes on the command line
            print(
                f"psoas: error: {arg.encode('utf-8', 'replace').decode()!r}: not valid UTF-8 text",
                file=sys.stderr,
            )
            return 2
    modules = command_modules(args)
    if argv is None and KEEP_COLLECTOR.isdisjoint(modules):
        gc.disable()
    try:
        build_app(modules)(args=args, prog_name="psoas", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except PsoasError as exc:
        print(f"psoas: error: {cli_message(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("psoas: interrupted", file=sys.stderr)
        return 130
    finally:
        if argv is None:
            gc.freeze()
    return 0


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
