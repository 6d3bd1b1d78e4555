"""A red-flag question answered "not sure" is an answer: it is screened as a "soon" caution where a "yes"
would fire a rule, never as an emergency, and never silently dropped."""

from __future__ import annotations

from typing import Any

import pytest

import psoas
from psoas.assessment.redflags import RULES, fired_rules, screen, unanswered
from psoas.documents.sections import red_flag_rows
from psoas.errors import InputError
from psoas.intake.schema import intake_json_schema, parse_intake
from psoas.knowledge import vocab

LOW_BACK = [{"region": "low_back", "intensity": 4}]


def intake(unsure: list[str], age: int = 40, pain: list[dict[str, Any]] | None = None, **flags: Any) -> Any:
    answers = {f: False for f in vocab.RED_FLAGS if f not in unsure} | flags
    return parse_intake(
        {"person": {"age": age}, "pain": pain or [], "red_flags": answers, "red_flags_unsure": unsure}
    )


# the flags whose "yes" alone is an emergency at 40 (sudden belly or back pain is one only at 60 or over)
EMERGENCY_BY_ANSWER = sorted(
    r.id
    for r in RULES
    if r.urgency == "emergency" and r.flags == (r.id,) and r.id != "sudden_abdominal_back_pain"
)


def test_the_emergency_cases_cover_the_plain_emergency_signs() -> None:
    assert len(EMERGENCY_BY_ANSWER) >= 10 and set(EMERGENCY_BY_ANSWER) <= set(vocab.EMERGENCY_FLAGS)


@pytest.mark.parametrize("flag", EMERGENCY_BY_ANSWER)
def test_unsure_about_an_emergency_sign_asks_for_a_clinician_soon(flag: str) -> None:
    as_yes = screen(intake([], **{flag: True}))
    assert as_yes is not None and as_yes.urgency == "emergency"  # what a yes would mean
    referral = screen(intake([flag]))
    assert referral is not None and referral.urgency == "soon"
    assert fired_rules(intake([flag])) == [f"unsure_{flag}"]
    reason = referral.reasons[0]
    assert vocab.RED_FLAG_QUESTIONS[flag] in reason and as_yes.reasons[0] in reason


def test_unsure_about_an_urgent_sign_is_soon_and_keeps_the_programme() -> None:
    result = psoas.assess(intake(["weight_loss"], pain=LOW_BACK)).to_dict()
    assert result["referral"]["urgency"] == "soon"
    assert "unsure_weight_loss" in result["red_flag_rules"]
    assert result["program"] is not None  # "not sure" never stops self-care
    assert "weight_loss" not in result["red_flags_unanswered"]


def test_a_real_yes_still_wins_over_not_sure() -> None:
    referral = screen(intake(["weight_loss"], saddle_numbness=True))
    assert referral is not None and referral.urgency == "emergency"
    assert "unsure_weight_loss" in fired_rules(intake(["weight_loss"], saddle_numbness=True))


def test_unsure_that_a_yes_would_not_make_matter_adds_no_referral() -> None:
    # a limp matters for hip pain at 8-15 (slipped capital femoral epiphysis), not for back pain at 40
    assert screen(intake(["limp"], pain=LOW_BACK)) is None
    teen = intake(["limp"], age=12, pain=[{"region": "hip", "side": "left", "intensity": 5}])
    referral = screen(teen)
    assert referral is not None and referral.urgency == "soon" and fired_rules(teen) == ["unsure_limp"]


def test_context_decides_what_a_yes_would_have_meant() -> None:
    older, younger = (
        screen(intake(["sudden_abdominal_back_pain"], age=68)),
        screen(intake(["sudden_abdominal_back_pain"], age=30)),
    )
    assert older is not None and younger is not None
    assert "aortic" in older.reasons[0] and "aortic" not in younger.reasons[0]
    assert older.urgency == younger.urgency == "soon"


def test_a_cleared_flag_is_not_raised_again_by_not_sure() -> None:
    data = {
        "person": {"age": 40},
        "red_flags_unsure": ["cancer_history"],
        "red_flags_cleared": {"cancer_history": "2025-11-02"},
    }
    assert screen(parse_intake(data)) is None


def test_unsure_is_an_answer_not_an_unanswered_question() -> None:
    assert unanswered(intake(["limp"])) == []
    assert unanswered(parse_intake({"person": {"age": 40}, "red_flags_unsure": ["limp"]})) == [
        f for f in vocab.RED_FLAGS if f != "limp"
    ]


@pytest.mark.parametrize(
    ("unsure", "flags", "words"),
    [
        (["limp"], {"limp": False}, "also answered"),
        (["limp", "limp"], {}, "once"),
        (["limping"], {}, "allowed"),
    ],
)
def test_bad_unsure_lists_are_refused_naming_the_field(
    unsure: list[str], flags: dict[str, bool], words: str
) -> None:
    with pytest.raises(InputError) as info:
        parse_intake({"person": {"age": 40}, "red_flags": flags, "red_flags_unsure": unsure})
    assert info.value.field.startswith("red_flags_unsure") and words in str(info.value)


def test_intakes_without_the_key_read_as_before_and_the_schema_lists_it() -> None:
    plain = parse_intake({"person": {"age": 40}, "red_flags": {"limp": True}})
    assert plain.red_flags_unsure == []
    v1 = parse_intake({"schema_version": "1", "person": {"age": 40}})
    assert v1.red_flags_unsure == []
    prop = intake_json_schema()["properties"]["red_flags_unsure"]
    assert set(prop["items"]["enum"]) == set(vocab.RED_FLAGS)


def test_the_summary_rows_say_not_sure() -> None:
    data = {"person": {"age": 40}, "red_flags": {"limp": False}, "red_flags_unsure": ["weight_loss"]}
    rows = {r["flag"]: r for r in red_flag_rows(data, {"red_flag_rules": ["unsure_weight_loss"]})}
    assert rows["weight_loss"]["answer"] == "not sure" and rows["weight_loss"]["fired"]
    assert rows["limp"]["answer"] == "no" and not rows["limp"]["fired"]
    assert rows["calf_swelling"]["answer"] == "unanswered"
