"""Server-rendered pages through the ASGI client: CSRF, the wizard with its stop page, results, diary."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from psoas.knowledge import vocab
from psoas.web import csrf

TOKEN_RE = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
DRAFT_RE = re.compile(r'name="draft" value="([^"]*)"')


def _token(client: Any, url: str = "/people") -> str:
    page = client.get(url)
    assert page.status_code == 200
    match = TOKEN_RE.search(page.text)
    assert match, f"no CSRF field on {url}"
    return match.group(1)


def _draft(html: str) -> dict[str, Any]:
    match = DRAFT_RE.search(html)
    assert match
    return json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"'))


def _no_flags() -> dict[str, str]:
    return {f"flag.{flag}": "no" for flag in vocab.RED_FLAGS}


@pytest.mark.parametrize(
    "url", ["/", "/people", "/intake", "/exercises", "/play/constructive_rest", "/play/bridge"]
)
def test_pages_render(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<main" in response.text


def test_first_visit_sets_an_httponly_strict_csrf_cookie(client: Any) -> None:
    response = client.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{csrf.COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_form_post_without_valid_token_is_refused(client: Any) -> None:
    client.get("/people")
    assert client.post("/people", data={"name": "Ana"}).status_code == 403
    assert client.post("/people", data={"name": "Ana", "csrf_token": "0" * 64}).status_code == 403
    assert client.get("/api/v1/people").json() == []


def test_token_from_another_cookie_is_refused(app: Any) -> None:
    secret = app.state.csrf_secret
    forged = csrf.sign(secret, "attacker-token")
    assert not csrf.is_valid(secret, "victim-token", forged)
    assert csrf.is_valid(secret, "victim-token", csrf.sign(secret, "victim-token"))
    assert not csrf.is_valid(secret, None, forged)


def test_add_person_by_form(client: Any) -> None:
    response = client.post(
        "/people", data={"name": "Ana", "csrf_token": _token(client)}, follow_redirects=False
    )
    assert response.status_code == 303
    person_page = client.get(response.headers["location"])
    assert "Ana" in person_page.text
    again = client.post("/people", data={"name": "Ana", "csrf_token": _token(client)})
    assert again.status_code == 422 and "already exists" in again.text


@pytest.mark.parametrize(
    ("flag", "words"),
    [("saddle_numbness", "Get medical help today"), ("weight_loss", "Please see a doctor first")],
)
def test_red_flag_yes_stops_at_the_stop_page(client: Any, flag: str, words: str) -> None:
    form = {"age": "45", **_no_flags(), f"flag.{flag}": "yes", "csrf_token": _token(client, "/intake")}
    response = client.post("/intake/flags", data=form)
    assert response.status_code == 200
    assert words in response.text
    assert 'id="stop"' in response.text
    assert "bodymap" not in response.text


def test_bad_age_names_the_field(client: Any) -> None:
    form = {"age": "300", **_no_flags(), "csrf_token": _token(client, "/intake")}
    response = client.post("/intake/flags", data=form)
    assert response.status_code == 422
    assert "person.age" in response.text


def _walk_wizard(client: Any, person_id: int | None) -> Any:
    token = _token(client, "/intake")
    extra = {"person_id": str(person_id)} if person_id else {}
    step = client.post(
        "/intake/flags", data={"age": "54", "sex": "male", **_no_flags(), "csrf_token": token, **extra}
    )
    assert step.status_code == 200 and 'class="region"' in step.text
    pain = {"pain.knee.left": "6", "pain.low_back.center": "3", "side.low_back": "left", "weeks": "30"}
    step = client.post(
        "/intake/map",
        data={
            **pain,
            "worse_with": ["stairs", "sitting"],
            "draft": json.dumps(_draft(step.text)),
            "csrf_token": token,
            **extra,
        },
    )
    assert step.status_code == 200 and "sitting_hours_per_day" in step.text
    step = client.post(
        "/intake/history",
        data={
            "sitting_hours_per_day": "8",
            "activities": "basketball, golf",
            "draft": json.dumps(_draft(step.text)),
            "csrf_token": token,
            **extra,
        },
    )
    assert step.status_code == 200 and "Thomas" in step.text
    draft = _draft(step.text)
    by_region = {entry["region"]: entry for entry in draft["pain"]}
    assert by_region["knee"] == {
        "region": "knee",
        "side": "left",
        "intensity": 6,
        "weeks": 30.0,
        "worse_with": ["stairs", "sitting"],
    }
    assert by_region["low_back"]["side"] == "left" and by_region["low_back"]["intensity"] == 3
    tests = {
        "test.thomas.left.hip_angle_deg": "10",
        "test.thomas.left.knee_angle_deg": "85",
        "test.thomas.right.result": "negative",
    }
    return client.post(
        "/intake/tests",
        data={**tests, "draft": json.dumps(draft), "csrf_token": token, **extra},
        follow_redirects=False,
    )


def test_wizard_without_person_shows_results(client: Any) -> None:
    finished = _walk_wizard(client, None)
    assert finished.status_code == 303 and finished.headers["location"].startswith("/intake/results?d=")
    response = client.get(finished.headers["location"])
    assert response.status_code == 200
    assert 'id="save"' in response.text  # results made without a person can be saved to one
    assert 'class="wheel"' in response.text
    assert 'class="wheel-region painful" data-region="knee"' in response.text
    assert 'class="wheel-region painful" data-region="low_back"' in response.text
    assert 'class="wheel-region" data-region="neck"' in response.text


def test_wizard_for_a_person_stores_and_redirects(client: Any) -> None:
    import psoas

    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    response = _walk_wizard(client, pid)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"/people/{pid}/assessments/")
    aid = int(location.rsplit("/", 1)[1])
    stored = client.get(f"/api/v1/people/{pid}/assessments/{aid}").json()
    assert stored["intake"]["tests"]["thomas"] == {
        "left": {"hip_angle_deg": 10.0, "knee_angle_deg": 85.0},
        "right": {"result": "negative"},
    }
    assert stored["result"]["causes"] == psoas.assess(stored["intake"]).to_dict()["causes"]
    page = client.get(location)
    assert page.status_code == 200
    top = stored["result"]["causes"][0]
    assert f'data-cause="{top["id"]}"' in page.text
    assert "The test that would settle the most" in page.text
    assert client.get(f"/people/{pid}/program").status_code == 200


def test_results_show_referral_banner_and_no_program(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Bo"}).json()["id"]
    intake = {"person": {"age": 70}, "pain": [{"region": "mid_back", "side": "center", "intensity": 6}]}
    saved = client.post(f"/api/v1/people/{pid}/assessments", json=intake).json()
    assert saved["result"]["referral"] is not None
    page = client.get(f"/people/{pid}/assessments/{saved['id']}").text
    assert saved["result"]["referral"]["urgency"] == "urgent"
    assert saved["result"]["program"] is None
    assert 'id="referral"' in page and "See a doctor within days." in page
    assert "No exercises until a clinician has looked" in page


def test_diary_logs_pain_practice_and_visit(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    token = _token(client, f"/people/{pid}/diary")
    pain = client.post(
        f"/people/{pid}/pain",
        data={
            "pain.groin.right": "4",
            "pain.neck.center": "2",
            "sensations": "tightness",
            "note": "after work",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert pain.status_code == 303
    practice = client.post(
        f"/people/{pid}/practice",
        data={"exercise": "constructive_rest", "minutes": "15.5", "holds": "", "csrf_token": token},
        follow_redirects=False,
    )
    assert practice.status_code == 303
    visit = client.post(
        f"/people/{pid}/visits",
        data={"kind": "massage", "notes": "psoas release", "csrf_token": token},
        follow_redirects=False,
    )
    assert visit.status_code == 303
    entries = client.get(f"/api/v1/people/{pid}/entries").json()
    pains = sorted(
        (e["region"], e["side"], e["intensity"], tuple(e["sensations"]))
        for e in entries
        if e["kind"] == "pain"
    )
    assert pains == [("groin", "right", 4, ("tightness",)), ("neck", "center", 2, ("tightness",))]
    assert [e["minutes"] for e in entries if e["kind"] == "practice"] == [15.5]
    diary = client.get(f"/people/{pid}/diary").text
    assert "right groin (front of hip): 4/10" in diary
    progress = client.get(f"/people/{pid}/progress").text
    assert 'data-region="groin" data-side="right"' in progress
    assert "practice-mark" in progress


def test_diary_rejects_empty_map_and_bad_exercise(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    token = _token(client, f"/people/{pid}/diary")
    empty = client.post(f"/people/{pid}/pain", data={"csrf_token": token})
    assert empty.status_code == 422 and "pain" in empty.text
    bad = client.post(f"/people/{pid}/practice", data={"exercise": "handstand", "csrf_token": token})
    assert bad.status_code == 422 and "exercise" in bad.text


def test_unknown_person_page_is_404(client: Any) -> None:
    assert client.get("/people/42/diary").status_code == 404
    assert client.get("/intake?person=42").status_code == 404


def test_dose_in_words() -> None:
    from psoas.present.words import dose_words

    assert dose_words({"hold_s": 30.0, "reps": 2, "days_per_week": 7}) == [
        "hold 30 s",
        "2 reps",
        "7 days a week",
    ]
    assert dose_words({"duration_min": 15.0, "visit_every_weeks": 6}) == ["15 min", "every 6 weeks"]


def test_security_headers_on_pages_and_api(client: Any) -> None:
    for url in ("/", "/api/v1/people", "/static/app.css"):
        headers = client.get(url).headers
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"]  # default-src 'self' covers scripts
        assert headers["x-content-type-options"] == "nosniff"


def test_no_template_or_script_loads_anything_from_elsewhere() -> None:
    from pathlib import Path

    import psoas.web

    folder = Path(psoas.web.__path__[0])
    for path in [*folder.glob("templates/*.html"), *folder.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path.name
        assert "@import" not in text and "url(http" not in text, path.name


def test_json_api_refuses_cross_site_content_types(client: Any) -> None:
    for content_type in (
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
    ):
        response = client.post(
            "/api/v1/people", content='{"name": "Mallory"}', headers={"content-type": content_type}
        )
        assert response.status_code == 422, content_type
    assert client.get("/api/v1/people").json() == []


def test_reminders_and_calendar(client: Any) -> None:
    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    client.post(f"/api/v1/people/{pid}/visits", json={"kind": "massage"})
    reminders = client.get(f"/api/v1/people/{pid}/reminders").json()
    assert reminders and all("next" in r for r in reminders)
    ics = client.get(f"/people/{pid}/calendar.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.startswith("BEGIN:VCALENDAR")
    page = client.get(f"/people/{pid}").text
    assert f"/people/{pid}/calendar.ics" in page


def test_new_assessment_starts_from_the_persons_last_answers(client: Any) -> None:
    from tests.web.conftest import KNEE_INTAKE

    pid = client.post("/api/v1/people", json={"name": "Ana"}).json()["id"]
    assert (
        'name="age" type="number" min="8" max="110" required value=""'
        in client.get(f"/intake?person={pid}").text
    )
    client.post(f"/api/v1/people/{pid}/assessments", json=KNEE_INTAKE)
    page = client.get(f"/intake?person={pid}").text
    assert 'required value="54"' in page
    assert '<option value="male" selected>' in page
    assert 'value="183"' in page


def test_dose_words_use_the_singular_for_one() -> None:
    from psoas.present.words import dose_words

    assert dose_words({"hold_s": 30.0, "reps": 2, "sets": 1}) == ["hold 30 s", "2 reps", "1 set"]
    assert dose_words({"reps": 1, "sets": 3}) == ["1 rep", "3 sets"]
