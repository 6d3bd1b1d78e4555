"""A page of the diary read from the newest end, and writes by person id without a read first."""

from __future__ import annotations

import pytest

from psoas.errors import NotFoundError
from psoas.journal.service import Journal

RESULT = {"engine_version": "t", "causes": [], "program": {"items": []}}


@pytest.fixture
def journal() -> Journal:
    j = Journal("sqlite://")
    person = j.add_person("Ana")["id"]
    for day in (1, 2, 3):  # every kind at the very same moments: the tie-breaks decide the order
        at = f"2025-02-0{day}T09:00"
        j.log_pain(person, ["knee:left=4", "low_back=2"], at=at)
        j.log_practice(person, "constructive_rest", minutes=5, at=at)
        j.log_visit(person, "massage", at=at)
        j.save_assessment(person, {"person": {}}, RESULT, at=at)
    j.log_pain(person, ["knee:left=1"], at="2025-02-02T09:00")  # an older moment, logged later
    return j


@pytest.mark.parametrize("limit", [1, 2, 4, 7, 16, 40])
def test_newest_entries_are_the_history_reversed(journal: Journal, limit: int) -> None:
    history = journal.history(1)
    assert len(history) == 16
    page = journal.recent(1, limit)
    assert page["entries"] == list(reversed(history))[:limit]
    assert page["older"] is (limit < 16)
    assert page["person"]["name"] == "Ana"


def test_a_later_page_continues_where_the_first_ended(journal: Journal) -> None:
    newest_first = list(reversed(journal.history(1)))
    assert journal.recent(1, 5, skip=5)["entries"] == newest_first[5:10]
    last = journal.recent(1, 5, skip=15)
    assert last["entries"] == newest_first[15:] and last["older"] is False
    assert journal.recent(1, 5, skip=20) == {"person": last["person"], "entries": [], "older": False}


def test_an_assessment_on_a_page_is_a_short_row(journal: Journal) -> None:
    first = journal.recent(1, 4)["entries"]
    assert [e["kind"] for e in first] == ["assessment", "visit", "practice", "pain"]
    assert set(first[0]) == {"kind", "id", "at", "engine_version"}


def test_writes_by_id_need_a_person_and_say_which_id_is_missing(journal: Journal) -> None:
    before = len(journal.history(1))
    for missing in (2, 0, -3, 2**31):
        with pytest.raises(NotFoundError, match=f"no person with id {missing}"):
            journal.log_pain(missing, ["knee:left=3"])
        with pytest.raises(NotFoundError, match=f"no person with id {missing}"):
            journal.log_practice(missing, "constructive_rest", minutes=5)
        with pytest.raises(NotFoundError, match=f"no person with id {missing}"):
            journal.log_visit(missing, "massage")
    assert len(journal.history(1)) == before
    ids = journal.log_pain(1, ["knee:left=3", "hip:right=2"])
    regions = {e["id"]: e["region"] for e in journal.history(1) if e["kind"] == "pain"}
    assert ids == [8, 9] and [regions[i] for i in ids] == ["knee", "hip"]  # ids in the order given
    with pytest.raises(NotFoundError):
        journal.recent(2, 5)


def test_the_person_and_programme_come_together(journal: Journal) -> None:
    person, active = journal.person_and_program(1)
    assert person["name"] == "Ana" and active == journal.active_program(1)
    assert active is not None and active["program"] == {"items": []}
    journal.add_person("Ben")
    assert journal.person_and_program(2) == (journal.person_and_program("Ben")[0], None)
