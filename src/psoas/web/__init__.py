"""Web face of psoas: server-rendered pages and the ``/api/v1`` HTTP API over the same services.

:func:`create_app` builds the one application object; pages and API both call
:class:`psoas.web.services.Services`, so the two cannot drift apart. FastAPI is imported
only when the app is built, never at import time of :mod:`psoas`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

    from psoas.settings import Settings

__all__ = ["create_app"]


def create_app(
    db_url: str | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
    accounts: bool | None = None,
    *,
    settings: Settings | None = None,
) -> FastAPI:
    """Build the web app from ``settings`` (default: from the environment); see :func:`psoas.web.app.create_app`.

    ``db_url``, ``allowed_hosts`` and ``accounts``, when given, override those settings.
    """
    from psoas.web.app import create_app as _create

    return _create(db_url, allowed_hosts, accounts, settings=settings)


def app_from_env() -> FastAPI:
    """The app factory for ``uvicorn --factory`` workers: every setting from the environment that
    ``psoas serve --workers N`` set (:meth:`psoas.settings.Settings.to_env`)."""
    from psoas.settings import Settings
    from psoas.web import server

    settings = Settings.from_env()
    server.configure(settings.header_timeout_s)
    return create_app(settings=settings)
