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


def create_app(db_url: str | None = None, accounts: bool | None = None) -> FastAPI:
    """Build the web app over the journal at ``db_url`` (default: the user's SQLite file);
    ``accounts`` True requires a logged-in account for everything but public pages."""
    from psoas.web.app import create_app as _create

    return _create(db_url, accounts)


def app_from_env() -> FastAPI:
    """The app factory for ``uvicorn --factory`` workers: ``PSOAS_DB`` and ``PSOAS_ACCOUNTS``."""
    import os

    return create_app(os.environ.get("PSOAS_DB") or None)
