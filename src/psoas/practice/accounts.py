"""Accounts, sessions, the login rate limit, invitations, reset links and who may reach whom.

Passwords are hashed with argon2id (argon2-cffi's defaults). Sessions, failed-login counters and
one-time links are rows in the database, so any number of worker processes share them; only a
SHA-256 of each token is stored. A person is reachable by an account when it is the account's own
person (a client) or the account has a care link to it (a therapist, or the owner of a
single-person install); nothing else — not even the admin role — opens someone's diary.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from psoas.errors import InputError, NotFoundError
from psoas.practice.models import ROLES, Account, AuthSession, CareLink, Invitation, LoginThrottle
from psoas.practice.passwords import hash_password, verify_password

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal

SESSION_HOURS = 12
MAX_FAILURES = 5
WINDOW_MINUTES = 15
LOCK_MINUTES = 15
INVITE_DAYS = 7
RESET_HOURS = 24
OWNER_NAME = "owner"


class LoginRefused(InputError):
    """Wrong name or password, or locked out; the message never says which account exists."""


@dataclass(frozen=True)
class Actor:
    """Who is asking: an account id, its role, its own person (clients) and its name."""

    id: int
    role: str
    name: str
    person_id: int | None = None


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def delete_person(person_table: Any, person_id: int) -> Any:
    """A DELETE of one person (its rows go with it; accounts keep living without it)."""
    from sqlalchemy import delete

    return delete(person_table).where(person_table.id == person_id)


@functools.cache
def _session_query() -> Any:
    """The account of a session token (``:token``, its hash) and whether it cares for ``:person``
    (NULL: nobody), built once."""
    from sqlalchemy import Integer, bindparam, literal, select

    person = bindparam("person", type_=Integer)
    cares = select(literal(1)).where(CareLink.account_id == Account.id, CareLink.person_id == person)
    return (
        select(
            Account.id,
            Account.role,
            Account.name,
            Account.person_id,
            Account.disabled,
            AuthSession.expires_at,
            cares.exists().label("cares"),
        )
        .join(AuthSession, AuthSession.account_id == Account.id)
        .where(AuthSession.token_hash == bindparam("token"))
    )


def _actor(account: Account) -> Actor:
    return Actor(account.id, account.role, account.name, account.person_id)


class Accounts:
    """The account side of one journal database."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    # -- accounts -----------------------------------------------------------------------------
    def create(self, name: str, password: str | None, role: str, person_id: int | None = None) -> Actor:
        """A new account; ``password`` None leaves it without one (it cannot log in)."""
        from sqlalchemy import select

        clean = (name or "").strip()
        if not clean or len(clean) > 120:
            raise InputError("name", "must be 1 to 120 characters")
        if role not in ROLES:
            raise InputError("role", f"unknown role {role!r}", ROLES)
        hashed = hash_password(password) if password is not None else None
        with self.journal.transaction() as s:
            if s.scalar(select(Account.id).where(Account.name == clean)) is not None:
                raise InputError("name", "this account name is taken")
            row = Account(name=clean, password_hash=hashed, role=role, person_id=person_id, created_at=now())
            row.disabled = False
            s.add(row)
            s.flush()
            return _actor(row)

    def list(self) -> list[dict[str, Any]]:
        from sqlalchemy import select

        with self.journal.transaction() as s:
            rows = s.scalars(select(Account).order_by(Account.id)).all()
            return [
                {
                    "id": a.id,
                    "name": a.name,
                    "role": a.role,
                    "has_password": a.password_hash is not None,
                    "disabled": a.disabled,
                    "created_at": a.created_at.isoformat() + "Z",
                }
                for a in rows
            ]

    def get(self, account_id: int) -> Actor:
        with self.journal.transaction() as s:
            row = s.get(Account, account_id)
            if row is None:
                raise NotFoundError(f"no account with id {account_id}")
            return _actor(row)

    def owner(self) -> Actor:
        """The owner of a single-person install (the first admin), created on first use."""
        from sqlalchemy import select

        with self.journal.transaction() as s:
            row = s.scalar(select(Account).where(Account.role == "admin").order_by(Account.id).limit(1))
            if row is not None:
                return _actor(row)
        return self.create(OWNER_NAME, None, "admin")

    def set_password(self, account_id: int, password: str) -> None:
        """Set a new password and end every session of the account."""
        from sqlalchemy import delete

        hashed = hash_password(password)
        with self.journal.transaction() as s:
            row = s.get(Account, account_id)
            if row is None:
                raise NotFoundError(f"no account with id {account_id}")
            row.password_hash = hashed
            s.execute(delete(AuthSession).where(AuthSession.account_id == account_id))

    def change_password(self, actor: Actor, current: str, new: str) -> None:
        with self.journal.transaction() as s:
            row = s.get(Account, actor.id)
            stored = row.password_hash if row else None
        if stored is not None and not verify_password(stored, current):
            raise InputError("current", "the current password is wrong")
        self.set_password(actor.id, new)

    def has_login(self, role: str | None = "admin") -> bool:
        """True when some account (of ``role``; None: any) can log in (a password is set)."""
        from sqlalchemy import select

        query = select(Account.id).where(Account.password_hash.is_not(None)).limit(1)
        if role is not None:
            query = query.where(Account.role == role)
        with self.journal.transaction() as s:
            return s.scalar(query) is not None

    # -- sessions and the rate limit ------------------------------------------------------------
    def login(self, name: str, password: str, ip: str) -> str:
        """A new session token, or :class:`LoginRefused` (wrong, or locked out after 5 failures)."""
        from sqlalchemy import select

        keys = (f"name:{(name or '').strip().lower()}", f"ip:{ip}")
        self._refuse_if_locked(keys)
        with self.journal.transaction() as s:
            row = s.scalar(select(Account).where(Account.name == (name or "").strip()))
            stored, account_id = (row.password_hash, row.id) if row and not row.disabled else (None, None)
        if not verify_password(stored, password or "") or account_id is None:
            self._fail(keys)
            raise LoginRefused("name", "wrong name or password")
        self._clear(keys[0])
        return self.start_session(account_id)

    def start_session(self, account_id: int) -> str:
        """A new session (12 hours); the account's expired sessions are removed on the way."""
        from sqlalchemy import delete

        token = secrets.token_urlsafe(32)
        at = now()
        with self.journal.transaction() as s:
            s.execute(
                delete(AuthSession).where(AuthSession.account_id == account_id, AuthSession.expires_at <= at)
            )
            s.add(
                AuthSession(
                    token_hash=token_hash(token),
                    account_id=account_id,
                    created_at=at,
                    expires_at=at + timedelta(hours=SESSION_HOURS),
                )
            )
        return token

    def session_actor(self, token: str | None) -> Actor | None:
        """The account of a live session token, or None."""
        return self.session_reach(token, None)[0]

    def session_reach(self, token: str | None, person_id: int | None) -> tuple[Actor | None, bool]:
        """The account of a live session token (or None), and whether it cares for ``person_id``
        (:meth:`cares_for`; False when no person is given). One prepared query without a
        transaction around it: this runs on every request."""
        if not token:
            return None, False
        person = person_id if person_id is not None and 0 < person_id < 2**31 else None
        with self.journal.single() as connection:
            row = connection.execute(_session_query(), {"token": token_hash(token), "person": person}).first()
        if row is None or row.expires_at <= now() or row.disabled:
            return None, False
        return Actor(row.id, row.role, row.name, row.person_id), bool(row.cares)

    def logout(self, token: str | None) -> None:
        from sqlalchemy import delete

        if token:
            with self.journal.transaction() as s:
                s.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash(token)))

    def _refuse_if_locked(self, keys: tuple[str, ...]) -> None:
        with self.journal.transaction() as s:
            for key in keys:
                row = s.get(LoginThrottle, key)
                if row is not None and row.locked_until is not None and row.locked_until > now():
                    raise LoginRefused("name", f"too many failed logins; try again in {LOCK_MINUTES} minutes")

    def _fail(self, keys: tuple[str, ...]) -> None:
        from sqlalchemy.exc import IntegrityError

        try:
            self._count_failure(keys)
        except IntegrityError:  # another worker made the same row a moment ago: count on it
            self._count_failure(keys)

    def _count_failure(self, keys: tuple[str, ...]) -> None:
        at = now()
        with self.journal.transaction() as s:
            for key in keys:
                row = s.get(LoginThrottle, key, with_for_update=True)
                if row is None:
                    row = LoginThrottle(key=key, failures=0, window_start=at)
                    s.add(row)
                if row.window_start < at - timedelta(minutes=WINDOW_MINUTES):
                    row.failures, row.window_start, row.locked_until = 0, at, None
                row.failures += 1
                if row.failures >= MAX_FAILURES:
                    row.locked_until = at + timedelta(minutes=LOCK_MINUTES)

    def _clear(self, key: str) -> None:
        from sqlalchemy import delete

        with self.journal.transaction() as s:
            s.execute(delete(LoginThrottle).where(LoginThrottle.key == key))

    # -- care links and reach -------------------------------------------------------------------
    def link(self, account_id: int, person_id: int) -> None:
        from sqlalchemy import select

        with self.journal.transaction() as s:
            exists = s.scalar(
                select(CareLink.id).where(CareLink.account_id == account_id, CareLink.person_id == person_id)
            )
            if exists is None:
                s.add(
                    CareLink(
                        account_id=account_id, person_id=person_id, created_at=now(), recall_every_days=42
                    )
                )

    def can_reach(self, actor: Actor, person_id: int) -> bool:
        """The person is the actor's own, or the actor cares for them."""
        return actor.person_id == person_id or self.cares_for(actor, person_id)

    def cares_for(self, actor: Actor, person_id: int) -> bool:
        from sqlalchemy import select

        if not 0 < person_id < 2**31:  # beyond any stored id (32-bit in PostgreSQL): nobody's carer
            return False
        query = select(CareLink.id).where(CareLink.account_id == actor.id, CareLink.person_id == person_id)
        with self.journal.single() as connection:
            return connection.execute(query.limit(1)).first() is not None

    def reachable_ids(self, actor: Actor) -> set[int]:
        from sqlalchemy import select

        with self.journal.transaction() as s:
            ids = set(s.scalars(select(CareLink.person_id).where(CareLink.account_id == actor.id)))
        if actor.person_id is not None:
            ids.add(actor.person_id)
        return ids

    # -- one-time links -------------------------------------------------------------------------
    def invite(self, therapist: Actor) -> str:
        """A one-time invitation token for a new client of ``therapist`` (valid 7 days)."""
        return self._new_link("invite", therapist.id, None, timedelta(days=INVITE_DAYS))

    def reset_link(self, admin: Actor, account_id: int) -> str:
        """A one-time password-reset token for ``account_id`` (valid 24 hours)."""
        self.get(account_id)
        return self._new_link("reset", admin.id, account_id, timedelta(hours=RESET_HOURS))

    def _new_link(self, kind: str, by: int, account_id: int | None, valid: timedelta) -> str:
        token = secrets.token_urlsafe(32)
        at = now()
        with self.journal.transaction() as s:
            s.add(
                Invitation(
                    token_hash=token_hash(token),
                    kind=kind,
                    created_by=by,
                    account_id=account_id,
                    created_at=at,
                    expires_at=at + valid,
                )
            )
        return token

    def check_link(self, kind: str, token: str) -> None:
        """:class:`NotFoundError` unless ``token`` is a live, unused link of ``kind``."""
        with self.journal.transaction() as s:
            row = s.get(Invitation, token_hash(token))
            if row is None or row.kind != kind or row.used_at is not None or row.expires_at <= now():
                raise NotFoundError("this link is unknown, used or expired")

    def accept_invite(
        self, token: str, person_name: str, account_name: str, password: str
    ) -> tuple[Actor, str]:
        """Create the client's person and account, link them to the therapist; returns a session."""
        from psoas.journal.models import Person

        self.check_link("invite", token)
        hash_password(password)  # refuse a short password before anything is written
        person = self.journal.add_person(person_name)  # a taken name is an InputError on ``name``
        try:
            actor = self.create(account_name, password, "client", person_id=person["id"])
            with self.journal.transaction() as s:
                row = s.get(Invitation, token_hash(token), with_for_update=True)
                if row is None or row.used_at is not None:
                    raise NotFoundError("this link is unknown, used or expired")
                row.used_at = now()
                therapist = row.created_by
        except (InputError, NotFoundError):
            with self.journal.transaction() as s:
                s.execute(delete_person(Person, person["id"]))
            raise
        if therapist is not None:
            self.link(therapist, person["id"])
        return actor, self.start_session(actor.id)

    def accept_reset(self, token: str, password: str) -> None:
        self.check_link("reset", token)
        hash_password(password)
        with self.journal.transaction() as s:
            row = s.get(Invitation, token_hash(token), with_for_update=True)
            if row is None or row.used_at is not None or row.account_id is None:
                raise NotFoundError("this link is unknown, used or expired")
            row.used_at = now()
            account_id = row.account_id
        self.set_password(account_id, password)
