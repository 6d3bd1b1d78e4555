"""The middleware that enforces :mod:`psoas.web.policy` on every request, before any route runs.

It finds the route the request will reach, looks up its rule (no rule: refused), works out who is
asking (the session cookie; on a single-person loopback install, the owner), checks the rule and,
for clinical rules, writes the audit entry with the final status.
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.routing import Match

from psoas.practice.accounts import Actor
from psoas.web.policy import RULES, SESSION_COOKIE, Rule, client_ip, practice_of, route_table

Scope = dict[str, Any]
MAX_ID = 2**31  # ids are 32-bit integers in PostgreSQL; a larger one names nobody (and must not reach SQL)


ROUTE_MEMO = 4096
"""(method, path) → route lookups remembered per app (oldest forgotten first) ..."""
MEMO_PATH = 256
"""... for paths up to this long (a memo of long made-up paths would only cost memory)."""


def _find(app: Any, scope: Scope) -> tuple[str | None, dict[str, Any], bool]:
    """(rule key, path params, whether some route matched the path at all); remembered per path."""
    memo: dict[tuple[str, str, str], tuple[str | None, dict[str, Any], bool]] | None = getattr(
        app.state, "route_memo", None
    )
    if memo is None:
        memo = app.state.route_memo = {}
    key = (scope["method"], scope.get("root_path", ""), scope["path"])
    found = memo.get(key)
    if found is None:
        found = _match(app, scope)
        if len(scope["path"]) > MEMO_PATH:
            return found
        if len(memo) >= ROUTE_MEMO:
            memo.pop(next(iter(memo)))
        memo[key] = found
    return found[0], dict(found[1]), found[2]


def _match(app: Any, scope: Scope) -> tuple[str | None, dict[str, Any], bool]:
    table = getattr(app.state, "route_table", None)
    if table is None:
        table = route_table(app)
        app.state.route_table = table
    method = "GET" if scope["method"] == "HEAD" else scope["method"]
    partial = False
    for key, route in table:
        kind, child = route.matches(scope)
        if kind == Match.FULL and (key.startswith("* ") or key.startswith(method + " ")):
            return key, child.get("path_params", {}), True
        partial = partial or kind != Match.NONE
    return None, {}, partial


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                return None
            morsel = jar.get(name)
            return morsel.value if morsel else None
    return None


def identify(app: Any, scope: Scope, person: int | None = None) -> tuple[Actor | None, bool | None]:
    """Who asks (their session; on a single-person loopback install without one, the owner) and
    whether they care for ``person`` (None: not looked up), in one query for a session."""
    practice = practice_of(app)
    actor, cares = practice.accounts.session_reach(_cookie(scope, SESSION_COOKIE), person)
    if actor is None and not app.state.require_accounts:
        return practice.owner(), None
    return actor, cares


def authorize(
    app: Any, rule: Rule, params: dict[str, Any], scope: Scope
) -> tuple[Actor | None, int, int | None]:
    """Who asks, and :func:`decide` for them (one trip to the thread pool, one session query)."""
    person = _person_param(rule, params, scope) if rule.clinical else None
    actor, cares = identify(app, scope, person if person is not None and person > 0 else None)
    return (actor, *decide(app, rule, actor, person, cares))


def decide(
    app: Any, rule: Rule, actor: Actor | None, person: int | None, cares: bool | None = None
) -> tuple[int, int | None]:
    """(status to refuse with, or 0 to go on; the person concerned). ``person`` is what the request
    names (:func:`_person_param`; clinical rules only), ``cares`` whether ``actor`` cares for them
    (None: look it up)."""
    if rule.kind == "public":
        return 0, None
    if actor is None:
        return 401, (person if rule.clinical and person is not None and person >= 0 else None)
    if rule.kind == "account":
        return 0, None
    if rule.kind == "admin":
        return (0 if actor.role == "admin" else 403), None
    if rule.kind == "therapist":
        return (0 if actor.role in ("therapist", "admin") else 403), None
    if person is None:
        return (0, None) if rule.query else (404, None)
    if person < 0:
        return 404, None
    if cares is None:
        cares = practice_of(app).accounts.cares_for(actor, person)
    ok = cares if rule.kind == "carer" else (actor.person_id == person or cares)
    return (0 if ok else 404), person


def _person_param(rule: Rule, params: dict[str, Any], scope: Scope) -> int | None:
    """The person the request names (-1: unreadable, or a query naming several different ones)."""
    raw: Any = params.get("person_id")
    if rule.owner is not None:
        return _owner(rule.owner, params.get(rule.owner), app_of_scope(scope))
    if raw is None and rule.query:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True).get(
            rule.query
        )
        if not values or values == [""]:
            return None
        if len(set(values)) > 1:  # the route reads one of them; never let it read an unchecked one
            return -1
        raw = values[0]
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number < MAX_ID else -1  # beyond any stored id: nobody


def app_of_scope(scope: Scope) -> Any:
    return scope["app"]


def _owner(param: str, raw: Any, app: Any) -> int:
    """The person who owns the record ``raw`` names (-1: none, or no way to tell: refused)."""
    from psoas.web.policy import OWNERS

    lookup = OWNERS.get(param)
    if (
        lookup is None
        or raw is None
        or not (str(raw).isascii() and str(raw).isdigit())
        or not 0 < int(raw) < MAX_ID
    ):
        return -1
    with app.state.services.journal.single() as connection:
        person = lookup(connection, int(raw))
    return -1 if person is None else person


async def _refuse(scope: Scope, send: Any, status: int, message: str) -> None:
    path = scope.get("path", "/")
    headers: list[tuple[bytes, bytes]]
    if path.startswith("/api/"):
        from psoas.web.errors import TITLES

        item = {"loc": ["request"], "field": "", "msg": message, "allowed": None}
        body = json.dumps({"status": status, "title": TITLES.get(status, "Error"), "detail": [item]}).encode()
        headers = [(b"content-type", b"application/json")]
    elif status == 401 and scope["method"] in ("GET", "HEAD"):
        target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
        status, body = 303, b""
        headers = [(b"location", f"/login?next={quote(target, safe='')}".encode())]
    else:
        body = _page(status, message, path).encode()
        headers = [(b"content-type", b"text/html; charset=utf-8")]
    headers.append((b"content-length", str(len(body)).encode()))
    headers.append((b"x-psoas-refused", b"policy"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _page(status: int, message: str, path: str) -> str:
    from html import escape

    from psoas.web.errors import back_link

    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width, initial-scale=1"><title>psoas</title><link rel="stylesheet" '
        f'href="/static/app.css"></head><body><main id="main"><h1>{status}</h1><p>{escape(message)}</p>'
        f'<p><a href="{escape(back_link(path))}">Go back</a> · <a href="/login">Log in</a> · '
        '<a href="/">Home</a></p></main></body></html>'
    )


MESSAGES = {
    401: "log in first",
    403: "your account may not do this",
    404: "not found",
}


class AccessPolicy:
    """Pure ASGI middleware: every HTTP request meets its route's rule before the route runs."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        app = scope["app"]
        key, params, _matched = _find(app, scope)
        if key is None:
            await self.app(scope, receive, send)  # no route: the router answers 404 or 405
            return
        rule = RULES.get(key)
        if rule is None:
            await _refuse(scope, send, 403, "this route has no access rule")
            return
        if any(
            k.endswith("_id") and str(v).isascii() and str(v).isdigit() and int(v) >= MAX_ID
            for k, v in params.items()
        ):
            await _refuse(scope, send, 404, MESSAGES[404])
            return
        actor, status, person = (
            (None, 0, None)
            if rule.kind == "public"
            else await run_in_threadpool(authorize, app, rule, params, scope)
        )
        scope.setdefault("state", {}).update(actor=actor, policy_key=key)
        if status:
            if rule.clinical:
                await run_in_threadpool(_audit, app, actor, key, person, scope, status)
            await _refuse(scope, send, status, MESSAGES[status])
            return
        if not rule.clinical:
            await self.app(scope, receive, send)
            return
        seen: dict[str, int] = {}

        async def send_noting_status(message: Any) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            await run_in_threadpool(_audit, app, actor, key, person, scope, seen.get("status", 500))


def _audit(app: Any, actor: Actor | None, key: str, person: int | None, scope: Scope, status: int) -> None:
    practice_of(app).audit.record(actor, key, person_id=person, ip=client_ip(scope), outcome=status)
