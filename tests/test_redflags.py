"""Every red-flag rule fires on its trigger with the right urgency, stays quiet on a near miss, and stops
self-care only when it must (research/evidence.md §2); clinician clearance turns a flag into a caution."""

from __future__ import annotations

from typing import Any

import pytest

import psoas
from psoas.assessment.redflags import QUESTIONS, RULES, cleared_cautions, fired_rules, screen, unanswered
from psoas.errors import InputError
from psoas.intake.schema import parse_intake
from psoas.knowledge import vocab

ALL_NO = {flag: False for flag in vocab.RED_FLAGS}


def intake(
    age: int = 40,
    pain: list[dict[str, Any]] | None = None,
    injury: dict[str, Any] | None = None,
    tests: dict[str, Any] | None = None,
    cleared: dict[str, str] | None = None,
    **flags: bool,
) -> Any:
    history = {"injury": injury} if injury else {}
    return parse_intake(
        {
            "person": {"age": age},
            "pain": pain or [],
            "history": history,
            "red_flags": {**ALL_NO, **flags},
            "tests": tests or {},
            "red_flags_cleared": cleared or {},
        }
    )


KNEE = [{"region": "knee", "side": "left", "intensity": 5}]
ANKLE = [{"region": "ankle", "side": "right", "intensity": 4, "onset": "injury"}]
LOW_BACK = [{"region": "low_back", "intensity": 4}]
MID_BACK = [{"region": "mid_back", "intensity": 4}]
FALL = {"region": "hip", "side": "left", "weeks_ago": 0, "mechanism": "fall"}
KNEE_TWIST = {"region": "knee", "side": "left", "weeks_ago": 1, "mechanism": "twist"}

# rule id, urgency, a case that must fire it, a near miss that must not
CASES: list[tuple[str, str, Any, Any]] = [
    ("saddle_numbness", "emergency", intake(saddle_numbness=True), intake(pain=LOW_BACK)),
    ("bladder_bowel_change", "emergency", intake(bladder_bowel_change=True), intake(pain=LOW_BACK)),
    ("leg_weakness", "emergency", intake(leg_weakness=True), intake(pain=LOW_BACK)),
    ("neuro_symptoms", "emergency", intake(neuro_symptoms=True), intake(pain=[{"region": "neck", "intensity": 5}])),
    ("sudden_severe_headache", "emergency", intake(sudden_severe_headache=True), intake(pain=[{"region": "head", "intensity": 4}])),
    ("chest_symptoms", "emergency", intake(chest_symptoms=True), intake(pain=[{"region": "shoulder", "side": "left", "intensity": 5}])),
    # fever has only ~57% sensitivity for septic arthritis: a hot swollen joint is an emergency without it
    ("hot_swollen_joint", "emergency", intake(hot_swollen_joint=True, pain=KNEE), intake(rapid_swelling=False, pain=KNEE)),
    ("joint_deformity", "emergency", intake(joint_deformity=True), intake(pain=KNEE)),
    ("leg_shortened_rotated", "emergency", intake(age=80, injury=FALL, leg_shortened_rotated=True), intake(age=80, injury=FALL)),
    ("hip_fracture_suspected", "emergency", intake(age=84, injury=FALL, cannot_bear_weight=True), intake(age=60, injury=FALL, cannot_bear_weight=True)),
    ("sudden_abdominal_back_pain", "emergency", intake(age=68, sudden_abdominal_back_pain=True), intake(age=45, sudden_abdominal_back_pain=True)),
    ("calf_swelling", "emergency", intake(calf_swelling=True), intake(pain=[{"region": "calf", "side": "left", "intensity": 4}])),
    ("sudden_abdominal_back_pain_younger", "urgent", intake(age=45, sudden_abdominal_back_pain=True), intake(age=45, pain=LOW_BACK)),
    ("cancer_spinal", "urgent", intake(cancer_history=True, pain=LOW_BACK), intake(cancer_history=True, pain=ANKLE)),
    ("weight_loss", "urgent", intake(weight_loss=True), intake(pain=LOW_BACK)),
    ("fever_or_unwell", "urgent", intake(fever_or_unwell=True), intake(pain=LOW_BACK)),
    ("immune_spinal", "urgent", intake(immune_risk=True, pain=LOW_BACK), intake(immune_risk=True, pain=KNEE)),
    ("night_or_constant_pain", "urgent", intake(night_or_constant_pain=True), intake(pain=LOW_BACK)),
    ("major_trauma", "urgent", intake(major_trauma=True), intake(pain=KNEE)),
    ("cannot_bear_weight", "urgent", intake(cannot_bear_weight=True, pain=ANKLE), intake(pain=ANKLE)),
    ("cannot_bend_knee", "urgent", intake(cannot_bend_knee=True), intake(pain=KNEE)),
    ("ottawa_knee", "urgent", intake(age=55, pain=KNEE, injury=KNEE_TWIST), intake(age=54, pain=KNEE, injury=KNEE_TWIST)),
    ("rapid_swelling", "urgent", intake(rapid_swelling=True), intake(pain=KNEE)),
    ("arm_lift_loss", "urgent", intake(arm_lift_loss=True), intake(pain=[{"region": "shoulder", "side": "left", "intensity": 5}])),
    ("myelopathy_signs", "urgent", intake(myelopathy_signs=True), intake(pain=[{"region": "neck", "intensity": 5}])),
    ("thoracic_with_risk", "urgent", intake(age=60, pain=MID_BACK), intake(age=33, pain=MID_BACK)),
    ("fall_over_65", "soon", intake(age=70, injury=FALL), intake(age=64, injury=FALL)),
    # slipped upper femoral epiphysis needs a limp or a hip finding, not knee pain alone
    ("adolescent_hip", "urgent", intake(age=12, pain=KNEE, limp=True), intake(age=14, pain=KNEE, tests={"hip_internal_rotation": {"left": {"angle_deg": 35}}})),
    ("thoracic_pain", "soon", intake(age=33, pain=MID_BACK), intake(age=33, pain=[{"region": "upper_back", "intensity": 4}])),
    ("back_pain_age", "soon", intake(age=18, pain=LOW_BACK), intake(age=30, pain=LOW_BACK)),
    ("radiating_paresthesia", "soon", intake(pain=[{"region": "calf", "side": "left", "intensity": 4, "sensations": ["tingling"]}]), intake(pain=[{"region": "thigh_back", "side": "left", "intensity": 4, "sensations": ["tingling"]}])),
    ("cancer_history", "soon", intake(cancer_history=True, pain=ANKLE), intake(pain=ANKLE)),
    ("immune_risk", "soon", intake(immune_risk=True, pain=KNEE), intake(pain=KNEE)),
]  # fmt: skip


