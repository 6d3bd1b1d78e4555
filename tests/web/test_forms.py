"""Form fields → intake pieces: blanks are unanswered, numbers are checked, errors name the field."""

from __future__ import annotations

import pytest

from psoas.errors import InputError
from psoas.web import forms


def test_flags_yes_no_unsure_and_blank() -> None:
    answers, unsure, missing = forms.flags_from_form(
        {
            "flag.saddle_numbness": ["yes"],
            "flag.weight_loss": ["no"],
            "flag.limp": ["unsure"],
            "flag.leg_weakness": [""],
            "flag.calf_swelling": ["maybe"],
        }
    )
    assert answers == {"saddle_numbness": True, "weight_loss": False}
    assert unsure == ["limp"]
    assert "leg_weakness" in missing and "calf_swelling" in missing and "limp" not in missing
    assert len(answers) + len(unsure) + len(missing) == len(forms.vocab.RED_FLAGS)


def test_unsure_answers_come_back_as_form_fields() -> None:
    fields = forms.intake_to_form({"red_flags": {"limp": False}, "red_flags_unsure": ["cancer_history"]})
    assert fields["flag.limp"] == ["no"] and fields["flag.cancer_history"] == ["unsure"]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({}, "person.age"),
        ({"age": ["forty"]}, "person.age"),
        ({"age": ["40.5"]}, "person.age"),
        ({"age": ["40"], "height_cm": ["x"]}, "person.height_cm"),
    ],
)
def test_person_errors_name_the_field(form: forms.Form, field: str) -> None:
    with pytest.raises(InputError) as info:
        forms.person_from_form(form)
    assert info.value.field == field


def test_pain_entries_share_the_common_answers() -> None:
    form = {
        "pain.knee.left": ["7"],
        "pain.knee.right": ["2"],
        "pain.neck.center": ["4"],
        "side.neck": ["right"],
        "weeks": ["3"],
        "onset": ["sudden"],
        "worse_with": ["stairs"],
        "sensations": ["ache", "tightness"],
        "unrelated": ["x"],
    }
    entries = forms.pain_from_form(form)
    assert [(e["region"], e["side"], e["intensity"]) for e in entries] == [
        ("neck", "right", 4),
        ("knee", "left", 7),
        ("knee", "right", 2),
    ]
    assert all(
        e["weeks"] == 3 and e["onset"] == "sudden" and e["sensations"] == ["ache", "tightness"]
        for e in entries
    )


def test_pain_intensity_must_be_whole() -> None:
    with pytest.raises(InputError) as info:
        forms.pain_from_form({"pain.knee.left": ["4.5"]})
    assert info.value.field == "pain.knee.left.intensity"


def test_history_with_and_without_injury() -> None:
    assert forms.history_from_form({"activities": ["Running, golf ,"]}) == {"activities": ["Running", "golf"]}
    history = forms.history_from_form(
        {
            "injury_region": ["knee"],
            "injury_side": ["left"],
            "injury_weeks_ago": ["2"],
            "injury_mechanism": ["twist"],
        }
    )
    assert history["injury"] == {"region": "knee", "side": "left", "weeks_ago": 2.0, "mechanism": "twist"}
    with pytest.raises(InputError) as info:
        forms.history_from_form({"injury_region": ["knee"]})
    assert info.value.field == "history.injury.weeks_ago"


def test_tests_block_from_fields() -> None:
    form = {
        "test.thomas.left.hip_angle_deg": ["12"],
        "test.thomas.left.thigh_abducts": ["on"],
        "test.thomas.right.result": ["negative"],
        "test.thomas.right.hip_angle_deg": [""],
        "test.straight_leg_raise.left.reproduces_leg_pain": [""],
    }
    assert forms.tests_from_form(form) == {
        "thomas": {"left": {"hip_angle_deg": 12.0, "thigh_abducts": True}, "right": {"result": "negative"}}
    }
    with pytest.raises(InputError) as info:
        forms.tests_from_form({"test.thomas.left.hip_angle_deg": ["steep"]})
    assert info.value.field == "tests.thomas.left.hip_angle_deg"
