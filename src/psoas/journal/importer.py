"""Import of a journal export in two phases: check everything, then write in one short transaction.

:func:`prepare` reads and validates the whole export without touching the database (times in
1900-2200 and not in the future, intensities, exercise ids from the library, visit kinds,
stored intakes, results and programmes in the shape the pages read). :func:`write` then inserts
with bulk statements, so the write lock is held for a fraction of a second even for tens of
thousands of entries and other writers only wait briefly; the import stays atomic (all or
nothing). Names are compared without regard to case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from psoas.errors import InputError
from psoas.journal import models, parse, repo

FORMAT = "psoas-journal"
FORMAT_VERSION = 1


@dataclass
class PersonPlan:
    """One person of an export, validated and ready to insert."""

    name: str
    created_at: datetime
    assessments: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reminders: list[tuple[str, int, bool]] = field(default_factory=list)
    trials: Any = None  # checked by psoas.journal.trial_transfer.load once the programmes have ids


def get(obj: Any, key: str, path: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
    """``obj[key]`` of type ``kind`` (bool is never an int here), else InputError naming the path."""
    if not isinstance(obj, dict):
        raise InputError(path, "must be an object")
    if key not in obj:
        raise InputError(f"{path}.{key}", "is missing")
    value = obj[key]
    if value is None and optional:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kind):
        wanted = " or ".join(k.__name__ for k in kinds)
        raise InputError(f"{path}.{key}", f"has the wrong type (expected {wanted})")
    return value


def time_of(obj: Any, key: str, path: str) -> datetime:
    """An ISO-8601 time within 1900-2200 and not in the future."""
    moment = parse.read_time(get(obj, key, path, str), f"{path}.{key}")
    if moment > parse.now_utc() + parse.FUTURE_SLACK:
        raise InputError(f"{path}.{key}", "is in the future")
    return moment


def _list(obj: Any, key: str, path: str) -> list[Any]:
    return list(get(obj, key, path, list))


def _renamed(exc: InputError, path: str) -> InputError:
    return InputError(f"{path}.{exc.field}", exc.reason, exc.allowed)


def _pain(item: Any, path: str) -> dict[str, Any]:
    sensations = [str(s) for s in _list(item, "sensations", path)]
    region, side = get(item, "region", path, str), get(item, "side", path, str)
    intensity = get(item, "intensity", path, int)
    try:
        entry = parse.validate_pain(region, side, intensity, sensations)
    except InputError as exc:
        raise _renamed(exc, path) from exc
    return {
        "at": time_of(item, "at", path),
        "region": entry.region,
        "side": entry.side,
        "intensity": entry.intensity,
        "sensations": ",".join(entry.sensations),
        "note": parse.validate_text(f"{path}.note", get(item, "note", path, str)),
    }


def _practice(item: Any, path: str) -> dict[str, Any]:
    exercise = get(item, "exercise_id", path, str)
    try:
        parse.validate_exercise(exercise)
    except InputError as exc:
        raise InputError(f"{path}.exercise_id", exc.reason, exc.allowed) from exc
    return {
        "at": time_of(item, "at", path),
        "exercise_id": exercise,
        "minutes": parse.validate_amount(f"{path}.minutes", get(item, "minutes", path, (int, float), True)),
        "holds": parse.validate_amount(f"{path}.holds", get(item, "holds", path, int, True), integer=True),
        "reps": parse.validate_amount(f"{path}.reps", get(item, "reps", path, int, True), integer=True),
        "felt": parse.validate_text(f"{path}.felt", get(item, "felt", path, str)),
    }


def _visit(item: Any, path: str) -> dict[str, Any]:
    kind = get(item, "kind", path, str)
    try:
        parse.validate_visit_kind(kind)
    except InputError as exc:
        raise InputError(f"{path}.kind", exc.reason, exc.allowed) from exc
    return {
        "at": time_of(item, "at", path),
        "kind": kind,
        "who": parse.validate_text(f"{path}.who", get(item, "who", path, str), 120),
        "notes": parse.validate_text(f"{path}.notes", get(item, "notes", path, str)),
    }


_BUILDERS = {"pain": _pain, "practice": _practice, "visits": _visit}
_MODELS: dict[str, Any] = {"pain": models.PainEntry, "practice": models.PracticeEntry, "visits": models.Visit}


def _assessments(item: Any, path: str) -> list[dict[str, Any]]:
    from psoas.intake.schema import parse_intake
    from psoas.journal.stored import check_result

    out = []
    for i, a in enumerate(_list(item, "assessments", path)):
        p = f"{path}.assessments[{i}]"
        intake = get(a, "intake", p, dict)
        try:
            parse_intake(intake)
        except InputError as exc:
            raise InputError(f"{p}.intake.{exc.field}", exc.reason, exc.allowed) from None
        version = get(a, "engine_version", p, str)
        if not 0 < len(version) <= 40:
            raise InputError(f"{p}.engine_version", "must be 1-40 characters")
        out.append(
            {
                "created_at": time_of(a, "created_at", p),
                "engine_version": version,
                "intake": intake,
                "result": check_result(get(a, "result", p, dict), f"{p}.result"),
            }
        )
    return out


def _programs(item: Any, path: str, count: int) -> list[dict[str, Any]]:
    from psoas.journal.stored import check_program

    programs = _list(item, "programs", path)
    if sum(1 for g in programs if isinstance(g, dict) and g.get("active") is True) > 1:
        raise InputError(f"{path}.programs", "more than one program is active")
    out = []
    for i, g in enumerate(programs):
        p = f"{path}.programs[{i}]"
        ref = get(g, "assessment", p, int, optional=True)
        if ref is not None and not 0 <= ref < count:
            raise InputError(f"{p}.assessment", f"no assessment number {ref}")
        out.append(
            {
                "assessment": ref,
                "created_at": time_of(g, "created_at", p),
                "active": get(g, "active", p, bool),
                "content": check_program(get(g, "content", p, dict, optional=True), f"{p}.content"),
            }
        )
    return out


def _reminders(item: Any, path: str) -> list[tuple[str, int, bool]]:
    from psoas.journal.reminders import KINDS

    out = []
    for i, r in enumerate(_list(item, "reminders", path)):
        p = f"{path}.reminders[{i}]"
        kind = get(r, "kind", p, str)
        if kind not in KINDS:
            raise InputError(f"{p}.kind", f"unknown reminder {kind!r}", KINDS)
        days = get(r, "every_days", p, int)
        if not 1 <= days <= 366:
            raise InputError(f"{p}.every_days", f"{days} is out of range", "1-366")
        out.append((kind, days, get(r, "enabled", p, bool)))
    return out


def _person(item: Any, path: str) -> PersonPlan:
    try:
        name = parse.validate_name(get(item, "name", path, str))
    except InputError as exc:
        raise _renamed(exc, path) from exc
    plan = PersonPlan(name=name, created_at=time_of(item, "created_at", path))
    plan.assessments = _assessments(item, path)
    plan.programs = _programs(item, path, len(plan.assessments))
    for key, build in _BUILDERS.items():
        plan.entries[key] = [build(x, f"{path}.{key}[{i}]") for i, x in enumerate(_list(item, key, path))]
    plan.reminders = _reminders(item, path)
    if isinstance(item, dict) and "trials" in item:
        plan.trials = item["trials"]
    return plan


def prepare(data: Any) -> list[PersonPlan]:
    """Validate a whole export (no database access); InputError names the first bad entry."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("import", f"not a psoas journal export (expected format {FORMAT!r})")
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise InputError("format_version", f"unsupported version {version!r}", "1")
    plans = [_person(item, f"people[{i}]") for i, item in enumerate(_list(data, "people", "import"))]
    seen: list[str] = []
    for i, plan in enumerate(plans):
        if any(parse.same_name(plan.name, other) for other in seen):
            raise InputError(f"people[{i}].name", f"{plan.name!r} appears twice in this export")
        seen.append(plan.name)
    return plans


