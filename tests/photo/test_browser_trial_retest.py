"""In Chromium: the trial page's Thomas re-test takes its angle from a photo measured on the page.

The rendered photo's hanging thigh is 12° above the horizontal; the widget fills the re-test form's
own angle and method fields, and the stored re-test carries the photo method, so the trait change is
judged against that method's error."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.photo.test_browser_photo import thomas_file  # noqa: F401  (the rendered Thomas photo)
from tests.trial.conftest import EXAMPLE
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_retest_card_measures_the_angle_from_a_photo(
    page: Any,
    live_server: str,
    thomas_file: Path,  # noqa: F811
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    api = page.request
    pid = api.post(live_server + "/api/v1/people", data={"name": "Retest by photo"}).json()["id"]
    assert api.post(f"{live_server}/api/v1/people/{pid}/assessments", data=json.loads(EXAMPLE.read_text())).ok
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/people/{pid}/trial")
    page.click("form[action$='/trial'] button[type=submit]")  # accept the proposed plan
    page.wait_for_selector("#retest-form")
    side = page.locator("#retest-form h2").inner_text().split("(")[1].rstrip(")")
    page.click("#retest-form .retest-photo summary")
    widget = page.locator("#retest-form .photo-measure")
    assert widget.locator(".photo-side").input_value() == side  # the trial's side, preselected
    widget.locator(".photo-side").select_option("left")  # the rendered photo hangs the left leg
    widget.locator(".photo-input").set_input_files(str(thomas_file))
    widget.locator('.photo-value[data-name="hip_angle_deg"]').wait_for()
    widget.locator(".photo-use").click()
    angle = float(page.input_value("#hip_angle_deg"))
    assert angle == pytest.approx(12, abs=6)
    assert page.input_value("#method") == "photo"  # no point moved: uncorrected
    screenshot(page, "trial-retest-photo-phone")
    page.click("#retest-button")
    page.wait_for_url(re.compile(r"/trial\?logged=retest$"))
    [retest] = [
        m
        for m in api.get(f"{live_server}/api/v1/people/{pid}/trial").json()["measurements"]
        if m["method"] != "assessment"
    ]
    assert retest["method"] == "photo" and retest["hip_angle_deg"] == pytest.approx(angle, abs=0.05)
    assert errors == []
