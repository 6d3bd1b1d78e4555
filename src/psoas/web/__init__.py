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


def create_app(
    db_url: str | None = None, allowed_hosts: tuple[str, ...] | None = None, accounts: bool | None = None
) -> FastAPI:
    """Build the web app over the journal at ``db_url`` (default: the user's SQLite file).

    ``allowed_hosts``: host names served (default: loopback names and the in-process test host);
    ``accounts`` True requires a logged-in account for everything but public pages.
    """
    from psoas.web.app import create_app as _create

    return _create(db_url, allowed_hosts, accounts)


def app_from_env() -> FastAPI:
    """The app factory for ``uvicorn --factory`` workers: ``PSOAS_DB``, ``PSOAS_ACCOUNTS`` and
    ``PSOAS_ALLOWED_HOSTS`` (comma-separated), as ``psoas serve --workers N`` sets them."""
    import os

    hosts = tuple(h for h in os.environ.get("PSOAS_ALLOWED_HOSTS", "").split(",") if h) or None
    return create_app(os.environ.get("PSOAS_DB") or None, hosts)
