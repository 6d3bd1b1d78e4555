"""In Chromium: upload a Thomas photo in the wizard, drag a landmark with the mouse and with the
keyboard, watch the angle change, and use the value in a stored assessment. Screenshots of the
photo page at phone and desktop sizes land in test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.photo import render
from tests.web.conftest import screenshot, to_body_map

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def standing_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "standing.png"
    path.write_bytes(render.render(render.standing(10, 0)))
    return path


@pytest.fixture(scope="module")
def thomas_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "thomas.png"
    path.write_bytes(render.render(render.thomas(12, 80)))
    return path


def _hip(widget: Any) -> float:
    text = widget.locator('.photo-value[data-name="hip_angle_deg"]').inner_text()
    return float(text.rstrip("°"))


def _to_tests_step(page: Any, base: str, name: str) -> str:
    page.goto(base + "/people")
    page.fill("#name", name)
    page.click("form[method=post][action='/people'] button[type=submit]")  # not the search form
    page.wait_for_url(re.compile(r"/people/\d+$"))
    pid = page.url.rsplit("/", 1)[1]
    page.click("text=New assessment")
    page.fill("#age", "48")
    page.click("#all-no")
    to_body_map(page)
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.click("text=Next: history")
    page.click("text=Next: self-tests")
    page.wait_for_load_state("load")
    page.locator("#test-thomas .photo-input").wait_for(state="attached")
    return pid


def test_photo_in_the_wizard_drag_mouse_and_keyboard_then_assess(
    page: Any, live_server: str, thomas_file: Path, standing_file: Path
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    pid = _to_tests_step(page, live_server, "Photo desk")
    widget = page.locator("#test-thomas .photo-measure")
    assert widget.locator('input[type=file][capture="environment"][accept="image/*"]').count() == 1
    widget.locator(".photo-input").set_input_files(str(thomas_file))
    widget.locator('.photo-value[data-name="hip_angle_deg"]').wait_for()
    detected = _hip(widget)
    assert detected == pytest.approx(12, abs=6)
    assert "uncorrected" in widget.locator(".photo-method").inner_text()

    leg = page.evaluate(
        "() => { const w = document.querySelector('#test-thomas .photo-measure').psoasPhoto;"
        " return PsoasAngles.hangingSide(w.points, w.level); }"
    )
    knee = widget.locator(f'circle.handle[data-name="{leg}_knee"]')
    knee.scroll_into_view_if_needed()
    box = knee.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 25, steps=5)  # lift the knee: the thigh angle must go up
    page.mouse.up()
    dragged = _hip(widget)
    assert dragged > detected + 3
    assert "corrected" in widget.locator(".photo-method").inner_text()
    assert "moved" in (knee.get_attribute("class") or "")

    knee.focus()
    for _ in range(12):
        page.keyboard.press("ArrowDown")  # and lower it with the keyboard
    keyed = _hip(widget)
    assert keyed < dragged - 2
    screenshot(page, "photo-wizard-thomas-corrected")

    page.select_option("#test-thomas .photo-side", "left")
    widget.locator(".photo-keep").check()  # keep the photo for the next review's comparison
    widget.locator(".photo-use").click()
    page.wait_for_selector('#test-thomas .photo-measure[data-kept="1"]')
    assert float(page.input_value("#t-thomas-left-hip_angle_deg")) == pytest.approx(keyed, abs=0.05)

    posture = page.locator("#test-posture .photo-measure")  # the standing side photo
    posture.locator(".photo-input").set_input_files(str(standing_file))
    posture.locator('.photo-value[data-name="ear_shoulder_angle_deg"]').wait_for()
    posture.locator(".photo-use").click()
    ear = float(page.input_value("#posture-ear_shoulder_angle_deg"))
    assert 50 < ear < 85  # the head is 10 cm forward: about 68 degrees
    page.click("text=See the results")
    page.wait_for_url(re.compile(rf"/people/{pid}/assessments/\d+$"), timeout=60000)  # the engine's first run
    aid = page.url.rsplit("/", 1)[1]
    stored = page.request.get(f"{live_server}/api/v1/people/{pid}/assessments/{aid}").json()
    assert stored["intake"]["posture"]["ear_shoulder_angle_deg"] == pytest.approx(ear, abs=0.05)
    thomas = stored["intake"]["tests"]["thomas"]["left"]
    assert thomas["hip_angle_deg"] == pytest.approx(keyed, abs=0.05)
    kept = page.request.get(f"{live_server}/api/v1/people/{pid}/photos").json()
    assert len(kept) == 1 and kept[0]["method"] == "photo_corrected"
    assert kept[0]["values"]["hip_angle_deg"] == pytest.approx(keyed, abs=0.2)
    page.goto(f"{live_server}/people/{pid}/photos")
    page.click("text=Delete this photo")
    assert page.request.get(f"{live_server}/api/v1/people/{pid}/photos").json() == []
    assert not errors


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_photo_page_screenshots_and_no_sideways_scroll(
    browser: Any, live_server: str, thomas_file: Path, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.goto(live_server + "/photo?view=thomas")
    tab.locator(".photo-input").set_input_files(str(thomas_file))
    tab.locator('.photo-value[data-name="hip_angle_deg"]').wait_for()
    assert "tests" in tab.locator(".photo-intake").inner_text()
    overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    screenshot(tab, f"photo-page-{width}x{height}")
    context.close()
    assert overflow <= 0


def test_photo_page_has_no_serious_accessibility_violations(
    page: Any, live_server: str, thomas_file: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server + "/photo?view=thomas")
    page.locator(".photo-input").set_input_files(str(thomas_file))
    page.locator('.photo-value[data-name="hip_angle_deg"]').wait_for()
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def test_wizard_self_test_step_with_a_photo_on_a_phone(
    browser: Any, live_server: str, thomas_file: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    _to_tests_step(tab, live_server, "Photo phone")
    widget = tab.locator("#test-thomas .photo-measure")
    widget.locator(".photo-input").set_input_files(str(thomas_file))
    widget.locator('.photo-value[data-name="hip_angle_deg"]').wait_for()
    before = _hip(widget)
    leg = tab.evaluate(
        "() => { const w = document.querySelector('#test-thomas .photo-measure').psoasPhoto;"
        " return PsoasAngles.hangingSide(w.points, w.level); }"
    )
    knee = widget.locator(f'circle.handle[data-name="{leg}_knee"]')
    knee.scroll_into_view_if_needed()
    box = knee.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    touch = tab.context.new_cdp_session(tab)  # a finger: touch events, as a phone sends them
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 6):
        touch.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 4 * step}]}
        )
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert _hip(widget) > before + 3
    # the widget stays inside its card (the self-test page's own two-column sides are the web face's)
    inside = tab.evaluate(
        """() => { const w = document.querySelector('#test-thomas .photo-measure');
                   const card = w.closest('fieldset').getBoundingClientRect();
                   return w.scrollWidth <= w.clientWidth + 1 && w.getBoundingClientRect().right <= card.right + 1; }"""
    )
    screenshot(tab, "photo-wizard-390x844")
    context.close()
    assert inside
