"""Storage behaviour through the Journal service, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from psoas.errors import InputError, NotFoundError
from psoas.journal.models import PainEntry, Program
from psoas.journal.service import Journal


def _count(journal: Journal, model: type) -> int:
    with journal.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_people_are_listed_by_name_and_names_are_unique(journal: Journal) -> None:
    journal.add_person("Zoë")
    journal.add_person("Ana")
    assert [p["name"] for p in journal.list_people()] == ["Ana", "Zoë"]
    with pytest.raises(InputError, match="already exists"):
        journal.add_person("Ana")


def test_person_is_optional_only_when_one_exists(journal: Journal) -> None:
    journal.log_pain(None, ["knee:left=4"])  # nobody yet: a default profile is made
    assert [p["name"] for p in journal.list_people()] == ["me"]
    journal.add_person("Bo")
    with pytest.raises(InputError) as info:
        journal.log_pain(None, ["knee:left=4"])
    assert info.value.field == "person" and "Bo" in str(info.value)
    with pytest.raises(NotFoundError, match="Cy"):
        journal.log_pain("Cy", ["knee:left=4"])
    journal.log_pain("Bo", ["knee:right=2"])
    assert [h["side"] for h in journal.history("Bo")] == ["right"]


def test_pain_entries_keep_region_side_intensity_sensations_and_note(journal: Journal) -> None:
    at = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    ids = journal.log_pain(
        None, ["knee:left=5", "low_back=3"], at=at, note="after stairs", sensations=["ache", "stiffness"]
    )
    assert len(ids) == 2
    items = journal.history(None)
    assert [(i["region"], i["side"], i["intensity"]) for i in items] == [
        ("knee", "left", 5),
        ("low_back", "center", 3),
    ]
    assert items[0]["at"] == "2026-03-01T08:30:00Z"
    assert items[0]["sensations"] == ["ache", "stiffness"] and items[1]["note"] == "after stairs"


def test_a_bad_entry_writes_nothing(journal: Journal) -> None:
    journal.add_person("Ana")
    with pytest.raises(InputError, match="intensity"):
        journal.log_pain("Ana", ["knee:left=5", "hip:right=12"])
    with pytest.raises(InputError, match="region"):
        journal.log_pain("Ana", ["low_back=2", "elbo:left=1"])
    assert _count(journal, PainEntry) == 0


def test_database_rejects_out_of_range_intensity_directly(journal: Journal) -> None:
    journal.add_person("Ana")
    with pytest.raises(IntegrityError), journal.transaction() as s:
        s.add(PainEntry(person_id=1, at=datetime(2026, 1, 1), region="knee", side="left", intensity=11))
        s.flush()


def test_practice_and_visits_are_logged_in_time_order(journal: Journal) -> None:
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    journal.log_visit(None, "massage", who="clinic", notes="psoas release", at=t0 + timedelta(days=1))
    journal.log_practice(None, "constructive_rest", minutes=10, felt="calmer", at=t0)
    journal.log_practice(None, "bridge", holds=3, reps=10, at=t0 + timedelta(days=2))
    kinds = [(h["kind"], h.get("exercise_id") or h.get("visit_kind")) for h in journal.history(None)]
    assert kinds == [("practice", "constructive_rest"), ("visit", "massage"), ("practice", "bridge")]
    assert [h["at"][:10] for h in journal.history(None, since="2026-03-02")] == ["2026-03-02", "2026-03-03"]
    with pytest.raises(InputError, match="exercise"):
        journal.log_practice(None, "yoga_everything")
    with pytest.raises(InputError, match="kind"):
        journal.log_visit(None, "reiki")


def test_future_entries_are_refused(journal: Journal) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    with pytest.raises(InputError, match="future"):
        journal.log_pain(None, ["knee:left=1"], at=tomorrow.isoformat())


def test_saving_assessments_keeps_exactly_one_active_program(db_url: str) -> None:
    result = {
        "engine_version": "1.2.0",
        "program": {"items": [{"exercise": "constructive_rest"}]},
        "causes": [],
    }
    with Journal(db_url) as journal:
        first = journal.save_assessment(None, {"pain": []}, result)
        second = journal.save_assessment(
            None, {"pain": []}, result | {"program": {"items": [{"exercise": "bridge"}]}}
        )
        assert second > first
        active = journal.active_program(None)
        assert active is not None
        assert active["assessment_id"] == second and active["program"] == {"items": [{"exercise": "bridge"}]}
        with journal.transaction() as s:
            rows = s.execute(select(Program.assessment_id, Program.active).order_by(Program.id)).all()
        assert [tuple(r) for r in rows] == [(first, False), (second, True)]
        history = journal.history(None)
        assert [h["engine_version"] for h in history] == ["1.2.0", "1.2.0"]
        stored = journal.get_assessment(None, first)
        assert stored["result"] == result and stored["intake"] == {"pain": []}
        journal.add_person("Other")
        with pytest.raises(NotFoundError):
            journal.get_assessment("Other", first)
        # the database itself refuses a second active program
        with pytest.raises(IntegrityError), journal.transaction() as s:
            s.add(Program(person_id=1, assessment_id=first, created_at=datetime(2026, 1, 1), active=True))
            s.flush()


def test_the_application_object_reaches_the_journal_by_person_id(db_url: str) -> None:
    from psoas.app import Psoas
    from psoas.settings import Settings

    with Psoas(Settings(db_url=db_url)) as app:
        ana = app.add_person("Ana")["id"]
        app.log_pain(
            ana, [{"region": "neck", "intensity": 4}, {"region": "knee", "side": "both", "intensity": 2}]
        )
        app.log_practice(ana, "chin_tucks", minutes=5)
        app.log_visit(ana, "massage")
        assert [p["name"] for p in app.people()] == ["Ana"]
        assert len(app.history(ana)) == 4
        assert {s["region"] for s in app.progress(ana)["series"]} == {"neck", "knee"}
        assert {r["kind"] for r in app.reminders(ana)} == {"visit", "practice"}
        assert app.verify(ana)["regions"][0]["verdict"] == "insufficient_data"
    with Journal(db_url) as journal:  # the same rows by name
        assert len(journal.history("Ana")) == 4


def test_sqlite_settings(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal, journal.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_default_database_lives_in_the_user_data_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    from psoas.journal.db import default_url

    url = default_url()
    assert url.startswith("sqlite:///") and url.endswith("journal.sqlite3")
    assert url.removeprefix("sqlite:///").startswith(os.environ["XDG_DATA_HOME"])


def test_bad_database_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="database") as info:
        Journal("nosuchdb://x/y")
    assert info.value.field == "database"


def test_progress_chart_bytes_and_format_check(sqlite_url: str) -> None:
    with Journal(sqlite_url) as journal:
        journal.log_pain(None, ["neck=3"], at=datetime(2026, 1, 1, 9, tzinfo=UTC))
        assert journal.progress_chart(None, "png")[:4] == b"\x89PNG"
        assert b"<svg" in journal.progress_chart(None, "svg")
        with pytest.raises(InputError, match="format"):
            journal.progress_chart(None, "gif")
