"""The web face's operations: :class:`psoas.app.Psoas` plus what only the web needs.

The web adds assessments in worker processes (:mod:`psoas.web.workers`) answered as JSON bytes,
byte-bounded caches of answers and stored assessments, and the shapes its pages want. Each method
returns plain JSON-ready data and raises :mod:`psoas.errors` exceptions; the pages render that
data, the API returns it. People are addressed by their journal id in URLs so that names never
appear in addresses or logs.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any

from psoas.app import Psoas, exercise_dict
from psoas.errors import InputError
from psoas.mechanics.reference import REFERENCE_HEIGHT_CM, REFERENCE_MASS_KG
from psoas.settings import Settings
from psoas.web import workers
from psoas.web.cache import ByteLRU

STORED_CACHE_BYTES = 16 << 20
"""Stored assessments kept for re-reading (bounded by size, not count)."""
RESULT_CACHE_BYTES = 32 << 20
"""Assessment answers kept per intake and day (intake text + answer)."""
CACHE_ITEM_BYTES = 1 << 20
DIARY_PAGE = 30
"""Entries on one page of the diary."""


@functools.cache
def blank_bodymap() -> str:
    """The diary's body map with nothing chosen: the same for everyone, so drawn once."""
    from psoas.draw.bodymap import render_bodymap

    return render_bodymap()


class Services(Psoas):
    """Everything the web face can do, over one journal database."""

    def __init__(self, settings: Settings | str | None = None) -> None:
        super().__init__(settings if isinstance(settings, Settings) else Settings(db_url=settings))
        self._stored = ByteLRU(STORED_CACHE_BYTES, CACHE_ITEM_BYTES)
        self._results = ByteLRU(RESULT_CACHE_BYTES, CACHE_ITEM_BYTES)
        self._exercises: list[dict[str, Any]] | None = None
        self._choices: tuple[tuple[str, str], ...] | None = None

    @property
    def db_url(self) -> str | None:
        """The journal's URL as configured (None: the default SQLite file)."""
        return self.settings.database_url()

    # -- reasoning --------------------------------------------------------------------------
    def assess_dict(self, intake: Any) -> dict[str, Any]:
        """The engine's public JSON for one intake (identical to ``psoas assess --format json``)."""
        result: dict[str, Any] = json.loads(self.assess_json(intake))
        return result

    def assess_json(self, intake: Any) -> bytes:
        """:meth:`assess_dict` as UTF-8 JSON, remembered per intake and day.

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

    def screen_answers(
        self,
        person: dict[str, Any],
        red_flags: dict[str, bool],
        unsure: list[str] | None = None,
        cleared: dict[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """The referral that the red-flag answers alone (with the "not sure" ones) already call for (None: go on).

        Only the red-flag rules run (:meth:`psoas.app.Psoas.screen`), not the engine or the programme.
        """
        referral = self.screen(
            {
                "person": person,
                "red_flags": red_flags,
                "red_flags_unsure": list(unsure or []),
                "red_flags_cleared": dict(cleared or {}),
            }
        )
        return referral.to_dict() if referral is not None else None

    def simulate(
        self,
        tightness: dict[str, float] | None = None,
        height_cm: float | None = REFERENCE_HEIGHT_CM,
        mass_kg: float | None = REFERENCE_MASS_KG,
    ) -> dict[str, Any]:
        """:meth:`psoas.app.Psoas.simulate` with the reference body's numbers written out as defaults."""
        return super().simulate(tightness, height_cm, mass_kg)

    def exercises(self) -> list[dict[str, Any]]:
        """The exercise library in library order (built once; each call gets its own copies)."""
        import copy

        if self._exercises is None:
            self._exercises = [exercise_dict(e) for e in self.exercise_library.exercises]
        return copy.deepcopy(self._exercises)

    def exercise_choices(self) -> list[dict[str, str]]:
        """``id`` and ``name`` of each exercise in library order (for a form's choice list)."""
        if self._choices is None:
            self._choices = tuple((e.id, e.name) for e in self.exercise_library.exercises)
        return [{"id": i, "name": n} for i, n in self._choices]

    def warm(self, templates: Any) -> None:
        """Pay before serving what a fresh worker's first requests would: every template compiled,
        the exercise library, the blank body map and the password hasher loaded, and the journal's
        pool opened (on a database server, all of it) with the request path's queries compiled.
        Best effort: a database that is not there yet is met by the first request, as without this."""
        import contextlib

        from psoas.practice.passwords import verify_password

        for name in templates.list_templates(extensions=["html"]):
            templates.get_template(name)
        self.exercise_choices()
        blank_bodymap()
        verify_password(None, "warm-up")  # the hasher and its stand-in hash for unknown accounts
        with contextlib.suppress(Exception):
            self._warm_journal()

    def _warm_journal(self) -> None:
        from psoas.journal import repo
        from psoas.journal.db import POOL_SIZE
        from psoas.practice.accounts import Accounts

        engine = self.journal.engine
        held = [engine.connect() for _ in range(POOL_SIZE if engine.dialect.name != "sqlite" else 1)]
        for connection in held:
            connection.close()
        Accounts(self.journal).session_reach("warm-up", None)
        with self.journal.transaction(write=False) as s:
            for kind in ("pain", "practice", "visit", "assessment"):
                repo.newest_rows(s, kind, 0, 1)
            repo.active_program_row(s, 0)

    # -- pages of one person ------------------------------------------------------------------
    def diary_page(self, person_id: int, page: int = 1) -> dict[str, Any]:
        """The person and the ``page``-th :data:`DIARY_PAGE` entries of their diary counting from the
        newest (``entries``, newest first), and ``older``: whether older entries exist."""
        return self.journal.recent(person_id, DIARY_PAGE, (page - 1) * DIARY_PAGE)

    def person_program(self, person_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The person and their active programme (as :meth:`program`), read together."""
        from psoas.journal.stored import check_program

        person, active = self.journal.person_and_program(person_id)
        if active is not None:
            check_program(active.get("program"), "program")
        return person, active

    # -- assessments ------------------------------------------------------------------------
    def assess_and_save(self, person_id: int | None, intake: Any) -> tuple[dict[str, Any], int | None]:
        """Assess, and store the result when a person is given."""
        result = self.assess_dict(intake)
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

        row = self.journal.get_assessment(person_id, assessment_id)
        check_result(row["result"], "assessment")  # a damaged row gets a clear page, not a crash
        found = row | {"person_id": person_id}
        self._stored.put(assessment_id, found, len(json.dumps(row, default=str)))
        return dict(found)

    def visit_kinds(self) -> tuple[str, ...]:
        """Allowed visit kinds."""
        from psoas.journal.parse import VISIT_KINDS

        return tuple(VISIT_KINDS)
