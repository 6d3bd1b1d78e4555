"""Bad input to trials and corrections: a clear message naming the field, and nothing changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from psoas.errors import InputError, NotFoundError
from psoas.journal.models import EntryEdit, PainEntry, Trial
from psoas.journal.service import Journal

TODAY = date(2026, 11, 20)


def _counts(j: Journal) -> tuple[int, int, int, list[Any]]:
    with j.transaction() as s:
        pain = [tuple(r) for r in s.execute(select(PainEntry.id, PainEntry.at, PainEntry.intensity)).all()]
        return (
            int(s.scalar(select(func.count(Trial.id))) or 0),
            int(s.scalar(select(func.count(EntryEdit.id))) or 0),
            len(pain),
            pain,
        )


@pytest.mark.parametrize(
    "options,field,words",
    [
        ({"baseline_days": 0}, "baseline_days", "0 is out of range (allowed: 1-120)"),
        ({"release_days": 0}, "release_days", "allowed: 1-120"),
        (
            {
                "phases": [
                    {"kind": "baseline", "start": "2026-11-01", "days": 0},
                    {"kind": "release", "start": "2026-11-08", "days": 7},
                ]
            },
            "phases[0].days",
            "0 days is not a phase",
        ),
        (
            {
                "phases": [
                    {"kind": "baseline", "start": "2026-11-01", "days": 7},
                    {"kind": "release", "start": "2026-11-05", "days": 7},
                ]
            },
            "phases",
            "overlaps the baseline phase 2026-11-01 to 2026-11-07",
        ),
        ({"design": "abab"}, "design", "allowed: ab, reversal"),
        ({"design": "reversal", "pairs": 2}, "pairs", "allowed: 3-12"),
        ({"times": ["25:00"]}, "times", "not a time of day"),
        ({"change_points": 0}, "change_points", "out of range"),
        ({"colour": "red"}, "colour", "unknown plan option"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_stored(
    journal: Journal, options: dict[str, Any], field: str, words: str
) -> None:
    before = _counts(journal)
    with pytest.raises(InputError) as info:
        journal.plan_trial("Sam", options, today=TODAY)
    assert info.value.field == field
    assert words in str(info.value)
    assert _counts(journal) == before


def test_no_programme_no_trial(journal: Journal) -> None:
    with pytest.raises(InputError, match="no active programme"):
        journal.plan_trial("Kim", {}, today=TODAY)
    with pytest.raises(NotFoundError, match="no trial planned"):
        journal.trial_report("Kim", today=TODAY)


def test_editing_a_missing_or_foreign_entry_changes_nothing(journal: Journal) -> None:
    [mine] = journal.log_pain("Sam", ["knee:left=5"], at=datetime(2026, 11, 1, 8))
    [theirs] = journal.log_pain("Kim", ["neck=4"], at=datetime(2026, 11, 1, 8))
    before = _counts(journal)
    for kind, entry_id in (("pain", 999), ("pain", theirs), ("practice", mine)):
        with pytest.raises(NotFoundError, match=f"entry: no {kind} entry {entry_id} for this person"):
            journal.edit_entry("Sam", kind, entry_id, {"intensity": 2})
        with pytest.raises(NotFoundError):
            journal.delete_entry("Sam", kind, entry_id)
    with pytest.raises(InputError, match="kind: unknown entry kind 'mood'"):
        journal.edit_entry("Sam", "mood", mine, {"intensity": 2})
    with pytest.raises(InputError, match="knee.intensity: 11 is out of range"):
        journal.edit_entry("Sam", "pain", mine, {"intensity": 11})
    with pytest.raises(InputError, match="exercise_id: cannot be edited on a pain entry"):
        journal.edit_entry("Sam", "pain", mine, {"exercise_id": "bridge"})
    with pytest.raises(InputError, match="in the future"):
        journal.edit_entry("Sam", "pain", mine, {"at": f"{date.today().year + 1}-01-01T08:00"})
    assert _counts(journal) == before


def test_edits_keep_a_history_and_verify_says_so(journal: Journal) -> None:
    [entry] = journal.log_pain("Sam", ["knee:left=5"], at=datetime(2026, 11, 1, 8))
    after = journal.edit_entry("Sam", "pain", entry, {"intensity": "3", "at": "2026-10-30T08:00+00:00"})
    assert after["intensity"] == 3 and after["at"] == "2026-10-30T08:00:00Z"
    journal.delete_entry("Sam", "pain", entry)
    history = journal.entry_edits("Sam")
    assert [(h["action"], h["before"]["intensity"]) for h in history] == [("edit", 5), ("delete", 3)]
    assert history[1]["after"] is None
    assert journal.history("Sam")[-1]["kind"] == "assessment"  # the entry is gone
    report = journal.verify("Sam")
    assert report["edits"] == 2 and "2 diary entries were edited or deleted" in report["summary"]
