"""Who may call which route: ONE table of rules, enforced by one middleware, failing closed.

How a route declares its rule
-----------------------------
Add one line to :data:`RULES`, keyed ``"METHOD /path/template"`` exactly as the route is declared
(``"GET /people/{person_id}/diary"``; HEAD follows GET; a mount is ``"* /static"``)::

    "GET /people/{person_id}/trial": PERSON,          # the person's own account or their carer
    "POST /api/v1/people/{person_id}/notes": CARER,   # only an account that cares for the person
    "GET /admin/audit": ADMIN,

A route that names a record rather than a person uses ``person_of("entry_id")`` (or ``carer_of``)
with an owner lookup registered in :data:`OWNERS` (``"entry_id": _owner_by("pain_entry")``); the
owner of the record is then checked like ``{person_id}``, and an unknown record is 404.

Rules: ``PUBLIC`` (anyone), ``ACCOUNT`` (any logged-in account), ``PERSON`` (the ``{person_id}``
path parameter — or the query parameter named by ``Rule.query`` when present — must be the
account's own person or one it cares for), ``CARER`` (must care for ``{person_id}``: a therapist of
that client, or the owner of a single-person install), ``THERAPIST`` (role therapist or admin),
``ADMIN`` (role admin). A route with no line is refused (403 "no access rule") and fails
``tests/web/test_authz_matrix.py``, which walks the app's route table.

Belt and braces: an app-wide FastAPI dependency (:func:`same_route_as_checked`) refuses a request
whose dispatched route is not the one whose rule the middleware checked.

Answers: no account → 401 (API: the ErrorBody of :mod:`psoas.web.errors`, "log in first") or a redirect to
``/login`` (page GET); someone else's or an unknown person → 404, never 403; a role that does not
fit → 403. Every request through a ``PERSON`` or ``CARER`` rule is written to the audit log (the
route template, the person id, the account, the address and the status; never a value).

Two modes, one code path: with accounts required (``psoas serve`` beyond loopback, or
``--accounts``) a request is who its session cookie says; on a single-person loopback install a
request without a session is the owner account (created on first use).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request  # at run time: the app-wide dependency below is resolved by FastAPI

from psoas.practice.accounts import Accounts, Actor
from psoas.practice.audit import AuditLog
from psoas.practice.clinic import Clinic

SESSION_COOKIE = "psoas_session"
POLICY_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No session (accounts required): ErrorBody, 'log in first'"},
    403: {"description": "The account's role may not do this: ErrorBody, 'your account may not do this'"},
    404: {"description": "Someone else's (or no) person or record: ErrorBody, 'not found'"},
}
"""The policy's answers, documented on the API routers (OpenAPI ``responses``)."""


@dataclass(frozen=True)
class Rule:
    kind: str
    query: str | None = None  # PERSON: also check this query parameter when it is given
    owner: str | None = None  # PERSON/CARER by a record: the path parameter whose owner is the person

    @property
    def clinical(self) -> bool:
        return self.kind in ("person", "carer")


PUBLIC, ACCOUNT, PERSON, CARER = Rule("public"), Rule("account"), Rule("person"), Rule("carer")
THERAPIST, ADMIN = Rule("therapist"), Rule("admin")
PERSON_QUERY = Rule("person", query="person")


def person_of(param: str) -> Rule:
    """PERSON for a route that names a record instead of a person (``/api/v1/entries/{entry_id}``)."""
    return Rule("person", owner=param)


def carer_of(param: str) -> Rule:
    """CARER for a route that names a record instead of a person (``/api/v1/notes/{note_id}``)."""
    return Rule("carer", owner=param)


def _owner_by(table: str) -> Callable[[Any, int], int | None]:
    def owner(connection: Any, record_id: int) -> int | None:
        from sqlalchemy import text

        row = connection.execute(
            text(f"SELECT person_id FROM {table} WHERE id = :id"), {"id": record_id}
        ).first()
        return None if row is None else int(row[0])

    return owner


OWNERS: dict[str, Callable[[Any, int], int | None]] = {
    "assessment_id": _owner_by("assessment"),
    "note_id": _owner_by("visit_note"),
    "pain_entry_id": _owner_by("pain_entry"),
    "practice_entry_id": _owner_by("practice_entry"),
    "visit_id": _owner_by("visit"),
}
"""How to find the person who owns a record named by a path parameter: ``f(connection, id) ->
person id or None``. Add one for a new kind of record, then use :func:`person_of` in RULES."""

