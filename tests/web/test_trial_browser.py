"""A new user follows only the app's own prompts from an assessment to a trial verdict, entering
earlier days through the "When" field (back-dated), once with the AB design and once with the
randomised reversal design. Real app, real SQLite, real engine, Debian's Chromium."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from tests.web.conftest import screenshot, to_body_map

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _assess_new_person(page: Any, base: str, name: str) -> str:
    """Home → People → add → the person page's prompt → the wizard → results; returns the id."""
    page.goto(base + "/")
    page.click("text=People")
    page.fill("#name", name)
    page.click("form[method=post][action='/people'] button[type=submit]")  # not the search form
    page.wait_for_url(re.compile(r"/people/\d+$"))
    pid = page.url.rsplit("/", 1)[1]
    assert "Start with an assessment" in page.locator("#trial-today").inner_text()
    page.click("text=New assessment")
    page.fill("#age", "54")
    page.click("#all-no")
    to_body_map(page)
    knee = page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]')
    if page.locator(".bodymap.overview").count():  # where the body map zooms first (phone or touch)
        knee.click()
    knee.click()
    page.locator('input[name="pain.knee.left"]').fill("6")
    page.click("text=Next: history")
    page.fill("#sitting_hours_per_day", "8")
    page.click("text=Next: self-tests")
    page.fill("#t-thomas-left-hip_angle_deg", "12")
    page.fill("#t-thomas-left-knee_angle_deg", "85")
    page.click("text=See the results")
    page.wait_for_url(re.compile(rf"/people/{pid}/assessments/\d+$"))
    return pid


def _phases(page: Any) -> list[tuple[str, date, date]]:
    rows = page.locator("#plan-phases tbody tr")
    return [
        (
            rows.nth(i).get_attribute("data-kind"),
            date.fromisoformat(rows.nth(i).get_attribute("data-start")),
            date.fromisoformat(rows.nth(i).get_attribute("data-end")),
        )
        for i in range(rows.count())
    ]


def _log_days(page: Any, phases: list[tuple[str, date, date]], release_pain: int, rest_pain: int) -> int:
    """Enter one evening rating per day from the trial page's form, back-dated via "When"."""
    logged = 0
    for kind, start, end in phases:
        day = start
        while day < end and day < date.today():
            wobble = (day.toordinal() * 7) % 3 - 1  # -1, 0, +1: a diary is never flat
            value = (release_pain if kind == "release" else rest_pain) + wobble
            page.fill("#pain-knee-left", str(value))
            page.fill("#log-at", f"{day.isoformat()}T20:00")
            if kind == "release":
                page.check("#practised")
            page.click("#log-button")
            page.wait_for_selector("#logged")
            logged += 1
            day += timedelta(days=1)
    return logged


def _retest_and_report(page: Any, last_day: date) -> str:
    page.fill("#hip_angle_deg", "-6")
    page.fill("#retest-at", f"{last_day.isoformat()}T18:00")
    page.click("#retest-button")
    page.wait_for_selector("#logged")
    page.click("#report-link")
    page.wait_for_url(re.compile(r"/trial/report$"))
    page.wait_for_selector("#verdict-text")
    return str(page.locator("#verdict-text").inner_text())


