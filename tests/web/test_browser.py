"""The whole journey in Debian's Chromium (Playwright), and the body map with the keyboard only.

Screenshots land in test-artifacts/. The player's timer runs on Playwright's fake clock, so a
15-minute constructive rest finishes in moments without changing the page's code.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from tests.web.conftest import screenshot, to_body_map

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _pressed(page: Any, region: str, side: str) -> list[str]:
    selector = f'.region[data-region="{region}"][data-side="{side}"]'
    return [
        page.locator(selector).nth(i).get_attribute("aria-pressed")
        for i in range(page.locator(selector).count())
    ]


def _draft_of(page: Any) -> dict[str, Any]:
    value = page.locator('input[name="draft"]').get_attribute("value")
    return json.loads(html.unescape(value))


def _add_person(page: Any, base: str, name: str) -> str:
    page.goto(base + "/people")
    page.fill("#name", name)
    page.click("form[method=post][action='/people'] button[type=submit]")  # not the search form
    page.wait_for_url(re.compile(r"/people/\d+$"))
    return page.url.rsplit("/", 1)[1]


def test_whole_journey(page: Any, live_server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    pid = _add_person(page, live_server, "Journey")
    page.click("text=New assessment")

    # 1. warning signs first
    page.fill("#age", "54")
    page.select_option("#sex", "male")
    page.click("#all-no")
    assert page.locator('input[name="flag.saddle_numbness"][value="no"]').is_checked()
    screenshot(page, "journey-1-red-flags")
    to_body_map(page)

    # 2. body map clicks: left knee on the front view, low back on the back view
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.locator('svg[data-view="back"] .region[data-region="low_back"]').click()
    page.locator('svg[data-view="front"] .region[data-region="groin"][data-side="left"]').click()
    page.locator(
        'svg[data-view="front"] .region[data-region="groin"][data-side="left"]'
    ).click()  # and off again
    assert _pressed(page, "knee", "left") == ["true", "true"]  # both views follow one choice
    assert _pressed(page, "groin", "left") == ["false"]
    page.locator('input[name="pain.knee.left"]').fill("7")
    assert page.locator('output[for="int-knee-left"]').inner_text() == "7"
    page.check('input[name="worse_with"][value="stairs"]')
    screenshot(page, "journey-2-body-map")
    page.click("text=Next: history")

    # 3. history and 4. self-tests
    page.fill("#sitting_hours_per_day", "8")
    page.fill("#activities", "basketball, golf")
    page.click("text=Next: self-tests")
    pain = {(p["region"], p["side"]): p["intensity"] for p in _draft_of(page)["pain"]}
    assert pain == {("knee", "left"): 7, ("low_back", "center"): 5}
    assert page.locator("#test-thomas figure svg").count() == 2  # start and end positions
    screenshot(page, "journey-3a-self-tests")
    page.fill("#t-thomas-left-hip_angle_deg", "10")
    page.fill("#t-thomas-left-knee_angle_deg", "85")
    page.click("text=See the results")

    # results with the wheel
    page.wait_for_url(re.compile(rf"/people/{pid}/assessments/\d+$"))
    wheel = page.locator("svg.wheel")
    assert wheel.is_visible()
    assert wheel.locator('.wheel-region.painful[data-region="knee"]').count() == 1
    assert wheel.locator('.wheel-region.painful[data-region="low_back"]').count() == 1
    assert wheel.locator("polyline.chain").count() >= 1
    dashed = wheel.locator("line.spoke.ev-unsupported").first.evaluate(
        "el => getComputedStyle(el).strokeDasharray"
    )
    solid = wheel.locator("line.spoke.ev-biomechanical").first.evaluate(
        "el => getComputedStyle(el).strokeDasharray"
    )
    assert dashed not in ("none", "") and solid in ("none", "")
    assert page.locator(".cause").count() >= 3
    screenshot(page, "journey-3-results")

    # program, then the constructive-rest timer on a fake clock; finishing logs practice
    page.click("text=Open the program")
    assert page.locator("article.exercise").count() >= 1
    assert page.locator("article.exercise figure svg").count() == 2 * page.locator("article.exercise").count()
    screenshot(page, "journey-3b-program")
    page.clock.install()
    page.goto(f"{live_server}/play/constructive_rest?person={pid}")
    assert page.locator("#rest-minutes").input_value() in {str(m) for m in range(15, 21)}
    page.click("#start")
    page.clock.run_for(5000)
    assert page.locator("#clock").inner_text().startswith("14:")
    assert page.locator("#cue").inner_text() != ""
    screenshot(page, "journey-4-timer")
    page.clock.run_for(15 * 60 * 1000)
    page.wait_for_url(re.compile(rf"/people/{pid}/diary\?logged=practice"))
    assert "constructive rest" in page.locator(".entries").inner_text()

    # log pain on the diary's body map
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.locator('input[name="pain.knee.left"]').fill("3")
    page.click("text=Log pain")
    page.wait_for_url(re.compile(r"logged=pain"))
    assert "left knee: 3/10" in page.locator(".entries").inner_text()
    screenshot(page, "journey-4b-diary")

    # and see it on the chart
    page.goto(f"{live_server}/people/{pid}/progress")
    series = page.locator('svg.chart .series[data-region="knee"][data-side="left"]')
    assert series.locator("circle").count() >= 1
    assert page.locator("svg.chart .practice-mark").count() >= 1
    screenshot(page, "journey-5-progress")
    assert errors == []


def _tab_to(page: Any, label: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")
            == label
        ):
            return
    raise AssertionError(f"could not reach {label!r} with Tab")


def _focused_label(page: Any) -> str | None:
    return page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")


def _walk_to(page: Any, label: str) -> None:
    """Tab into the body-map view the label names, then walk with the arrow keys (head to feet)."""
    view = label.rsplit("(", 1)[1].rstrip(")")
    for _ in range(60):
        current = _focused_label(page) or ""
        if current.endswith(f"({view})"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Home")
    for _ in range(40):
        if _focused_label(page) == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach {label!r} with the arrow keys")


def test_body_map_with_keyboard_only(page: Any, live_server: str) -> None:
    page.goto(live_server + "/intake")
    page.fill("#age", "40")
    page.click("#all-no")
    to_body_map(page)
    page.locator("h1").click()  # start the keyboard walk from the top of the page

    _walk_to(page, "left knee (front)")
    page.keyboard.press("Enter")
    _walk_to(page, "right groin (front of hip) (front)")
    page.keyboard.press("Space")
    _walk_to(page, "low back (back)")
    page.keyboard.press("Enter")
    assert _pressed(page, "knee", "left") == ["true", "true"]
    assert _pressed(page, "groin", "right") == ["true"]

    _tab_to(page, "How much it hurts: left knee (0 none, 10 worst)")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _tab_to(page, "How much it hurts: right groin (front of hip) (0 none, 10 worst)")
    page.keyboard.press("ArrowLeft")
    _tab_to(page, "Remove low back")
    page.keyboard.press("Enter")
    assert _pressed(page, "low_back", "center") == ["false"]
    screenshot(page, "keyboard-body-map")

    page.locator("button.primary[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#sitting_hours_per_day")
    pain = {(p["region"], p["side"]): p["intensity"] for p in _draft_of(page)["pain"]}
    assert pain == {("knee", "left"): 7, ("groin", "right"): 4}


def test_back_keeps_the_body_map_and_a_failed_step_keeps_it_too(page: Any, live_server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/intake")
    page.fill("#age", "47")
    page.click("#all-no")
    to_body_map(page)
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.locator('svg[data-view="back"] .region[data-region="low_back"]').click()
    page.locator('input[name="pain.knee.left"]').fill("8")
    page.locator('input[name="pain.low_back.center"]').fill("2")
    page.select_option('select[name="side.low_back"]', "right")
    page.check('input[name="worse_with"][value="stairs"]')
    page.click("text=Next: history")

    # step 3, then Back: the same regions, sliders, side and details, and the map still works
    page.fill("#sitting_hours_per_day", "6")
    page.click("text=Back: where it hurts")
    page.wait_for_selector("#map-form")
    assert page.locator('input[name="pain.knee.left"]').input_value() == "8"
    assert page.locator('output[for="int-knee-left"]').inner_text() == "8"
    assert page.locator('input[name="pain.low_back.center"]').input_value() == "2"
    assert page.locator('select[name="side.low_back"]').input_value() == "right"
    assert page.locator('input[name="worse_with"][value="stairs"]').is_checked()
    assert _pressed(page, "knee", "left") == ["true", "true"]
    assert page.locator('.region.selected[data-region="low_back"]').count() == 1
    assert page.locator("[data-empty]").is_hidden()
    screenshot(page, "wizard-back-to-body-map")
    page.locator('input[name="pain.knee.left"]').fill("6")  # the restored slider is live
    assert page.locator('output[for="int-knee-left"]').inner_text() == "6"
    page.click('button[aria-label="Remove low back"]')
    assert _pressed(page, "low_back", "center") == ["false"]
    page.locator('svg[data-view="front"] .region[data-region="groin"][data-side="right"]').click()

    # a step that fails its checks keeps every choice and names the field
    page.fill("#weeks", "-4")
    page.locator("#weeks").evaluate("el => el.removeAttribute('min')")  # let the server judge it
    page.click("text=Next: history")
    alert = page.locator("#form-error")
    assert "weeks" in alert.inner_text()
    assert page.locator('input[name="pain.knee.left"]').input_value() == "6"
    assert page.locator('input[name="pain.groin.right"]').input_value() == "5"
    assert page.locator('input[name="pain.low_back.center"]').count() == 0
    assert _pressed(page, "groin", "right") == ["true"]
    screenshot(page, "wizard-map-error")
    page.fill("#weeks", "4")
    page.click("text=Next: history")
    assert page.locator("#sitting_hours_per_day").input_value() == "6"
    pain = {(p["region"], p["side"]): p["intensity"] for p in _draft_of(page)["pain"]}
    assert pain == {("knee", "left"): 6, ("groin", "right"): 5}
    assert errors == []


def test_red_flag_stop_page_in_the_browser(page: Any, live_server: str) -> None:
    page.goto(live_server + "/intake")
    page.fill("#age", "60")
    page.check('input[name="flag.chest_symptoms"][value="yes"]')
    page.click("text=Next: where it hurts")
    banner = page.locator("#stop")
    assert banner.is_visible()
    assert "emergency" in banner.get_attribute("class")
    assert page.locator(".bodymap").count() == 0
    screenshot(page, "stop-page")


def test_hold_timer_counts_holds_and_logs_them(page: Any, live_server: str) -> None:
    pid = _add_person(page, live_server, "Holder")
    exercise = page.request.get(f"{live_server}/api/v1/exercises/bridge").json()
    dose = exercise["dose"]
    page.clock.install()
    page.goto(f"{live_server}/play/bridge?person={pid}")
    page.click("#start")
    page.clock.run_for(5500)  # the 5 s to get into position
    assert page.locator("#phase").inner_text().endswith(f"rep 1 of {dose['reps']}: hold")
    page.click("#pause")
    page.clock.run_for(60_000)
    assert page.locator("#phase").inner_text().startswith("Paused")
    page.click("#start")
    per_set = dose["reps"] * dose["hold_s"] + (dose["reps"] - 1) * dose.get("rest_s", 0)
    total_ms = int(1000 * (dose.get("sets", 1) * per_set + 5)) + 2000
    page.clock.run_for(total_ms)
    page.wait_for_url(re.compile(r"logged=practice"))
    entries = page.request.get(f"{live_server}/api/v1/people/{pid}/entries").json()
    practice = [e for e in entries if e["kind"] == "practice"]
    assert len(practice) == 1
    assert practice[0]["exercise_id"] == "bridge"
    assert practice[0]["reps"] == dose["reps"] * dose.get("sets", 1)
    active_min = practice[0]["minutes"]
    assert active_min == pytest.approx(total_ms / 60000 - 2000 / 60000, abs=0.1)  # the pause is not counted
