"""Decoding (orientation, metadata, limits), the model-file setting, and the intake fragment."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from psoas.errors import InputError
from psoas.photo import image, intake, views
from psoas.photo.detect import _unturn
from psoas.photo.measure import Measurement, parse_corrections


def _jpeg(size: tuple[int, int], orientation: int | None = None, gps: bool = False) -> bytes:
    picture = Image.new("RGB", size, (200, 100, 50))
    picture.putpixel((0, 0), (0, 255, 0))  # a marker in the stored top-left corner
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}
        exif[0x010F] = "SecretCam"
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def test_exif_orientation_is_applied_then_everything_is_dropped() -> None:
    data = _jpeg(
        (400, 300), orientation=6, gps=True
    )  # 6: the camera was turned; show it rotated 90° clockwise
    photo = image.decode(data)
    assert photo.size == (300, 400)
    assert not photo.image.getexif() and not photo.image.info
    cleaned = photo.jpeg()
    assert b"SecretCam" not in cleaned and b"Exif" not in cleaned


def test_large_photos_are_scaled_for_work_and_tiny_ones_refused() -> None:
    assert max(image.decode(_jpeg((4000, 3000))).size) == image.WORK_SIDE
    with pytest.raises(InputError, match="at least 64"):
        image.decode(_jpeg((40, 40)))
    with pytest.raises(InputError, match="empty"):
        image.decode(b"")


def test_model_file_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from psoas.photo import model

    monkeypatch.setenv(model.ENV_VAR, str(tmp_path / "missing.task"))
    with pytest.raises(model.ModelMissingError, match="make install") as caught:
        model.model_path()
    assert caught.value.exit_code == 3
    monkeypatch.delenv(model.ENV_VAR)
    assert model.model_path().name == model.MODEL_NAME  # installed by scripts/fetch_pose_model.py


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_points_found_in_a_turned_image_come_back_to_the_photo(rotation: int) -> None:
    import numpy as np

    width, height = 640, 480
    pixels = np.zeros((height, width), dtype=np.uint8)
    pixels[100, 500] = 255  # a point at x=500, y=100 of the photo
    turned = np.rot90(pixels, rotation // 90)
    ty, tx = (int(v) for v in np.argwhere(turned == 255)[0])
    x, y = _unturn(tx + 0.5, ty + 0.5, rotation, (width, height))
    assert (x, y) == pytest.approx((500.5, 100.5))


def _measurement(
    view: str, values: dict, corrected: set[str] | None = None, side: str = "left"
) -> Measurement:
    m = Measurement(view, side, "given", (100, 100), 0, {}, {})
    m.reading = views.Reading(values=values)
    m.corrected = corrected or set()
    return m


def test_intake_fragment_thomas_and_posture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "method_supported", lambda view="thomas": False)
    thomas = _measurement("thomas", {"hip_angle_deg": 12.34, "knee_angle_deg": 81.0})
    assert intake.intake_values(thomas) == {
        "tests": {"thomas": {"left": {"hip_angle_deg": 12.3, "knee_angle_deg": 81.0}}}
    }
    side = _measurement(
        "side", {"trunk_lean_deg": 4.0, "ear_shoulder_angle_deg": 71.0, "hip_flexion_deg": 3.0}
    )
    assert intake.intake_values(side) == {"posture": {"trunk_lean_deg": 4.0, "ear_shoulder_angle_deg": 71.0}}
    out_of_range = _measurement("thomas", {"hip_angle_deg": 75.0, "knee_angle_deg": None})
    assert intake.intake_values(out_of_range) == {}
    assert intake.intake_values(_measurement("front", {"shoulder_level_deg": 2.0})) == {}


def test_intake_fragment_carries_the_method_when_the_schema_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "method_supported", lambda view="thomas": True)
    plain = _measurement("thomas", {"hip_angle_deg": 5.0, "knee_angle_deg": 80.0})
    fixed = _measurement("thomas", {"hip_angle_deg": 5.0, "knee_angle_deg": 80.0}, corrected={"left_knee"})
    assert intake.intake_values(plain)["tests"]["thomas"]["left"]["method"] == "photo"
    assert intake.intake_values(fixed)["tests"]["thomas"]["left"]["method"] == "photo_corrected"


def test_the_fragment_is_a_valid_intake_with_the_current_schema() -> None:
    from psoas.intake.schema import parse_intake

    fragment = intake.intake_values(_measurement("thomas", {"hip_angle_deg": 5.0, "knee_angle_deg": 80.0}))
    parse_intake({"person": {"age": 40}, **fragment})
    posture = intake.intake_values(
        _measurement("side", {"trunk_lean_deg": 4.0, "ear_shoulder_angle_deg": 71.0})
    )
    parse_intake({"person": {"age": 40}, **posture})


def test_corrections_are_checked() -> None:
    points, level, side = parse_corrections(
        {"landmarks": {"left_knee": {"x": 10, "y": 20}}, "level": [[0, 5], [100, 6]], "side": "right"},
        (100, 100),
    )
    assert points == {"left_knee": (10.0, 20.0)} and level == ((0.0, 5.0), (100.0, 6.0)) and side == "right"
    for bad, field in (
        ({"landmarks": {"left_knee": [1, "a"]}}, "landmarks.left_knee"),
        ({"landmarks": {"left_knee": [1, float("nan")]}}, "landmarks.left_knee"),
        ({"level": [[0, 0]]}, "level"),
        ({"side": "up"}, "side"),
        ({"zoom": 2}, "zoom"),
        ([1, 2], "landmarks"),
    ):
        with pytest.raises(InputError) as caught:
            parse_corrections(bad, (100, 100))
        assert caught.value.field == field


def test_wizard_forms_take_the_photo_values() -> None:
    from psoas.web import forms

    posted = {"test.thomas.left.hip_angle_deg": ["12.3"], "test.thomas.left.method": ["photo_corrected"]}
    assert forms.tests_from_form(posted) == {
        "thomas": {"left": {"hip_angle_deg": 12.3, "method": "photo_corrected"}}
    }
    posture = {
        "posture.trunk_lean_deg": ["3.5"],
        "posture.ear_shoulder_angle_deg": [""],
        "posture.method": ["photo"],
    }
    assert forms.posture_from_form(posture) == {"trunk_lean_deg": 3.5, "method": "photo"}
    assert forms.posture_from_form({"posture.method": ["photo"]}) == {}
    assert forms.intake_to_form({"posture": {"trunk_lean_deg": 3.5}})["posture.trunk_lean_deg"] == ["3.5"]
    with pytest.raises(InputError, match="posture.trunk_lean_deg"):
        forms.posture_from_form({"posture.trunk_lean_deg": ["lots"]})
