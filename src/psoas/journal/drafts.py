"""Wizard drafts kept on the server: the answers of an unfinished assessment, under a random id.

The web wizard keeps its answers here between steps, so Back, a reload or a second tab opened on
the same address (``/intake/map?d=<id>``) all find them. A draft belongs to the account that began
it (another account's lookup finds nothing) and lives :data:`DRAFT_HOURS` hours after its last
change; expired drafts are removed whenever a draft is written. The table is ``intake_draft``
(migration ``0008_intake_drafts``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from psoas.journal.base import Base

DRAFT_HOURS = 24
"""How long an untouched draft is kept."""
DRAFT_ID_CHARS = 22
"""Length of a draft id (16 random bytes, URL-safe base64)."""


class IntakeDraft(Base):
    __tablename__ = "intake_draft"
    __table_args__ = (Index("ix_intake_draft_expires_at", "expires_at"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=True)
    step: Mapped[str] = mapped_column(String(20), nullable=False)
    content: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


@dataclass(frozen=True)
class Draft:
    """One kept draft: its id, the step it was left at, the person it is for and the answers."""

    id: str
    step: str
    person_id: int | None
    content: dict[str, Any]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def well_formed(draft_id: str) -> bool:
    """Whether a text could be a draft id (checked before any lookup)."""
    return len(draft_id) == DRAFT_ID_CHARS and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in draft_id
    )


class Drafts:
    """Keep, find and forget wizard drafts in the journal's database."""

    def __init__(self, journal: Any) -> None:
        self.journal = journal

    def keep(
        self,
        draft_id: str | None,
        account_id: int | None,
        person_id: int | None,
        step: str,
        content: dict[str, Any],
    ) -> str:
        """Write the draft (a new id when ``draft_id`` is None or not this account's); its id."""
        from sqlalchemy import delete

        now = _now()
        with self.journal.transaction() as s:
            s.execute(delete(IntakeDraft).where(IntakeDraft.expires_at < now))
            row = s.get(IntakeDraft, draft_id) if draft_id and well_formed(draft_id) else None
            if row is None or row.account_id != account_id:
                row = IntakeDraft(id=secrets.token_urlsafe(16), account_id=account_id)
                s.add(row)
            row.person_id, row.step, row.content = person_id, step, content
            row.expires_at = now + timedelta(hours=DRAFT_HOURS)
            return row.id

    def find(self, draft_id: str, account_id: int | None) -> Draft | None:
        """The draft with this id begun by this account and not expired, else None."""
        if not well_formed(draft_id):
            return None
        with self.journal.transaction(write=False) as s:
            row = s.get(IntakeDraft, draft_id)
            if row is None or row.account_id != account_id or row.expires_at < _now():
                return None
            return Draft(row.id, row.step, row.person_id, dict(row.content))

    def forget(self, draft_id: str, account_id: int | None) -> None:
        """Remove the draft (after its assessment was saved)."""
        from sqlalchemy import delete

        with self.journal.transaction() as s:
            s.execute(
                delete(IntakeDraft).where(IntakeDraft.id == draft_id, IntakeDraft.account_id == account_id)
            )
