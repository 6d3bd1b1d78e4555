"""The audit log: who did what to whose record, when and from where — never the clinical values.

Rows are only ever appended (a database trigger refuses UPDATE and DELETE). An action is a route
template such as ``GET /people/{person_id}/diary`` or a named event (``login``, ``login-failed``,
``invite``, ``password-reset``), never a value the person entered.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from psoas.practice.accounts import Actor, now
from psoas.practice.models import AuditEntry

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal

COLUMNS = ("id", "at", "actor_id", "actor_role", "action", "person_id", "ip", "outcome")


class AuditLog:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def record(
        self,
        actor: Actor | None,
        action: str,
        person_id: int | None = None,
        ip: str = "",
        outcome: int = 200,
        at: datetime | None = None,
    ) -> None:
        from sqlalchemy import insert

        row = {
            "at": at or now(),
            "actor_id": actor.id if actor else None,
            "actor_role": actor.role if actor else "anonymous",
            "action": action[:200],
            "person_id": person_id,
            "ip": ip[:64],
            "outcome": outcome,
        }
        with self.journal.single() as connection:  # Core, no transaction around it: every clinical request
            connection.execute(insert(AuditEntry), row)

    def entries(self, limit: int = 500, person_id: int | None = None) -> list[dict[str, Any]]:
        """The newest entries first."""
        from sqlalchemy import select

        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 100_000)))
        if person_id is not None:
            if not 0 < person_id < 2**31:  # beyond any stored id: no entries (and no SQL overflow)
                return []
            query = query.where(AuditEntry.person_id == person_id)
        with self.journal.transaction() as s:
            return [_row(e) for e in s.scalars(query)]

    def csv(self) -> str:
        """The whole log as CSV, oldest first (for export)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in reversed(self.entries(limit=100_000)):
            writer.writerow(row)
        return out.getvalue()


def _row(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(timespec="seconds") + "Z",
        "actor_id": e.actor_id,
        "actor_role": e.actor_role,
        "action": e.action,
        "person_id": e.person_id,
        "ip": e.ip,
        "outcome": e.outcome,
    }
