"""The trial's reminders as iCalendar: one daily event per logging time over the plan, and the
phase changes (pause or resume the release work, re-test the Thomas angle).

Event texts name no person and no condition (calendars are often synced to other services).
Times are local wall-clock times (floating), as the person planned them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from psoas.trial.plan import TrialPlan
from psoas.trial.tasks import boundaries


def ics(plan: TrialPlan, uid_prefix: str) -> bytes:
    """The calendar document for ``plan``."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//psoas//trial reminders//EN")
    cal.add("version", "2.0")
    for item in events(plan, uid_prefix):
        cal.add_component(item)
    return bytes(cal.to_ical())


def events(plan: TrialPlan, uid_prefix: str) -> list[Any]:
    """The plan's reminder events (logging times, phase changes, re-tests), for any calendar."""
    from icalendar import Alarm, Event

    out: list[Any] = []
    stamp = datetime.now(UTC).replace(microsecond=0)
    last = plan.end - timedelta(days=1)

    def event(uid: str, summary: str, start: datetime, minutes: int, until: datetime | None) -> None:
        item = Event()
        item.add("uid", f"{uid_prefix}-{uid}@psoas.local")
        item.add("dtstamp", stamp)
        item.add("summary", summary)
        item.add("dtstart", start)
        item.add("duration", timedelta(minutes=minutes))
        if until is not None:
            item.add("rrule", {"freq": "daily", "until": until})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=0))
        item.add_component(alarm)
        out.append(item)

    for time in plan.times:
        hour, minute = (int(x) for x in time.split(":"))
        first = datetime(plan.start.year, plan.start.month, plan.start.day, hour, minute)
        until = datetime(last.year, last.month, last.day, 23, 59)
        event(f"log-{time}", "Rate your pain (trial diary)", first, 5, until)
    for phase in plan.phases[1:]:
        at = datetime(phase.start.year, phase.start.month, phase.start.day, 7, 30)
        what = "Resume the release practice" if phase.release else "Pause the release practice"
        event(f"phase-{phase.start.isoformat()}", f"Trial: {what}", at, 5, None)
    if plan.target.get("test"):
        for day in boundaries(plan):
            at = datetime(day.year, day.month, day.day, 18, 0)
            event(f"retest-{day.isoformat()}", "Trial: re-test the Thomas angle", at, 10, None)
    return out