RULES: dict[str, Rule] = {
    # knowledge, the same for everyone (nothing stored about anyone)
    "* /static": PUBLIC,
    "GET /openapi.json": PUBLIC,
    "GET /docs": PUBLIC,
    "GET /exercises": PUBLIC,
    "GET /claims": PUBLIC,
    "GET /claims/{claim_id}": PUBLIC,
    "GET /api/v1/schema/intake": PUBLIC,
    "GET /api/v1/atlas": PUBLIC,
    "GET /api/v1/exercises": PUBLIC,
    "GET /api/v1/exercises/{exercise_id}": PUBLIC,
    "GET /api/v1/claims": PUBLIC,
    "GET /api/v1/claims/{claim_id}": PUBLIC,
    # computing for an account (nothing stored unless a person is named)
    "GET /": ACCOUNT,
    "POST /api/v1/assess": ACCOUNT,
    "POST /api/v1/simulate": ACCOUNT,
    "GET /intake": PERSON_QUERY,
    "POST /intake/flags": ACCOUNT,
    "POST /intake/clear": ACCOUNT,  # the draft is found only for the account that began it; its person is checked
    "POST /intake/map": ACCOUNT,
    "POST /intake/history": ACCOUNT,
    "POST /intake/{step}/back": ACCOUNT,
    "POST /intake/tests": ACCOUNT,  # saving checks the posted person itself (wizard.finish)
    "GET /intake/{step}": ACCOUNT,  # a draft is found only for the account that began it; its person is checked
    "POST /intake/save": ACCOUNT,  # checks the chosen person itself; a new person needs a therapist or admin
    "GET /play/{exercise_id}": PERSON_QUERY,
    "GET /people": ACCOUNT,
    "POST /people": THERAPIST,
    "GET /api/v1/people": ACCOUNT,
    "POST /api/v1/people": THERAPIST,
    # one person's record
    "GET /people/{person_id}": PERSON,
    "GET /people/{person_id}/calendar.ics": PERSON,
    "GET /people/{person_id}/assessments/{assessment_id}": PERSON,
    "GET /people/{person_id}/program": PERSON,
    "POST /people/{person_id}/practice": PERSON,
    "GET /people/{person_id}/diary": PERSON,
    "POST /people/{person_id}/pain": PERSON,
    "POST /people/{person_id}/visits": PERSON,
    "GET /people/{person_id}/progress": PERSON,
    "GET /api/v1/people/{person_id}": PERSON,
    "POST /api/v1/people/{person_id}/assessments": PERSON,
    "GET /api/v1/people/{person_id}/assessments": PERSON,
    "GET /api/v1/people/{person_id}/assessments/{assessment_id}": PERSON,
    "GET /api/v1/people/{person_id}/program": PERSON,
    "GET /api/v1/people/{person_id}/entries": PERSON,
    "POST /api/v1/people/{person_id}/pain": PERSON,
    "POST /api/v1/people/{person_id}/practice": PERSON,
    "POST /api/v1/people/{person_id}/visits": PERSON,
    "GET /api/v1/people/{person_id}/reminders": PERSON,
    "GET /api/v1/people/{person_id}/progress": PERSON,
    "GET /api/v1/people/{person_id}/verify": PERSON,
    # accounts (psoas.web.account_pages)
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": PUBLIC,
    "GET /account": ACCOUNT,
    "POST /account/password": ACCOUNT,
    "GET /invite/{token}": PUBLIC,
    "POST /invite/{token}": PUBLIC,
    "GET /reset/{token}": PUBLIC,
    "POST /reset/{token}": PUBLIC,
    "GET /admin/accounts": ADMIN,
    "POST /admin/accounts": ADMIN,
    "POST /admin/accounts/{account_id}/reset": ADMIN,
    "GET /admin/audit": ADMIN,
    "GET /admin/audit.csv": ADMIN,
    "POST /api/v1/login": PUBLIC,
    "POST /api/v1/logout": PUBLIC,
    "GET /api/v1/me": ACCOUNT,
    "POST /api/v1/me/password": ACCOUNT,
    "GET /api/v1/admin/accounts": ADMIN,
    "POST /api/v1/admin/accounts": ADMIN,
    "POST /api/v1/admin/accounts/{account_id}/reset": ADMIN,
    "GET /api/v1/admin/audit": ADMIN,
    # the therapist's day (psoas.web.practice_pages)
    "GET /practice": THERAPIST,
    "POST /practice/invite": THERAPIST,
    "GET /people/{person_id}/notes": CARER,
    "POST /people/{person_id}/notes": CARER,
    "GET /people/{person_id}/program/edit": CARER,
    "POST /people/{person_id}/program/edit": CARER,
    "POST /people/{person_id}/recall": CARER,
    "GET /people/{person_id}/export.json": PERSON,
    "POST /people/{person_id}/delete": PERSON,
    "GET /api/v1/practice/clients": THERAPIST,
    "POST /api/v1/practice/invitations": THERAPIST,
    "GET /api/v1/people/{person_id}/notes": CARER,
    "POST /api/v1/people/{person_id}/notes": CARER,
    "POST /api/v1/people/{person_id}/program/changes": CARER,
    "GET /api/v1/people/{person_id}/program/changes": PERSON,
    "PUT /api/v1/people/{person_id}/recall": CARER,
    "GET /api/v1/people/{person_id}/export": PERSON,
    "DELETE /api/v1/people/{person_id}": PERSON,
    # knowledge and computing added with the gallery, compare and photo measurement
    "GET /exercises/gallery": PUBLIC,
    "POST /api/v1/compare": ACCOUNT,
    "GET /photo": ACCOUNT,
    "POST /api/v1/measure": ACCOUNT,  # the photo is read in memory and never stored here
    # one person's record: before/after, the per-person trial and entry corrections (each route
    # looks the entry, trial or photo up under the person in the path, so a foreign id is 404)
    "GET /people/{person_id}/compare": PERSON,
    "GET /api/v1/people/{person_id}/trial": PERSON,
    "POST /api/v1/people/{person_id}/trial/proposal": PERSON,
    "POST /api/v1/people/{person_id}/trial": PERSON,
    "DELETE /api/v1/people/{person_id}/trial": PERSON,
    "GET /api/v1/people/{person_id}/trial/report": PERSON,
    "POST /api/v1/people/{person_id}/trial/retests": PERSON,
    "GET /api/v1/people/{person_id}/trial/calendar.ics": PERSON,
    "GET /api/v1/people/{person_id}/entries/{kind}/{entry_id}": PERSON,
    "PATCH /api/v1/people/{person_id}/entries/{kind}/{entry_id}": PERSON,
    "DELETE /api/v1/people/{person_id}/entries/{kind}/{entry_id}": PERSON,
    "GET /api/v1/people/{person_id}/edits": PERSON,
    "GET /people/{person_id}/trial": PERSON,
    "POST /people/{person_id}/trial": PERSON,
    "POST /people/{person_id}/trial/log": PERSON,
    "POST /people/{person_id}/trial/retest": PERSON,
    "POST /people/{person_id}/trial/stop": PERSON,
    "GET /people/{person_id}/trial/report": PERSON,
    "GET /people/{person_id}/trial/calendar.ics": PERSON,
    "GET /people/{person_id}/entries/{kind}/{entry_id}": PERSON,
    "POST /people/{person_id}/entries/{kind}/{entry_id}": PERSON,
    "POST /people/{person_id}/entries/{kind}/{entry_id}/delete": PERSON,
    # documents and records that travel
    "GET /api/v1/people/{person_id}/handout.pdf": PERSON,
    "GET /api/v1/people/{person_id}/summary.pdf": PERSON,
    "GET /people/{person_id}/handout.pdf": PERSON,
    "GET /people/{person_id}/summary.pdf": PERSON,
    "GET /api/v1/people/{person_id}/fhir": PERSON,
    "POST /api/v1/fhir": THERAPIST,  # an import creates people, like POST /api/v1/people
    # kept measurement photos
    "POST /api/v1/people/{person_id}/photos": PERSON,
    "GET /api/v1/people/{person_id}/photos": PERSON,
    "DELETE /api/v1/people/{person_id}/photos/{photo_id}": PERSON,
    "GET /people/{person_id}/photos": PERSON,
    "POST /people/{person_id}/photos/{photo_id}/delete": PERSON,
    # managing people (psoas.web.people_pages): the carers rename; deleting is the person's or a carer's
    "GET /people/{person_id}/rename": CARER,
    "POST /people/{person_id}/rename": CARER,
    "PATCH /api/v1/people/{person_id}": CARER,
    "GET /people/{person_id}/delete": PERSON,
}


