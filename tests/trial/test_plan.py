"""The proposed plan, the schedule rules, today's tasks, the calendar and the trait comparison."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from psoas.errors import InputError
from psoas.journal.service import Journal
from psoas.trial import plan as P
from psoas.trial.evaluate import adherence, enough_on
from psoas.trial.tasks import boundaries, today_tasks
from psoas.trial.trait import minimum_detectable_change_deg, trait_change

TODAY = date(2026, 11, 20)


def test_the_proposal_follows_the_assessment(journal: Journal) -> None:
    plan = journal.propose_trial("Sam", today=TODAY)
    assert plan["design"] == "ab" and plan["times"] == ["08:00", "20:00"]
    assert [(p["kind"], p["days"]) for p in plan["phases"]] == [("baseline", 7), ("release", 14)]
    assert plan["target"]["cause"] == "psoas_tight" and plan["target"]["side"] == "left"
    assert plan["target"]["test"] == "thomas"
    [knee] = plan["regions"]
    assert (knee["region"], knee["side"], knee["distant"]) == ("knee", "left", True)
    assert knee["via"] == ["femoral_rotation", "knee_torsion"]  # the psoas reaches the knee indirectly
    assert (plan["change_points"], plan["change_fraction"]) == (2.0, 0.3)


def test_pain_already_logged_counts_as_baseline(journal: Journal) -> None:
    for d in range(5, 0, -1):
        day = TODAY - timedelta(days=d)
        journal.log_pain("Sam", ["knee:left=6"], at=datetime(day.year, day.month, day.day, 8))
    plan = journal.propose_trial("Sam", today=TODAY)
    assert plan["start"] == (TODAY - timedelta(days=5)).isoformat()
    assert plan["prior_baseline_days"] == 5
    assert plan["phases"][0]["days"] == 7  # two more baseline days, then release
    journal.log_practice("Sam", "bridge", minutes=5, at=datetime(2026, 11, 19, 12))
    later = journal.propose_trial("Sam", today=TODAY)  # practice already began: no clean baseline
    assert later["start"] == TODAY.isoformat() and later["prior_baseline_days"] == 0


def test_reversal_pairs_are_randomised_with_washout() -> None:
    orders = set()
    for seed in range(12):
        phases = P.reversal_phases(TODAY, 3, 7, 2, seed)
        assert len(phases) == 6
        for k in range(3):
            assert sorted(p.kind for p in phases if p.pair == k) == ["pause", "release"]
        orders.add(tuple(p.kind for p in phases))
        assert phases[0].washout_days == 0
        for before, after in zip(phases, phases[1:], strict=False):
            assert after.washout_days == (2 if before.kind != after.kind else 0)
    assert len(orders) > 3  # the order really is drawn


def test_days_counted_skip_washout() -> None:
    plan = P.TrialPlan("reversal", tuple(P.reversal_phases(TODAY, 3, 7, 2, 1)), (P.Region("neck", "center"),))
    switch = next(p for p in plan.phases if p.washout_days)
    assert not plan.counts(switch.start) and not plan.counts(switch.start + timedelta(days=1))
    assert plan.counts(switch.start + timedelta(days=2))
    assert not plan.counts(plan.end)


def test_enough_on_and_adherence() -> None:
    phases = P.validate_phases(P.ab_phases(TODAY, 7, 14))
    plan = P.TrialPlan("ab", phases, (P.Region("knee", "left"),))
    logged = {TODAY + timedelta(days=d) for d in range(3)}
    # logging daily from day 3: baseline reaches 5 days on day 4, release 5 days on day 11
    assert enough_on(plan, logged, TODAY + timedelta(days=3)) == TODAY + timedelta(days=11)
    assert enough_on(plan, set(), TODAY + timedelta(days=5)) is None  # baseline can no longer reach 5
    practice = {TODAY + timedelta(days=d): 15.0 for d in (1, 8, 9)}
    found = adherence(plan, {d: 2 for d in logged}, practice, TODAY + timedelta(days=9))
    assert (found["ratings"], found["ratings_planned"]) == (6, 20)
    assert (found["release_days_practised"], found["release_days_so_far"]) == (2, 3)
    assert found["practice_on_rest_days"] == 1


def test_tasks_follow_the_phase_and_the_boundaries() -> None:
    phases = P.validate_phases(P.ab_phases(TODAY, 7, 14))
    target = {"cause": "psoas_tight", "side": "left", "test": "thomas"}
    plan = P.TrialPlan("ab", phases, (P.Region("knee", "left"),), target=target)
    assert boundaries(plan) == [TODAY + timedelta(days=7), TODAY + timedelta(days=21)]
    series: dict[tuple[str, str], list[tuple[datetime, int]]] = {
        ("knee", "left"): [(datetime(2026, 11, 20, 8), 5)]
    }
    first = today_tasks(plan, series, {}, [], TODAY)
    assert [(t["kind"], t["done"]) for t in first] == [("log", True), ("log", False), ("rest", True)]
    switch = today_tasks(plan, {}, {}, [], TODAY + timedelta(days=7))
    assert [t["kind"] for t in switch] == ["retest", "log", "log", "practise"]
    done = [{"at": "2026-11-27T18:00:00Z", "method": "inclinometer"}]
    assert today_tasks(plan, {}, {}, done, TODAY + timedelta(days=7))[0]["kind"] == "log"


def test_calendar_has_the_logging_times_and_the_switches(journal: Journal) -> None:
    journal.plan_trial("Sam", {"design": "reversal", "seed": 3}, today=TODAY)
    text = journal.trial_calendar("Sam").decode()
    assert text.count("SUMMARY:Rate your pain (trial diary)") == 2
    assert "RRULE:FREQ=DAILY;UNTIL=20261231T235900" in text
    assert text.count("SUMMARY:Trial: re-test the Thomas angle") >= 2
    assert "Sam" not in text and "knee" not in text  # nothing identifying or clinical


@pytest.mark.parametrize(
    "before,after,verdict",
    [(10.0, -8.0, "improved"), (10.0, 0.0, "no_change"), (0.0, 20.0, "worse")],
)
def test_trait_change_against_the_minimum_detectable_change(
    before: float, after: float, verdict: str
) -> None:
    # the start counts at the goniometer's SEM (7°), the re-test at the inclinometer's (3°): 12.5°
    mdc = minimum_detectable_change_deg("thomas", "inclinometer")
    assert mdc == pytest.approx(1.645 * (7.0**2 + 3.0**2) ** 0.5, abs=0.01)
    assert minimum_detectable_change_deg("thomas", "photo_corrected", "photo_corrected") == pytest.approx(
        1.645 * 2**0.5 * 1.0, abs=0.01
    )
    found: dict[str, Any] = trait_change(
        {"hip_angle_deg": before, "probability": 0.5, "method": "assessment"},
        {"hip_angle_deg": after, "probability": 0.2, "method": "inclinometer"},
        "thomas",
    )
    assert found["verdict"] == verdict and found["mdc90_deg"] == 12.5


def test_retest_rescores_with_the_engine(journal: Journal) -> None:
    journal.plan_trial("Sam", {}, today=TODAY)
    relaxed = journal.trial_retest("Sam", -12, "photo", at=datetime(2026, 11, 1, 18))
    tight = journal.trial_retest("Sam", 25, "inclinometer", at=datetime(2026, 11, 2, 18))
    assert relaxed["probability"] < 0.512 < tight["probability"]


def test_retest_counts_with_its_own_method(journal: Journal) -> None:
    """A tight angle read from a checked photo (SEM 1°) says more than the same angle judged by eye (10°)."""
    journal.plan_trial("Sam", {}, today=TODAY)
    by_eye = journal.trial_retest("Sam", 25, "estimate", at=datetime(2026, 11, 1, 18))
    checked = journal.trial_retest("Sam", 25, "photo_corrected", at=datetime(2026, 11, 2, 18))
    assert checked["method"] == "photo_corrected"
    assert checked["probability"] > by_eye["probability"] + 0.02
    with pytest.raises(InputError) as caught:
        journal.trial_retest("Sam", 25, "tape", at=datetime(2026, 11, 3, 18))
    assert caught.value.field == "method" and "photo_corrected" in str(caught.value)


def test_export_and_import_keep_the_trial(journal: Journal, tmp_path: Any) -> None:
    from psoas.journal.transfer import to_json

    journal.plan_trial("Sam", {"design": "reversal", "seed": 5}, today=TODAY)
    journal.trial_retest("Sam", 2, "photo", at=datetime(2026, 11, 19, 18))
    data = journal.export_data()
    [sam] = [p for p in data["people"] if p["name"] == "Sam"]
    assert len(sam["trials"]) == 1 and len(sam["trials"][0]["measurements"]) == 2
    with Journal(f"sqlite:///{tmp_path / 'copy.sqlite3'}") as copy:
        copy.import_data(data)
        again = copy.export_data()
        assert to_json(again | {"exported_at": ""}) == to_json(data | {"exported_at": ""})
        assert (
            copy.trial_status("Sam", today=TODAY)["plan"] == journal.trial_status("Sam", today=TODAY)["plan"]
        )
    broken = json.loads(json.dumps(data))
    broken["people"][0 if broken["people"][0]["name"] == "Sam" else 1]["trials"][0]["program"] = 9
    with Journal(f"sqlite:///{tmp_path / 'bad.sqlite3'}") as bad:
        with pytest.raises(InputError, match=r"trials\[0\]\.program: no programme number 9"):
            bad.import_data(broken)
        assert bad.list_people() == []
