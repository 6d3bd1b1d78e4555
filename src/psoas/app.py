"""The application object: one :class:`Psoas` per process face, built from :class:`~psoas.settings.Settings`.

It holds the knowledge (atlas, exercise library), the engine, the posture model's reference body
and the journal, each loaded on first use, and offers the operations every face needs: assess,
screen, compare, people by id, logging, history, verify. The methods are thin: the work stays in
the core modules. The CLI, the web app, the benchmarks and the tests build one of these; nothing
heavy is imported with this module (the CLI's cold start stays fast).
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from psoas.settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    import datetime

    from psoas.assessment.comparison import Comparison
    from psoas.assessment.pipeline import Assessment
    from psoas.assessment.result_types import Referral
    from psoas.journal.service import Journal
    from psoas.knowledge.atlas import Atlas
    from psoas.knowledge.exercises import ExerciseLibrary
    from psoas.mechanics.params import Params
    from psoas.mechanics.reference import ReferenceBody
    from psoas.reasoning.engine import Engine


class Psoas:
    """psoas over one journal database, with its settings."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings()
        self._journal: Journal | None = None
        self._lock = threading.Lock()
        self._simulate_lock = threading.Lock()  # the posture model's solver is not re-entrant

    @classmethod
    def from_env(cls, **overrides: Any) -> Psoas:
        """Settings from the environment, then ``overrides`` (field names; None leaves a value alone)."""
        return cls(Settings.from_env(overrides))

    # -- what it holds (each loaded once, on first use) ---------------------------------------
    @property
    def journal(self) -> Journal:
        """The journal, opened (and migrated) on first use."""
        with self._lock:
            if self._journal is None:
                from psoas.journal.service import Journal

                self._journal = Journal(self.settings.database_url())
            return self._journal

    @property
    def atlas(self) -> Atlas:
        """The body atlas (regions, causes, mechanisms, links with evidence levels)."""
        from psoas.knowledge.atlas import load_atlas

        return load_atlas()

    @property
    def exercise_library(self) -> ExerciseLibrary:
        """The exercise library."""
        from psoas.knowledge.exercises import load_exercises

        return load_exercises()

    @property
    def engine(self) -> Engine:
        """The reasoning engine (the network is built once per process)."""
        from psoas.reasoning.engine import get_engine

        return get_engine()

    @property
    def mechanics(self) -> Params:
        """The posture model's reference body, from its parameter files."""
        from psoas.mechanics.params import load_params

        return load_params()

    @property
    def reference_body(self) -> ReferenceBody:
        """The posture model's reference person (height and mass), from the parameter file."""
        from psoas.mechanics.reference import reference_body

        return reference_body()

    def close(self) -> None:
        """Release the database connections (the journal opens again on next use)."""
        with self._lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    def __enter__(self) -> Psoas:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- reasoning ----------------------------------------------------------------------------
    def assess(self, intake: Any, today: datetime.date | None = None) -> Assessment:
        """Assess one intake (red flags once, then the engine, then the programme)."""
        from psoas.assessment.pipeline import assess

        return assess(intake, today=today)

    def screen(self, intake: Any) -> Referral | None:
        """The referral the red-flag answers alone call for (None: go on), without the engine or programme."""
        from psoas.assessment.redflags import screen
        from psoas.intake.schema import parse_intake

        return screen(parse_intake(intake))

    def compare(self, before: Any, after: Any) -> Comparison:
        """Two intakes of one person compared (trait probabilities and measured angles)."""
        from psoas.assessment.comparison import compare

        return compare(before, after)

    def simulate(
        self,
        tightness: dict[str, float] | None = None,
        height_cm: float | None = None,
        mass_kg: float | None = None,
    ) -> dict[str, Any]:
        """The posture model (:func:`psoas.mechanics.simulate`) for muscle tightness and body size
        (default: the reference body of the parameter file)."""
        from psoas.mechanics import simulate

        body = self.reference_body
        height = body.height_cm if height_cm is None else height_cm
        mass = body.mass_kg if mass_kg is None else mass_kg
        with self._simulate_lock:
            return simulate(tightness, height_cm=height, mass_kg=mass).to_dict()

    # -- knowledge as JSON ----------------------------------------------------------------------
    def atlas_json(self) -> dict[str, Any]:
        """The body atlas as JSON (the same document as ``psoas atlas --format json``)."""
        from psoas.present.atlas_view import atlas_document

        return atlas_document()

    def exercise(self, exercise_id: str) -> dict[str, Any]:
        """One exercise as JSON; :class:`~psoas.errors.NotFoundError` for an unknown id."""
        from psoas.knowledge.exercises import get_exercise

        return exercise_dict(get_exercise(exercise_id))

    # -- people (addressed by journal id) -------------------------------------------------------
    def people(self) -> list[dict[str, Any]]:
        """Every profile on this install, by name."""
        return self.journal.list_people()

    def add_person(self, name: str) -> dict[str, Any]:
        """Add a profile; a duplicate or empty name is an :class:`~psoas.errors.InputError` on ``name``."""
        return self.journal.add_person(name)

    def rename_person(self, person_id: int, name: str) -> dict[str, Any]:
        """Give a profile a new name (same rules as a new one: 1-120 printable characters, unique)."""
        from psoas.journal import parse, repo

        clean = parse.validate_name(name)
        with self.journal.transaction() as s:
            found = repo.rename_person(s, person_id, clean)
            return {"id": found.id, "name": found.name, "created_at": found.created_at.isoformat() + "Z"}

    def person(self, person_id: int) -> dict[str, Any]:
        """One profile by id (one primary-key lookup)."""
        from psoas.journal import repo

        with self.journal.transaction(write=False) as s:
            found = repo.person_by_id(s, person_id)
            return {"id": found.id, "name": found.name, "created_at": found.created_at.isoformat() + "Z"}

    def save_assessment(self, person_id: int, intake: dict[str, Any], result: dict[str, Any]) -> int:
        """Store an assessment; its programme becomes the person's active programme."""
        return self.journal.save_assessment(person_id, intake, result)

    def program(self, person_id: int) -> dict[str, Any] | None:
        """The active programme (with its assessment id), or None."""
        from psoas.journal.stored import check_program

        active = self.journal.active_program(person_id)
        if active is not None:
            check_program(active.get("program"), "program")
        return active

    # -- diary ----------------------------------------------------------------------------------
    def log_pain(
        self, person_id: int, entries: list[Any], note: str = "", at: str | None = None
    ) -> list[int]:
        """Log one or more pain ratings (now, or back-dated to ``at``)."""
        return self.journal.log_pain(person_id, entries, note=note, at=at or None)

    def log_practice(self, person_id: int, exercise_id: str, at: str | None = None, **amounts: Any) -> int:
        """Log one practice session (``minutes``, ``holds``, ``reps``, ``felt``; now or at ``at``)."""
        return self.journal.log_practice(person_id, exercise_id, at=at or None, **amounts)

    def log_visit(
        self, person_id: int, kind: str, who: str = "", notes: str = "", at: str | None = None
    ) -> int:
        """Log a visit (now, or back-dated to ``at``)."""
        return self.journal.log_visit(person_id, kind, who=who, notes=notes, at=at or None)

    def history(self, person_id: int) -> list[dict[str, Any]]:
        """Everything logged for the person, oldest first."""
        return self.journal.history(person_id)

    def progress(self, person_id: int) -> dict[str, Any]:
        """Daily pain per region with practice days and visits."""
        return self.journal.progress(person_id)

    def verify(self, person_id: int) -> dict[str, Any]:
        """The per-person chain check."""
        return self.journal.verify(person_id)

    def reminders(self, person_id: int) -> list[dict[str, Any]]:
        """Each reminder with its next date and whether it is due."""
        return self.journal.reminders(person_id)

    def calendar(self, person_id: int) -> bytes:
        """The reminders as an iCalendar document."""
        return self.journal.calendar(person_id)


def exercise_dict(exercise: Any) -> dict[str, Any]:
    """An exercise as JSON (its dose in the dose's own form)."""
    out = asdict(exercise)
    out["dose"] = exercise.dose.to_dict()
    return out