def test_ab_trial_from_assessment_to_verdict(page: Any, live_server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    pid = _assess_new_person(page, live_server, "Trial AB")
    # the results page proposes the trial right after the programme is made
    page.click("#plan-trial")
    page.wait_for_selector("#plan-form")
    assert "Baseline, 7 days" in page.locator("main").inner_text()
    screenshot(page, "trial-ab-1-proposal")
    # the person kept a paper diary: start the plan three weeks ago (7 baseline + 14 release days)
    page.click("#adjust summary")
    page.fill("#start", (date.today() - timedelta(days=21)).isoformat())
    page.click("#start-trial")
    page.wait_for_url(re.compile(rf"/people/{pid}/trial$"))
    phases = _phases(page)
    assert [k for k, _, _ in phases] == ["baseline", "release"]
    assert _log_days(page, phases, release_pain=3, rest_pain=6) == 21
    assert "21 of 42 planned ratings" in page.locator("#adherence").inner_text()
    text = _retest_and_report(page, phases[-1][2] - timedelta(days=1))
    assert "Pain credibly fell while releasing in: left knee" in text
    chain = page.locator("#chain-text").inner_text()
    assert "improved together with the trait" in chain
    assert page.locator("svg.trial-chart rect.ph-release").count() == 1
    screenshot(page, "trial-ab-2-report")
    page.goto(f"{live_server}/")
    assert page.locator(".today-task").count() == 1  # home shows today's task
    assert errors == []


def test_reversal_trial_from_assessment_to_verdict(page: Any, live_server: str) -> None:
    pid = _assess_new_person(page, live_server, "Trial Reversal")
    page.click("#plan-trial")
    page.wait_for_selector("#plan-form")
    page.check("#design-reversal")
    page.click("text=When is a reversal design unsuitable?")
    assert "persists" in page.locator("details").first.inner_text()
    page.click("#adjust summary")
    page.fill("#start", (date.today() - timedelta(days=42)).isoformat())
    page.click("#start-trial")
    page.wait_for_url(re.compile(rf"/people/{pid}/trial$"))
    phases = _phases(page)
    assert len(phases) == 6 and sorted(k for k, _, _ in phases) == ["pause"] * 3 + ["release"] * 3
    screenshot(page, "trial-rev-1-status")
    assert _log_days(page, phases, release_pain=3, rest_pain=6) == 42
    text = _retest_and_report(page, phases[-1][2] - timedelta(days=1))
    assert "Pain credibly fell while releasing in: left knee" in text
    assert "Randomised reversal" in page.locator("main").inner_text()
    assert page.locator("svg.trial-chart rect.ph-release").count() == 3
    assert page.locator("svg.trial-chart rect.ph-washout").count() >= 2
    screenshot(page, "trial-rev-2-report")


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_trial_pages_fit_phone_and_desktop(page: Any, live_server: str, width: int, height: int) -> None:
    pid = _assess_new_person(page, live_server, f"Trial screens {width}")
    page.set_viewport_size({"width": width, "height": height})
    page.click("#plan-trial")
    page.wait_for_selector("#plan-form")
    screenshot(page, f"trial-proposal-{width}")
    page.click("#start-trial")
    page.wait_for_url(re.compile(rf"/people/{pid}/trial$"))
    page.fill("#pain-knee-left", "5")
    page.click("#log-button")
    page.wait_for_selector("#logged")
    for path, name in (
        ("/trial", "status"),
        ("/trial/report", "report"),
        ("", "person"),
        ("/diary", "diary"),
    ):
        page.goto(f"{live_server}/people/{pid}{path}")
        screenshot(page, f"trial-{name}-{width}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px"


def test_on_screen_reminder_at_the_planned_time(page: Any, live_server: str) -> None:
    pid = _assess_new_person(page, live_server, "Trial reminder")
    page.click("#plan-trial")
    page.wait_for_selector("#plan-form")
    page.click("#start-trial")
    page.wait_for_url(re.compile(rf"/people/{pid}/trial$"))
    today = date.today()
    page.clock.set_fixed_time(f"{today.isoformat()}T07:30:00")
    page.reload()
    assert page.locator("#log-reminder").is_hidden()  # before 08:00 nothing is due
    page.clock.set_fixed_time(f"{today.isoformat()}T21:15:00")
    page.reload()
    banner = page.locator("#log-reminder")
    assert banner.is_visible() and "past 20:00" in banner.inner_text()


def test_trial_pages_have_no_serious_accessibility_violations(page: Any, live_server: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    pid = _assess_new_person(page, live_server, "Trial axe")
    page.click("#plan-trial")
    page.wait_for_selector("#plan-form")
    axe = Axe()
    found: dict[str, list[str]] = {"proposal": _serious(axe.run(page))}
    page.click("#start-trial")
    page.wait_for_url(re.compile(rf"/people/{pid}/trial$"))
    for path in ("/trial", "/trial/report", "", "/diary"):
        page.goto(f"{live_server}/people/{pid}{path}")
        found[path or "person"] = _serious(axe.run(page))
    assert all(not v for v in found.values()), found


def _serious(results: Any) -> list[str]:
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
