"""The trial and the edit history on PostgreSQL: the same behaviour as on SQLite."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from psoas.errors import NotFoundError
from psoas.journal.service import Journal

pytestmark = pytest.mark.postgres


def test_trial_and_edits_on_postgres(pg_url: str, assessed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    start = date(2026, 10, 1)
    with Journal(pg_url) as j:
        j.add_person("Sam")
        j.save_assessment("Sam", *assessed, at=datetime(2026, 9, 30, 9))
        j.plan_trial("Sam", {"start": start.isoformat()}, today=start)
        j.plan_trial("Sam", {"start": start.isoformat()}, today=start)  # replaces: one active trial
        for d in range(21):
            day = start + timedelta(days=d)
            j.log_pain(
                "Sam", [f"knee:left={6 if d < 7 else 3}"], at=datetime(day.year, day.month, day.day, 20)
            )
        j.trial_retest("Sam", -8, "photo", at=datetime(2026, 10, 21, 18))
        first = j.history("Sam")[0]
        j.edit_entry("Sam", "pain", first["id"], {"intensity": 7})
        with pytest.raises(NotFoundError):
            j.delete_entry("Sam", "visit", first["id"])
        report = j.trial_report("Sam", today=start + timedelta(days=21))
        assert report["regions"][0]["verdict"] == "supported"
        assert report["trait"]["verdict"] == "improved" and report["edits"] == 1
