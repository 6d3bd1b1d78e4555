"""One named exception per failure; every face turns these into a clean message.

The CLI maps ``exit_code`` onto the process exit status and the HTTP API maps
:class:`InputError` onto 422. Nothing here imports heavy modules.
"""

from __future__ import annotations

from collections.abc import Sequence


class PsoasError(Exception):
    """Base class of every error psoas reports to a person."""

    exit_code = 1


class InputError(PsoasError):
    """Bad input: names the field path and, where known, the allowed values."""

    exit_code = 2

    def __init__(self, field: str, message: str, allowed: Sequence[str] | str | None = None) -> None:
        self.field = printable(field, 120)
        self.reason = printable(message, 300)
        if isinstance(allowed, str):
            self.allowed: str | None = allowed
        elif allowed is not None:
            self.allowed = ", ".join(str(a) for a in allowed)
        else:
            self.allowed = None
        text = f"{self.field}: {self.reason}" if field else self.reason
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        super().__init__(text)

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message": self.reason, "allowed": self.allowed}


class SelectionError(InputError):
    """Bad input about *which* record a request is about (the person, the database, a moment), not its content.

    Its ``field`` is a domain word (``person``, ``database``, ``at``, ``since``, ``start``); each face words it
    in its own terms (the CLI as its option, psoas.cli.wording).
    """


def printable(text: str, limit: int) -> str:
    """``text`` safe for one terminal or log line: control characters escaped, at most ``limit`` long."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return out if len(out) <= limit else out[: limit - 1] + "…"


class AtlasError(PsoasError):
    """The bundled body atlas or exercise library is inconsistent; names the bad entry."""


class NotFoundError(PsoasError):
    """A named thing (person, exercise, cause) does not exist; ``field`` names what was asked for, if known."""

    exit_code = 2

    def __init__(self, message: str, field: str = "") -> None:
        self.field = field
        self.reason = message
        super().__init__(f"{field}: {message}" if field else message)


class SolverError(PsoasError):
    """A numerical solve did not converge; never silently return a non-equilibrium."""

    exit_code = 3


class BusyError(PsoasError):
    """The database or the assessment workers stayed busy for too long; trying again will work."""

    exit_code = 75  # EX_TEMPFAIL
