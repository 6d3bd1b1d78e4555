"""Trial and correction pages through the ASGI client: forms, friendly errors, nothing changed."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.trial.conftest import EXAMPLE

TOKEN_RE = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def _token(client: Any, url: str) -> str:
    match = TOKEN_RE.search(client.get(url).text)
    assert match, url
    return match.group(1)


def _assessed(client: Any) -> int:
    pid = int(client.post("/api/v1/people", json={"name": "Sam"}).json()["id"])
    client.post(f"/api/v1/people/{pid}/assessments", json=json.loads(EXAMPLE.read_text()))
    return pid


def test_results_and_person_pages_lead_to_the_trial(client: Any) -> None:
    pid = _assessed(client)
    assessment = client.get(f"/api/v1/people/{pid}/assessments").json()[0]["id"]
    assert (
        f'href="/people/{pid}/trial" id="plan-trial"'
        in client.get(f"/people/{pid}/assessments/{assessment}").text
    )
    assert "Plan the trial" in client.get(f"/people/{pid}").text


def test_a_bad_plan_form_shows_a_friendly_message_and_stores_nothing(client: Any) -> None:
    pid = _assessed(client)
    token = _token(client, f"/people/{pid}/trial")
    r = client.post(f"/people/{pid}/trial", data={"design": "ab", "baseline_days": "0", "csrf_token": token})
    assert r.status_code == 422
    assert "baseline_days: 0 is out of range (allowed: 1-120)" in r.text and "Traceback" not in r.text
    assert client.get(f"/api/v1/people/{pid}/trial").json() is None
    r = client.post(f"/people/{pid}/trial", data={"design": "reversal", "csrf_token": token})
    assert r.status_code == 200 and "Your trial" in r.text  # followed the redirect
    assert r.text.count('data-kind="release"') == 3


def test_diary_entries_can_be_back_dated_edited_and_deleted(client: Any) -> None:
    pid = _assessed(client)
    token = _token(client, f"/people/{pid}/diary")
    data = {"pain.knee.left": "6", "at": "2026-11-02T08:00", "csrf_token": token}
    assert client.post(f"/people/{pid}/pain", data=data).status_code == 200
    [entry] = [e for e in client.get(f"/api/v1/people/{pid}/entries").json() if e["kind"] == "pain"]
    assert entry["at"].startswith("2026-11-0")
    diary = client.get(f"/people/{pid}/diary").text
    assert f'href="/people/{pid}/entries/pain/{entry["id"]}"' in diary
    form = client.get(f"/people/{pid}/entries/pain/{entry['id']}").text
    assert 'name="intensity"' in form and 'value="6"' in form
    data = {"at": "2026-11-03T08:00", "intensity": "4", "note": "fixed", "csrf_token": token}
    r = client.post(f"/people/{pid}/entries/pain/{entry['id']}", data=data)
    assert r.status_code == 200 and "Saved (edit)" in r.text
    assert client.get(f"/api/v1/people/{pid}/entries/pain/{entry['id']}").json()["intensity"] == 4
    r = client.post(f"/people/{pid}/entries/pain/{entry['id']}/delete", data={"csrf_token": token})
    assert r.status_code == 200 and "Saved (delete)" in r.text
    r = client.get(f"/people/{pid}/entries/pain/{entry['id']}")
    assert r.status_code == 404 and f"no pain entry {entry['id']} for this person" in r.text
    assert len(client.get(f"/api/v1/people/{pid}/edits").json()) == 2


def test_the_trial_page_logs_and_retests(client: Any) -> None:
    pid = _assessed(client)
    token = _token(client, f"/people/{pid}/trial")
    client.post(f"/people/{pid}/trial", data={"design": "ab", "csrf_token": token})
    page = client.get(f"/people/{pid}/trial").text
    assert "At 08:00: rate your pain (left knee)." in page
    r = client.post(f"/people/{pid}/trial/log", data={"pain-knee-left": "5", "csrf_token": token})
    assert r.status_code == 200 and "1 of" in r.text
    r = client.post(f"/people/{pid}/trial/log", data={"pain-knee-left": "", "csrf_token": token})
    assert r.status_code == 422 and "rate at least one region" in r.text
    r = client.post(f"/people/{pid}/trial/retest", data={"hip_angle_deg": "99", "csrf_token": token})
    assert r.status_code == 422 and "hip_angle_deg: 99 is out of range" in r.text
    r = client.post(
        f"/people/{pid}/trial/retest", data={"hip_angle_deg": "0", "method": "photo", "csrf_token": token}
    )
    assert r.status_code == 200 and "0° (" in r.text
    report = client.get(f"/people/{pid}/trial/report").text
    assert "Trial report" in report and "svg" in report
    ics = client.get(f"/people/{pid}/trial/calendar.ics")
    assert ics.status_code == 200 and "BEGIN:VCALENDAR" in ics.text
