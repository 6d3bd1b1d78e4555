"""The services behind every page and API route: one object per app, thin faces on top.

Each method returns plain JSON-ready data and raises :mod:`psoas.errors` exceptions; the
pages render that data, the API returns it. Storage goes through :mod:`psoas.journal.service`
(no SQL here), reasoning through :func:`psoas.assess`. People are addressed by their journal
id in URLs so that names never appear in addresses or logs.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.errors import InputError, NotFoundError
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG
from psoas.web import workers
from psoas.web.cache import ByteLRU

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal

STORED_CACHE_BYTES = 16 << 20
"""Stored assessments kept for re-reading (bounded by size, not count)."""
RESULT_CACHE_BYTES = 32 << 20
"""Assessment answers kept per intake and day (intake text + answer)."""
CACHE_ITEM_BYTES = 1 << 20


class Services:
    """Everything the web face can do, over one journal database."""

    def __init__(self, db_url: str | None = None) -> None:
        self.db_url = db_url
        self._journal: Journal | None = None
        self._lock = threading.Lock()
        self._simulate_lock = threading.Lock()  # so does the posture model's solver
        self._stored = ByteLRU(STORED_CACHE_BYTES, CACHE_ITEM_BYTES)
        self._results = ByteLRU(RESULT_CACHE_BYTES, CACHE_ITEM_BYTES)
        self._exercises: list[dict[str, Any]] | None = None

    # -- plumbing ---------------------------------------------------------------------------
    @property
    def journal(self) -> Journal:
        """The journal, opened (and migrated) on first use."""
        with self._lock:
            if self._journal is None:
                from psoas.journal.service import Journal

                self._journal = Journal(self.db_url)
            return self._journal

    def close(self) -> None:
        """Release the database connections."""
        with self._lock:
            if self._journal is not None:
                self._journal.close()
                self._journal = None

    # -- reasoning --------------------------------------------------------------------------
    def assess(self, intake: Any) -> dict[str, Any]:
        """The engine's public JSON for one intake (identical to ``psoas assess --format json``)."""
        result: dict[str, Any] = json.loads(self.assess_json(intake))
        return result

    def assess_json(self, intake: Any) -> bytes:
        """:meth:`assess` as UTF-8 JSON, remembered per intake and day.

        The engine runs in a worker process (:mod:`psoas.web.workers`); this call blocks the
        calling thread (a route's worker thread, never the event loop) until the answer is back.
        An assessment is a pure function of the intake and today's date (the review date), so a
        repeated intake is answered from a byte-bounded cache instead of running the network again.
        """
        key, hit = self._lookup(intake)
        if hit is not None:
            return hit
        return self._keep(key, workers.assess(key[1]))

    async def assess_json_async(self, intake: Any) -> bytes:
        """:meth:`assess_json` for ``async`` routes: awaits the worker without holding a thread."""
        key, hit = self._lookup(intake)
        if hit is not None:
            return hit
        return self._keep(key, await workers.assess_async(key[1]))

    def _lookup(self, intake: Any) -> tuple[tuple[str, str], bytes | None]:
        if not isinstance(intake, dict):
            raise InputError("intake", "must be a JSON object")
        from psoas.intake.strictjson import check_tree

        check_tree(intake, "intake", max_depth=8)
        text = json.dumps(intake, sort_keys=True, separators=(",", ":"))
        key = (date.today().isoformat(), text)
        return key, self._results.get(key)

    def _keep(self, key: tuple[str, str], body: bytes) -> bytes:
        self._results.put(key, body, len(key[1]) + len(body))
        return body

    def screen(self, person: dict[str, Any], red_flags: dict[str, bool]) -> dict[str, Any] | None:
        """The referral that the red-flag answers alone already call for (None: go on)."""
        result = self.assess({"person": person, "red_flags": red_flags})
        referral = result.get("referral")
        return referral if isinstance(referral, dict) else None

    def atlas(self) -> dict[str, Any]:
        """The body atlas as JSON (the same document as ``psoas atlas --format json``)."""
        from psoas.present.atlas_view import atlas_document

        return atlas_document()

    def exercises(self) -> list[dict[str, Any]]:
        """The exercise library in library order (built once; each call gets its own copies)."""
        import copy

        from psoas.knowledge.exercises import load_exercises

        if self._exercises is None:
            self._exercises = [_exercise_dict(e) for e in load_exercises().exercises]
        return copy.deepcopy(self._exercises)

    def exercise(self, exercise_id: str) -> dict[str, Any]:
        """One exercise; :class:`NotFoundError` for an unknown id."""
        from psoas.knowledge.exercises import get_exercise

        return _exercise_dict(get_exercise(exercise_id))

    def simulate(
        self,
        tightness: dict[str, float] | None = None,
        height_cm: float = REFERENCE_HEIGHT_CM,
        mass_kg: float = REFERENCE_MASS_KG,
    ) -> dict[str, Any]:
        """The posture model (:func:`psoas.mechanics.simulate`) for muscle tightness and body size."""
        from psoas.mechanics import simulate

        with self._simulate_lock:
            return simulate(tightness, height_cm=height_cm, mass_kg=mass_kg).to_dict()

    # -- people -----------------------------------------------------------------------------
    def people(self) -> list[dict[str, Any]]:
        """Every profile on this install, by name."""
        return self.journal.list_people()

    def add_person(self, name: str) -> dict[str, Any]:
        """Add a profile; a duplicate or empty name is an :class:`InputError` on ``name``."""
        return self.journal.add_person(name)

    def person(self, person_id: int) -> dict[str, Any]:
        """One profile by id (one primary-key lookup: every person route calls this)."""
        from psoas.journal.models import Person

        if not 0 < person_id < 2**31:  # beyond any stored id (32-bit in PostgreSQL): nobody
            raise NotFoundError(f"no person with id {person_id}")
        with self.journal.transaction() as s:
            found = s.get(Person, person_id)
            if found is None:
                raise NotFoundError(f"no person with id {person_id}")
            return {"id": found.id, "name": found.name, "created_at": found.created_at.isoformat() + "Z"}

    def _name(self, person_id: int) -> str:
        return str(self.person(person_id)["name"])

    # -- assessments and programs -----------------------------------------------------------
    def save_assessment(self, person_id: int, intake: dict[str, Any], result: dict[str, Any]) -> int:
        """Store an assessment; its program becomes the person's active program."""
        return self.journal.save_assessment(self._name(person_id), intake, result)

    def assess_and_save(self, person_id: int | None, intake: Any) -> tuple[dict[str, Any], int | None]:
        """Assess, and store the result when a person is given."""
        result = self.assess(intake)
        if person_id is None:
            return result, None
        return result, self.save_assessment(person_id, intake, result)

    def assessments(self, person_id: int) -> list[dict[str, Any]]:
        """The person's stored assessments (id, date, engine version), oldest first."""
        return [h for h in self.history(person_id) if h["kind"] == "assessment"]

    def assessment(self, person_id: int, assessment_id: int) -> dict[str, Any]:
        """One stored assessment with its intake and result (cached: stored results never change)."""
        cached = self._stored.get(assessment_id)
        if cached is not None and cached["person_id"] == person_id:
            return dict(cached)
        from psoas.journal.stored import check_result

        row = self.journal.get_assessment(self._name(person_id), assessment_id)
        check_result(row["result"], "assessment")  # a damaged row gets a clear page, not a crash
        text = json.dumps(row)
        found = json.loads(text) | {"person_id": person_id}
        self._stored.put(assessment_id, found, len(text))
        return dict(found)

    def program(self, person_id: int) -> dict[str, Any] | None:
        """The active program (with its assessment id), or None."""
        from psoas.journal.stored import check_program

        active = self.journal.active_program(self._name(person_id))
        if active is not None:
            check_program(active.get("program"), "program")
        return active

    # -- diary ------------------------------------------------------------------------------
    def log_pain(
        self, person_id: int, entries: list[dict[str, Any]], note: str = "", at: str | None = None
    ) -> list[int]:
        """Log one or more pain ratings (now, or back-dated to ``at``)."""
        return self.journal.log_pain(self._name(person_id), entries, note=note, at=at or None)

    def log_practice(
        self,
        person_id: int,
        exercise_id: str,
        minutes: float | None = None,
        holds: int | None = None,
        reps: int | None = None,
        felt: str = "",
        at: str | None = None,
    ) -> int:
        """Log one practice session (now, or back-dated to ``at``)."""
        return self.journal.log_practice(
            self._name(person_id),
            exercise_id,
            minutes=minutes,
            holds=holds,
            reps=reps,
            felt=felt,
            at=at or None,
        )

    def log_visit(
        self, person_id: int, kind: str, who: str = "", notes: str = "", at: str | None = None
    ) -> int:
        """Log a visit (now, or back-dated to ``at``)."""
        return self.journal.log_visit(self._name(person_id), kind, who=who, notes=notes, at=at or None)

    def history(self, person_id: int) -> list[dict[str, Any]]:
        """Everything logged for the person, oldest first."""
        return self.journal.history(self._name(person_id))

    def progress(self, person_id: int) -> dict[str, Any]:
        """Daily pain per region with practice days and visits."""
        return self.journal.progress(self._name(person_id))

    def verify(self, person_id: int) -> dict[str, Any]:
        """The per-person chain check."""
        return self.journal.verify(self._name(person_id))

    def reminders(self, person_id: int) -> list[dict[str, Any]]:
        """Each reminder with its next date and whether it is due."""
        return self.journal.reminders(self._name(person_id))

    def calendar(self, person_id: int) -> bytes:
        """The reminders as an iCalendar document."""
        return self.journal.calendar(self._name(person_id))

    def visit_kinds(self) -> tuple[str, ...]:
        """Allowed visit kinds."""
        from psoas.journal.parse import VISIT_KINDS

        return tuple(VISIT_KINDS)


def _exercise_dict(exercise: Any) -> dict[str, Any]:
    out = asdict(exercise)
    out["dose"] = exercise.dose.to_dict()
    return out
