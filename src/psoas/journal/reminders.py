"""Reminders: a maintenance release visit every N weeks (default 6) and daily practice.

Without a stored setting the defaults apply. A reminder's next date counts from the last
visit or practice entry (UTC calendar days), and it is due once that date has come with nothing
logged since. With no visit logged yet, the first maintenance visit counts from when the person
began (the profile or their first practice, whichever is earlier), so a new profile is not told on
day 0 that a visit is due; with no practice logged yet, practice is due today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from psoas.errors import InputError
from psoas.journal import repo

DEFAULT_EVERY_DAYS: dict[str, int] = {"visit": 42, "practice": 1}
KINDS: tuple[str, ...] = tuple(DEFAULT_EVERY_DAYS)
PRACTICE_TIME = (8, 0)
TEXTS = {
    "visit": "Maintenance release visit (e.g. massage)",
    "practice": "Daily release practice",
}


def settings(session: Session, person_id: int) -> dict[str, tuple[int, bool]]:
    """kind → (every_days, enabled), stored values over defaults."""
    current = {kind: (days, True) for kind, days in DEFAULT_EVERY_DAYS.items()}
    for row in repo.reminders(session, person_id):
        current[row.kind] = (row.every_days, row.enabled)
    return current


def configure(session: Session, person_id: int, kind: str, every_days: int | None, enabled: bool) -> None:
    if kind not in KINDS:
        raise InputError("reminder", f"unknown reminder {kind!r}", KINDS)
    days = DEFAULT_EVERY_DAYS[kind] if every_days is None else every_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise InputError("every_days", f"{every_days} is out of range", "1-366")
    repo.set_reminder(session, person_id, kind, days, enabled)


def status(session: Session, person_id: int, today: date) -> list[dict[str, Any]]:
    """Each enabled reminder: next date, whether due and by how many days overdue."""
    last = {
        "visit": repo.last_visit_at(session, person_id),
        "practice": repo.last_practice_at(session, person_id),
    }
    out = []
    for kind, (every_days, enabled) in settings(session, person_id).items():
        if not enabled:
            continue
        previous = last[kind]
        if previous is not None:
            next_on = previous.date() + timedelta(days=every_days)
        elif kind == "visit":
            next_on = _began(session, person_id) + timedelta(days=every_days)
        else:
            next_on = today
        out.append(
            {
                "kind": kind,
                "text": TEXTS[kind],
                "every_days": every_days,
                "last": None if previous is None else previous.date().isoformat(),
                "next": next_on.isoformat(),
                "due": next_on <= today,
                "overdue_days": max(0, (today - next_on).days),
            }
        )
    return out


def _began(session: Session, person_id: int) -> date:
    """The day the person began: their profile's creation, or an earlier first practice (imports)."""
    began = repo.person_by_id(session, person_id).created_at.date()
    first = repo.first_release_at(session, person_id)
    return began if first is None else min(began, first.date())


def ics(session: Session, person_id: int, today: date) -> bytes:
    """An iCalendar document with one repeating event per enabled reminder.

    Event texts name no person and no condition (calendars are often synced to other services).
    """
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//psoas//journal reminders//EN")
    cal.add("version", "2.0")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in status(session, person_id, today):
        start = max(date.fromisoformat(item["next"]), today)
        event = Event()
        event.add("uid", f"psoas-{item['kind']}-{person_id}@psoas.local")
        event.add("dtstamp", stamp)
        event.add("summary", item["text"])
        every = int(item["every_days"])
        if item["kind"] == "practice":
            event.add("dtstart", datetime(start.year, start.month, start.day, *PRACTICE_TIME))
            event.add("duration", timedelta(minutes=15))
        else:
            event.add("dtstart", start)
        if every % 7 == 0:
            event.add("rrule", {"freq": "weekly", "interval": every // 7})
        else:
            event.add("rrule", {"freq": "daily", "interval": every})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item["text"])
        alarm.add("trigger", timedelta(minutes=0))
        event.add_component(alarm)
        cal.add_component(event)
    for extra in programme_events(session, person_id, stamp):
        cal.add_component(extra)
    for extra in _trial_events(session, person_id):
        cal.add_component(extra)
    return cal.to_ical()


def _trial_events(session: Session, person_id: int) -> list[Any]:
    """The active trial's logging times, phase changes and re-tests (none without a trial)."""
    from psoas.journal import trials
    from psoas.trial.ical import events
    from psoas.trial.plan import TrialPlan

    trial = trials.active(session, person_id)
    return [] if trial is None else events(TrialPlan.from_dict(trial.plan), f"psoas-trial-{trial.id}")


def programme_events(session: Session, person_id: int, stamp: datetime) -> list[Any]:
    """All-day events of the active programme: its review date and the start of maintenance."""
    from icalendar import Event

    found = repo.active_program(session, person_id)
    content = (found[0].content if found else None) or {}
    maintenance = content.get("maintenance") or {}
    wanted = []
    if content.get("review_date"):
        wanted.append(
            ("review", content["review_date"], "Programme review: rate your pain and activities again")
        )
    if maintenance.get("from_date"):
        visits = maintenance.get("massage_every_weeks")
        text = f"Maintenance begins: practice {maintenance.get('days_per_week', 3)} days a week"
        wanted.append(
            (
                "maintenance",
                maintenance["from_date"],
                text + (f", a release visit every {visits} weeks" if visits else ""),
            )
        )
    out = []
    for kind, day, text in wanted:
        event = Event()
        event.add("uid", f"psoas-{kind}-{person_id}-{day}@psoas.local")
        event.add("dtstamp", stamp)
        event.add("summary", text)
        event.add("dtstart", date.fromisoformat(day))
        out.append(event)
    return out
