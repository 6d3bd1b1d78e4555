"""Repository functions: every query the journal makes lives here (the faces hold none).

Each function takes an open SQLAlchemy ``Session`` inside the caller's transaction and returns
plain rows or ORM objects; the service layer (:mod:`psoas.journal.service`) commits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from psoas.errors import InputError, NotFoundError, SelectionError
from psoas.journal.models import Assessment, PainEntry, Person, PracticeEntry, Program, Reminder, Visit
from psoas.journal.parse import PainInput, same_name

DEFAULT_PERSON = "me"


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.name)))


PEOPLE_LOCK = 7_326_002
"""PostgreSQL advisory lock held while a person is added (SQLite writers are serialised anyway)."""


def lock_people(session: Session) -> None:
    """Serialise adding people across processes, so two first uses cannot both add one."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({PEOPLE_LOCK})"))


def add_person(session: Session, name: str, created_at: datetime) -> Person:
    """Add a profile; a name that differs only in case from an existing one is refused."""
    lock_people(session)
    for existing in person_names(session):
        if same_name(existing, name):
            raise InputError("name", f"a person called {existing!r} already exists")
    person = Person(name=name, created_at=created_at)
    session.add(person)
    session.flush()
    return person


def rename_person(session: Session, person_id: int, name: str) -> Person:
    """Give a profile a new name; a name another profile has (in any case) is refused."""
    lock_people(session)
    person = person_by_id(session, person_id)
    for other in session.scalars(select(Person).where(Person.id != person_id)):
        if same_name(other.name, name):
            raise InputError("name", f"a person called {other.name!r} already exists")
    person.name = name
    session.flush()
    return person


def person_by_id(session: Session, person_id: int) -> Person:
    """The person with this journal id; :class:`NotFoundError` when there is none."""
    found = session.get(Person, person_id) if 0 < person_id < 2**31 else None  # ids are 32-bit in PostgreSQL
    if found is None:
        raise NotFoundError(f"no person with id {person_id}")
    return found


def find_person(session: Session, name: str | None, now: datetime, create_default: bool = True) -> Person:
    """The named person, or the only one; with nobody yet, a default profile is created."""
    if name:
        person = session.scalar(select(Person).where(Person.name == name))
        if person is None:  # "ana" finds "Ana"
            person = next((p for p in list_people(session) if same_name(p.name, name)), None)
        if person is None:
            names = [p.name for p in list_people(session)]
            raise NotFoundError(f"no person called {name!r} (known: {', '.join(names) or 'none'})", "person")
        return person
    people = session.scalars(select(Person).order_by(Person.name).limit(2)).all()
    if not people and create_default:
        lock_people(session)  # another first use may be adding the default person right now
        people = session.scalars(select(Person).order_by(Person.name).limit(2)).all()
    if len(people) == 1:
        return people[0]
    if not people:
        if not create_default:
            raise NotFoundError("no person yet", "person")
        return add_person(session, DEFAULT_PERSON, now)
    names = [p.name for p in list_people(session)]
    raise SelectionError("person", "several people use this journal; choose one", names)


def add_pain(
    session: Session, person_id: int, entries: Sequence[PainInput], at: datetime, note: str
) -> list[int]:
    rows = [
        {
            "person_id": person_id,
            "at": at,
            "region": e.region,
            "side": e.side,
            "intensity": e.intensity,
            "sensations": ",".join(e.sensations),
            "note": note,
        }
        for e in entries
    ]
    return _insert(session, PainEntry, rows)


def add_practice(session: Session, person_id: int, **fields: Any) -> int:
    return _insert(session, PracticeEntry, [{"person_id": person_id, **fields}])[0]


def add_visit(session: Session, person_id: int, **fields: Any) -> int:
    return _insert(session, Visit, [{"person_id": person_id, **fields}])[0]


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """New rows of one table in one Core ``INSERT … RETURNING id`` (no unit of work: a diary entry
    is written once and not read back here); their ids in the order given."""
    if not rows:
        return []
    table = model.__table__
    query = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.connection().execute(query, rows).scalars())


def add_assessment(
    session: Session,
    person_id: int,
    intake: dict[str, Any],
    result: dict[str, Any],
    engine_version: str,
    at: datetime,
) -> int:
    """Store an assessment and make its program the person's one active program."""
    row = Assessment(
        person_id=person_id, created_at=at, engine_version=engine_version, intake=intake, result=result
    )
    session.add(row)
    session.flush()
    add_program(session, person_id, row.id, result.get("program"), at, active=True)
    return row.id


def add_program(
    session: Session,
    person_id: int,
    assessment_id: int | None,
    content: dict[str, Any] | None,
    at: datetime,
    active: bool,
) -> int:
    if active:
        session.execute(
            update(Program).where(Program.person_id == person_id, Program.active).values(active=False)
        )
        session.flush()
    row = Program(
        person_id=person_id, assessment_id=assessment_id, created_at=at, active=active, content=content
    )
    session.add(row)
    session.flush()
    return row.id


def active_program_row(session: Session, person_id: int) -> Any:
    """(id, assessment_id, created_at, content) of the person's active programme, or None (its
    assessment is not read)."""
    return session.connection().execute(_active_program_query(), {"person": person_id}).first()


@functools.cache
def _active_program_query() -> Any:
    columns = (Program.id, Program.assessment_id, Program.created_at, Program.content)
    return select(*columns).where(Program.person_id == bindparam("person"), Program.active)


def active_program(session: Session, person_id: int) -> tuple[Program, Assessment | None] | None:
    program = session.scalar(select(Program).where(Program.person_id == person_id, Program.active))
    if program is None:
        return None
    assessment = session.get(Assessment, program.assessment_id) if program.assessment_id else None
    return program, assessment


