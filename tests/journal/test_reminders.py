"""Reminders: a maintenance visit every N weeks (default 6), daily practice, and the iCalendar file."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from psoas.errors import InputError
from psoas.journal.service import Journal

TODAY = date(2026, 3, 20)


def _by_kind(journal: Journal, today: date = TODAY) -> dict[str, dict]:
    return {r["kind"]: r for r in journal.reminders(None, today=today)}


def test_defaults_and_due_dates(journal: Journal) -> None:
    journal.add_person("Ana")
    both = _by_kind(journal)
    assert both["visit"]["every_days"] == 42 and both["practice"]["every_days"] == 1
    assert both["practice"]["due"]  # nothing logged yet: practise today
    journal.log_visit(None, "massage", at=datetime(2026, 2, 1, 10))
    journal.log_practice(None, "constructive_rest", minutes=10, at=datetime(2026, 3, 20, 7))
    r = _by_kind(journal)
    assert r["visit"]["next"] == "2026-03-15" and r["visit"]["due"] and r["visit"]["overdue_days"] == 5
    assert r["practice"]["next"] == "2026-03-21" and not r["practice"]["due"]
    assert _by_kind(journal, date(2026, 3, 14))["visit"]["due"] is False


def test_settings_change_and_switch_off(journal: Journal) -> None:
    journal.set_reminder(None, "visit", 56)
    journal.set_reminder(None, "practice", enabled=False)
    assert [(r["kind"], r["every_days"]) for r in journal.reminders(None, today=TODAY)] == [("visit", 56)]
    with pytest.raises(InputError, match="reminder"):
        journal.set_reminder(None, "stretch", 3)
    with pytest.raises(InputError, match="every_days"):
        journal.set_reminder(None, "visit", 0)


def test_calendar_file_has_repeating_events_without_personal_details(journal: Journal) -> None:
    journal.add_person("Ana Example")
    journal.log_visit(None, "massage", notes="left psoas very tight", at=datetime(2026, 3, 1, 10))
    cal = Calendar.from_ical(journal.calendar(None, today=TODAY))
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 2
    visit = next(e for s, e in events.items() if "visit" in s)
    assert visit.decoded("dtstart") == date(2026, 4, 12)
    assert visit["rrule"]["FREQ"] == ["WEEKLY"] and visit["rrule"]["INTERVAL"] == [6]
    practice = next(e for s, e in events.items() if "practice" in s)
    assert practice.decoded("dtstart") == datetime(2026, 3, 20, 8, 0)
    assert practice["rrule"]["FREQ"] == ["DAILY"]
    text = journal.calendar(None, today=TODAY).decode()
    assert "Ana" not in text and "psoas very tight" not in text and "knee" not in text


def test_the_reminders_calendar_carries_the_trials_logging_times_and_retests() -> None:
    from psoas.documents.examples import NAME, fill_journal

    with Journal("sqlite://") as j:
        fill_journal(j)
        before = {str(e.get("summary")) for e in Calendar.from_ical(j.calendar(NAME)).walk("VEVENT")}
        plan = j.plan_trial(NAME, {})["plan"]
        events = Calendar.from_ical(j.calendar(NAME)).walk("VEVENT")
    summaries = [str(e.get("summary")) for e in events]
    assert "Rate your pain (trial diary)" not in before
    assert summaries.count("Rate your pain (trial diary)") == len(plan["times"])  # one daily event per time
    assert "Trial: re-test the Thomas angle" in summaries
    assert before <= set(summaries)  # the programme's own reminders stay


def test_a_new_profile_is_not_due_for_a_maintenance_visit_on_day_0(journal: Journal) -> None:
    journal.add_person("Ana")
    began = date.today()
    visit = _by_kind(journal, began)["visit"]
    assert visit["due"] is False and visit["last"] is None
    assert visit["next"] == (began + timedelta(days=42)).isoformat()
    assert _by_kind(journal, began + timedelta(days=41))["visit"]["due"] is False
    assert _by_kind(journal, began + timedelta(days=42))["visit"]["due"] is True  # the date has come


def test_a_visit_since_the_due_date_clears_it(journal: Journal) -> None:
    journal.add_person("Ana")
    journal.log_visit(None, "massage", at=datetime(2026, 1, 1, 10))
    assert _by_kind(journal, date(2026, 2, 12))["visit"]["due"] is True  # 42 days on, nothing since
    journal.log_visit(None, "massage", at=datetime(2026, 2, 12, 9))
    after = _by_kind(journal, date(2026, 2, 12))["visit"]
    assert after["due"] is False and after["next"] == "2026-03-26"


def test_an_imported_earlier_practice_counts_as_the_start(journal: Journal) -> None:
    journal.add_person("Ana")
    journal.log_practice(None, "constructive_rest", minutes=10, at=datetime(2026, 1, 2, 7))
    visit = _by_kind(journal, TODAY)["visit"]
    assert visit["next"] == "2026-02-13" and visit["due"] is True
