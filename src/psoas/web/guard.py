"""The web guard: one pure ASGI middleware in front of every route, present and future.

In order, for each HTTP request:

1. **Host check** (DNS rebinding): the ``Host`` header must name one of the configured host
   names, else 400.
2. **Ids**: a path segment of digits beyond a database id (over 2,147,483,647) is a 404 at once.
3. **Rate limit**: expensive routes (:data:`EXPENSIVE_ROUTES`) allow each client address a burst
   and a steady rate (token bucket), else 429 with ``Retry-After``.
4. **Body**: read whole, at most :data:`MAX_BODY_BYTES` (multipart: :data:`MAX_MULTIPART_BYTES`;
   413 otherwise, from ``Content-Length`` before reading a byte) within :data:`BODY_TIMEOUT_S`
   (408). A JSON body must pass :func:`psoas.intake.strictjson.loads` (422) before any route sees it.
5. **Errors**: any exception a route lets through becomes a 500 page or JSON body with no details;
   the log gets only the exception's type. Error answers from here carry ``Connection: close``.
6. **Headers**: the security headers go on every response, errors included.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections import OrderedDict
from typing import Any

from psoas.errors import InputError

log = logging.getLogger("psoas.web")

MAX_BODY_BYTES = 1 << 20
"""Largest request body (1 MiB): an intake is a few kilobytes."""
MAX_MULTIPART_BYTES = 25 << 20
"""Largest ``multipart/form-data`` body (25 MiB, room for a phone photo)."""


BODY_TIMEOUT_S = 30.0
"""The whole body must arrive within this time by default (slow senders get 408; setting ``body_timeout_s``)."""
MAX_DB_ID = 2_147_483_647
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
TEST_HOST = "testserver"  # Starlette's in-process TestClient; `psoas serve` never allows it
IP_LITERALS = "<ip-address>"
"""In the allowed hosts: accept any IP address as Host (no DNS name, so no DNS rebinding)."""

EXPENSIVE_ROUTES: list[tuple[str, re.Pattern[str]]] = [
    ("POST", re.compile(r"^/api/v1/assess$")),
    ("POST", re.compile(r"^/api/v1/simulate$")),
    ("POST", re.compile(r"^/api/v1/people/[^/]+/assessments$")),
    ("POST", re.compile(r"^/intake/[a-z]+$")),
    ("GET", re.compile(r"^/intake/results$")),  # the kept draft's results (assessed again on a cache miss)
    ("POST", re.compile(r"^/api/v1/compare$")),
    ("POST", re.compile(r"^/api/v1/measure$")),
    ("GET", re.compile(r"^(/api/v1)?/people/[^/]+/(handout|summary)\.pdf$")),
    ("GET", re.compile(r"^/api/v1/people/[^/]+/fhir$")),
    ("POST", re.compile(r"^/api/v1/fhir$")),
]
"""Routes that run the engine, the posture or pose model, or render documents."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_DIGITS = re.compile(r"^[+-]?[0-9]+$")


