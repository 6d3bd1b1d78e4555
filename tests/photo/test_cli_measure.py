"""``psoas measure``: a rendered Thomas photo end to end, corrections, overlays, and bad input (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.photo import badphotos, render

from psoas.cli import main


@pytest.fixture(scope="module")
def thomas_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "thomas.png"
    path.write_bytes(render.render(render.thomas(15, 80)))
    return path


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_thomas_photo_json_and_intake(thomas_png: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(
        capsys, ["measure", str(thomas_png), "--view", "thomas", "--side", "left", "--format", "json"]
    )
    assert out["view"] == "thomas" and out["side"] == "left" and out["side_from"] == "given"
    assert out["method"] == "photo"
    assert out["values"]["hip_angle_deg"] == pytest.approx(15, abs=5)
    assert out["values"]["knee_angle_deg"] == pytest.approx(80, abs=8)
    assert {c["id"]: c["ok"] for c in out["checks"]} == {
        "other_knee_hugged": True,
        "level": True,
        "thigh_length": True,
    }
    left = out["intake"]["tests"]["thomas"]["left"]
    assert left["hip_angle_deg"] == pytest.approx(out["values"]["hip_angle_deg"], abs=0.05)


def test_corrections_file_moves_a_landmark_and_marks_the_method(
    thomas_png: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _json(capsys, ["measure", str(thomas_png), "--view", "thomas", "--format", "json"])
    leg = first["landmark_side"]
    hip = first["landmarks"][f"{leg}_hip"]
    knee = first["landmarks"][f"{leg}_knee"]
    # put the knee level with the hip: the thigh angle must read 0 and the method photo_corrected
    fixes = {"landmarks": {f"{leg}_knee": [knee["x"], hip["y"]]}}
    path = tmp_path / "fix.json"
    path.write_text(json.dumps(fixes))
    out = _json(
        capsys, ["measure", str(thomas_png), "--view", "thomas", "--landmarks", str(path), "--format", "json"]
    )
    assert out["values"]["hip_angle_deg"] == pytest.approx(0.0, abs=0.05)
    assert out["method"] == "photo_corrected"
    assert out["landmarks"][f"{leg}_knee"]["corrected"] is True
    assert out["landmarks"][f"{leg}_hip"]["corrected"] is False


def test_text_output_and_overlays(
    thomas_png: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    svg, png = tmp_path / "o.svg", tmp_path / "o.png"
    assert main(["measure", str(thomas_png), "--view", "thomas", "--overlay", str(svg)]) == 0
    text = capsys.readouterr().out
    assert "hip_angle_deg" in text and "check ok" in text
    assert svg.read_text().startswith("<svg") and "data:image/jpeg;base64," in svg.read_text()
    assert main(["measure", str(thomas_png), "--view", "thomas", "--overlay", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_wrong_view_is_cannot_measure_not_a_guess(
    thomas_png: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _json(capsys, ["measure", str(thomas_png), "--view", "side", "--format", "json"])
    assert all(v is None for v in out["values"].values())
    assert "standing" in out["missing"]["trunk_lean_deg"]
    assert out["intake"] == {}


@pytest.mark.parametrize("case", sorted(badphotos.CASES))
def test_bad_photos_exit_2_with_one_clear_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = badphotos.CASES[case]
    path = tmp_path / "photo.jpg"
    path.write_bytes(make())
    assert main(["measure", str(path), "--view", "side"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("psoas: error: photo: ") and message in err[0]
    assert "Traceback" not in err[0]


def test_bad_options_exit_2(thomas_png: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["measure", str(thomas_png), "--view", "back"]) == 2
    fix = tmp_path / "fix.json"
    fix.write_text(json.dumps({"landmarks": {"left_elbow": [1, 2]}}))
    assert main(["measure", str(thomas_png), "--view", "thomas", "--landmarks", str(fix)]) == 2
    assert "landmarks.left_elbow: unknown landmark" in capsys.readouterr().err
    fix.write_text(json.dumps({"landmarks": {"left_knee": [99999, 2]}}))
    assert main(["measure", str(thomas_png), "--view", "thomas", "--landmarks", str(fix)]) == 2
    assert "outside the image" in capsys.readouterr().err
    assert main(["measure", str(thomas_png), "--view", "thomas", "--overlay", str(tmp_path / "o.gif")]) == 2
    assert "--overlay" in capsys.readouterr().err


def test_a_cut_short_photo_is_refused_even_after_weasyprint_is_imported() -> None:
    """WeasyPrint tells Pillow to accept truncated images process-wide; the web app imports both."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    from psoas.errors import InputError
    from psoas.photo.image import decode

    assert ImageFile.LOAD_TRUNCATED_IMAGES  # the global the photo decoder must not rely on
    with pytest.raises(InputError, match="damaged or cut short"):
        decode(badphotos.truncated_jpeg())
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it
