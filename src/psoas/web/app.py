"""The application factory: one FastAPI app holding the services, templates and CSRF secret.

Errors map onto HTTP the same way everywhere: :class:`~psoas.errors.InputError` → 422 naming
the field, :class:`~psoas.errors.NotFoundError` → 404, any other
:class:`~psoas.errors.PsoasError` → 500 with its message. API routes (``/api/…``) answer JSON,
pages answer HTML. Nothing about people or their pain is logged.
"""

from __future__ import annotations

import os
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import psoas
from psoas import vocab
from psoas.errors import InputError, NotFoundError, PsoasError
from psoas.web import csrf
from psoas.web.bodymap import region_label
from psoas.web.policy import same_route_as_checked
from psoas.web.services import Services

HERE = Path(__file__).resolve().parent
PAGE_CACHE_SIZE = 128


def create_app(db_url: str | None = None, accounts: bool | None = None) -> FastAPI:
    """Build the app over the journal at ``db_url`` (None: the default SQLite file).

    ``accounts`` True: every request needs a logged-in account (a practice server); False: a
    request without a session is the owner of a single-person install (loopback only). None reads
    ``PSOAS_ACCOUNTS`` (``1`` for accounts). See :mod:`psoas.web.policy`.
    """
    services = Services(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

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
    app.state.page_cache = OrderedDict()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_error_handlers(app)
    app.state.require_accounts = (
        accounts if accounts is not None else os.environ.get("PSOAS_ACCOUNTS", "") == "1"
    )
    from psoas.web.access import AccessPolicy

    app.add_middleware(AccessPolicy)
    app.add_middleware(SecurityHeaders)

    from psoas.web import account_pages, api, claims_pages, pages, practice_pages, wizard

    app.include_router(api.router)
    app.include_router(wizard.router)
    app.include_router(pages.router)
    app.include_router(claims_pages.api_router)
    app.include_router(claims_pages.router)
    app.include_router(account_pages.router)
    app.include_router(account_pages.api_router)
    app.include_router(practice_pages.router)
    app.include_router(practice_pages.api_router)
    return app


SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """Pure ASGI middleware: same-origin scripts only, no framing (clickjacking), no referrer leaks."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals["version"] = psoas.__version__
    env.globals["region_label"] = region_label
    env.globals["evidence_levels"] = vocab.EVIDENCE_LEVELS
    env.filters["pct"] = lambda v: f"{100 * float(v or 0):.0f}%"
    env.filters["words"] = lambda v: str(v).replace("_", " ")
    env.filters["dose"] = dose_words
    from psoas.web import claims_pages

    claims_pages.install_template_helpers(env)
    return templates


_DOSE_WORDS = {
    "hold_s": "hold {} s",
    "reps": "{} reps",
    "sets": "{} sets",
    "rest_s": "rest {} s",
    "duration_min": "{} min",
    "days_per_week": "{} days a week",
    "visit_every_weeks": "every {} weeks",
}


def dose_words(dose: dict[str, Any]) -> list[str]:
    """A dose in words: ``{"hold_s": 30.0, "reps": 2}`` → ``["hold 30 s", "2 reps"]``."""
    return [
        _DOSE_WORDS.get(k, k + " {}").format(f"{v:g}" if isinstance(v, float) else v) for k, v in dose.items()
    ]


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
    request and kept in a small LRU cache of the app.
    """
    cache: OrderedDict[tuple[Any, ...], str] = request.app.state.page_cache
    text = cache.get(key)
    if text is None:
        text = request.app.state.templates.get_template(template).render(build())
        cache[key] = text
        while len(cache) > PAGE_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    return render(request, "error.html", {"title": title, "message": message}, status_code=status)


def _input_error_detail(exc: InputError) -> dict[str, Any]:
    parts = [part for part in exc.field.replace("[", ".").replace("]", "").split(".") if part]
    loc: list[str | int] = ["body", *(int(p) if p.isdigit() else p for p in parts)]
    return {"loc": loc, "field": exc.field, "msg": exc.reason, "allowed": exc.allowed}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": [_input_error_detail(exc)]}, status_code=422)
        return _error_page(request, 422, "Please check your input", str(exc))

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return _error_page(request, 404, "Not found", str(exc))

    @app.exception_handler(PsoasError)
    async def _other(request: Request, exc: PsoasError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(exc)}, status_code=500)
        return _error_page(request, 500, "Something went wrong", str(exc))

    @app.exception_handler(CsrfError)
    async def _csrf(request: Request, _exc: CsrfError) -> Response:
        message = "This form has expired or did not come from psoas. Go back, reload the page and try again."
        return _error_page(request, 403, "Form expired", message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = []
        for err in exc.errors():
            loc = [str(part) for part in err.get("loc", ())]
            field = ".".join(p for p in loc if p not in ("body", "query", "path"))
            details.append({"loc": loc, "field": field, "msg": err.get("msg", ""), "allowed": None})
        if _is_api(request):
            return JSONResponse({"detail": details}, status_code=422)
        text = "; ".join(f"{d['field']}: {d['msg']}" for d in details)
        return _error_page(request, 422, "Please check your input", text)
