"""The therapist's day: recall dates, adherence and pain trend against hand-counted diaries; SOAP
notes; programme edits with history that the client's active programme shows at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from psoas.errors import InputError
from psoas.journal.service import Journal
from psoas.practice.accounts import Accounts, Actor
from psoas.practice.clinic import Clinic

TODAY = date(2026, 11, 30)


def _at(days_ago: int, hour: int = 9) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()) + timedelta(hours=hour)


@pytest.fixture
def setup(tmp_path: Any) -> Iterator[tuple[Journal, Clinic, Actor]]:
    with Journal(f"sqlite:///{tmp_path / 'j.sqlite3'}") as journal:
        accounts = Accounts(journal)
        therapist = accounts.create("t1", "correct horse battery", "therapist")
        for name in ("Ana", "Ben", "Cy"):
            accounts.link(therapist.id, journal.add_person(name)["id"])
        yield journal, Clinic(journal), therapist


def test_recall_list_is_due_first_with_six_weeks_by_default(setup: tuple[Journal, Clinic, Actor]) -> None:
    journal, clinic, therapist = setup
    journal.log_visit("Ana", "massage", at=_at(50))  # 50 days ago: 8 days overdue
    journal.log_visit("Ben", "massage", at=_at(10))  # due in 32 days
    rows = clinic.dashboard(therapist, today=TODAY)
    by_name = {r["name"]: r["recall"] for r in rows}
    assert by_name["Ana"] | {} == {
        "every_days": 42,
        "last_visit": _at(50).isoformat() + "Z",
        "due_on": (TODAY - timedelta(days=8)).isoformat(),
        "due": True,
        "days_left": -8,
    }
    assert by_name["Ben"]["due_on"] == (TODAY + timedelta(days=32)).isoformat() and not by_name["Ben"]["due"]
    assert by_name["Cy"]["due"] and by_name["Cy"]["last_visit"] is None  # never seen: due now
    assert [r["name"] for r in rows] == ["Ana", "Cy", "Ben"]
    ben = journal.list_people()[1]["id"]
    clinic.set_recall(therapist, ben, 7)  # visit 10 days ago + 7: due 3 days ago
    assert {r["name"]: r["recall"]["due"] for r in clinic.dashboard(therapist, today=TODAY)}["Ben"] is True
    with pytest.raises(InputError, match="every_days"):
        clinic.set_recall(therapist, ben, 3)


def test_adherence_counts_practice_days_in_four_weeks(setup: tuple[Journal, Clinic, Actor]) -> None:
    journal, clinic, therapist = setup
    for days_ago in (0, 0, 1, 3, 5, 8, 12, 20, 27, 28, 40):  # 8 distinct days within the last 28
        journal.log_practice("Ana", "constructive_rest", minutes=10, at=_at(days_ago))
    row = next(r for r in clinic.dashboard(therapist, today=TODAY) if r["name"] == "Ana")
    assert row["adherence_days_per_week"] == pytest.approx(8 / 4)


def test_pain_trend_compares_the_last_week_with_the_one_before(setup: tuple[Journal, Clinic, Actor]) -> None:
    journal, clinic, therapist = setup
    for days_ago, value in ((12, 6), (10, 7), (8, 5), (5, 4), (2, 3), (0, 2)):
        journal.log_pain("Ana", [{"region": "knee", "side": "left", "intensity": value}], at=_at(days_ago))
    pain = next(r for r in clinic.dashboard(therapist, today=TODAY) if r["name"] == "Ana")["pain"]
    assert pain["last_7_days"] == 3.0 and pain["previous_7_days"] == 6.0  # (4+3+2)/3, (6+7+5)/3
    assert pain["trend"] == "better" and pain["latest"] == 2


def test_soap_notes_and_their_checks(setup: tuple[Journal, Clinic, Actor]) -> None:
    journal, clinic, therapist = setup
    ana = journal.list_people()[0]["id"]
    clinic.add_note(therapist, ana, {"subjective": "knee better", "treatment": "psoas release, left"})
    assert clinic.notes(ana)[0]["treatment"] == "psoas release, left"
    with pytest.raises(InputError, match="subjective"):
        clinic.add_note(therapist, ana, {})
    with pytest.raises(InputError, match="mood"):
        clinic.add_note(therapist, ana, {"mood": "x"})
    row = next(r for r in clinic.dashboard(therapist) if r["person_id"] == ana)
    assert row["recall"]["last_visit"] is not None  # a note counts as the visit


def test_programme_edits_are_active_at_once_and_kept_as_history(setup: tuple[Journal, Clinic, Actor]) -> None:
    journal, clinic, therapist = setup
    ana = journal.list_people()[0]["id"]
    clinic.edit_program(therapist, ana, "add", "constructive_rest")
    clinic.edit_program(therapist, ana, "dose", "constructive_rest", {"duration_min": 20})
    clinic.edit_program(therapist, ana, "add", "edge_of_bed_supine_hip_flexor_stretch", {"hold_s": 45})
    clinic.edit_program(therapist, ana, "remove", "constructive_rest")
    program = journal.active_program("Ana")
    assert program is not None
    items = program["program"]["items"]
    assert [i["exercise"] for i in items] == ["edge_of_bed_supine_hip_flexor_stretch"]
    assert items[0]["dose"]["hold_s"] == 45
    history = clinic.program_history(ana)
    assert [h["change"] for h in history] == ["remove", "add", "dose", "add"]
    assert (
        history[2]["detail"]["before"]["duration_min"] == 15
        and history[2]["detail"]["after"]["duration_min"] == 20
    )
    with pytest.raises(InputError, match=r"dose\.reps"):
        clinic.edit_program(therapist, ana, "dose", "edge_of_bed_supine_hip_flexor_stretch", {"reps": 0})
    with pytest.raises(InputError, match="exercise"):
        clinic.edit_program(therapist, ana, "add", "no_such_exercise")
    with pytest.raises(InputError, match="change"):
        clinic.edit_program(therapist, ana, "swap", "constructive_rest")


def test_the_dashboard_shows_each_clients_trial_in_words(tmp_path: Any) -> None:
    """A planned trial reads "day N of M" with its phase; a client without one shows none."""
    import json
    from pathlib import Path

    import psoas

    example = (
        Path(__file__).resolve().parents[2] / "src" / "psoas" / "data" / "examples" / "basketball_knee.json"
    )
    intake = json.loads(example.read_text())
    with Journal(f"sqlite:///{tmp_path / 'j.sqlite3'}") as journal:
        accounts = Accounts(journal)
        therapist = accounts.create("t1", "correct horse battery", "therapist")
        for name in ("Sam", "Kim"):
            accounts.link(therapist.id, journal.add_person(name)["id"])
        journal.save_assessment("Sam", intake, psoas.assess(intake).to_dict(), at=datetime(2026, 10, 1, 9))
        plan = journal.plan_trial("Sam", {}, today=TODAY)
        clinic = Clinic(journal)
        days = {r["name"]: r["trial"] for r in clinic.dashboard(therapist, today=TODAY + timedelta(days=2))}
        assert days["Kim"] is None
        total = sum(phase["days"] for phase in plan["plan"]["phases"])
        assert days["Sam"] == f"baseline, then release: day 3 of {total}, baseline"
        late = {r["name"]: r["trial"] for r in clinic.dashboard(therapist, today=TODAY + timedelta(days=365))}
        assert late["Sam"].endswith("the report is ready")
