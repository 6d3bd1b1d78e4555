"""How the CLI words a domain error: the one mapping from domain field names to this face's flags.

The core names the record a request is about in its own words (:class:`psoas.errors.SelectionError` and
:class:`psoas.errors.NotFoundError` fields such as ``person``, ``database``, ``at``); on the command line the
same thing is an option, so the error names the option a person can change. An intake's own fields (an
intake also has a ``person``) are never renamed. Other faces keep the domain words.
"""

from __future__ import annotations

from typing import Final

from psoas.errors import InputError, NotFoundError, PsoasError, SelectionError

FLAGS: Final[dict[str, str]] = {
    "person": "--person",
    "database": "--db",
    "at": "--at",
    "since": "--since",
    "start": "--start",
}
"""Domain field -> the CLI option that sets it."""

HINTS: Final[dict[str, str]] = {
    "person": "psoas person add NAME",
}
"""Domain field -> the command that creates what was missing (added when nothing of that kind exists)."""


def cli_message(error: PsoasError) -> str:
    """The error as one line for the terminal: domain field names replaced by the CLI's flags."""
    field = getattr(error, "field", "")
    if not isinstance(error, SelectionError | NotFoundError) or field not in FLAGS:
        return str(error)
    text = f"{FLAGS[field]}: {error.reason}"
    if isinstance(error, InputError) and error.allowed:
        text += f" (allowed: {error.allowed})"
    if isinstance(error, NotFoundError) and error.reason.endswith(" yet") and field in HINTS:
        text += f": add one with '{HINTS[field]}'"
    return text
