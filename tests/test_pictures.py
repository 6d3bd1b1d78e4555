"""The exercise and self-test pictures: every one drawn with volume, props, both positions and words."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from psoas.draw import pictures, pose_figure
from psoas.draw.poses import leg_reaching
from psoas.draw.scene import FONT_PX, MIN_SHOWN_WIDTH_PX, POSITIONS, WIDTH_PX, layout
from psoas.errors import InputError, NotFoundError
from psoas.knowledge.atlas import load_atlas
from psoas.knowledge.exercises import load_exercises
from psoas.mechanics.reference import REFERENCE_HEIGHT_M

SVG = "{http://www.w3.org/2000/svg}"
EXERCISES = [e.id for e in load_exercises().exercises]
TESTS = list(load_atlas().tests)


def _widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<path d="M[^"]*" stroke="[^"]*" stroke-width="([\d.]+)"', svg)]


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_every_exercise_has_a_start_and_an_end_with_words(exercise_id: str) -> None:
    picture = pictures.exercise_picture(exercise_id)
    start, end = (pictures.exercise_figure(exercise_id, p) for p in POSITIONS)
    assert start != end
    for svg, position in ((start, "start"), (end, "end")):
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and position in (root.get("aria-label") or "")
        assert root.find(f"{SVG}title") is not None
        assert len(picture.words(position).split()) >= 3
    assert pictures.exercise_animation(exercise_id).count('class="frame f') == 5


@pytest.mark.parametrize("test_id", TESTS)
def test_every_self_test_in_the_atlas_has_a_start_and_an_end(test_id: str) -> None:
    picture = pictures.test_picture(test_id)
    start, end = (pictures.test_figure(test_id, p) for p in POSITIONS)
    assert start != end and picture.start_words and picture.end_words
    ET.fromstring(start)
    ET.fromstring(end)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_bodies_have_volume_not_lines(exercise_id: str) -> None:
    """Limbs are drawn at least 4 % of the body height thick (a stick figure's lines are ~1 %)."""
    frame = layout(pictures.exercise_picture(exercise_id))
    body_px = REFERENCE_HEIGHT_M * frame.scale
    widths = _widths(pictures.exercise_figure(exercise_id, "end"))
    assert widths and min(widths) >= 0.03 * body_px
    assert max(widths) >= 0.1 * body_px  # the trunk


def test_props_a_person_recognises() -> None:
    kinds = {
        name: {prop.kind for prop in pictures.exercise_picture(name).props}
        for name in ("constructive_rest", "edge_of_bed_supine_hip_flexor_stretch", "doorway_pec_stretch")
    }
    assert "chair" in kinds["constructive_rest"] and "mat" in kinds["constructive_rest"]
    assert "bed" in kinds["edge_of_bed_supine_hip_flexor_stretch"]
    assert "door" in kinds["doorway_pec_stretch"]
    assert "table" in {p.kind for p in pictures.test_picture("thomas").props}


def test_rotation_tests_are_drawn_from_the_front_at_the_atlas_reading() -> None:
    picture = pictures.test_picture("hip_internal_rotation")
    assert picture.view == "front"
    normal = load_atlas().findings["hip_ir_limited"].normal_mean
    assert picture.end["left_shin_deg"] == pytest.approx(normal)
    assert f"{normal:.0f}°" in pictures.test_figure("hip_internal_rotation", "end")
    assert pictures.exercise_picture("standing_tfl_stretch").view == "front"


def test_self_test_end_positions_follow_the_core_numbers() -> None:
    findings = load_atlas().findings
    assert (
        pictures.test_picture("straight_leg_raise").end["hip_flexion_deg"]
        == findings["slr_limited"].normal_mean
    )
    assert (
        pictures.test_picture("knee_extension_90_90").end["knee_flexion_deg"]
        == findings["ake_deficit"].normal_mean
    )


def test_arrow_follows_the_movement() -> None:
    svg = pictures.exercise_figure("constructive_rest", "end")
    assert svg.count('class="move-arrow"') == 1


def test_picture_text_stays_legible_at_the_smallest_width() -> None:
    assert FONT_PX * MIN_SHOWN_WIDTH_PX / WIDTH_PX >= 12.0


def test_leg_reaching_puts_the_ankle_on_the_target() -> None:
    pose = leg_reaching({"trunk_lean_deg": -20.0}, (0.3, -0.6))
    hip, ankle = pose_figure(pose).points["hip"], pose_figure(pose).points["ankle"]
    assert math.dist((ankle[0] - hip[0], ankle[1] - hip[1]), (0.3, -0.6)) == pytest.approx(0.0, abs=1e-6)


def test_contact_points_stay_put_between_positions() -> None:
    """The kneeling knee and the front foot of the half-kneeling stretch stay on their spots."""
    from psoas.draw.scene import points_of

    picture = pictures.exercise_picture("half_kneeling_hip_flexor_stretch")
    start, end = points_of(picture, picture.start), points_of(picture, picture.end)
    assert math.dist(start["far_knee"], end["far_knee"]) == pytest.approx(0.0, abs=1e-9)
    assert math.dist(start["ankle"], end["ankle"]) == pytest.approx(0.0, abs=0.01)  # metres


def test_bad_position_and_unknown_ids_are_named() -> None:
    with pytest.raises(InputError) as info:
        pictures.exercise_figure("bridge", "middle")
    assert info.value.field == "position"
    with pytest.raises(NotFoundError):
        pictures.test_figure("no_such_test", "start")
    with pytest.raises(NotFoundError):
        pictures.exercise_figure("no_such_exercise", "start")


@pytest.mark.parametrize(
    "test_id", ["thomas", "knee_extension_90_90", "straight_leg_raise", "hip_internal_rotation"]
)
def test_measured_self_tests_show_the_angle_to_read(test_id: str) -> None:
    assert pictures.test_figure(test_id, "end").count('class="angle-arc"') == 1
    assert 'class="angle-arc"' not in pictures.test_figure(test_id, "start")


def test_angle_arc_spans_the_drawn_angle() -> None:
    """The straight-leg-raise arc runs from the floor line to the leg: its end lies on the leg's line."""
    from psoas.draw.marks import Arc, arc_svg

    points = {"hip": (0.0, 0.0), "ankle": (math.cos(math.radians(80)), math.sin(math.radians(80)))}
    svg = arc_svg(Arc("end", "hip", "ankle", 0.0, 1.0), points, lambda p: (100 * p[0], -100 * p[1]))
    end = re.search(r"A[\d.]+ [\d.]+ 0 0 (\d) ([-\d.]+) ([-\d.]+)", svg)
    assert end is not None and end.group(1) == "1"
    angle = math.degrees(math.atan2(-float(end.group(3)), float(end.group(2))))
    assert angle == pytest.approx(80.0, abs=0.1)
