"""``POST /api/v1/measure`` (multipart) and the ``/photo`` page, through the ASGI app."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.photo import badphotos, render


@pytest.fixture(scope="module")
def thomas_png() -> bytes:
    return render.render(render.thomas(10, 85))


def _post(client: Any, photo: bytes, **data: str) -> Any:
    return client.post("/api/v1/measure", files={"photo": ("p.png", photo, "image/png")}, data=data)


def test_measure_thomas_with_image_and_overlay(client: Any, thomas_png: bytes) -> None:
    r = _post(client, thomas_png, view="thomas", side="right", image="1", overlay="svg")
    assert r.status_code == 200
    out = r.json()
    assert out["side"] == "right" and out["method"] == "photo"
    assert out["values"]["hip_angle_deg"] == pytest.approx(10, abs=5)
    assert out["image_data_url"].startswith("data:image/jpeg;base64,")
    assert out["overlay_svg"].startswith("<svg")
    assert "hip_angle_deg" in out["intake"]["tests"]["thomas"]["right"]


def test_corrections_field_marks_the_reading_corrected(client: Any, thomas_png: bytes) -> None:
    first = _post(client, thomas_png, view="thomas").json()
    leg = first["landmark_side"]
    hip = first["landmarks"][f"{leg}_hip"]
    knee = first["landmarks"][f"{leg}_knee"]
    fix = json.dumps({"landmarks": {f"{leg}_knee": [knee["x"], hip["y"]]}})
    out = _post(client, thomas_png, view="thomas", landmarks=fix).json()
    assert out["method"] == "photo_corrected"
    assert out["values"]["hip_angle_deg"] == pytest.approx(0, abs=0.05)


def test_exif_is_stripped_from_the_returned_image(client: Any, thomas_png: bytes) -> None:
    import base64
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(thomas_png)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS IFD: latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    assert b"SecretCam" in out.getvalue()
    answer = _post(client, out.getvalue(), view="thomas", image="1").json()
    cleaned = base64.b64decode(answer["image_data_url"].split(",", 1)[1])
    assert b"SecretCam" not in cleaned and b"Exif" not in cleaned
    assert not Image.open(io.BytesIO(cleaned)).getexif()


@pytest.mark.parametrize("case", sorted(badphotos.CASES))
def test_bad_photos_answer_422_naming_the_field(client: Any, case: str) -> None:
    make, message = badphotos.CASES[case]
    r = _post(client, make(), view="side")
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["field"] == "photo" and message in detail["msg"]


def test_bad_fields_answer_422(client: Any, thomas_png: bytes) -> None:
    assert _post(client, thomas_png, view="upside").json()["detail"][0]["field"] == "view"
    assert _post(client, thomas_png, view="thomas", side="middle").json()["detail"][0]["field"] == "side"
    r = _post(client, thomas_png, view="thomas", landmarks="{not json")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "landmarks"
    r = client.post("/api/v1/measure", json={"view": "thomas"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "photo"
    r = client.post("/api/v1/measure", data={"view": "thomas"}, files={"other": ("x", b"x")})
    assert r.status_code == 422 and "no photo" in r.json()["detail"][0]["msg"]


def test_photo_page_and_wizard_offer_the_camera(client: Any) -> None:
    page = client.get("/photo?view=side")
    assert page.status_code == 200
    assert 'accept="image/*" capture="environment"' in page.text
    assert "guide-picture" in page.text and "/static/photo.js" in page.text
    assert client.get("/photo?view=upside").status_code == 422
    assert client.get("/static/photo-angles.js").status_code == 200


def test_measure_is_documented_in_openapi(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/measure"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert {"photo", "view"} <= set(body["schema"]["required"])
