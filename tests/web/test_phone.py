"""Every page on a phone (390x844) and a laptop (1280x900) in Chromium: nothing wider than the screen,
tap targets of at least 44 CSS px, text in pictures at least 12 CSS px and not cut off, no serious or
critical axe-core finding; the body map keeps its answers through Back and reload and zooms to big
targets; the player's controls are on the first screen and keep the screen awake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web import tour
from tests.web.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    db_url = f"sqlite:///{Path(tmp_path_factory.mktemp('tour')) / 'journal.sqlite3'}"
    ids = tour.seed(db_url)
    with tour.serve(db_url) as base:
        yield base, ids


@pytest.fixture(scope="module")
def browser_without_bfcache(browser: Any) -> Iterator[Any]:
    """Chromium with the back-forward cache off, so Back really reloads the page (no JS state kept)."""
    from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

    args = [*CHROMIUM_ARGS, "--disable-features=BackForwardCache"]
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True, args=args)
    yield chromium
    chromium.close()


def _tab(browser: Any, size: str) -> Any:
    width, height = tour.SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture(scope="module")
def every_page(browser: Any, site: Any) -> list[tuple[str, str]]:
    """The listed pages and every page they link to (so pages added later are checked too)."""
    base, ids = site
    page = _tab(browser, "laptop")
    pages = tour.discover(page, base, ids)
    page.context.close()
    return pages


@pytest.mark.parametrize("size", list(tour.SIZES))
def test_every_page_fits_is_tappable_legible_and_accessible(
    browser: Any, site: Any, every_page: list[tuple[str, str]], size: str
) -> None:
    base, ids = site
    page = _tab(browser, size)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    problems: list[str] = []
    checked, targets, smallest_text = 0, 0, 1e9
    for slug, path in every_page:
        tour.visit(page, base, ids, path)
        wide = page.evaluate(tour.OVERFLOW_JS)
        if wide["scrollWidth"] > wide["width"] or wide["wide"]:
            problems.append(f"{slug}: wider than the screen {wide}")
        taps = page.evaluate(tour.TAP_JS, tour.MIN_TAP_PX)
        targets += taps["count"]
        if taps["n_small"] and not (size == "laptop" and slug in ("intake-map", "diary")):
            problems.append(f"{slug}: {taps['n_small']} tap targets under 44 px: {taps['small']}")
        text = page.evaluate(tour.TEXT_JS)
        smallest_text = min(smallest_text, text["smallest"])
        if text["bad"]:
            problems.append(f"{slug}: picture text too small or cut off: {text['bad']}")
        axe = tour.serious_violations(page)
        if axe:
            problems.append(f"{slug}: axe {axe}")
        checked += 1
    page.context.close()
    print(
        f"\n{size}: {checked} pages, {targets} tap targets measured, smallest picture text "
        f"{smallest_text:.1f} px, problems {len(problems)}"
    )
    assert checked == len(every_page) > len(tour.PAGES)
    assert problems == []
    assert errors == []


def test_laptop_body_map_only_small_targets_are_map_regions(browser: Any, site: Any) -> None:
    """On a laptop the whole-body map is for a mouse; everything else there is a 44 px target."""
    base, ids = site
    page = _tab(browser, "laptop")
    tour.visit(page, base, ids, "wizard:map")
    page.evaluate(
        "document.querySelectorAll('.bodymap .region').forEach(r => r.classList.add('out-of-zoom'))"
    )
    assert page.evaluate(tour.TAP_JS, tour.MIN_TAP_PX)["n_small"] == 0
    page.context.close()


@pytest.mark.parametrize("size", list(tour.SIZES))
def test_every_zoomed_body_map_region_is_a_big_target(browser: Any, site: Any, size: str) -> None:
    base, ids = site
    page = _tab(browser, size)
    tour.visit(page, base, ids, "wizard:map")
    groups = page.locator(".zoom-bar button")
    smallest = 1e9
    for i in range(1, groups.count()):  # 0 is "Whole body"
        groups.nth(i).click()
        gid = groups.nth(i).get_attribute("data-zoom")
        sizes = page.evaluate(
            """(gid) => Array.from(document.querySelectorAll('.bodymap .region[data-group="' + gid + '"]'))
                 .map(r => { const b = r.getBoundingClientRect(); return Math.min(b.width, b.height); })""",
            gid,
        )
        assert sizes, gid
        smallest = min(smallest, *sizes)
    if size == "phone":
        screenshot(page, "phone-body-map-zoomed")
    page.context.close()
    print(f"\n{size}: smallest zoomed body-map region {smallest:.1f} CSS px")
    assert smallest >= tour.MIN_TAP_PX


def _choose(page: Any, view: str, region: str, side: str) -> None:
    """Tap a region the way a phone user does: zoom in if needed, then tap the region itself."""
    shape = page.locator(f'svg[data-view="{view}"] .region[data-region="{region}"][data-side="{side}"]')
    if page.locator(".bodymap.overview").count():
        shape.click()
        assert page.locator(".bodymap.zoomed").count() == 1
    shape.click()


def _chosen(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.chosen-list li'))
             .map(li => [li.dataset.key, li.querySelector('input[type=range]').value]))"""
    )


