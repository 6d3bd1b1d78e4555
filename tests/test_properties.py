"""Invariants of the reasoning engine, checked on generated intakes (hypothesis)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import psoas
from psoas.knowledge import vocab
from psoas.knowledge.vocab import mirror_side

SETTINGS = settings(
    max_examples=int(os.environ.get("PSOAS_HYPOTHESIS_EXAMPLES", "25")),
    deadline=None,
    derandomize=os.environ.get("PSOAS_HYPOTHESIS_EXAMPLES") is None,  # CI replays the same examples
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def pain_entries(draw: Any) -> dict[str, Any]:
    region = draw(st.sampled_from(vocab.REGIONS))
    side = "center" if region in vocab.MIDLINE_REGIONS else draw(st.sampled_from(["left", "right", "both"]))
    return {
        "region": region,
        "side": side,
        "intensity": draw(st.integers(1, 10)),
        "worse_with": draw(st.lists(st.sampled_from(vocab.AGGRAVATORS), max_size=3, unique=True)),
        "sensations": draw(st.lists(st.sampled_from(vocab.SENSATIONS), max_size=3, unique=True)),
    }


thomas_side = st.one_of(
    st.sampled_from(["positive", "negative"]),
    st.fixed_dictionaries(
        {
            "hip_angle_deg": st.floats(-30, 30),
            "knee_angle_deg": st.floats(40, 100),
            "thigh_abducts": st.booleans(),
        },
        optional={"method": st.sampled_from(vocab.METHODS)},
    ),
)


@st.composite
def intakes(draw: Any) -> dict[str, Any]:
    tests: dict[str, Any] = {}
    thomas = {side: draw(thomas_side) for side in vocab.BODY_SIDES if draw(st.booleans())}
    if thomas:
        tests["thomas"] = thomas
    if draw(st.booleans()):
        tests["straight_leg_raise"] = {
            side: {"angle_deg": draw(st.floats(20, 100)), "reproduces_leg_pain": draw(st.booleans())}
            for side in vocab.BODY_SIDES
            if draw(st.booleans())
        }
    injury = None
    if draw(st.booleans()):
        region = draw(st.sampled_from(["knee", "shoulder", "hip", "low_back"]))
        injury = {
            "region": region,
            "side": "center" if region == "low_back" else draw(st.sampled_from(["left", "right"])),
            "weeks_ago": draw(st.floats(0, 100)),
            "mechanism": draw(st.sampled_from(vocab.INJURY_MECHANISMS)),
        }
    return {
        "person": {"age": draw(st.integers(16, 90)), "sex": draw(st.sampled_from(vocab.SEXES))},
        "pain": draw(st.lists(pain_entries(), max_size=4)),
        "history": {
            "sitting_hours_per_day": draw(st.floats(0, 14)),
            "activities": draw(
                st.lists(st.sampled_from(["running", "cycling", "golf", "yoga", "swimming"]), max_size=2)
            ),
            "injury": injury,
        },
        "tests": tests,
    }


def _mirror(obj: Any) -> Any:
    if isinstance(obj, dict):
        out = {}
        for key, value in obj.items():
            key = {"left": "right", "right": "left"}.get(key, key)
            out[key] = mirror_side(value) if key == "side" and isinstance(value, str) else _mirror(value)
        return out
    if isinstance(obj, list):
        return [_mirror(v) for v in obj]
    return obj


def _exact(intake: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """Causes with unrounded probabilities (the JSON rounds to 4 decimals)."""
    return {(c.id, c.side): c for c in psoas.assess(intake).causes}


@SETTINGS
@given(intakes())
def test_probabilities_are_probabilities(intake: dict[str, Any]) -> None:
    result = psoas.assess(intake).to_dict()
    for cause in result["causes"]:
        assert 0.0 < cause["probability"] < 1.0  # never certain either way
        assert 0.0 < cause["prior"] < 1.0
        for share in cause["explains"]:
            assert 0.0 <= share["share"] <= 1.0
        for chain in cause["chains"]:
            assert 0.0 <= chain["contribution"] <= 1.0
    probs = [c["probability"] for c in result["causes"]]
    assert probs == sorted(probs, reverse=True)
    for test in result["next_tests"]:
        assert test["information_gain_bits"] >= 0.0


@SETTINGS
@given(intakes())
def test_swapping_left_and_right_mirrors_the_result(intake: dict[str, Any]) -> None:
    result = _exact(intake)
    mirrored = _exact(_mirror(intake))
    for (cause, side), c in result.items():
        m = mirrored[(cause, mirror_side(side))]
        assert abs(c.probability - m.probability) < 1e-6
        assert abs(c.prior - m.prior) < 1e-9


@SETTINGS
@given(intakes(), st.sampled_from(vocab.BODY_SIDES), st.floats(-30, 40), st.floats(0.5, 20))
def test_more_positive_thomas_never_lowers_psoas(
    intake: dict[str, Any], side: str, hip: float, step: float
) -> None:
    def psoas_p(thomas_side: Any) -> float:
        data = {
            **intake,
            "tests": {**intake["tests"], "thomas": {**intake["tests"].get("thomas", {}), side: thomas_side}},
        }
        return float(_exact(data)[("psoas_tight", side)].probability)

    knee = {"knee_angle_deg": 85}
    assert psoas_p({"hip_angle_deg": hip + step, **knee}) >= psoas_p({"hip_angle_deg": hip, **knee}) - 1e-7
    assert psoas_p("positive") >= psoas_p("negative") - 1e-7


@SETTINGS
@given(intakes(), st.sampled_from(vocab.BODY_SIDES), st.floats(-30, 40), st.floats(0.5, 20))
def test_a_more_positive_reading_on_one_side_never_lowers_the_other_side(
    intake: dict[str, Any], side: str, hip: float, step: float
) -> None:
    other = mirror_side(side)

    def other_p(cause: str, reading: dict[str, Any]) -> float:
        data = {
            **intake,
            "tests": {**intake["tests"], "thomas": {**intake["tests"].get("thomas", {}), side: reading}},
        }
        return float(_exact(data)[(cause, other)].probability)

    assert (
        other_p("psoas_tight", {"hip_angle_deg": hip + step})
        >= other_p("psoas_tight", {"hip_angle_deg": hip}) - 1e-9
    )
    knee = 95.0 - hip  # a lower knee angle is the more positive reading for the rectus femoris
    assert other_p("rectus_femoris_tight", {"knee_angle_deg": knee - step}) >= (
        other_p("rectus_femoris_tight", {"knee_angle_deg": knee}) - 1e-9
    )
    assert other_p("psoas_tight", "positive") >= other_p("psoas_tight", "negative") - 1e-9


@SETTINGS
@given(intakes())
def test_an_unmarked_region_never_pushes_a_trait_below_its_prior(intake: dict[str, Any]) -> None:
    """Traits are read by the self-tests: with no tests every trait sits at its (history-shaped) prior
    whatever the pain map marks or leaves out, and with tests the pain map does not move them."""
    no_tests = _exact({**intake, "tests": {}})
    for cause in no_tests.values():
        if cause.kind == "trait":
            assert cause.probability >= cause.prior - 1e-9, (cause.id, cause.side)
    with_pain, without = _exact(intake), _exact({**intake, "pain": []})
    for key, cause in with_pain.items():
        if cause.kind == "trait":
            assert abs(cause.probability - without[key].probability) < 1e-9, key


@SETTINGS
@given(intakes())
def test_a_v1_intake_assesses_like_its_goniometer_v2_upgrade(intake: dict[str, Any]) -> None:
    def goniometer(obj: Any) -> Any:
        if isinstance(obj, dict):
            out = {k: goniometer(v) for k, v in obj.items() if k != "method"}
            if "hip_angle_deg" in obj:
                out["method"] = "goniometer"
            return out
        return obj

    v1 = {**intake, "schema_version": "1", "tests": goniometer({k: v for k, v in intake["tests"].items()})}
    v2 = {**v1, "schema_version": "2", "tests": goniometer(v1["tests"])}
    first, second = _exact(v1), _exact(v2)
    assert all(abs(first[k].probability - second[k].probability) < 1e-12 for k in first)


@SETTINGS
@given(intakes())
def test_no_pain_no_cause_above_its_prior(intake: dict[str, Any]) -> None:
    data = {**intake, "pain": [], "tests": {}}
    result = psoas.assess(data).to_dict()
    for cause in result["causes"]:
        assert cause["probability"] <= cause["prior"] + 1e-9, cause["id"]
    assert result["program"] is None