class TokenBuckets:
    """Per-client token buckets: ``rate`` requests a second, bursts of ``burst`` (0 rate: no limit)."""

    def __init__(self, rate: float, burst: float, max_clients: int = 4096) -> None:
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str, now: float | None = None) -> float:
        """Take one token; 0.0 when allowed, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        moment = time.monotonic() if now is None else now
        tokens, last = self._buckets.pop(client, (self.burst, moment))
        tokens = min(self.burst, tokens + (moment - last) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[client] = (tokens - 1 if wait == 0 else tokens, moment)
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait


class GuardError(Exception):
    """A request refused by the guard: HTTP status, field, message."""

    def __init__(self, status: int, field: str, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field = field
        self.message = message
        self.allowed = allowed
        self.headers: dict[str, str] = {}


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(
        self,
        app: Any,
        allowed_hosts: tuple[str, ...],
        buckets: TokenBuckets,
        body_timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.body_timeout_s = body_timeout_s
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.buckets = buckets

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        try:
            self._check_request(scope)
            body = await _read_body(scope, receive, self.body_timeout_s)
            _check_json(scope, body)
            await self.app(scope, _replay(body, receive), send_guarded)
        except GuardError as exc:
            if not started:
                await _answer(scope, exc, send_guarded)
        except Exception as exc:
            log.error("unhandled %s (request answered 500)", type(exc).__name__)
            if not started:
                await _answer(scope, GuardError(500, "", "something went wrong on our side"), send_guarded)

    def _check_request(self, scope: Any) -> None:
        host = _host_of(scope)
        if host not in self.allowed_hosts and not (IP_LITERALS in self.allowed_hosts and _is_ip(host)):
            raise GuardError(400, "host", "this server does not answer to that host name")
        path: str = scope.get("path", "")
        for segment in path.split("/"):
            if _DIGITS.match(segment) and (len(segment) > 11 or abs(int(segment)) > MAX_DB_ID):
                raise GuardError(404, "path", f"no such id (ids are at most {MAX_DB_ID})")
        method = scope.get("method", "")
        if any(method == m and pattern.match(path) for m, pattern in EXPENSIVE_ROUTES):
            client = (scope.get("client") or ("local", 0))[0]
            wait = self.buckets.take(str(client))
            if wait > 0:
                error = GuardError(429, "", "too many requests; wait a moment and try again")
                error.headers["retry-after"] = str(max(1, math.ceil(wait)))
                raise error


def _host_of(scope: Any) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            text = value.decode("latin-1").strip().lower()
            if text.startswith("["):  # [::1]:8000
                return text[1 : text.find("]")] if "]" in text else text
            return text.rsplit(":", 1)[0] if text.count(":") == 1 else text
    return ""


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _header(scope: Any, wanted: bytes) -> str:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return str(value.decode("latin-1"))
    return ""


async def _read_body(scope: Any, receive: Any, timeout_s: float) -> bytes:
    """The whole body within the size and time limits (413, 408)."""
    if scope.get("method") in ("GET", "HEAD", "OPTIONS"):
        return b""
    kind = _header(scope, b"content-type").lower()
    limit = MAX_MULTIPART_BYTES if kind.startswith("multipart/") else MAX_BODY_BYTES
    length = _header(scope, b"content-length")
    too_big = GuardError(413, "body", f"the request body is larger than {limit // 1024} KiB")
    if length.isascii() and length.isdigit() and (len(length) > 12 or int(length) > limit):
        raise too_big
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout_s):  # one deadline for the whole body, no task per chunk
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise GuardError(400, "body", "the client went away")
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise too_big
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
    except TimeoutError:
        raise GuardError(408, "body", "the request body took too long to arrive") from None


def _check_json(scope: Any, body: bytes) -> None:
    kind = _header(scope, b"content-type").split(";")[0].strip().lower()
    if not body or not (kind == "application/json" or kind.endswith("+json")):
        return
    from psoas.intake.strictjson import loads

    try:
        loads(body, "body", max_chars=None)
    except InputError as exc:
        raise GuardError(422, exc.field, exc.reason, exc.allowed) from None


def _replay(body: bytes, receive: Any) -> Any:
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _answer(scope: Any, error: GuardError, send: Any) -> None:
    from starlette.requests import Request

    from psoas.web.errors import error_response

    request = Request(scope)
    loc: list[str | int] = ["body"] if error.status in (408, 413, 422) else ["header"]
    if error.field and error.field not in ("body", "host"):
        loc += [
            int(p) if p.isascii() and p.isdigit() else p
            for p in error.field.replace("]", "").replace("[", ".").split(".")
        ]
    response = error_response(request, error.status, error.message, error.field, loc, error.allowed)
    for key, value in error.headers.items():
        response.headers[key] = value
    if error.status >= 500 or error.status in (400, 408, 413):
        response.headers["connection"] = "close"
    await response(scope, _no_receive, send)


async def _no_receive() -> Any:
    return {"type": "http.disconnect"}
