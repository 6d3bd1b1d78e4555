"""The application factory: one FastAPI app over one :class:`psoas.web.services.Services`.

Errors map onto HTTP the same way everywhere (:mod:`psoas.web.errors`): :class:`~psoas.errors.InputError`
→ 422 naming the field, :class:`~psoas.errors.NotFoundError` → 404, anything else → 500 without
details. API routes (``/api/…``) answer JSON in one documented shape, pages answer HTML. Every
request passes :class:`psoas.web.guard.Guard` first (host check, size and time limits, strict
JSON, rate limit, security headers). Nothing about people or their pain is logged. The app is
built from :class:`psoas.settings.Settings`; the route modules reach it through
:mod:`psoas.web.rendering` and never import this module.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from psoas.present.words import dose_words  # noqa: F401  (re-exported: it used to live here)
from psoas.settings import Settings
from psoas.version import __version__
from psoas.web import errors, guard, workers
from psoas.web.access import AccessPolicy
from psoas.web.cache import ByteLRU
from psoas.web.guard import SECURITY_HEADERS  # noqa: F401  (re-exported: it used to live here)
from psoas.web.policy import same_route_as_checked
from psoas.web.rendering import CsrfError, checked_form, render, render_cached, services_of, templates
from psoas.web.services import Services

__all__ = ["CsrfError", "checked_form", "create_app", "render", "render_cached", "services_of"]

HERE = Path(__file__).resolve().parent
PAGE_CACHE_BYTES = 8 << 20
"""Rendered result pages kept in memory (bounded by size)."""


def create_app(
    db_url: str | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
    accounts: bool | None = None,
    *,
    settings: Settings | None = None,
) -> FastAPI:
    """Build the app from ``settings`` (default: :meth:`Settings.from_env`).

    ``db_url``, ``allowed_hosts`` and ``accounts``, when given, override those settings (a
    convenience for tests and ``psoas serve``). ``allowed_hosts`` None means the loopback names
    plus Starlette's in-process test host; ``accounts`` True: every request needs a logged-in
    account (a practice server). See :mod:`psoas.web.policy`.
    """
    given: dict[str, Any] = {"db_url": db_url, "allowed_hosts": allowed_hosts, "accounts": accounts}
    base = settings if settings is not None else Settings.from_env()
    services = Services(replace(base, **{k: v for k, v in given.items() if v is not None}))
    app = FastAPI(
        title="psoas",
        version=__version__,
        description="Trace musculoskeletal pain to the pull behind it, with honest evidence levels. "
        "psoas never diagnoses.",
        docs_url=None,  # /docs is our own page (pages.api_docs): no script from a CDN
        redoc_url=None,
        lifespan=_lifespan(services),
        dependencies=[Depends(same_route_as_checked)],  # psoas.web.policy: the rule checked is this route's
    )
    _set_state(app, services)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)
    _install_csrf_handler(app)
    errors.install_openapi(app)
    app.add_middleware(AccessPolicy)  # inside the guard: hosts, sizes and rates are checked first
    s = services.settings
    hosts = s.allowed_hosts if s.allowed_hosts is not None else (*guard.LOOPBACK_HOSTS, guard.TEST_HOST)
    buckets = guard.TokenBuckets(*s.rate())
    app.add_middleware(guard.Guard, allowed_hosts=hosts, buckets=buckets, body_timeout_s=s.body_timeout_s)
    _include_routes(app)
    return app


def _lifespan(services: Services) -> Any:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from anyio import to_thread

        from psoas.journal.db import POOL_SIZE

        # as many request threads as pooled database connections: none waits for one, none is opened anew
        to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
        services.warm(_app.state.templates.env)  # before the first request, not during it
        yield
        services.close()
        workers.shutdown()

    return lifespan


def _set_state(app: FastAPI, services: Services) -> None:
    settings = services.settings
    workers.configure(settings.assess_workers)
    app.state.services = services
    app.state.settings = settings
    app.state.csrf_secret = settings.secret.encode() if settings.secret else secrets.token_bytes(32)
    app.state.templates = templates()
    app.state.page_cache = ByteLRU(PAGE_CACHE_BYTES, 1 << 20)
    app.state.require_accounts = settings.accounts


def _include_routes(app: FastAPI) -> None:
    from psoas.web import (
        account_pages,
        api,
        claims_pages,
        compare_api,
        compare_pages,
        documents,
        gallery,
        intake_save,
        pages,
        people_pages,
        photo,
        photo_store,
        practice_pages,
        trial_api,
        trial_pages,
        wizard,
    )

    for router in (
        api.router,
        compare_api.router,
        compare_pages.router,
        wizard.router,
        intake_save.router,
        pages.router,
        claims_pages.api_router,
        claims_pages.router,
        gallery.router,
        trial_api.router,
        trial_pages.router,
        documents.router,
        documents.pages,
        photo.router,
        photo_store.router,
        account_pages.router,
        account_pages.api_router,
        practice_pages.router,
        practice_pages.api_router,
        people_pages.router,
        people_pages.api_router,
    ):
        app.include_router(router)
    _install_photo_helpers(app)


def _install_photo_helpers(app: FastAPI) -> None:
    """The photo widget's helpers in the page templates."""
    from psoas.photo.intake import method_supported
    from psoas.web.photo_guide import guide_svgs

    env = app.state.templates.env
    env.globals["photo_guides"] = guide_svgs
    env.globals["photo_method_field"] = method_supported


def _install_csrf_handler(app: FastAPI) -> None:
    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        message = "This form has expired or did not come from psoas. Go back, reload the page and try again."
        return errors.error_response(request, 403, message, "", ["body", "csrf"])
