"""Correcting the diary: edit or delete a pain, practice or visit entry, keeping the history.

Every change writes one ``entry_edit`` row with the entry as it was and as it became (``after`` is
None for a deletion), so ``verify`` and the trial report can say that data were edited. An entry
that does not exist, or that belongs to someone else, is a :class:`NotFoundError` and nothing is
written. Times are naive UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from psoas.errors import InputError, NotFoundError
from psoas.journal import parse
from psoas.journal.models import EntryEdit, PainEntry, PracticeEntry, Visit

MODELS: dict[str, Any] = {"pain": PainEntry, "practice": PracticeEntry, "visit": Visit}
KINDS = tuple(MODELS)
FIELDS: dict[str, tuple[str, ...]] = {
    "pain": ("at", "region", "side", "intensity", "note"),
    "practice": ("at", "exercise_id", "minutes", "holds", "reps", "felt"),
    "visit": ("at", "kind", "who", "notes"),
}


def _row(session: Session, person_id: int, kind: str, entry_id: int) -> Any:
    if kind not in MODELS:
        raise InputError("kind", f"unknown entry kind {kind!r}", KINDS)
    model = MODELS[kind]
    row = session.scalar(select(model).where(model.id == entry_id, model.person_id == person_id))
    if row is None:
        raise NotFoundError(f"entry: no {kind} entry {entry_id} for this person")
    return row


def snapshot(kind: str, row: Any) -> dict[str, Any]:
    """The editable fields of an entry, JSON-ready."""
    out = {name: getattr(row, name) for name in FIELDS[kind]}
    out["at"] = parse.iso(row.at)
    return out


def _clean(kind: str, row: Any, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Validate every change before anything is written; returns column → new value."""
    unknown = sorted(set(changes) - set(FIELDS[kind]))
    if unknown:
        raise InputError(unknown[0], f"cannot be edited on a {kind} entry", FIELDS[kind])
    if not changes:
        raise InputError("changes", "nothing to change", FIELDS[kind])
    for name in ("note", "felt", "who", "notes", "exercise_id", "kind", "region", "side"):
        if name in changes and not isinstance(changes[name], str | None):
            raise InputError(name, "must be text")
    out: dict[str, Any] = {}
    if "at" in changes:
        at = changes["at"]
        out["at"] = parse.to_utc(at) if isinstance(at, datetime) else parse.parse_at(str(at), "at", now)
    if kind == "pain":
        region = changes.get("region", row.region)
        side = changes.get("side", row.side if "region" not in changes else None)
        pain = parse.validate_pain(str(region), side, changes.get("intensity", row.intensity), ())
        out |= {"region": pain.region, "side": pain.side, "intensity": pain.intensity}
        if "note" in changes:
            out["note"] = parse.validate_text("note", changes["note"])
    elif kind == "practice":
        if "exercise_id" in changes:
            out["exercise_id"] = parse.validate_exercise(str(changes["exercise_id"]))
        for name in ("minutes", "holds", "reps"):
            if name in changes:
                out[name] = parse.validate_amount(
                    name, _number(name, changes[name]), integer=name != "minutes"
                )
        if "felt" in changes:
            out["felt"] = parse.validate_text("felt", changes["felt"])
    else:
        if "kind" in changes:
            out["kind"] = parse.validate_visit_kind(str(changes["kind"]))
        if "who" in changes:
            out["who"] = parse.validate_text("who", changes["who"], 120)
        if "notes" in changes:
            out["notes"] = parse.validate_text("notes", changes["notes"])
    return out


def _number(name: str, value: Any) -> float | None:
    """A number from JSON or a form field ('' and None mean "none")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(name, "must be a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InputError(name, f"{value!r} is not a number") from None


def edit_entry(
    session: Session, person_id: int, kind: str, entry_id: int, changes: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Apply ``changes`` to one entry of this person and record the edit; returns the new entry."""
    row = _row(session, person_id, kind, entry_id)
    values = _clean(kind, row, changes, now)
    before = snapshot(kind, row)
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    after = snapshot(kind, row)
    session.add(
        EntryEdit(
            person_id=person_id,
            entry_kind=kind,
            entry_id=entry_id,
            action="edit",
            changed_at=now,
            before=before,
            after=after,
        )
    )
    session.flush()
    return {"type": kind, "id": entry_id} | after


def delete_entry(session: Session, person_id: int, kind: str, entry_id: int, now: datetime) -> None:
    """Delete one entry of this person, keeping what it was in the history."""
    row = _row(session, person_id, kind, entry_id)
    before = snapshot(kind, row)
    session.delete(row)
    session.add(
        EntryEdit(
            person_id=person_id,
            entry_kind=kind,
            entry_id=entry_id,
            action="delete",
            changed_at=now,
            before=before,
            after=None,
        )
    )
    session.flush()


def entry(session: Session, person_id: int, kind: str, entry_id: int) -> dict[str, Any]:
    """One entry of this person (for an edit form)."""
    return {"type": kind, "id": entry_id} | snapshot(kind, _row(session, person_id, kind, entry_id))


def edits(session: Session, person_id: int) -> list[dict[str, Any]]:
    """The edit history of one person, oldest first."""
    query = select(EntryEdit).where(EntryEdit.person_id == person_id).order_by(EntryEdit.id)
    return [
        {
            "id": e.id,
            "kind": e.entry_kind,
            "entry_id": e.entry_id,
            "action": e.action,
            "changed_at": parse.iso(e.changed_at),
            "before": e.before,
            "after": e.after,
        }
        for e in session.scalars(query)
    ]


def edit_count(session: Session, person_id: int) -> int:
    """How many edits and deletions this person's diary has had."""
    query = select(func.count(EntryEdit.id)).where(EntryEdit.person_id == person_id)
    return int(session.scalar(query) or 0)
