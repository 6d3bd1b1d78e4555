"""The intake vocabulary (schema v2): region, side, sensation and aggravator names.

These names are a public contract shared by the intake schema, the journal, the
web body map and the API. Midline regions take ``side="center"`` (or left/right for
one-sided pain); paired regions take ``left``, ``right`` or ``both``.
"""

from __future__ import annotations

from typing import Final

REGIONS: Final[tuple[str, ...]] = (
    "head",
    "neck",
    "shoulder",
    "upper_arm",
    "elbow",
    "forearm",
    "wrist_hand",
    "chest",
    "upper_back",
    "mid_back",
    "low_back",
    "abdomen",
    "groin",
    "hip",
    "buttock",
    "thigh_front",
    "thigh_back",
    "thigh_side",
    "knee",
    "shin",
    "calf",
    "ankle",
    "foot",
)
MIDLINE_REGIONS: Final[frozenset[str]] = frozenset(
    {"head", "neck", "chest", "upper_back", "mid_back", "low_back", "abdomen"}
)
PAIRED_REGIONS: Final[tuple[str, ...]] = tuple(r for r in REGIONS if r not in MIDLINE_REGIONS)
SIDES: Final[tuple[str, ...]] = ("left", "right", "both", "center")
BODY_SIDES: Final[tuple[str, ...]] = ("left", "right")
ONSETS: Final[tuple[str, ...]] = ("gradual", "sudden", "injury")
AGGRAVATORS: Final[tuple[str, ...]] = (
    "sitting",
    "standing",
    "walking",
    "stairs",
    "running",
    "bending",
    "lifting",
    "overhead",
    "desk_work",
    "lying",
    "night",
    "coughing",
    "morning",
)
SENSATIONS: Final[tuple[str, ...]] = (
    "ache",
    "sharp",
    "burning",
    "tingling",
    "numbness",
    "stiffness",
    "tightness",
    "swelling",
)
RESULTS: Final[tuple[str, ...]] = ("positive", "negative")
"""A pass/fail self-test reading."""
SEXES: Final[tuple[str, ...]] = ("female", "male", "other")
INJURY_MECHANISMS: Final[tuple[str, ...]] = ("fall", "twist", "impact", "collision", "lifting", "other")
RED_FLAGS: Final[tuple[str, ...]] = (
    "saddle_numbness",
    "bladder_bowel_change",
    "leg_weakness",
    "neuro_symptoms",
    "sudden_severe_headache",
    "chest_symptoms",
    "fever_or_unwell",
    "hot_swollen_joint",
    "joint_deformity",
    "cancer_history",
    "weight_loss",
    "immune_risk",
    "night_or_constant_pain",
    "major_trauma",
    "cannot_bear_weight",
    "cannot_bend_knee",
    "rapid_swelling",
    "arm_lift_loss",
    "myelopathy_signs",
    "calf_swelling",
    "sudden_abdominal_back_pain",
    "limp",
    "leg_shortened_rotated",
)
EMERGENCY_FLAGS: Final[frozenset[str]] = frozenset(
    {
        "saddle_numbness",
        "bladder_bowel_change",
        "leg_weakness",
        "neuro_symptoms",
        "sudden_severe_headache",
        "chest_symptoms",
        "hot_swollen_joint",
        "joint_deformity",
        "calf_swelling",
        "sudden_abdominal_back_pain",
        "leg_shortened_rotated",
    }
)
"""Red flags that call for same-day care on their own; a checkbox can never clear them (evidence.md §2)."""
CLEARABLE_RULES: Final[frozenset[str]] = frozenset(
    {
        "sudden_abdominal_back_pain_younger",
        "cancer_spinal",
        "immune_spinal",
        "ottawa_knee",
        "thoracic_with_risk",
        "fall_over_65",
        "adolescent_hip",
        "thoracic_pain",
        "back_pain_age",
        "radiating_paresthesia",
    }
)
"""Red-flag rules (psoas.assessment.redflag_rules) that read more than one answer and may be cleared by id."""
URGENCIES: Final[tuple[str, ...]] = ("emergency", "urgent", "soon")
"""How soon a red flag needs a clinician, most urgent first: same day, within days, book one."""
BLOCKING_URGENCIES: Final[frozenset[str]] = frozenset({"emergency", "urgent"})
"""Urgencies that stop self-care (no programme, the wizard stops) until a clinician has looked."""
METHODS: Final[tuple[str, ...]] = ("photo_corrected", "photo", "inclinometer", "goniometer", "estimate")
"""How a self-test angle was measured (intake v2 ``method``); each has its own error (data/traits.toml)."""
DEFAULT_METHOD: Final[str] = "goniometer"
"""The method assumed when an intake does not say (every v1 intake)."""
EVIDENCE_LEVELS: Final[tuple[str, ...]] = (
    "established",
    "biomechanical",
    "weak",
    "unsupported",
    "contradicted",
)
"""Evidence levels from strongest to weakest; a chain's evidence is its weakest link."""

CAUSES: Final[tuple[str, ...]] = (
    "psoas_tight",
    "rectus_femoris_tight",
    "tfl_itb_tight",
    "hamstrings_short",
    "hip_joint",
    "local_knee",
    "local_shoulder",
    "lumbar_radicular",
    "forward_head_posture",
    "nonspecific",
)
CENTER_CAUSES: Final[frozenset[str]] = frozenset({"forward_head_posture", "nonspecific"})
"""Causes that are not sided; every other cause exists once per body side."""


def sides_of(region: str, side: str) -> tuple[str, ...]:
    """The body-map nodes a reported side covers: ``both`` is left + right; midline is ``center``."""
    if region in MIDLINE_REGIONS:
        return ("center",)
    if side == "both":
        return BODY_SIDES
    return (side,)


def mirror_side(side: str) -> str:
    """Left ↔ right; ``both`` and ``center`` stay."""
    return {"left": "right", "right": "left"}.get(side, side)
