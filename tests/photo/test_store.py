"""Kept photos: only on request, listed without pixels, compared before/after with the MDC, deletable,
left out of the journal export."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.photo import render


@pytest.fixture(scope="module")
def photos() -> tuple[bytes, bytes]:
    return render.render(render.thomas(20, 80)), render.render(render.thomas(0, 80))


def _keep(client: Any, pid: int, photo: bytes, **data: str) -> Any:
    return client.post(
        f"/api/v1/people/{pid}/photos", files={"photo": ("p.png", photo, "image/png")}, data=data
    )


def test_keep_compare_delete(client: Any, photos: tuple[bytes, bytes]) -> None:
    pid = client.post("/api/v1/people", json={"name": "Retest"}).json()["id"]
    assert client.get(f"/api/v1/people/{pid}/photos").json() == []
    client.post(
        "/api/v1/measure", files={"photo": ("p.png", photos[0], "image/png")}, data={"view": "thomas"}
    )
    assert client.get(f"/api/v1/people/{pid}/photos").json() == []  # measuring keeps nothing
    before = _keep(client, pid, photos[0], view="thomas", side="left")
    assert before.status_code == 201
    first = client.get(f"/api/v1/people/{pid}/photos").json()[0]
    leg = "left" if "left" in json.dumps(first) else "right"
    after = _keep(client, pid, photos[1], view="thomas", side="left")
    assert after.status_code == 201 and after.json()["method"] == "photo"
    rows = client.get(f"/api/v1/people/{pid}/photos").json()
    assert [r["id"] for r in rows] == [before.json()["id"], after.json()["id"]] and leg
    assert all("jpeg" not in r and "reading" not in r for r in rows)

    page = client.get(f"/people/{pid}/photos")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "before and after" in page.text and page.text.count("<svg") >= 4
    assert "more than the 13.9°" in page.text  # 20° → 0° uncorrected beats 1.96·√(5²+5²)

    from psoas.photo import store

    comparison = store.compare(store.listing(client.app.state.services.journal, pid))[0]
    change = next(c for c in comparison["changes"] if c["name"] == "hip_angle_deg")
    assert change["change"] == pytest.approx(-20, abs=6) and change["beyond_mdc"]
    assert comparison["mdc_deg"] == pytest.approx(13.86, abs=0.01)

    export = client.app.state.services.journal.export_data()
    assert not {"photo", "photos"} & set(export) and "jpeg" not in json.dumps(export)

    assert client.delete(f"/api/v1/people/{pid}/photos/{before.json()['id']}").status_code == 204
    assert len(client.get(f"/api/v1/people/{pid}/photos").json()) == 1
    assert client.delete(f"/api/v1/people/{pid}/photos/{before.json()['id']}").status_code == 404
    assert _keep(client, 9999, photos[0], view="thomas").status_code == 404


def test_bad_photo_is_not_kept(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Bad"}).json()["id"]
    r = _keep(client, pid, b"not an image", view="thomas")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "photo"
    assert client.get(f"/api/v1/people/{pid}/photos").json() == []


@pytest.mark.postgres
def test_keep_and_compare_on_postgresql(photos: tuple[bytes, bytes], pg_client: Any) -> None:
    """The same on PostgreSQL (BYTEA pixels, JSON readings); runs under scripts/with-postgres.sh."""
    pid = pg_client.post("/api/v1/people", json={"name": "Pg"}).json()["id"]
    for photo in photos:
        assert _keep(pg_client, pid, photo, view="thomas", side="right").status_code == 201
    page = pg_client.get(f"/people/{pid}/photos")
    assert page.status_code == 200 and "before and after" in page.text
    photo_id = pg_client.get(f"/api/v1/people/{pid}/photos").json()[0]["id"]
    assert pg_client.delete(f"/api/v1/people/{pid}/photos/{photo_id}").status_code == 204
