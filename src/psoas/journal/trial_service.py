"""The trial and diary-correction methods of :class:`psoas.journal.service.Journal` (a mixin).

Each method opens one transaction through ``self.transaction()``, validates everything before
writing, and returns JSON-ready dicts. ``today`` defaults to the current UTC date.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from psoas.journal import parse

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.orm import Session

    from psoas.journal.models import Person


def _today(today: date | None) -> date:
    return today or parse.now_utc().date()


class TrialMixin:
    """Entry edit/delete with history, and per-person trials."""

    if TYPE_CHECKING:  # pragma: no cover

        def transaction(self) -> AbstractContextManager[Session]: ...

        def _person(self, s: Session, name: parse.Who) -> Person: ...

    # -- corrections -----------------------------------------------------------------------
    def get_entry(self, person: parse.Who, kind: str, entry_id: int) -> dict[str, Any]:
        """One pain, practice or visit entry of ``person``."""
        from psoas.journal import edits

        with self.transaction() as s:
            return edits.entry(s, self._person(s, person).id, kind, entry_id)

    def edit_entry(
        self, person: parse.Who, kind: str, entry_id: int, changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Change fields of one entry (``at`` back-dates it); the old values go to the history."""
        from psoas.journal import edits

        with self.transaction() as s:
            return edits.edit_entry(s, self._person(s, person).id, kind, entry_id, changes, parse.now_utc())

    def delete_entry(self, person: parse.Who, kind: str, entry_id: int) -> None:
        """Delete one entry; what it was stays in the history."""
        from psoas.journal import edits

        with self.transaction() as s:
            edits.delete_entry(s, self._person(s, person).id, kind, entry_id, parse.now_utc())

    def entry_edits(self, person: parse.Who) -> list[dict[str, Any]]:
        """Every edit and deletion, oldest first."""
        from psoas.journal import edits

        with self.transaction() as s:
            return edits.edits(s, self._person(s, person).id)

    # -- trials ----------------------------------------------------------------------------
    def propose_trial(
        self, person: parse.Who, options: dict[str, Any] | None = None, today: date | None = None
    ) -> dict[str, Any]:
        """The plan psoas would propose now (nothing stored)."""
        from psoas.journal import trials

        with self.transaction() as s:
            return trials.propose(s, self._person(s, person).id, options or {}, _today(today)).to_dict()

    def plan_trial(
        self, person: parse.Who, options: dict[str, Any] | None = None, today: date | None = None
    ) -> dict[str, Any]:
        """Store the plan as the active trial (replacing an earlier one) and return its status."""
        from psoas.journal import trials

        with self.transaction() as s:
            pid = self._person(s, person).id
            trials.create(s, pid, options or {}, _today(today), parse.now_utc())
            return trials.evaluation(s, pid, _today(today))

    def trial_status(self, person: parse.Who, today: date | None = None) -> dict[str, Any] | None:
        """The active trial evaluated so far, with today's tasks; None without a trial."""
        from psoas.journal import trials

        with self.transaction() as s:
            pid = self._person(s, person).id
            if trials.active(s, pid) is None:
                return None
            return trials.evaluation(s, pid, _today(today))

    def trial_report(
        self, person: parse.Who, today: date | None = None, charts: bool = False
    ) -> dict[str, Any]:
        """The CENT-style report of the active trial (see :mod:`psoas.trial.cent_report`)."""
        from psoas.journal import trials
        from psoas.trial import cent_report as report

        with self.transaction() as s:
            return report.build(trials.evaluation(s, self._person(s, person).id, _today(today)), charts)

    def trial_retest(
        self,
        person: parse.Who,
        hip_angle_deg: Any,
        method: str = "inclinometer",
        at: str | datetime | None = None,
    ) -> dict[str, Any]:
        """Record a Thomas re-test for the active trial (rescored by the engine)."""
        from psoas.journal import trials

        moment = parse.to_utc(at) if isinstance(at, datetime) else parse.parse_at(at, "at")
        with self.transaction() as s:
            return trials.add_measurement(s, self._person(s, person).id, hip_angle_deg, method, moment)

    def stop_trial(self, person: parse.Who) -> None:
        """End the active trial (it stays stored)."""
        from psoas.journal import trials

        with self.transaction() as s:
            trials.stop(s, self._person(s, person).id)

    def trial_calendar(self, person: parse.Who) -> bytes:
        """The active trial's reminders as an iCalendar document."""
        from psoas.journal import trials
        from psoas.trial.ical import ics
        from psoas.trial.plan import TrialPlan

        with self.transaction() as s:
            trial = trials.require_active(s, self._person(s, person).id)
            return ics(TrialPlan.from_dict(trial.plan), f"psoas-trial-{trial.id}")
