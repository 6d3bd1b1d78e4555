"""Export (lossless JSON, CSV), import (one transaction) and backup of the journal.

The JSON export names no database ids: people are sorted by name, entries by time, and a
program points at its assessment by position. Importing an export into an empty journal and
exporting again gives the same bytes except ``exported_at``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from psoas.errors import InputError
from psoas.journal import models, parse, repo

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal

FORMAT = "psoas-journal"
FORMAT_VERSION = 1
_EXERCISE_ID = re.compile(r"^[a-z0-9_]{1,80}$")


def to_json(data: dict[str, Any]) -> str:
    """Canonical text of an export: sorted keys, two-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _entries(session: Session, pid: int) -> dict[str, list[dict[str, Any]]]:
    """Pain, practice and visits of one person, in time order, without database ids."""
    pain = [
        {"at": parse.iso(r.at), "region": r.region, "side": r.side, "intensity": r.intensity}
        | {"sensations": [x for x in r.sensations.split(",") if x], "note": r.note}
        for r in repo.pain_rows(session, pid)
    ]
    practice = [
        {"at": parse.iso(r.at), "exercise_id": r.exercise_id, "minutes": r.minutes}
        | {"holds": r.holds, "reps": r.reps, "felt": r.felt}
        for r in repo.practice_rows(session, pid)
    ]
    visits = [
        {"at": parse.iso(r.at), "kind": r.kind, "who": r.who, "notes": r.notes}
        for r in repo.visit_rows(session, pid)
    ]
    return {"pain": pain, "practice": practice, "visits": visits}


def _dump_person(session: Session, person: models.Person) -> dict[str, Any]:
    from psoas.journal import trial_transfer

    pid = person.id
    assessments = repo.assessments(session, pid)
    index = {a.id: i for i, a in enumerate(assessments)}
    trials = trial_transfer.dump(session, pid, {g.id: i for i, g in enumerate(repo.programs(session, pid))})
    return ({"trials": trials} if trials else {}) | {
        "name": person.name,
        "created_at": parse.iso(person.created_at),
        "assessments": [
            {"created_at": parse.iso(a.created_at), "engine_version": a.engine_version}
            | {"intake": a.intake, "result": a.result}
            for a in assessments
        ],
        "programs": [
            {"assessment": None if p.assessment_id is None else index.get(p.assessment_id)}
            | {"created_at": parse.iso(p.created_at), "active": bool(p.active), "content": p.content}
            for p in repo.programs(session, pid)
        ],
        **_entries(session, pid),
        "reminders": [
            {"kind": r.kind, "every_days": r.every_days, "enabled": bool(r.enabled)}
            for r in repo.reminders(session, pid)
        ],
    }


def dump(session: Session) -> dict[str, Any]:
    """The whole journal as a JSON-ready dict."""
    people = [_dump_person(session, person) for person in repo.list_people(session)]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": parse.iso(parse.now_utc()),
        "people": people,
    }


def load(session: Session, data: Any) -> dict[str, int]:
    """Import an export; raises InputError naming the first bad entry (the caller rolls back)."""
    from psoas.journal import importer

    return importer.write(session, importer.prepare(data))


def read_export(path: Path) -> Any:
    """Read an export file; unreadable or malformed files are an InputError."""
    from psoas.intake.strictjson import loads

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError("FILE", f"cannot read {str(path)!r}: {exc.strerror}") from exc
    return loads(raw, "FILE", max_depth=64, max_items=5_000_000, max_chars=None)


CSV_COLUMNS = {
    "pain": ("person", "at", "region", "side", "intensity", "sensations", "note"),
    "practice": ("person", "at", "exercise_id", "minutes", "holds", "reps", "felt"),
    "visits": ("person", "at", "kind", "who", "notes"),
}


def write_csv(session: Session, folder: Path) -> list[Path]:
    """people.csv, pain.csv, practice.csv, visits.csv, assessments.csv in ``folder``."""
    data = dump(session)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    tables: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]] = {
        "people": (
            ("name", "created_at"),
            [{"name": p["name"], "created_at": p["created_at"]} for p in data["people"]],
        ),
        "assessments": (
            ("person", "created_at", "engine_version"),
            [
                {"person": p["name"]} | {k: a[k] for k in ("created_at", "engine_version")}
                for p in data["people"]
                for a in p["assessments"]
            ],
        ),
    }
    for key, columns in CSV_COLUMNS.items():
        rows = [{"person": p["name"]} | row for p in data["people"] for row in p[key]]
        for row in rows:
            if "sensations" in row:
                row["sensations"] = ";".join(row["sensations"])
        tables[key] = (columns, rows)
    for name, (columns, rows) in tables.items():
        target = folder / f"{name}.csv"
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(rows)
        written.append(target)
    return written


def backup(journal: Journal, target: Path) -> Path:
    """SQLite: an online copy through SQLite's backup API. Other databases: the JSON export."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if journal.engine.dialect.name != "sqlite":
        target.write_text(to_json(journal.export_data()), encoding="utf-8")
        return target
    import sqlite3

    database = journal.engine.url.database or ""
    if database and Path(database).resolve() == target.resolve():
        raise InputError("FILE", "the backup must not overwrite the journal itself")
    raw = journal.engine.raw_connection()
    try:
        source = raw.driver_connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # type: ignore[union-attr]
        finally:
            destination.close()
    finally:
        raw.close()
    return target
