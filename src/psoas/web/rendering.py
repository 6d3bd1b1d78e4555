"""What every route module needs from its app: the services, rendering with CSRF, checked forms.

These live apart from :mod:`psoas.web.app` (which imports every route module) so that the route
modules never import the app factory: no import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from psoas.web import csrf
from psoas.web.cache import ByteLRU

if TYPE_CHECKING:  # pragma: no cover
    from psoas.web.services import Services


def templates() -> Jinja2Templates:
    """The web's templates over the shared Jinja environment (:mod:`psoas.templating`)."""
    from psoas.templating import environment

    return Jinja2Templates(env=environment())


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
