"""The journal service: one :class:`Journal` built from a database URL, shared by CLI, web and tests.

Every method opens one transaction, validates all input before writing anything and returns
plain dicts (JSON-ready; times as ISO-8601 UTC strings ending in ``Z``). The module-level
functions (``add_person``, ``log_pain``, ``save_assessment``, …) are thin wrappers that open a
journal from a URL for a single call. SQLAlchemy is imported only when a journal is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from psoas.errors import InputError, NotFoundError, SelectionError
from psoas.journal import db, parse
from psoas.journal.trial_service import TrialMixin

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

    from psoas.journal.models import Person

PainSpec = str | Mapping[str, Any]
_T = TypeVar("_T")


class Journal(TrialMixin):
    """The journal of one database (SQLite file by default, any SQLAlchemy URL otherwise).

    >>> j = Journal("sqlite://")
    >>> j.add_person("Ana")["name"]
    'Ana'
    >>> len(j.log_pain("Ana", ["knee:left=5", "low_back=3"]))
    2
    >>> j.close()
    """

    def __init__(self, url: str | None = None, migrate: bool = True) -> None:
        from sqlalchemy.orm import sessionmaker

        self.url = db.normalise_url(url)
        self.engine: Engine = db.make_engine(self.url)
        if migrate:
            db.ensure_schema(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            self.engine.execution_options(**{db.WRITE: True}), expire_on_commit=False
        )
        postgresql = self.engine.dialect.name == "postgresql"
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT") if postgresql else None

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One session in one transaction: committed on success, rolled back on any error.

        A write transaction takes the database's write lock when it begins (SQLite
        ``BEGIN IMMEDIATE``), waiting up to the busy timeout and retrying a few times, so
        concurrent writers queue instead of failing; a read transaction never waits for writers.
        """
        session = db.begin_session(self._write_sessions if write else self._sessions)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def single(self) -> Iterator[Connection]:
        """A connection for one statement that needs no transaction around it (a session lookup,
        an audit row): on PostgreSQL in autocommit mode, which saves the BEGIN and COMMIT round
        trips; on SQLite in a short transaction of its own."""
        if self._autocommit is None:
            with self.engine.begin() as connection:
                yield connection
        else:
            with self._autocommit.connect() as connection:
                yield connection

    def _write(self, person: parse.Who, write: Callable[[Session, int], _T]) -> _T:
        """``write(session, person id)`` in one write transaction. A person given by id is not read
        first: the new row's foreign key refuses an unknown id, which is a :class:`NotFoundError`."""
        if not isinstance(person, int):
            with self.transaction() as s:
                return write(s, self._person(s, person).id)
        from sqlalchemy.exc import IntegrityError

        if not 0 < person < 2**31:  # ids are 32-bit in PostgreSQL
            raise NotFoundError(f"no person with id {person}")
        try:
            with self.transaction() as s:
                return write(s, person)
        except IntegrityError as exc:
            if _unknown_parent(exc):
                raise NotFoundError(f"no person with id {person}") from None
            raise

    # -- people ---------------------------------------------------------------------------
    def add_person(self, name: str) -> dict[str, Any]:
        """Add a profile (a therapist may keep several on one install)."""
        from psoas.journal import repo

        clean = parse.validate_name(name)
        with self.transaction() as s:
            person = repo.add_person(s, clean, parse.now_utc())
            return _person_dict(person)

    def list_people(self) -> list[dict[str, Any]]:
        """All profiles, by name."""
        from psoas.journal import repo

        with self.transaction(write=False) as s:
            return [_person_dict(p) for p in repo.list_people(s)]

    def _person(self, s: Session, name: parse.Who) -> Person:
        from psoas.journal import repo

        if isinstance(name, int):  # by journal id: one primary-key lookup
            return repo.person_by_id(s, name)
        return repo.find_person(s, name, parse.now_utc())

    def _person_row(self, s: Session, name: parse.Who) -> Any:
        """:meth:`_person` for reading: by id, only (id, name, created_at), without the ORM."""
        from psoas.journal import repo

        return repo.person_row(s, name) if isinstance(name, int) else self._person(s, name)

    # -- logging ----------------------------------------------------------------------------
    def log_pain(
        self,
        person: parse.Who,
        entries: Sequence[PainSpec],
        at: str | datetime | None = None,
        note: str = "",
        sensations: Sequence[str] = (),
    ) -> list[int]:
        """Log pain ratings (``"knee:left=5"`` tokens or dicts with region/side/intensity)."""
        from psoas.journal import repo

        if not entries:
            raise InputError("pain", "give at least one REGION[:SIDE]=INTENSITY")
        parsed = [_pain_input(e, tuple(sensations)) for e in entries]
        moment = _moment(at)
        text = parse.validate_text("note", note)
        return self._write(person, lambda s, person_id: repo.add_pain(s, person_id, parsed, moment, text))

    def log_practice(
        self,
        person: parse.Who,
        exercise_id: str,
        minutes: float | None = None,
        holds: int | None = None,
        reps: int | None = None,
        felt: str = "",
        at: str | datetime | None = None,
    ) -> int:
        """Log one practice session of an exercise from the library."""
        from psoas.journal import repo

        fields = {
            "exercise_id": parse.validate_exercise(exercise_id),
            "minutes": parse.validate_amount("minutes", minutes),
            "holds": parse.validate_amount("holds", holds, integer=True),
            "reps": parse.validate_amount("reps", reps, integer=True),
            "felt": parse.validate_text("felt", felt),
            "at": _moment(at),
        }
        return self._write(person, lambda s, person_id: repo.add_practice(s, person_id, **fields))

    def log_visit(
        self,
        person: parse.Who,
        kind: str,
        who: str = "",
        notes: str = "",
        at: str | datetime | None = None,
    ) -> int:
        """Log a visit (massage, physiotherapy, …) with notes on the release work."""
        from psoas.journal import repo

        fields = {
            "kind": parse.validate_visit_kind(kind),
            "who": parse.validate_text("who", who, 120),
            "notes": parse.validate_text("notes", notes),
            "at": _moment(at),
        }
        return self._write(person, lambda s, person_id: repo.add_visit(s, person_id, **fields))

    def save_assessment(
        self,
        person: parse.Who,
        intake: dict[str, Any],
        result: dict[str, Any],
        at: str | datetime | None = None,
    ) -> int:
        """Store an assessment; its ``result["program"]`` becomes the person's active program."""
        from psoas.journal import repo
        from psoas.journal.stored import check_result

        if not isinstance(intake, dict) or not isinstance(result, dict):
            raise InputError("assessment", "intake and result must be JSON objects")
        check_result(result)  # what the pages will read back
        version = str(result.get("engine_version") or "unknown")
        moment = _moment(at)
        with self.transaction() as s:
            person_id = self._person(s, person).id
            return repo.add_assessment(s, person_id, intake, result, version, moment)

    def get_assessment(self, person: parse.Who, assessment_id: int) -> dict[str, Any]:
        """One stored assessment of ``person``: id, date, engine version, intake and result."""
        from psoas.errors import NotFoundError
        from psoas.journal import repo

        with self.transaction(write=person is None) as s:
            row = repo.assessment(s, self._person(s, person).id, assessment_id)
            if row is None:
                raise NotFoundError(f"no assessment {assessment_id} for this person")
            return {
                "id": row.id,
                "at": parse.iso(row.created_at),
                "engine_version": row.engine_version,
                "intake": row.intake,
                "result": row.result,
            }

    def active_program(self, person: parse.Who) -> dict[str, Any] | None:
        """The active program with its assessment id and date, or None."""
        return self.person_and_program(person)[1]

    def person_and_program(self, person: parse.Who) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The person and their active program (as :meth:`active_program`), read in one transaction."""
        from psoas.journal import repo

        with self.transaction(write=person is None) as s:
            found = self._person_row(s, person)
            program = repo.active_program_row(s, found.id)
            if program is None:
                return _person_dict(found), None
            return _person_dict(found), {
                "assessment_id": program.assessment_id,
                "created_at": parse.iso(program.created_at),
                "program": program.content,
            }

    # -- reading ------------------------------------------------------------------------------
    def history(self, person: parse.Who, since: str | datetime | None = None) -> list[dict[str, Any]]:
        """Everything logged (pain, practice, visits, assessments), oldest first."""
        from psoas.journal import views

        bound = parse.parse_since(since) if isinstance(since, str) or since is None else parse.to_utc(since)
        with self.transaction(write=person is None) as s:
            return views.history(s, self._person(s, person).id, bound)

    def recent(self, person: parse.Who, limit: int, skip: int = 0) -> dict[str, Any]:
        """The person and a page of their entries, newest first: ``limit`` entries after the newest
        ``skip``, and ``older`` (whether there are older ones), read in one transaction."""
        from psoas.journal import views

        with self.transaction(write=person is None) as s:
            found = self._person_row(s, person)
            rows = views.newest(s, found.id, skip + limit + 1)
        entries = rows[skip : skip + limit]
        return {"person": _person_dict(found), "entries": entries, "older": len(rows) > skip + limit}

    def progress(self, person: parse.Who) -> dict[str, Any]:
        """Daily mean pain per region and side, with practice days and visits."""
        from psoas.journal import views

        with self.transaction(write=person is None) as s:
            p = self._person(s, person)
            return views.progress(s, p.id, p.name)

    def verify(self, person: parse.Who, start: str | datetime | None = None) -> dict[str, Any]:
        """Per painful region, the change since release began and whether the chain is supported."""
        from psoas.journal import views

        bound = None if start is None else _moment(start, field="start")
        with self.transaction(write=person is None) as s:
            p = self._person(s, person)
            return views.verify(s, p.id, p.name, bound)

    def write_progress_chart(self, person: parse.Who, path: str | Path, fmt: str) -> Path:
        """Draw the progress chart as ``svg`` or ``png``."""
        from psoas.present import progress_plot as chart

        return chart.write_chart(self.progress(person), Path(path), fmt)

    def progress_chart(self, person: parse.Who, fmt: str = "svg") -> bytes:
        """The progress chart as SVG or PNG bytes (for the web app)."""
        from psoas.present import progress_plot as chart

        return chart.render_chart(self.progress(person), fmt)

    # -- reminders ----------------------------------------------------------------------------
    def reminders(self, person: parse.Who, today: date | None = None) -> list[dict[str, Any]]:
        """Every reminder with its next date and whether it is due."""
        from psoas.journal import reminders

        with self.transaction(write=person is None) as s:
            return reminders.status(s, self._person(s, person).id, today or date.today())

    def set_reminder(
        self, person: parse.Who, kind: str, every_days: int | None = None, enabled: bool = True
    ) -> None:
        """Change a reminder (``visit`` every N days, ``practice`` daily) or switch it off."""
        from psoas.journal import reminders

        with self.transaction() as s:
            reminders.configure(s, self._person(s, person).id, kind, every_days, enabled)

    def calendar(self, person: parse.Who, today: date | None = None) -> bytes:
        """The reminders as an iCalendar document."""
        from psoas.journal import reminders

        with self.transaction(write=person is None) as s:
            return reminders.ics(s, self._person(s, person).id, today or date.today())

    # -- transfer -----------------------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        """The whole journal as one JSON-ready dict (lossless; see :mod:`psoas.journal.transfer`)."""
        from psoas.journal import transfer

        with self.transaction(write=False) as s:
            return transfer.dump(s)

    def import_data(self, data: Any) -> dict[str, int]:
        """Import an export in one transaction; nothing is written when any part is bad."""
        from psoas.journal import importer

        plans = importer.prepare(data)  # all checks first, outside the write lock
        with self.transaction() as s:
            return importer.write(s, plans)

    def export_csv(self, folder: str | Path) -> list[Path]:
        """One CSV file per entity in ``folder``."""
        from psoas.journal import transfer

        with self.transaction(write=False) as s:
            return transfer.write_csv(s, Path(folder))

    def backup(self, path: str | Path) -> Path:
        """A consistent copy: a SQLite file for SQLite, else the JSON export."""
        from psoas.journal import transfer

        return transfer.backup(self, Path(path))


def _person_dict(person: Person | Any) -> dict[str, Any]:
    return {"id": person.id, "name": person.name, "created_at": parse.iso(person.created_at)}


def _unknown_parent(exc: Exception) -> bool:
    """Whether a database error is a foreign key naming a row that does not exist."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) == "23503" or "FOREIGN KEY constraint failed" in str(orig)


def _moment(at: str | datetime | None, field: str = "at") -> datetime:
    if isinstance(at, datetime):
        moment = parse.to_utc(at)
        if moment > parse.now_utc() + parse.FUTURE_SLACK:
            raise SelectionError(field, "is in the future")
        return moment
    return parse.parse_at(at, field)


def _pain_input(entry: PainSpec, sensations: tuple[str, ...]) -> parse.PainInput:
    if isinstance(entry, str):
        return parse.parse_pain_token(entry, sensations)
    if not isinstance(entry, Mapping):
        raise InputError("pain", "each entry is REGION[:SIDE]=INTENSITY or an object")
    own = entry.get("sensations") or ()
    if isinstance(own, str):
        own = tuple(x for x in own.split(",") if x)
    return parse.validate_pain(
        str(entry.get("region", "")), entry.get("side"), entry.get("intensity"), tuple(own) or sensations
    )
