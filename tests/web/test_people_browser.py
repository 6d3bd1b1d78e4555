"""In Chromium: times in the reader's time zone, the site header on a phone, and the player's buttons
and sides (the programme's side only; Pause while running, Resume when paused; saved without typing)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from tests.web.conftest import KNEE_INTAKE, screenshot

pytestmark = [pytest.mark.browser]


def _person_with_assessment(page: Any, base: str, name: str) -> int:
    pid = int(page.request.post(f"{base}/api/v1/people", data={"name": name}).json()["id"])
    saved = page.request.post(f"{base}/api/v1/people/{pid}/assessments", data=KNEE_INTAKE)
    assert saved.status == 201
    return pid


def test_times_are_shown_in_the_browsers_time_zone(browser: Any, live_server: str) -> None:
    context = browser.new_context(
        timezone_id="Asia/Tokyo", locale="en-GB", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        pid = _person_with_assessment(page, live_server, "Kenji")
        page.goto(f"{live_server}/people/{pid}")
        stamp = page.locator("ul.assessments time").first
        utc = dt.datetime.fromisoformat(stamp.get_attribute("datetime").replace("Z", "+00:00"))
        tokyo = utc.astimezone(dt.timezone(dt.timedelta(hours=9)))
        shown = stamp.inner_text()
        assert "UTC" not in shown and f"{tokyo:%H:%M}" in shown and str(tokyo.day) in shown
        assert stamp.get_attribute("title").endswith(" UTC")  # the server's words stay at hand
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_the_header_has_no_overlap(browser: Any, live_server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        pid = int(
            page.request.post(f"{live_server}/api/v1/people", data={"name": f"Wide {width}"}).json()["id"]
        )
        page.goto(f"{live_server}/people/{pid}")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.site-top .brand, .site-top .main-nav a')]
                 .filter(e => e.offsetParent).map(e => {
                   const r = document.createRange(); r.selectNodeContents(e);
                   const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();
                   return {text: e.textContent.trim(), left: t.left, right: t.right, top: b.top, bottom: b.bottom};
                 })"""
        )
        assert [b["text"] for b in boxes][:5] == ["psoas", "Assess", "People", "Exercises", "Claims"]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                same_row = a["top"] < b["bottom"] and b["top"] < a["bottom"]
                assert not (same_row and a["left"] < b["right"] and b["left"] < a["right"]), (width, a, b)
        assert all(b["right"] <= width for b in boxes)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width < 400:
            assert page.evaluate("document.querySelector('.site-top').offsetHeight") < 60  # one compact row
        screenshot(page, f"header-{width}")
    finally:
        context.close()


def test_the_player_runs_the_programmes_side_and_its_buttons_say_what_they_do(
    page: Any, live_server: str
) -> None:
    pid = _person_with_assessment(page, live_server, "Player")
    items = page.request.get(f"{live_server}/api/v1/people/{pid}/program").json()["program"]["items"]
    library = {e["id"]: e for e in page.request.get(f"{live_server}/api/v1/exercises").json()}
    item = next(
        i for i in items if library[i["exercise"]].get("sided") and len(set(i["sides"]) - {"center"}) == 1
    )
    side = next(s for s in item["sides"] if s != "center")
    other = "Right" if side == "left" else "Left"
    page.clock.install()
    page.goto(f"{live_server}/play/{item['exercise']}?person={pid}")
    start, pause = page.locator("#start"), page.locator("#pause")
    assert start.inner_text() == "Start"
    start.click()
    assert start.is_hidden() and pause.is_visible() and pause.inner_text() == "Pause"
    assert page.locator("#phase").inner_text().startswith(f"{side.capitalize()} side")
    pause.click()
    assert start.is_visible() and start.inner_text() == "Resume" and pause.is_hidden()
    start.click()
    assert start.is_hidden() and pause.is_visible()
    dose = item["dose"]
    holds = int(dose.get("sets") or 1) * int(dose.get("reps") or 1)
    one_side_s = 5 + holds * float(dose.get("hold_s") or 5) + (holds - 1) * float(dose.get("rest_s") or 0)
    page.clock.run_for(int(one_side_s * 1000) + 500)
    assert not re.match(other, page.locator("#phase").inner_text())
    assert page.locator("#done").is_visible() and page.locator("#felt").input_value() == ""
    page.clock.run_for(9000)  # saved on its own; "how did it feel" was never asked for
    page.wait_for_url(re.compile(r"logged=practice"))
    practice = [
        e
        for e in page.request.get(f"{live_server}/api/v1/people/{pid}/entries").json()
        if e["kind"] == "practice"
    ]
    assert len(practice) == 1 and practice[0]["exercise_id"] == item["exercise"]
