"""Web face of psoas: server-rendered pages and the ``/api/v1`` HTTP API over the same services.

:func:`create_app` builds the one application object; pages and API both call
:class:`psoas.web.services.Services`, so the two cannot drift apart. FastAPI is imported
only when the app is built, never at import time of :mod:`psoas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db_url: str | None = None, allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """Build the web app over the journal at ``db_url`` (default: the user's SQLite file).

    ``allowed_hosts``: host names served (default: loopback names and the in-process test host).
    """
    from psoas.web.app import create_app as _create

    return _create(db_url, allowed_hosts)
