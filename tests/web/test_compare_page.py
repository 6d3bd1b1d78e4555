"""The web face of compare: a person's two stored assessments, angles against their MDC95."""

from __future__ import annotations

from typing import Any


def _intake(hip: float) -> dict[str, Any]:
    return {
        "person": {"age": 40, "sex": "female"},
        "pain": [{"region": "groin", "side": "left", "intensity": 4}],
        "tests": {"thomas": {"left": {"hip_angle_deg": hip, "method": "photo_corrected"}}},
    }


def test_compare_page_shows_angles_against_the_mdc(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    assert "Compare needs two assessments" in client.get(f"/people/{pid}/compare").text
    first = client.post(f"/api/v1/people/{pid}/assessments", json=_intake(12)).json()["id"]
    second = client.post(f"/api/v1/people/{pid}/assessments", json=_intake(4)).json()["id"]
    page = client.get(f"/people/{pid}/compare")
    assert page.status_code == 200
    assert "12° → 4°" in page.text and "Beyond measurement error" in page.text and "2.8°" in page.text
    assert "Compare before and after" in client.get(f"/people/{pid}").text
    swapped = client.get(f"/people/{pid}/compare?before={second}&after={first}")
    assert "4° → 12°" in swapped.text and "away from normal" in swapped.text
    missing = client.get(f"/people/{pid}/compare?before=999")
    assert missing.status_code == 422 and "before" in missing.text
