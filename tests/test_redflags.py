"""Every red-flag rule fires on its own trigger, with the right urgency, and stops self-care when it must."""

from __future__ import annotations

from typing import Any

import pytest

import psoas
from psoas import vocab
from psoas.intake import parse_intake
from psoas.redflags import QUESTIONS, RULES, fired_rules, screen, unanswered

ALL_NO = {flag: False for flag in vocab.RED_FLAGS}


def intake(
    age: int = 40,
    pain: list[dict[str, Any]] | None = None,
    injury: dict[str, Any] | None = None,
    **flags: bool,
) -> Any:
    history = {"injury": injury} if injury else {}
    return parse_intake(
        {"person": {"age": age}, "pain": pain or [], "history": history, "red_flags": {**ALL_NO, **flags}}
    )


KNEE = [{"region": "knee", "side": "left", "intensity": 5}]
CASES: list[tuple[str, str, Any]] = [
    ("saddle_numbness", "emergency", intake(saddle_numbness=True)),
    ("bladder_bowel_change", "emergency", intake(bladder_bowel_change=True)),
    ("leg_weakness", "emergency", intake(leg_weakness=True)),
    ("neuro_symptoms", "emergency", intake(neuro_symptoms=True)),
    ("sudden_severe_headache", "emergency", intake(sudden_severe_headache=True)),
    ("chest_symptoms", "emergency", intake(chest_symptoms=True)),
    ("septic_joint", "emergency", intake(hot_swollen_joint=True, fever_or_unwell=True)),
    ("joint_deformity", "emergency", intake(joint_deformity=True)),
    ("cancer_history", "urgent", intake(cancer_history=True)),
    ("weight_loss", "urgent", intake(weight_loss=True)),
    ("fever_or_unwell", "urgent", intake(fever_or_unwell=True)),
    ("immune_risk", "urgent", intake(immune_risk=True)),
    ("night_or_constant_pain", "urgent", intake(night_or_constant_pain=True)),
    ("major_trauma", "urgent", intake(major_trauma=True)),
    ("cannot_bear_weight", "urgent", intake(cannot_bear_weight=True)),
    ("cannot_bend_knee", "urgent", intake(cannot_bend_knee=True)),
    (
        "ottawa_knee",
        "urgent",
        intake(
            age=55, pain=KNEE, injury={"region": "knee", "side": "left", "weeks_ago": 1, "mechanism": "twist"}
        ),
    ),
    ("rapid_swelling", "urgent", intake(rapid_swelling=True)),
    ("hot_swollen_joint", "urgent", intake(hot_swollen_joint=True)),
    ("arm_lift_loss", "urgent", intake(arm_lift_loss=True)),
    ("myelopathy_signs", "urgent", intake(myelopathy_signs=True)),
    ("thoracic_with_risk", "urgent", intake(age=60, pain=[{"region": "mid_back", "intensity": 4}])),
    (
        "fall_over_65",
        "urgent",
        intake(age=70, injury={"region": "hip", "side": "left", "weeks_ago": 2, "mechanism": "fall"}),
    ),
    ("adolescent_hip", "urgent", intake(age=12, pain=[{"region": "knee", "side": "right", "intensity": 3}])),
    ("back_pain_age", "soon", intake(age=18, pain=[{"region": "low_back", "intensity": 3}])),
    (
        "radiating_paresthesia",
        "soon",
        intake(pain=[{"region": "calf", "side": "left", "intensity": 4, "sensations": ["tingling"]}]),
    ),
    ("thoracic_pain", "urgent", intake(age=40, pain=[{"region": "mid_back", "intensity": 4}])),
]


def test_every_rule_has_a_case() -> None:
    assert {rule.id for rule in RULES} == {case[0] for case in CASES}


@pytest.mark.parametrize(("rule_id", "urgency", "case"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_with_its_urgency(rule_id: str, urgency: str, case: Any) -> None:
    assert rule_id in fired_rules(case)
    referral = screen(case)
    assert referral is not None and referral.urgency == urgency
    assert referral.reasons and referral.advice


@pytest.mark.parametrize(("rule_id", "urgency", "case"), CASES, ids=[c[0] for c in CASES])
def test_programme_held_back_for_emergency_and_urgent(rule_id: str, urgency: str, case: Any) -> None:
    if not case.pain:
        case = case.model_copy(update={"pain": parse_intake({"person": {"age": 40}, "pain": KNEE}).pain})
    result = psoas.assess(case)
    assert result.referral is not None
    if result.referral.urgency in ("emergency", "urgent"):
        assert result.program is None
    else:
        assert result.program is not None
        assert any("clinician" in c.lower() or "doctor" in c.lower() for c in result.program.cautions)


def test_ottawa_rule_needs_a_recent_knee_injury() -> None:
    old = intake(
        age=60, pain=KNEE, injury={"region": "knee", "side": "left", "weeks_ago": 60, "mechanism": "twist"}
    )
    young = intake(
        age=54, pain=KNEE, injury={"region": "knee", "side": "left", "weeks_ago": 1, "mechanism": "twist"}
    )
    assert "ottawa_knee" not in fired_rules(old)
    assert "ottawa_knee" not in fired_rules(young)


def test_most_urgent_wins_and_keeps_only_its_reasons() -> None:
    referral = screen(intake(saddle_numbness=True, cancer_history=True))
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