def _timeline(
    session: Session, model: Any, columns: Sequence[str], person_id: int, since: datetime | None
) -> Sequence[Any]:
    """Rows of one entry table for one person, oldest first (ties broken by id)."""
    query = select(*(getattr(model, c) for c in columns)).where(model.person_id == person_id)
    if since is not None:
        query = query.where(model.at >= since)
    return session.execute(query.order_by(model.at, model.id)).all()


def pain_rows(session: Session, person_id: int, since: datetime | None = None) -> Sequence[Any]:
    """(id, at, region, side, intensity, sensations, note) ordered by time."""
    columns = ("id", "at", "region", "side", "intensity", "sensations", "note")
    return _timeline(session, PainEntry, columns, person_id, since)


def practice_rows(session: Session, person_id: int, since: datetime | None = None) -> Sequence[Any]:
    """(id, at, exercise_id, minutes, holds, reps, felt) ordered by time."""
    columns = ("id", "at", "exercise_id", "minutes", "holds", "reps", "felt")
    return _timeline(session, PracticeEntry, columns, person_id, since)


def visit_rows(session: Session, person_id: int, since: datetime | None = None) -> Sequence[Any]:
    """(id, at, kind, who, notes) ordered by time."""
    return _timeline(session, Visit, ("id", "at", "kind", "who", "notes"), person_id, since)


def newest_rows(session: Session, kind: str, person_id: int, limit: int) -> Sequence[Any]:
    """The ``limit`` newest rows of one entry kind (``pain``, ``practice``, ``visit``, ``assessment``),
    newest first (ties: the higher id first), with the columns :func:`psoas.journal.views.history` shows
    (an assessment's intake and result are not read)."""
    query = _newest_query(kind)
    return session.connection().execute(query, {"person": person_id, "limit": limit}).all()


@functools.cache
def _newest_query(kind: str) -> Any:
    model, columns = _NEWEST[kind]
    at = Assessment.created_at if model is Assessment else model.at
    query = select(*(getattr(model, c) for c in columns)).where(model.person_id == bindparam("person"))
    return query.order_by(at.desc(), model.id.desc()).limit(bindparam("limit"))


_NEWEST: dict[str, tuple[Any, tuple[str, ...]]] = {
    "pain": (PainEntry, ("id", "at", "region", "side", "intensity", "sensations", "note")),
    "practice": (PracticeEntry, ("id", "at", "exercise_id", "minutes", "holds", "reps", "felt")),
    "visit": (Visit, ("id", "at", "kind", "who", "notes")),
    "assessment": (Assessment, ("id", "created_at", "engine_version")),
}


def person_row(session: Session, person_id: int) -> Any:
    """(id, name, created_at) of the person with this journal id; :class:`NotFoundError` when there is none."""
    found = None
    if 0 < person_id < 2**31:  # ids are 32-bit in PostgreSQL
        found = session.connection().execute(_person_query(), {"id": person_id}).first()
    if found is None:
        raise NotFoundError(f"no person with id {person_id}")
    return found


@functools.cache
def _person_query() -> Any:
    return select(Person.id, Person.name, Person.created_at).where(Person.id == bindparam("id"))


def assessments(session: Session, person_id: int, since: datetime | None = None) -> list[Assessment]:
    query = select(Assessment).where(Assessment.person_id == person_id)
    if since is not None:
        query = query.where(Assessment.created_at >= since)
    return list(session.scalars(query.order_by(Assessment.created_at, Assessment.id)))


def assessment(session: Session, person_id: int, assessment_id: int) -> Assessment | None:
    query = select(Assessment).where(Assessment.person_id == person_id, Assessment.id == assessment_id)
    return session.scalar(query)


def programs(session: Session, person_id: int) -> list[Program]:
    query = select(Program).where(Program.person_id == person_id)
    return list(session.scalars(query.order_by(Program.created_at, Program.id)))


def first_release_at(session: Session, person_id: int) -> datetime | None:
    """When release work began: the first practice entry, else the first visit."""
    first_practice = session.scalar(
        select(func.min(PracticeEntry.at)).where(PracticeEntry.person_id == person_id)
    )
    if first_practice is not None:
        return first_practice
    return session.scalar(select(func.min(Visit.at)).where(Visit.person_id == person_id))


def last_visit_at(session: Session, person_id: int) -> datetime | None:
    return session.scalar(select(func.max(Visit.at)).where(Visit.person_id == person_id))


def last_practice_at(session: Session, person_id: int) -> datetime | None:
    return session.scalar(select(func.max(PracticeEntry.at)).where(PracticeEntry.person_id == person_id))


def reminders(session: Session, person_id: int) -> list[Reminder]:
    query = select(Reminder).where(Reminder.person_id == person_id).order_by(Reminder.kind)
    return list(session.scalars(query))


def set_reminder(session: Session, person_id: int, kind: str, every_days: int, enabled: bool) -> None:
    row = session.scalar(select(Reminder).where(Reminder.person_id == person_id, Reminder.kind == kind))
    if row is None:
        session.add(Reminder(person_id=person_id, kind=kind, every_days=every_days, enabled=enabled))
    else:
        row.every_days = every_days
        row.enabled = enabled
    session.flush()


def person_names(session: Session) -> set[str]:
    return set(session.scalars(select(Person.name)))


def add_rows(session: Session, rows: Iterable[Any]) -> None:
    """Add already-built ORM rows (used by import) and flush."""
    session.add_all(list(rows))
    session.flush()