@pytest.mark.parametrize("bfcache", [True, False], ids=["bfcache", "no-bfcache"])
def test_back_view_choice_keeps_the_front_one_and_back_and_reload_keep_answers(
    browser: Any, browser_without_bfcache: Any, site: Any, bfcache: bool
) -> None:
    base, ids = site
    page = _tab(browser if bfcache else browser_without_bfcache, "phone")
    tour.visit(page, base, ids, "wizard:map")
    _choose(page, "front", "knee", "left")
    _choose(page, "back", "knee", "left")  # the back of the same knee: still one choice, not removed
    assert _chosen(page) == {"knee.left": "5"}
    page.locator('input[name="pain.knee.left"]').fill("8")
    page.locator(".zoom-bar button", has_text="Chest, belly and back").click()
    _choose(page, "back", "low_back", "center")
    assert _chosen(page) == {"knee.left": "8", "low_back.center": "5"}

    page.reload()
    page.wait_for_selector("#map-form")
    assert _chosen(page) == {"knee.left": "8", "low_back.center": "5"}, "reload lost the body map"

    page.click("button.primary[type=submit]")
    page.wait_for_selector("#sitting_hours_per_day")
    page.go_back()
    page.wait_for_selector("#map-form")
    assert _chosen(page) == {"knee.left": "8", "low_back.center": "5"}, "Back lost the body map"
    assert page.locator('.region[data-region="knee"][data-side="left"][aria-pressed="true"]').count() == 2

    # taking the knee back in both views removes it; the other choice stays
    page.locator(".zoom-bar button", has_text="Knees to feet").click()
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.locator('svg[data-view="back"] .region[data-region="knee"][data-side="left"]').click()
    assert _chosen(page) == {"low_back.center": "5"}
    page.context.close()


def test_diary_body_map_survives_reload_and_clears_once_logged(browser: Any, site: Any) -> None:
    base, ids = site
    page = _tab(browser, "phone")
    page.goto(f"{base}/people/{ids['pid']}/diary")
    _choose(page, "front", "shin", "right")
    page.reload()
    assert _chosen(page) == {"shin.right": "5"}
    page.click("text=Log pain")
    page.wait_for_url(re.compile(r"logged=pain"))
    assert _chosen(page) == {}
    page.context.close()


def test_player_controls_first_with_wake_lock_and_honest_labels(browser: Any, site: Any) -> None:
    base, ids = site
    page = _tab(browser, "phone")
    page.add_init_script(
        """window.__locks = [];
           Object.defineProperty(navigator, 'wakeLock', {value: {request: (kind) => {
             const lock = {released: false, listeners: [],
               addEventListener(e, f) { this.listeners.push(f); },
               release() { this.released = true; this.listeners.forEach(f => f()); return Promise.resolve(); }};
             window.__locks.push(lock); return Promise.resolve(lock); }}});"""
    )
    page.clock.install()
    page.goto(f"{base}/play/bridge?person={ids['pid']}")
    start = page.locator("#start")
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844 and box["height"] >= 44
    assert start.inner_text() == "Start"
    clock_px = page.evaluate("parseFloat(getComputedStyle(document.getElementById('clock')).fontSize)")
    assert clock_px >= 56  # readable from the floor
    screenshot(page, "phone-player")
    start.click()
    page.clock.run_for(2000)
    assert start.is_hidden() and page.locator("#pause").inner_text() == "Pause"
    assert page.evaluate("window.__locks.length === 1 && !window.__locks[0].released")
    page.click("#pause")
    assert start.inner_text() == "Resume"
    assert page.evaluate("window.__locks[0].released")
    page.context.close()


def test_feeling_note_is_optional_and_never_holds_the_log_back(browser: Any, site: Any) -> None:
    base, ids = site
    page = _tab(browser, "phone")
    page.clock.install()
    page.goto(f"{base}/play/chin_tucks?person={ids['pid']}")
    page.click("#start")
    page.click("#finish")
    assert page.locator("#save-now").is_visible()
    page.clock.run_for(9000)  # nothing typed: it saves by itself
    page.wait_for_url(re.compile(r"logged=practice"))
    page.context.close()


def test_nothing_is_wider_than_the_smallest_phone(
    browser: Any, site: Any, every_page: list[tuple[str, str]]
) -> None:
    """From 360 px up: no page scrolls sideways (checked at 360 x 740)."""
    base, ids = site
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    wide = {}
    for slug, path in every_page:
        tour.visit(page, base, ids, path)
        found = page.evaluate(tour.OVERFLOW_JS)
        if found["scrollWidth"] > found["width"] or found["wide"]:
            wide[slug] = found
    context.close()
    assert wide == {}


def test_navigation_is_one_line_and_picture_captions_are_legible_on_a_phone(browser: Any, site: Any) -> None:
    base, ids = site
    page = _tab(browser, "phone")
    page.goto(f"{base}/people/{ids['pid']}/progress")
    for bar in (".site-top", ".person-nav"):
        visible_tops = (
            "links => links.map(a => a.getBoundingClientRect()).filter(r => r.width > 0).map(r => r.y)"
        )
        boxes = page.locator(f"{bar} a").evaluate_all(visible_tops)
        tops = {round(y) for y in boxes}
        assert len(tops) == 1, f"{bar} wraps onto {len(tops)} lines"
    page.goto(f"{base}/exercises/gallery")
    captions = page.evaluate(
        """() => Array.from(document.querySelectorAll('.fig-cap')).map(c => {
             const r = c.getBoundingClientRect(), card = c.closest('.card').getBoundingClientRect();
             return {px: parseFloat(getComputedStyle(c).fontSize), inside: r.left >= card.left && r.right <= card.right,
                     clipped: c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight + 1};
           })"""
    )
    assert len(captions) == 2 * page.locator(".card.exercise").count()
    assert all(c["px"] >= tour.MIN_TEXT_PX and c["inside"] and not c["clipped"] for c in captions)
    page.context.close()
