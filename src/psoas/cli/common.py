"""What every command shares: the global options, the application object, the journal, errors.

The global callback (:mod:`psoas.cli`) builds :class:`~psoas.settings.Settings` once per run;
commands get their :class:`~psoas.app.Psoas` from :func:`cli_app` and their journal from
:func:`journal`. Command modules import this module, never :mod:`psoas.cli` itself (no cycle).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # pragma: no cover
    from psoas.app import Psoas
    from psoas.journal.service import Journal
    from psoas.settings import Settings

PERSON_HELP = "Whose journal (optional when only one person uses it)."
PersonOpt = typer.Option(None, "--person", "-p", help=PERSON_HELP)


class GlobalOptions:
    """Options given before the command, shared by every command (set by the callback)."""

    db_url: str | None = None
    person: str | None = None
    settings: Settings | None = None


def settings() -> Settings:
    """This run's settings (from the environment and the global options)."""
    if GlobalOptions.settings is None:
        from psoas.settings import Settings

        GlobalOptions.settings = Settings.from_env({"db_url": GlobalOptions.db_url})
    return GlobalOptions.settings


def cli_app() -> Psoas:
    """The application object of this run (one per command; close it, or use it in ``with``)."""
    from psoas.app import Psoas

    return Psoas(settings())


@contextmanager
def journal() -> Iterator[Journal]:
    """Open the journal of this run's settings; database failures end the command cleanly.

    Domain errors (:class:`PsoasError`) propagate to the app's group, which prints one line.
    """
    try:
        from sqlalchemy.exc import OperationalError, SQLAlchemyError

        with cli_app() as app:
            yield app.journal
    except OperationalError as exc:
        typer.echo(f"psoas: error: cannot use the database ({type(exc.orig).__name__})", err=True)
        raise typer.Exit(1) from None
    except SQLAlchemyError as exc:
        typer.echo(f"psoas: error: database error ({type(exc).__name__})", err=True)
        raise typer.Exit(1) from None
