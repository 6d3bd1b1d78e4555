"""The angle code on synthetic landmark sets with known angles (no model, no image)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.photo.figures import Pose, front_figure, side_figure, thomas_figure

from psoas.photo import angles

# A level line has no "up": photos are tilted by less than a quarter turn (EXIF orientation is
# applied first), so rotations stay within +-80 degrees here.
poses = st.builds(
    Pose,
    scale=st.floats(0.2, 20),
    rotation_deg=st.floats(-80, 80),
    dx=st.floats(-5000, 5000),
    dy=st.floats(-5000, 5000),
)
hip_angles = st.floats(-40, 55)
knee_angles = st.floats(0, 150)
sides = st.sampled_from(["left", "right"])
TOL = 0.1  # degrees: the "known angles to 0.1°" bar (the code is exact to ~1e-9)


def _mirror(points: dict, level: tuple, swap: bool = False) -> tuple[dict, tuple]:
    def m(p: tuple) -> tuple:
        return (-p[0], p[1])

    def name(n: str) -> str:
        if not swap:
            return n
        return n.replace("left", "@").replace("right", "left").replace("@", "right")

    return {name(k): m(v) for k, v in points.items()}, (m(level[1]), m(level[0]))


@given(hip=hip_angles, knee=knee_angles, hanging=sides, pose=poses)
def test_thomas_known_angles_any_scale_translation_rotation(
    hip: float, knee: float, hanging: str, pose: Pose
) -> None:
    points, level = thomas_figure(hip, knee, hanging, pose=pose)
    assert angles.hanging_side(points, level) == hanging
    got = angles.thomas(points, hanging, level)
    assert got["hip_angle_deg"] == pytest.approx(hip, abs=TOL)
    assert got["knee_angle_deg"] == pytest.approx(knee, abs=TOL)
    assert got["other_thigh_to_trunk_deg"] <= angles.HUGGED_MAX_DEG
    assert abs(got["trunk_tilt_deg"]) < 2


@given(hip=hip_angles, knee=knee_angles, pose=poses)
def test_thomas_mirror_symmetric(hip: float, knee: float, pose: Pose) -> None:
    """The same test photographed from the other side (mirror image) reads the same angles."""
    points, level = thomas_figure(hip, knee, "left", pose=pose)
    mirrored, mlevel = _mirror(points, level)
    a, b = angles.thomas(points, "left", level), angles.thomas(mirrored, "left", mlevel)
    for key in a:
        assert b[key] == pytest.approx(a[key], abs=1e-6)


@given(hip=hip_angles, knee=knee_angles, tilt=st.floats(-30, 30))
def test_thomas_without_level_line_relative_angles_ignore_rotation(
    hip: float, knee: float, tilt: float
) -> None:
    """Without a level line a tilted photo tilts the hip angle by exactly the tilt; the knee bend stays."""
    points, _ = thomas_figure(hip, knee, "right", pose=Pose(rotation_deg=tilt))
    got = angles.thomas(points, "right")
    assert got["knee_angle_deg"] == pytest.approx(knee, abs=TOL)
    assert got["hip_angle_deg"] == pytest.approx(hip + tilt, abs=TOL)


@given(
    lean=st.floats(-20, 30),
    hip_flex=st.floats(-25, 60),
    knee_flex=st.floats(-15, 60),
    ear=st.floats(30, 120),
    facing=st.sampled_from([1, -1]),
    pose=poses,
)
def test_side_view_known_angles(
    lean: float, hip_flex: float, knee_flex: float, ear: float, facing: int, pose: Pose
) -> None:
    points, level = side_figure(lean, hip_flex, knee_flex, ear, facing, pose=pose)
    assert angles.facing(points, level) == facing
    got = angles.side_view(points, "left", level)
    assert got["trunk_lean_deg"] == pytest.approx(lean, abs=TOL)
    assert got["hip_flexion_deg"] == pytest.approx(hip_flex, abs=TOL)
    assert got["knee_flexion_deg"] == pytest.approx(knee_flex, abs=TOL)
    assert got["ear_shoulder_angle_deg"] == pytest.approx(ear, abs=TOL)
    import math

    assert got["head_forward_ratio"] == pytest.approx(22 * math.cos(math.radians(ear)) / 50, abs=1e-6)


@given(
    lean=st.floats(-20, 30), hip_flex=st.floats(-25, 60), knee_flex=st.floats(-15, 60), ear=st.floats(30, 120)
)
def test_side_view_mirror_symmetric(lean: float, hip_flex: float, knee_flex: float, ear: float) -> None:
    """Facing left or right gives the same readings (mirror image of the same posture)."""
    points, level = side_figure(lean, hip_flex, knee_flex, ear, 1)
    mirrored, mlevel = _mirror(points, level)
    a, b = angles.side_view(points, "left", level), angles.side_view(mirrored, "left", mlevel)
    for key in a:
        assert b[key] == pytest.approx(a[key], abs=1e-6)


@given(
    shoulder=st.floats(-15, 15),
    pelvis=st.floats(-15, 15),
    lv=st.floats(-20, 20),
    rv=st.floats(-20, 20),
    pose=poses,
)
def test_front_view_known_angles_and_mirror(
    shoulder: float, pelvis: float, lv: float, rv: float, pose: Pose
) -> None:
    points, level = front_figure(shoulder, pelvis, lv, rv, pose=pose)
    got = angles.front_view(points, level)
    assert got["shoulder_level_deg"] == pytest.approx(shoulder, abs=TOL)
    assert got["pelvis_level_deg"] == pytest.approx(pelvis, abs=TOL)
    assert got["left_knee_valgus_deg"] == pytest.approx(lv, abs=TOL)
    assert got["right_knee_valgus_deg"] == pytest.approx(rv, abs=TOL)
    # a mirror image of a person is a person with sides swapped: the left reads as the right
    swapped, slevel = _mirror(points, level, swap=True)
    mirror = angles.front_view(swapped, slevel)
    assert mirror["shoulder_level_deg"] == pytest.approx(-shoulder, abs=TOL)
    assert mirror["pelvis_level_deg"] == pytest.approx(-pelvis, abs=TOL)
    assert mirror["left_knee_valgus_deg"] == pytest.approx(rv, abs=TOL)
    assert mirror["right_knee_valgus_deg"] == pytest.approx(lv, abs=TOL)


@given(
    hip=hip_angles,
    knee=knee_angles,
    scale=st.floats(0.1, 50),
    dx=st.floats(-1e4, 1e4),
    dy=st.floats(-1e4, 1e4),
)
def test_relative_angles_ignore_scale_translation_and_image_rotation(
    hip: float, knee: float, scale: float, dx: float, dy: float
) -> None:
    """Knee bends need no level line: rotating the whole image (no level line) leaves them unchanged."""
    base, _ = thomas_figure(hip, knee, "left")
    for rotation in (0.0, 37.0, -120.0):
        moved, _ = thomas_figure(
            hip, knee, "left", pose=Pose(scale=scale, rotation_deg=rotation, dx=dx, dy=dy)
        )
        assert angles.thomas(moved, "left")["knee_angle_deg"] == pytest.approx(
            angles.thomas(base, "left")["knee_angle_deg"], abs=1e-6
        )


def test_level_line_direction_does_not_matter() -> None:
    points, (a, b) = thomas_figure(12.0, 80.0, "left", pose=Pose(rotation_deg=9))
    assert angles.thomas(points, "left", (a, b)) == pytest.approx(angles.thomas(points, "left", (b, a)))
    assert angles.thomas(points, "left", (a, b))["hip_angle_deg"] == pytest.approx(12.0, abs=TOL)
