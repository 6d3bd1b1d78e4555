"""The claims pages in Debian's Chromium: a phone and a desktop screenshot, no sideways scroll, and a tap
on the wheel's ankle spoke opens the ankle-and-foot claim."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_claims_pages_fit_the_screen(browser: Any, live_server: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path, name in (("/claims", "claims"), ("/claims/ankle_foot", "claim-ankle-foot")):
            page.goto(live_server + path)
            assert page.locator("svg.wheel").is_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (path, size, overflow)
            screenshot(page, f"{name}-{size}")
    finally:
        context.close()


def test_ankle_spoke_opens_its_claim(page: Any, live_server: str) -> None:
    page.goto(live_server + "/claims")
    spoke = page.locator('svg.wheel a[href="/claims/ankle_foot"]').first
    assert spoke.count() == 1
    spoke.dispatch_event("click")
    page.wait_for_url("**/claims/ankle_foot")
    assert page.locator("h1").inner_text().startswith("Ankle and foot pain")
    assert page.locator("h1 .badge.ev-unsupported").count() == 1
