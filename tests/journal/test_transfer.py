"""Export → import → export round trip, all-or-nothing import, CSV export and backup."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from tests.journal.diaries import START, fill

from psoas.errors import InputError
from psoas.journal.service import Journal
from psoas.journal.transfer import to_json

RESULT = {
    "engine_version": "0.1.0",
    "causes": [
        {
            "id": "psoas_tight",
            "side": "left",
            "probability": 0.61,
            "prior": 0.12,
            "evidence": "weak",
            "chains": [],
        }
    ],
    "program": {"items": [{"exercise": "constructive_rest", "minutes": 10.5}]},
}


def _populate(journal: Journal) -> None:
    journal.add_person("Ana")
    journal.add_person("Bo")
    knee = {"person": {"age": 54}, "pain": [{"region": "knee", "side": "left", "intensity": 5}]}
    journal.save_assessment("Ana", knee, RESULT, at=START)
    journal.save_assessment(
        "Ana", {"person": {"age": 54}}, RESULT | {"program": None}, at=START + timedelta(days=30)
    )
    fill(journal, "Ana", np.random.default_rng(3), effect=-2.0)
    journal.log_pain("Bo", ["neck=4"], at=START, note="naïve — “quotes”", sensations=["ache", "tingling"])
    journal.log_practice("Bo", "bridge", holds=3, reps=8, felt="ok", at=START + timedelta(microseconds=123))
    journal.set_reminder("Bo", "visit", 28)
    journal.set_reminder("Bo", "practice", enabled=False)


def _strip(text: str) -> dict:
    data = json.loads(text)
    assert data.pop("exported_at").endswith("Z")
    return data


def test_round_trip_is_byte_identical(tmp_path: Path, db_url: str) -> None:
    with Journal(f"sqlite:///{tmp_path / 'source.sqlite3'}") as source:
        _populate(source)
        first = to_json(source.export_data())
    with Journal(db_url) as target:
        counts = target.import_data(json.loads(first))
        second = to_json(target.export_data())
    assert counts["people"] == 2 and counts["pain"] > 50 and counts["practice"] == 29
    strip = lambda t: "\n".join(line for line in t.splitlines() if '"exported_at"' not in line)  # noqa: E731
    assert strip(first) == strip(second)
    assert _strip(first) == _strip(second)


def test_import_is_all_or_nothing(journal: Journal) -> None:
    journal.log_pain(None, ["knee:left=3"], at=START)
    before = to_json(journal.export_data())
    data = {
        "format": "psoas-journal",
        "format_version": 1,
        "people": [
            {
                "name": "Good",
                "created_at": "2026-01-01T00:00:00Z",
                "assessments": [],
                "programs": [],
                "pain": [
                    {
                        "at": "2026-01-02T00:00:00Z",
                        "region": "neck",
                        "side": "center",
                        "intensity": 2,
                        "sensations": [],
                        "note": "",
                    }
                ],
                "practice": [],
                "visits": [],
                "reminders": [],
            },
            {
                "name": "Bad",
                "created_at": "2026-01-01T00:00:00Z",
                "assessments": [],
                "programs": [],
                "pain": [
                    {
                        "at": "2026-01-02T00:00:00Z",
                        "region": "knee",
                        "side": "left",
                        "intensity": 12,
                        "sensations": [],
                        "note": "",
                    }
                ],
                "practice": [],
                "visits": [],
                "reminders": [],
            },
        ],
    }
    with pytest.raises(InputError) as info:
        journal.import_data(data)
    assert info.value.field == "people[1].pain[0].knee.intensity"
    assert _strip(to_json(journal.export_data())) == _strip(before)
    data["people"] = data["people"][:1]
    data["people"][0]["name"] = "me"  # already present
    with pytest.raises(InputError, match="already in this journal"):
        journal.import_data(data)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "import"),
        ({"format": "other"}, "import"),
        ({"format": "psoas-journal", "format_version": 9, "people": []}, "format_version"),
        ({"format": "psoas-journal", "format_version": 1}, "import.people"),
        ({"format": "psoas-journal", "format_version": 1, "people": [{"name": "A"}]}, "people[0].created_at"),
        (
            {
                "format": "psoas-journal",
                "format_version": 1,
                "people": [{"name": "A", "created_at": "yesterday"}],
            },
            "people[0].created_at",
        ),
    ],
)
def test_malformed_imports_name_the_bad_field(sqlite_url: str, data: object, field: str) -> None:
    with Journal(sqlite_url) as journal:
        with pytest.raises(InputError) as info:
            journal.import_data(data)
        assert info.value.field == field
        assert journal.list_people() == []


def test_csv_export(sqlite_url: str, tmp_path: Path) -> None:
    with Journal(sqlite_url) as journal:
        _populate(journal)
        written = journal.export_csv(tmp_path / "csv")
    assert sorted(p.name for p in written) == [
        "assessments.csv",
        "pain.csv",
        "people.csv",
        "practice.csv",
        "visits.csv",
    ]
    with (tmp_path / "csv" / "pain.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    neck = [r for r in rows if r["person"] == "Bo"]
    assert neck == [
        {
            "person": "Bo",
            "at": "2026-01-05T08:00:00Z",
            "region": "neck",
            "side": "center",
            "intensity": "4",
            "sensations": "ache;tingling",
            "note": "naïve — “quotes”",
        }
    ]
    assert len(rows) > 50


def test_backup_is_a_complete_sqlite_copy(sqlite_url: str, tmp_path: Path) -> None:
    with Journal(sqlite_url) as journal:
        _populate(journal)
        expected = _strip(to_json(journal.export_data()))
        target = journal.backup(tmp_path / "copy.sqlite3")
        with pytest.raises(InputError):
            journal.backup(Path(sqlite_url.removeprefix("sqlite:///")))
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with Journal(f"sqlite:///{target}") as copy:
        assert _strip(to_json(copy.export_data())) == expected


@pytest.mark.postgres
def test_backup_of_postgres_is_the_json_export(pg_url: str, tmp_path: Path) -> None:
    with Journal(pg_url) as journal:
        journal.log_pain(None, ["hip:right=2"], at=datetime(2026, 2, 1))
        target = journal.backup(tmp_path / "pg-backup.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["people"][0]["pain"][0]["region"] == "hip"