class Practice:
    """The practice services of one app: accounts, the audit log and the clinic."""

    def __init__(self, journal: Any) -> None:
        self.accounts = Accounts(journal)
        self.audit = AuditLog(journal)
        self.clinic = Clinic(journal)
        self._owner: Actor | None = None
        self._adopted_at = 0.0

    def owner(self) -> Actor:
        """The owner of a single-person install; people nobody cares for yet become theirs."""
        if self._owner is None:
            self._owner = self.accounts.owner()
        if time.monotonic() - self._adopted_at > 2.0:
            self._adopted_at = time.monotonic()
            _adopt_orphans(self.accounts, self._owner)
        return self._owner


def _adopt_orphans(accounts: Accounts, owner: Actor) -> None:
    from sqlalchemy import select

    from psoas.journal.models import Person
    from psoas.practice.models import Account, CareLink

    with accounts.journal.transaction() as s:
        linked = select(CareLink.person_id)
        own = select(Account.person_id).where(Account.person_id.is_not(None))
        orphans = s.scalars(select(Person.id).where(Person.id.not_in(linked), Person.id.not_in(own))).all()
    for person_id in orphans:
        accounts.link(owner.id, person_id)


def practice_of(app: FastAPI) -> Practice:
    practice: Practice | None = getattr(app.state, "practice", None)
    if practice is None:
        practice = Practice(app.state.services.journal)
        app.state.practice = practice
    return practice


