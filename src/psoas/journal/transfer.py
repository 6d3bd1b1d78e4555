"""Export (lossless JSON, CSV), import (one transaction) and backup of the journal.

The JSON export names no database ids: people are sorted by name, entries by time, and a
program points at its assessment by position. Importing an export into an empty journal and
exporting again gives the same bytes except ``exported_at``.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from psoas.errors import InputError
from psoas.journal import models, parse, repo

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.api import Journal

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


def _get(obj: Any, key: str, path: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    if not isinstance(obj, dict):
        raise InputError(path, "must be an object")
    if key not in obj:
        raise InputError(f"{path}.{key}", "is missing")
    value = obj[key]
    if value is None and optional:
        return None
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise InputError(f"{path}.{key}", "has the wrong type")
    if not isinstance(value, kind):
        raise InputError(f"{path}.{key}", "has the wrong type")
    return value


def _time(obj: Any, key: str, path: str) -> datetime:
    text = _get(obj, key, path, str)
    try:
        return parse.to_utc(datetime.fromisoformat(text))
    except ValueError as exc:
        raise InputError(f"{path}.{key}", f"not an ISO-8601 time: {text!r}") from exc


def _list(obj: Any, key: str, path: str) -> list[Any]:
    return list(_get(obj, key, path, list))


def _pain_row(item: Any, path: str, pid: int) -> models.PainEntry:
    sensations = [str(s) for s in _list(item, "sensations", path)]
    try:
        entry = parse.validate_pain(
            _get(item, "region", path, str),
            _get(item, "side", path, str),
            _get(item, "intensity", path, int),
            sensations,
        )
    except InputError as exc:
        raise InputError(f"{path}.{exc.field}", exc.reason, exc.allowed) from exc
    return models.PainEntry(
        person_id=pid,
        at=_time(item, "at", path),
        region=entry.region,
        side=entry.side,
        intensity=entry.intensity,
        sensations=",".join(entry.sensations),
        note=parse.validate_text(f"{path}.note", _get(item, "note", path, str)),
    )


def _practice_row(item: Any, path: str, pid: int) -> models.PracticeEntry:
    exercise = _get(item, "exercise_id", path, str)
    if not _EXERCISE_ID.match(exercise):
        raise InputError(f"{path}.exercise_id", f"not an exercise id: {exercise!r}")
    return models.PracticeEntry(
        person_id=pid,
        at=_time(item, "at", path),
        exercise_id=exercise,
        minutes=parse.validate_amount(f"{path}.minutes", _get(item, "minutes", path, (int, float), True)),
        holds=parse.validate_amount(f"{path}.holds", _get(item, "holds", path, int, True), integer=True),
        reps=parse.validate_amount(f"{path}.reps", _get(item, "reps", path, int, True), integer=True),
        felt=parse.validate_text(f"{path}.felt", _get(item, "felt", path, str)),
    )


def _visit_row(item: Any, path: str, pid: int) -> models.Visit:
    kind = _get(item, "kind", path, str)
    try:
        parse.validate_visit_kind(kind)
    except InputError as exc:
        raise InputError(f"{path}.kind", exc.reason, exc.allowed) from exc
    return models.Visit(
        person_id=pid,
        at=_time(item, "at", path),
        kind=kind,
        who=parse.validate_text(f"{path}.who", _get(item, "who", path, str), 120),
        notes=parse.validate_text(f"{path}.notes", _get(item, "notes", path, str)),
    )


def _load_assessments(session: Session, item: Any, path: str, pid: int) -> list[int]:
    """Assessments, then programs pointing at them by position; returns the programs' ids."""
    assessment_ids = []
    for i, a in enumerate(_list(item, "assessments", path)):
        p = f"{path}.assessments[{i}]"
        row = models.Assessment(
            person_id=pid,
            created_at=_time(a, "created_at", p),
            engine_version=_get(a, "engine_version", p, str),
            intake=_get(a, "intake", p, dict),
            result=_get(a, "result", p, dict),
        )
        repo.add_rows(session, [row])
        assessment_ids.append(row.id)
    programs = _list(item, "programs", path)
    if sum(1 for g in programs if isinstance(g, dict) and g.get("active") is True) > 1:
        raise InputError(f"{path}.programs", "more than one program is active")
    program_ids = []
    for i, g in enumerate(programs):
        p = f"{path}.programs[{i}]"
        ref = _get(g, "assessment", p, int, optional=True)
        if ref is not None and not 0 <= ref < len(assessment_ids):
            raise InputError(f"{p}.assessment", f"no assessment number {ref}")
        program = models.Program(
            person_id=pid,
            assessment_id=None if ref is None else assessment_ids[ref],
            created_at=_time(g, "created_at", p),
            active=_get(g, "active", p, bool),
            content=_get(g, "content", p, dict, optional=True),
        )
        repo.add_rows(session, [program])
        program_ids.append(program.id)
    return program_ids


def _load_person(session: Session, item: Any, path: str, taken: set[str]) -> dict[str, int]:
    from psoas.journal import reminders

    name = parse.validate_name(_get(item, "name", path, str))
    if name in taken:
        raise InputError(f"{path}.name", f"a person called {name!r} is already in this journal")
    taken.add(name)
    person = models.Person(name=name, created_at=_time(item, "created_at", path))
    repo.add_rows(session, [person])
    pid = person.id
    program_ids = _load_assessments(session, item, path, pid)
    if isinstance(item, dict) and "trials" in item:
        from psoas.journal import trial_transfer

        trial_transfer.load(session, item["trials"], f"{path}.trials", pid, program_ids)
    counts = {"pain": 0, "practice": 0, "visits": 0}
    builders = {"pain": _pain_row, "practice": _practice_row, "visits": _visit_row}
    for key, build in builders.items():
        rows = [build(x, f"{path}.{key}[{i}]", pid) for i, x in enumerate(_list(item, key, path))]
        repo.add_rows(session, rows)
        counts[key] = len(rows)
    for i, r in enumerate(_list(item, "reminders", path)):
        p = f"{path}.reminders[{i}]"
        try:
            reminders.configure(
                session,
                pid,
                _get(r, "kind", p, str),
                _get(r, "every_days", p, int),
                _get(r, "enabled", p, bool),
            )
        except InputError as exc:
            raise InputError(f"{p}.{exc.field}", exc.reason, exc.allowed) from exc
    return counts


def load(session: Session, data: Any) -> dict[str, int]:
    """Import an export; raises InputError naming the first bad entry (the caller rolls back)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("import", f"not a psoas journal export (expected format {FORMAT!r})")
    if data.get("format_version") != FORMAT_VERSION:
        raise InputError("format_version", f"unsupported version {data.get('format_version')!r}", "1")
    taken = repo.person_names(session)
    totals = {"people": 0, "pain": 0, "practice": 0, "visits": 0}
    for i, item in enumerate(_list(data, "people", "import")):
        for key, value in _load_person(session, item, f"people[{i}]", taken).items():
            totals[key] += value
        totals["people"] += 1
    return totals


def read_export(path: Path) -> Any:
    """Read an export file; unreadable or malformed files are an InputError."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError("FILE", f"cannot read {str(path)!r}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("FILE", f"{str(path)!r} is not valid JSON ({exc})") from exc


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
