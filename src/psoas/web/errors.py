"""Every error answer of the web face, in one documented shape.

API paths (``/api/…``) answer JSON following :class:`ErrorBody` for every 4xx and 5xx::

    {"status": 404, "title": "Not found",
     "detail": [{"loc": ["path"], "field": "", "msg": "no person with id 7", "allowed": null}]}

Pages answer an HTML error page (``error.html``) with a plain link back (no scripts: the
content-security policy blocks ``javascript:`` links). :func:`install` registers the handlers
and :func:`document_errors` adds the error responses to every operation of the OpenAPI
document, so routers added later inherit both.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from psoas.errors import BusyError, InputError, NotFoundError, PsoasError

log = logging.getLogger("psoas.web")

TITLES: dict[int, str] = {
    400: "Bad request",
    401: "Log in first",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Please check your input",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Busy",
}
DOCUMENTED = (400, 401, 403, 404, 405, 408, 413, 422, 429, 500, 503)


class ErrorItem(BaseModel):
    """One problem with the request."""

    loc: list[str | int] = Field(
        description="Where: 'body', 'path', 'query' or 'header', then the field path."
    )
    field: str = Field(description="The field path as psoas names it ('' when the request as a whole).")
    msg: str = Field(description="What is wrong, in words.")
    allowed: str | None = Field(description="The allowed values or range, when known.")


class ErrorBody(BaseModel):
    """The body of every error answer of the API."""

    status: int = Field(description="The HTTP status code.")
    title: str = Field(description="The status in words.")
    detail: list[ErrorItem] = Field(min_length=1)


def is_api(path: str) -> bool:
    """True for API paths (JSON errors), False for pages (HTML errors)."""
    return path.startswith("/api/") or path == "/openapi.json"


def error_response(
    request: Request,
    status: int,
    message: str,
    field: str = "",
    loc: list[str | int] | None = None,
    allowed: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> Response:
    """The error answer: JSON (:class:`ErrorBody`) on API paths, else the HTML error page."""
    title = TITLES.get(status, "Error")
    items = details or [{"loc": loc or ["request"], "field": field, "msg": message, "allowed": allowed}]
    if is_api(request.url.path):
        return JSONResponse({"status": status, "title": title, "detail": items}, status_code=status)
    from psoas.web.rendering import render

    text = message if details is None else "; ".join(f"{d['field']}: {d['msg']}" for d in items)
    context = {"title": title, "message": text, "back": back_link(request.url.path)}
    return render(request, "error.html", context, status_code=status)


_PAGES = re.compile(r"^/(people(/[0-9]{1,9})?|exercises|intake)$")


def back_link(path: str) -> str:
    """A page to go back to: the nearest parent page of ``path`` (``/people/3/diary`` → ``/people/3``)."""
    parts = [p for p in path.split("/") if p]
    while parts:
        parts.pop()
        candidate = "/" + "/".join(parts)
        if _PAGES.match(candidate):
            return candidate
    return "/"


def _input_loc(exc: InputError) -> list[str | int]:
    parts = [part for part in exc.field.replace("[", ".").replace("]", "").split(".") if part]
    return ["body", *(int(p) if p.isascii() and p.isdigit() else p for p in parts)]


def install(app: FastAPI) -> None:
    """Register the exception handlers (domain errors, HTTP errors, validation errors)."""

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(
            request,
            422,
            str(exc) if not is_api(request.url.path) else exc.reason,
            exc.field,
            _input_loc(exc),
            exc.allowed,
        )

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc), "", ["path"])

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, _exc: OverflowError) -> Response:
        # a number too large for the database (e.g. an id in a query); the guard catches paths
        return error_response(
            request, 422, "a number is out of range", "", ["request"], f"-{2**31 - 1} to {2**31 - 1}"
        )

    @app.exception_handler(BusyError)
    async def _busy(request: Request, exc: BusyError) -> Response:
        response = error_response(request, 503, str(exc), "", ["request"])
        response.headers["retry-after"] = "2"
        return response

    @app.exception_handler(PsoasError)
    async def _other(request: Request, exc: PsoasError) -> Response:
        log.error("%s (request answered 500)", type(exc).__name__)
        return error_response(request, 500, "psoas could not finish this request", "", ["request"])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "there is no page at this address", 405: "this address does not accept that method"}
        text = message.get(exc.status_code, str(exc.detail))
        response = error_response(request, exc.status_code, text, "", ["path"])
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        if exc.status_code == 405:
            response.headers["allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if errors and all(tuple(err.get("loc", ()))[:1] == ("path",) for err in errors):
            return error_response(request, 404, "there is nothing at this address", "", ["path"])  # bad ids
        details = []
        for err in errors:
            loc = [p if isinstance(p, int) else str(p) for p in err.get("loc", ())]
            field = ".".join(str(p) for p in loc if p not in ("body", "query", "path"))
            details.append({"loc": loc or ["body"], "field": field, "msg": _short(err), "allowed": None})
        return error_response(request, 422, "", details=details or None)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (several routes may share one path)."""
    found: set[str] = set()
    for route in request.app.routes:
        regex = getattr(route, "path_regex", None)
        methods = getattr(route, "methods", None)
        if regex is not None and methods and regex.match(request.url.path):
            found.update(m for m in methods if m != "HEAD")
    return sorted(found)


def _short(err: Any) -> str:
    msg = str(err.get("msg", "invalid"))
    return msg[0].lower() + msg[1:] if msg else "invalid"


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add :class:`ErrorBody` answers for :data:`DOCUMENTED` statuses to every operation."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorItem, ErrorBody):
        found = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(found.pop("$defs", {}))
        components[model.__name__] = found
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in DOCUMENTED:
                responses[str(status)] = {"description": TITLES[status]} | ref
    return schema


def _intake_model() -> type[BaseModel]:
    from psoas.intake.schema import Intake

    return Intake


BODY_MODELS: dict[str, Callable[[], type[BaseModel]]] = {"intake": _intake_model}
"""Models a route may name with ``openapi_extra={"x-body-model": NAME}`` for its published body.

Routes that take a free JSON object (and validate it themselves) publish the real schema this way.
"""


def document_bodies(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace the request body schema of operations marked ``x-body-model`` with that model's."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            name = operation.get("x-body-model") if isinstance(operation, dict) else None
            if name not in BODY_MODELS:
                continue
            model = BODY_MODELS[name]()
            found = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(found.pop("$defs", {}))
            components[model.__name__] = found
            content = operation["requestBody"]["content"]["application/json"]
            content["schema"] = {"$ref": f"#/components/schemas/{model.__name__}"}
    return schema


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` document bodies and the error answers of every operation (cached)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(document_bodies(build()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