def actor_of(request: Request) -> Actor:
    """The account of this request (the policy middleware has checked that there is one)."""
    actor: Actor | None = request.scope.get("state", {}).get("actor")
    if actor is None:
        from psoas.errors import NotFoundError

        raise NotFoundError("not found")
    return actor


def client_ip(scope: Mapping[str, Any]) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def route_table(app: Any) -> list[tuple[str, Any]]:
    """Every route of the app as ``(rule key, route)``; the matrix test walks the same list."""
    try:
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # pragma: no cover - older FastAPI: the routes are flat already
        routes = list(app.routes)
    out = []
    for route in routes:
        methods = getattr(route, "methods", None)
        if not methods:
            out.append((f"* {route.path}", route))
            continue
        for method in sorted(set(methods) - {"HEAD"}):
            out.append((f"{method} {route.path}", route))
    return out


def visible_people(request: Request) -> list[dict[str, Any]]:
    """The profiles this request's account may see (its own person and those it cares for)."""
    reach = practice_of(request.app).accounts.reachable_ids(actor_of(request))
    people: list[dict[str, Any]] = request.app.state.services.people()
    return [p for p in people if p["id"] in reach]


def adopt_person(request: Request, person_id: int) -> None:
    """A profile made by a therapist (or the owner) is in their care from the start."""
    practice_of(request.app).accounts.link(actor_of(request).id, person_id)


def check_person(request: Request, person_id: int | None) -> None:
    """For a person named in a form body: 404 unless this account may reach them; audited either way
    (the route's template, like the middleware's entries)."""
    if person_id is None:
        return
    practice, actor = practice_of(request.app), actor_of(request)
    allowed = practice.accounts.can_reach(actor, person_id)
    route = request.scope.get("route")
    action = f"{request.method} {getattr(route, 'path', request.url.path)}"
    known = person_id if 0 < person_id < 2**31 else None
    practice.audit.record(actor, action, known, client_ip(request.scope), 200 if allowed else 404)
    if not allowed:
        from psoas.errors import NotFoundError

        raise NotFoundError(f"no person with id {person_id}")


def same_route_as_checked(request: Request) -> None:
    """An app-wide dependency: the route FastAPI dispatched to must be the one whose rule the
    middleware checked (guards against the two matchers ever disagreeing); otherwise 403."""
    route = request.scope.get("route")
    checked = request.scope.get("state", {}).get("policy_key")
    method = "GET" if request.method == "HEAD" else request.method
    if route is None or checked != f"{method} {getattr(route, 'path', '')}":
        from fastapi import HTTPException

        raise HTTPException(status_code=403, detail="this route has no access rule")
