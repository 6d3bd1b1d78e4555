"""In Chromium: the wizard's answers survive a second tab and a reload (they are kept on the server
under the draft id in the address), the warning signs need an answer each, and results made from the
home page without a person can be saved to a new person whose pages then work."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.web.conftest import screenshot

from psoas.knowledge import vocab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _fits_a_phone(page: Any) -> None:
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size(size)


def _steps_one_and_two(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.click("text=Start an assessment")
    page.fill("#age", "47")
    page.select_option("#sex", "female")
    page.check('input[name="flag.weight_loss"][value="unsure"]')
    page.click("text=Next: where it hurts")
    # every question needs an answer: the step comes back naming the ones left
    assert page.locator("#unanswered li").count() == len(vocab.RED_FLAGS) - 1
    assert page.locator('input[name="flag.weight_loss"][value="unsure"]').is_checked()
    assert page.locator("#age").input_value() == "47"
    page.click("#all-no")
    assert page.locator(
        'input[name="flag.weight_loss"][value="unsure"]'
    ).is_checked()  # kept, not overwritten
    page.click("text=Next: where it hurts")
    page.wait_for_url(re.compile(r"/intake/map\?d=[\w-]{22}$"))
    page.locator(".zoom-bar").first.wait_for(state="attached")  # the body map's script is ready
    assert "not sure" in page.locator(".banner.soon").inner_text()
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.locator('svg[data-view="back"] .region[data-region="low_back"]').click()
    page.locator('input[name="pain.knee.left"]').fill("6")
    page.check('input[name="worse_with"][value="stairs"]')
    page.click("text=Next: history")
    page.wait_for_url(re.compile(r"/intake/history\?d=[\w-]{22}$"))


def _map_shows_the_answers(page: Any) -> None:
    assert page.locator('input[name="pain.knee.left"]').input_value() == "6"
    assert page.locator('input[name="worse_with"][value="stairs"]').is_checked()


def test_a_second_tab_and_a_reload_keep_the_answers(page: Any, live_server: str) -> None:
    _steps_one_and_two(page, live_server)
    draft_id = page.url.rsplit("=", 1)[1]
    second = page.context.new_page()
    second.goto(page.url)  # the same address in a second tab
    assert second.locator("#sitting_hours_per_day").is_visible()
    second.goto(f"{live_server}/intake/map?d={draft_id}")
    _map_shows_the_answers(second)
    second.reload()
    _map_shows_the_answers(second)
    second.goto(f"{live_server}/intake?d={draft_id}")
    assert second.locator("#age").input_value() == "47"
    assert second.locator('input[name="flag.weight_loss"][value="unsure"]').is_checked()
    assert second.locator('input[name="flag.calf_swelling"][value="no"]').is_checked()
    second.close()
    page.reload()
    assert page.url.endswith(f"/intake/history?d={draft_id}")
    page.fill("#sitting_hours_per_day", "7")
    page.click("text=Back: where it hurts")
    _map_shows_the_answers(page)


def test_results_from_the_home_page_save_to_a_new_person(page: Any, live_server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _steps_one_and_two(page, live_server)
    page.click("text=Next: self-tests")
    page.click("text=See the results")
    page.wait_for_url(re.compile(r"/intake/results\?d=[\w-]{22}$"))
    assert page.locator("#unsure-note").is_visible()
    page.reload()  # a reload shows the same results, no resubmission
    assert page.locator("#save").is_visible()
    _fits_a_phone(page)  # the save block too
    screenshot(page, "save-anonymous-results")
    page.fill("#save-name", "Rosa")
    page.click("text=Save to this new person")
    page.wait_for_url(re.compile(r"/people/\d+/assessments/\d+$"))
    pid = page.url.split("/")[-3]
    assert page.locator("#save").count() == 0
    page.click("text=Open the program")
    page.wait_for_url(re.compile(rf"/people/{pid}/program$"))
    assert page.locator("article.exercise").count() >= 1
    page.goto(f"{live_server}/people/{pid}")
    assert page.locator(f'a[href^="/people/{pid}/assessments/"]').count() == 1
    page.click("text=Diary")
    page.wait_for_url(re.compile(rf"/people/{pid}/diary$"))
    page.goto(f"{live_server}/people/{pid}/trial")
    assert page.locator("main").is_visible()
    assert errors == []
