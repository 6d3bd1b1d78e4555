"""Words the faces show: self-test instructions and visit kinds, in our own wording.

The red-flag questions are the core's (:data:`psoas.assessment.redflags.QUESTIONS`), shared with the CLI
questionnaire; keys of the test guides are the intake's test names. The cut-offs quoted in the readings are
the engine's own numbers (``data/traits.toml``, :func:`psoas.reasoning.traits.load_trait_model`), never
copied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, get_args

from pydantic import BaseModel

from psoas.intake import schema
from psoas.reasoning.traits import Reading, load_trait_model


def _reading(reading_id: str) -> Reading:
    model = load_trait_model()
    return next(r for r in (*model.readings, *model.conditions) if r.id == reading_id)


def _deg(value: float | None) -> str:
    if value is None:  # pragma: no cover - traits.toml gives every quoted reading its cut-off
        raise ValueError("a self-test reading quoted in the guides has no cut-off in traits.toml")
    return f"{value:g}"


def _fields(side_model: type[BaseModel]) -> tuple[tuple[str, str, str], ...]:
    """The inputs of one side of a self-test, named and worded by the intake schema (not copied here)."""
    out = []
    for name, info in side_model.model_fields.items():
        if name in ("result", "method"):
            continue
        kind = "check" if bool in get_args(info.annotation) else "number"
        out.append((name, kind, info.description or name.replace("_", " ")))
    return tuple(out)


_AKE, _SLR, _HIP_IR = _reading("ake_deficit"), _reading("slr_angle"), _reading("hip_ir")
_IR_NORMAL = _HIP_IR.normal_range or (_HIP_IR.normal_mean, _HIP_IR.normal_mean)

VISIT_WORDS: Final[dict[str, str]] = {
    "massage": "Massage",
    "physiotherapy": "Physiotherapy",
}


@dataclass(frozen=True)
class TestGuide:
    """How to do one self-test at home, and which inputs it takes per side."""

    id: str
    title: str
    needs: str
    steps: tuple[str, ...]
    reading: str
    fields: tuple[tuple[str, str, str], ...]  # (name, kind number|check, label with unit)
    figure: str


TEST_GUIDES: Final[tuple[TestGuide, ...]] = (
    TestGuide(
        id="thomas",
        title="Thomas test: how long are the hip flexors?",
        needs="A sturdy table or a high firm bed, and a helper with a phone inclinometer app if you can.",
        steps=(
            "Sit on the very end of the table, then roll back onto it hugging both knees to the chest.",
            "Keep one knee hugged so the low back stays flat on the table: this holds the pelvis still.",
            "Let the other leg hang down over the edge, relaxed, without pushing it down.",
            "Look at the hanging thigh: does it rest at or below the table, or stay up in the air?",
            "Measure, if you can, the thigh's angle above horizontal and the bend of the hanging knee.",
            "Swap sides.",
        ),
        reading="A thigh that stays above horizontal suggests short hip flexors on that side; a knee that "
        "straightens out suggests a short rectus femoris.",
        fields=_fields(schema.ThomasSide),
        figure="thomas",
    ),
    TestGuide(
        id="knee_extension_90_90",
        title="90-90 knee extension: how long are the hamstrings?",
        needs="The floor, and a helper or a phone to measure the knee angle.",
        steps=(
            "Lie on your back. Lift one thigh until it points straight up and hold it there with both hands.",
            "Keep the other leg flat on the floor.",
            "Slowly straighten the lifted knee as far as you comfortably can, without the thigh moving.",
            "Note how many degrees short of straight the knee stays (the deficit). Swap sides.",
        ),
        reading=f"Deficits above about {_deg(_AKE.cutoff_for('male'))} degrees (men) or "
        f"{_deg(_AKE.cutoff_for('female'))} degrees (women) count as short hamstrings.",
        fields=_fields(schema.KneeExtensionSide),
        figure="knee_extension_90_90",
    ),
    TestGuide(
        id="straight_leg_raise",
        title="Straight-leg raise: a tight back of the thigh, or an irritated nerve?",
        needs="The floor and a helper.",
        steps=(
            "Lie on your back with both legs straight.",
            "The helper lifts one leg slowly by the heel, knee kept straight, until you feel a strong stretch.",
            "Note the angle of the leg from the floor, and whether it brings on pain that runs below the knee.",
            "Swap sides.",
        ),
        reading=f"Below about {_deg(_SLR.cutoff_for())} degrees counts as limited. Pain shooting below the knee "
        "points to a nerve root, not to a tight muscle.",
        fields=_fields(schema.StraightLegRaiseSide),
        figure="straight_leg_raise",
    ),
    TestGuide(
        id="hip_internal_rotation",
        title="Hip internal rotation: how does the hip joint turn?",
        needs="A chair or table edge and a helper.",
        steps=(
            "Sit upright with both knees bent over the edge, thighs parallel.",
            "Keep the thigh still and swing the foot outwards, which turns the hip inwards.",
            "Note the angle the shin makes with vertical. Swap sides.",
        ),
        reading=f"Normal is about {_deg(_IR_NORMAL[0])}-{_deg(_IR_NORMAL[1])} degrees; below about "
        f"{_deg(_HIP_IR.cutoff_for())} degrees together with hip pain points to the hip joint itself.",
        fields=_fields(schema.HipRotationSide),
        figure="hip_internal_rotation",
    ),
)


def test_guide(test_id: str) -> TestGuide | None:
    """The guide for a test id, or None."""
    for guide in TEST_GUIDES:
        if guide.id == test_id:
            return guide
    return None
