"""The application factory: one FastAPI app holding the services, templates and CSRF secret.

Errors map onto HTTP the same way everywhere (:mod:`psoas.web.errors`): :class:`~psoas.errors.InputError`
→ 422 naming the field, :class:`~psoas.errors.NotFoundError` → 404, anything else → 500 without
details. API routes (``/api/…``) answer JSON in one documented shape, pages answer HTML. Every
request passes :class:`psoas.web.guard.Guard` first (host check, size and time limits, strict
JSON, rate limit, security headers). Nothing about people or their pain is logged.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import psoas
from psoas.knowledge import vocab
from psoas.present.words import dose_words
from psoas.web import csrf
from psoas.web.bodymap import region_label
from psoas.web.cache import ByteLRU
from psoas.web.guard import SECURITY_HEADERS  # noqa: F401  (re-exported: it used to live here)
from psoas.web.policy import same_route_as_checked
from psoas.web.services import Services

HERE = Path(__file__).resolve().parent
PAGE_CACHE_BYTES = 8 << 20
"""Rendered result pages kept in memory (bounded by size)."""


def create_app(
    db_url: str | None = None, allowed_hosts: tuple[str, ...] | None = None, accounts: bool | None = None
) -> FastAPI:
    """Build the app over the journal at ``db_url`` (None: the default SQLite file).

    ``allowed_hosts``: the host names the app answers to (DNS-rebinding guard); None means the
    loopback names plus Starlette's in-process test host. ``psoas serve`` passes its own list.
    ``accounts`` True: every request needs a logged-in account (a practice server); False: a
    request without a session is the owner of a single-person install (loopback only). None reads
    ``PSOAS_ACCOUNTS`` (``1`` for accounts). See :mod:`psoas.web.policy`.
    """
    from psoas.web import errors, guard

    services = Services(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()
        from psoas.web import workers

        workers.shutdown()

    app = FastAPI(
        title="psoas",
        version=psoas.__version__,
        description="Trace musculoskeletal pain to the pull behind it, with honest evidence levels. "
        "psoas never diagnoses.",
        docs_url=None,  # /docs is our own page (pages.api_docs): no script from a CDN
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(same_route_as_checked)],  # psoas.web.policy: the rule checked is this route's
    )
    app.state.services = services
    secret = os.environ.get("PSOAS_SECRET")
    app.state.csrf_secret = secret.encode() if secret else secrets.token_bytes(32)
    app.state.templates = _templates()
    app.state.page_cache = ByteLRU(PAGE_CACHE_BYTES, 1 << 20)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)
    _install_csrf_handler(app)
    errors.install_openapi(app)
    app.state.require_accounts = (
        accounts if accounts is not None else os.environ.get("PSOAS_ACCOUNTS", "") == "1"
    )
    from psoas.web.access import AccessPolicy

    app.add_middleware(AccessPolicy)  # inside the guard: hosts, sizes and rates are checked first
    hosts = allowed_hosts if allowed_hosts is not None else (*guard.LOOPBACK_HOSTS, guard.TEST_HOST)
    app.add_middleware(guard.Guard, allowed_hosts=hosts, buckets=guard.rate_from_env())

    from psoas.web import (
        account_pages,
        api,
        claims_pages,
        pages,
        photo,
        practice_pages,
        trial_api,
        trial_pages,
        wizard,
    )

    app.include_router(api.router)
    from psoas.web import compare_api, compare_pages

    app.include_router(compare_api.router)
    app.include_router(compare_pages.router)
    app.include_router(wizard.router)
    app.include_router(pages.router)
    app.include_router(claims_pages.api_router)
    app.include_router(claims_pages.router)
    from psoas.web import gallery

    app.include_router(gallery.router)
    app.include_router(trial_api.router)
    app.include_router(trial_pages.router)
    from psoas.web import documents

    app.include_router(documents.router)
    app.include_router(documents.pages)
    photo.install(app)
    app.include_router(account_pages.router)
    app.include_router(account_pages.api_router)
    app.include_router(practice_pages.router)
    app.include_router(practice_pages.api_router)
    return app


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals["version"] = psoas.__version__
    env.globals["region_label"] = region_label
    env.globals["evidence_levels"] = vocab.EVIDENCE_LEVELS
    env.globals["print_date"] = lambda: date.today().isoformat()  # the print stamp of every page
    env.filters["pct"] = lambda v: f"{100 * float(v or 0):.0f}%"
    env.filters["words"] = lambda v: str(v).replace("_", " ")
    env.filters["dose"] = dose_words  # one wording of a dose for every face (psoas.present.words)
    from psoas.web import claims_pages

    claims_pages.install_template_helpers(env)
    return templates


def services_of(request: Request) -> Services:
    """The app's services (for route functions)."""
    services: Services = request.app.state.services
    return services


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """Render a page with the CSRF form token; set the CSRF cookie when the browser has none."""
    token = request.cookies.get(csrf.COOKIE_NAME)
    fresh = token is None
    if token is None:
        token = csrf.new_token()
    secret: bytes = request.app.state.csrf_secret
    context = {"csrf_field": csrf.FIELD_NAME, "csrf_value": csrf.sign(secret, token), **context}
    response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code
    )
    if fresh:
        response.set_cookie(csrf.COOKIE_NAME, token, httponly=True, samesite="strict")
    return response


def render_cached(
    request: Request, key: tuple[Any, ...], template: str, build: Callable[[], dict[str, Any]]
) -> Response:
    """Render a page without forms once and serve the same HTML after (for immutable content).

    Used for stored assessments, which never change: the page is built by ``build()`` on the first
    request and kept in a byte-bounded LRU cache of the app.
    """
    cache: ByteLRU = request.app.state.page_cache
    text = cache.get(key)
    if text is None:
        text = request.app.state.templates.get_template(template).render(build())
        cache.put(key, text, len(text))
    return HTMLResponse(text)


async def checked_form(request: Request) -> dict[str, Any]:
    """The posted form as a dict of lists, after the CSRF check (403 page when it fails)."""
    form = await request.form()
    secret: bytes = request.app.state.csrf_secret
    value = form.get(csrf.FIELD_NAME)
    if not csrf.is_valid(
        secret, request.cookies.get(csrf.COOKIE_NAME), value if isinstance(value, str) else None
    ):
        raise CsrfError()
    out: dict[str, Any] = {}
    for key, item in form.multi_items():
        if key != csrf.FIELD_NAME and isinstance(item, str):
            out.setdefault(key, []).append(item)
    return out


class CsrfError(Exception):
    """A form post without a valid CSRF token."""


def _install_csrf_handler(app: FastAPI) -> None:
    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        from psoas.web.errors import error_response

        message = "This form has expired or did not come from psoas. Go back, reload the page and try again."
        return error_response(request, 403, message, "", ["body", "csrf"])
