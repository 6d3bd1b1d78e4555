"""Reusable stick-figure drawing."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas.draw import POSE_KEYS, pose_figure, stick_figure_svg
from psoas.errors import InputError
from psoas.mechanics.reference import REFERENCE_HEIGHT_M


def test_standing_pose_stacks_segments_vertically() -> None:
    pts = pose_figure({}).points
    assert pts["knee"][0] == pytest.approx(0.0, abs=1e-9) and pts["knee"][1] < 0
    assert pts["ankle"][1] < pts["knee"][1]
    assert pts["c7"][1] > pts["hip"][1] and pts["c7"][0] == pytest.approx(0.0, abs=1e-9)
    assert pts["toe"][0] > pts["ankle"][0]  # faces right


def test_hip_flexion_90_puts_the_knee_forward_at_hip_height() -> None:
    pts = pose_figure({"hip_flexion_deg": 90.0, "knee_flexion_deg": 90.0}).points
    assert pts["knee"][1] == pytest.approx(0.0, abs=1e-9) and pts["knee"][0] > 0.3
    assert pts["ankle"][0] == pytest.approx(pts["knee"][0]) and pts["ankle"][1] < 0


def test_far_leg_defaults_to_near_leg() -> None:
    pts = pose_figure({"hip_flexion_deg": 30.0}).points
    assert pts["far_knee"] == pytest.approx(pts["knee"])
    pts = pose_figure({"hip_flexion_deg": 30.0, "far_hip_flexion_deg": -10.0}).points
    assert pts["far_knee"][0] < 0 < pts["knee"][0]


def test_unknown_angle_is_named() -> None:
    with pytest.raises(InputError) as info:
        pose_figure({"hip_deg": 10.0})
    assert info.value.field == "pose.hip_deg"


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.sampled_from(POSE_KEYS), st.floats(-120, 120), max_size=6))
def test_any_pose_gives_wellformed_svg_and_preserves_segment_lengths(pose: dict) -> None:
    fig = pose_figure(pose)
    thigh = math.dist(fig.points["hip"], fig.points["knee"])
    assert thigh == pytest.approx(0.243 * REFERENCE_HEIGHT_M)
    root = ET.fromstring(stick_figure_svg(pose, title="t <&>", labels=["a"]))
    assert root.tag.endswith("svg")