def write(session: Session, plans: list[PersonPlan]) -> dict[str, int]:
    """Insert prepared people in the caller's transaction; refuses names already in the journal."""
    existing = repo.person_names(session)
    for i, plan in enumerate(plans):
        clash = next((n for n in existing if parse.same_name(n, plan.name)), None)
        if clash is not None:
            raise InputError(f"people[{i}].name", f"a person called {clash!r} is already in this journal")
    totals = {"people": 0, "pain": 0, "practice": 0, "visits": 0}
    for plan in plans:
        person = models.Person(name=plan.name, created_at=plan.created_at)
        repo.add_rows(session, [person])
        ids = []
        for a in plan.assessments:
            row = models.Assessment(person_id=person.id, **a)
            repo.add_rows(session, [row])
            ids.append(row.id)
        programs = [
            models.Program(
                **{k: v for k, v in g.items() if k != "assessment"},
                person_id=person.id,
                assessment_id=None if g["assessment"] is None else ids[g["assessment"]],
            )
            for g in plan.programs
        ]
        repo.add_rows(session, programs)
        if plan.trials is not None:
            from psoas.journal import trial_transfer

            path = f"people[{totals['people']}].trials"
            trial_transfer.load(session, plan.trials, path, person.id, [g.id for g in programs])
        for key, entries in plan.entries.items():
            if entries:
                session.execute(insert(_MODELS[key]), [e | {"person_id": person.id} for e in entries])
            totals[key] += len(entries)
        for kind, days, enabled in plan.reminders:
            repo.set_reminder(session, person.id, kind, days, enabled)
        totals["people"] += 1
    session.flush()
    return totals