def test_every_rule_has_a_case() -> None:
    assert {rule.id for rule in RULES} == {case[0] for case in CASES}


@pytest.mark.parametrize(("rule_id", "urgency", "case", "_miss"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_with_its_urgency(rule_id: str, urgency: str, case: Any, _miss: Any) -> None:
    assert rule_id in fired_rules(case)
    referral = screen(case)
    assert referral is not None and referral.urgency == urgency
    assert referral.reasons and referral.advice


@pytest.mark.parametrize(("rule_id", "urgency", "_case", "miss"), CASES, ids=[c[0] for c in CASES])
def test_rule_stays_quiet_on_a_near_miss(rule_id: str, urgency: str, _case: Any, miss: Any) -> None:
    assert rule_id not in fired_rules(miss)


@pytest.mark.parametrize(("rule_id", "urgency", "case", "_miss"), CASES, ids=[c[0] for c in CASES])
def test_programme_held_back_for_emergency_and_urgent(
    rule_id: str, urgency: str, case: Any, _miss: Any
) -> None:
    if not case.pain:
        case = case.model_copy(update={"pain": parse_intake({"person": {"age": 40}, "pain": KNEE}).pain})
    result = psoas.assess(case)
    assert result.referral is not None
    if result.referral.urgency in ("emergency", "urgent"):
        assert result.program is None
    else:
        assert result.program is not None
        assert any("clinician" in c.lower() or "doctor" in c.lower() for c in result.program.cautions)


# ---- the clinician review's cases (issue 9) ----------------------------------------------------------------
def test_older_adult_who_fell_and_cannot_bear_weight_is_an_emergency() -> None:
    case = intake(
        age=84, injury=FALL, cannot_bear_weight=True, pain=[{"region": "hip", "side": "left", "intensity": 8}]
    )
    assert screen(case).urgency == "emergency"  # type: ignore[union-attr]


def test_older_adult_with_hip_pain_since_an_injury_who_cannot_bear_weight_is_an_emergency() -> None:
    """The fall may be told only as an injury onset of the hip pain."""
    hip = [{"region": "hip", "side": "right", "intensity": 8, "onset": "injury"}]
    assert screen(intake(age=79, pain=hip, cannot_bear_weight=True)).urgency == "emergency"  # type: ignore[union-attr]
    assert screen(intake(age=50, pain=hip, cannot_bear_weight=True)).urgency == "urgent"  # type: ignore[union-attr]


def test_hot_swollen_joint_without_fever_in_an_immunosuppressed_person_is_an_emergency() -> None:
    case = intake(hot_swollen_joint=True, immune_risk=True, fever_or_unwell=False, pain=KNEE)
    assert screen(case).urgency == "emergency"  # type: ignore[union-attr]


def test_desk_worker_with_mid_back_ache_is_soon_and_keeps_the_programme() -> None:
    case = intake(
        age=33, pain=[{"region": "mid_back", "intensity": 3, "worse_with": ["sitting", "desk_work"]}]
    )
    result = psoas.assess(case)
    assert result.referral is not None and result.referral.urgency == "soon"
    assert result.program is not None


def test_adolescent_runner_with_knee_pain_and_normal_hip_rotation_is_not_urgent() -> None:
    rot = {"hip_internal_rotation": {"left": {"angle_deg": 38}, "right": {"angle_deg": 36}}}
    result = psoas.assess(intake(age=14, pain=KNEE, tests=rot, limp=False))
    assert result.referral is None or result.referral.urgency == "soon"
    assert result.program is not None


def test_old_cancer_history_with_an_ankle_sprain_is_not_urgent() -> None:
    sprain = intake(
        age=50,
        cancer_history=True,
        pain=ANKLE,
        injury={"region": "ankle", "side": "right", "weeks_ago": 1, "mechanism": "twist"},
    )
    referral = screen(sprain)
    assert referral is None or referral.urgency == "soon"


# ---- clearance ------------------------------------------------------------------------------------------------
def test_a_cleared_flag_becomes_a_caution() -> None:
    flagged = intake(age=62, cancer_history=True, pain=LOW_BACK)
    assert screen(flagged).urgency == "urgent"  # type: ignore[union-attr]
    cleared = intake(age=62, cancer_history=True, pain=LOW_BACK, cleared={"cancer_history": "2026-05-04"})
    assert "cancer_spinal" not in fired_rules(cleared)
    cautions = cleared_cautions(cleared)
    assert cautions and "2026-05-04" in cautions[0]
    result = psoas.assess(cleared)
    assert (
        result.referral is None or result.referral.urgency == "soon"
    )  # over 55: first back pain stays "soon"
    assert result.program is not None and "2026-05-04" in result.program.cautions[0]
    assert result.to_dict()["red_flag_cautions"] == cautions


def test_a_rule_can_be_cleared_by_its_id() -> None:
    case = intake(age=33, pain=MID_BACK, cleared={"thoracic_pain": "2026-01-02"})
    assert screen(case) is None and cleared_cautions(case)


@pytest.mark.parametrize("flag", sorted(vocab.EMERGENCY_FLAGS))
def test_emergency_flags_cannot_be_cleared(flag: str) -> None:
    with pytest.raises(InputError, match="cannot be cleared"):
        intake(cleared={flag: "2026-01-02"})


def test_clearance_needs_a_date_and_a_known_flag() -> None:
    with pytest.raises(InputError, match="red_flags_cleared"):
        intake(cleared={"cancer_history": "last spring"})
    with pytest.raises(InputError, match="unknown red flag"):
        intake(cleared={"cancer": "2026-01-02"})


def test_clearable_rule_ids_are_the_non_emergency_rules_of_more_than_one_answer() -> None:
    rules = {r.id for r in RULES if r.urgency != "emergency"} - set(vocab.RED_FLAGS)
    assert rules == vocab.CLEARABLE_RULES
    assert {r.id for r in RULES if r.urgency == "emergency"} & set(vocab.RED_FLAGS) <= vocab.EMERGENCY_FLAGS


# ---- general --------------------------------------------------------------------------------------------------
def test_ottawa_rule_needs_a_recent_knee_injury() -> None:
    old = intake(age=60, pain=KNEE, injury={**KNEE_TWIST, "weeks_ago": 60})
    assert "ottawa_knee" not in fired_rules(old)


def test_most_urgent_wins_and_keeps_only_its_reasons() -> None:
    referral = screen(intake(saddle_numbness=True, cancer_history=True, pain=LOW_BACK))
    assert referral is not None and referral.urgency == "emergency"
    assert len(referral.reasons) == 1


def test_no_flags_no_referral() -> None:
    assert screen(intake(pain=KNEE)) is None


def test_unanswered_is_not_no() -> None:
    partial = parse_intake({"person": {"age": 40}, "red_flags": {"saddle_numbness": False}})
    missing = unanswered(partial)
    assert "saddle_numbness" not in missing and "fever_or_unwell" in missing
    assert len(missing) == len(vocab.RED_FLAGS) - 1
    assert screen(partial) is None


def test_every_flag_has_a_question() -> None:
    assert tuple(QUESTIONS) == vocab.RED_FLAGS


def test_clearing_a_flag_never_silences_an_emergency_rule_that_uses_it() -> None:
    """cannot_bear_weight can be cleared (say, an old ankle problem), but not after a fall at 84."""
    case = intake(age=84, injury=FALL, cannot_bear_weight=True, cleared={"cannot_bear_weight": "2026-01-02"})
    assert screen(case).urgency == "emergency"  # type: ignore[union-attr]
    assert "hip_fracture_suspected" in fired_rules(case)
