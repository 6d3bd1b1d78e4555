"""The practice in Chromium: a therapist invites a client; the client joins and logs pain and
practice from a phone-sized window; the therapist sees it on the dashboard and the recall list,
writes a visit note and edits the programme; the client sees the change at once; a second client
(of another therapist) sees none of it. Screenshots at 390×844 and 1280×900, no sideways scroll."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.web.conftest import _free_port, screenshot

PASSWORD = "correct horse battery"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def practice_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A practice (accounts required) on a free loopback port: admin, therapists t1 and t2, t2's client."""
    import uvicorn

    from psoas.web import create_app
    from psoas.web.policy import practice_of

    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('practice') / 'journal.sqlite3'}", accounts=True)
    accounts = practice_of(app).accounts
    accounts.create("admin", PASSWORD, "admin")
    accounts.create("t1", PASSWORD, "therapist")
    t2 = accounts.create("t2", PASSWORD, "therapist")
    other, _ = accounts.accept_invite(accounts.invite(t2), "Bea", "bea", PASSWORD)
    assert other.person_id is not None
    app.state.services.log_pain(other.person_id, [{"region": "neck", "side": "center", "intensity": 2}])
    sock = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the practice server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def _login(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill('input[name="name"]', name)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _tab(browser: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    tab.set_default_timeout(20000)
    return tab


def test_invite_log_see_edit_see(browser: Any, practice_server: str) -> None:
    base = practice_server
    therapist, client, stranger = _tab(browser, DESKTOP), _tab(browser, PHONE), _tab(browser, PHONE)

    # the therapist invites a new client
    _login(therapist, base, "t1")
    assert therapist.url.endswith("/practice")
    with therapist.expect_navigation():
        therapist.click("text=Invite a new client")
    link = therapist.locator("#invite-link").inner_text().strip()
    assert re.fullmatch(rf"{re.escape(base)}/invite/[\w-]+", link)

    # the client joins from a phone and logs pain and practice
    client.goto(link)
    _no_sideways_scroll(client)
    screenshot(client, "practice-1-invite-phone")
    client.fill('input[name="person_name"]', "Dana")
    client.fill('input[name="name"]', "dana")
    client.fill('input[name="password"]', PASSWORD)
    client.click("text=Create my account")
    client.wait_for_url(re.compile(r"/people/\d+/diary$"))
    client.locator(".zoom-bar").first.wait_for(state="attached")  # the body map's script is ready
    pid = int(re.search(r"/people/(\d+)/diary", client.url).group(1))  # type: ignore[union-attr]
    knee = client.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]')
    if client.locator(".bodymap.overview").count():  # on a phone the first tap zooms to the legs
        knee.click()
    knee.click()
    client.locator('input[name="pain.knee.left"]').fill("6")
    client.click("text=Log pain")
    client.wait_for_url(re.compile(r"logged=pain"))
    client.select_option("#exercise", "constructive_rest")
    client.fill("#minutes", "15")
    client.click("#practice-form button[type=submit]")
    client.wait_for_url(re.compile(r"logged=practice"))
    _no_sideways_scroll(client)
    screenshot(client, "practice-2-diary-phone")

    # the therapist sees it on the dashboard and the recall list
    therapist.goto(f"{base}/practice")
    card = therapist.locator(f'li.client[data-person="{pid}"]')
    assert "Dana" in card.inner_text()
    assert "latest 6/10" in card.inner_text()
    assert "0.25 days a week" in card.inner_text()  # 1 practice day in 4 weeks
    assert "Due for the maintenance visit" in card.inner_text()  # never seen: due now
    assert therapist.locator("li.client[data-person]").count() == 1  # Bea is t2's client, not here
    screenshot(therapist, "practice-3-dashboard-desktop")

    # a visit note moves the recall six weeks on; the programme gets an exercise and a dose change
    therapist.goto(f"{base}/people/{pid}/notes")
    therapist.fill('textarea[name="subjective"]', "Knee sore after stairs")
    therapist.fill('textarea[name="treatment"]', "Psoas release, left")
    with therapist.expect_navigation():
        therapist.click("text=Save today's note")
    therapist.goto(f"{base}/practice")
    assert "Next visit due" in therapist.locator(f'li.client[data-person="{pid}"]').inner_text()
    therapist.goto(f"{base}/people/{pid}/program/edit")
    therapist.select_option('select[name="exercise"]', "constructive_rest")
    with therapist.expect_navigation():
        therapist.click("form.card button.primary:has-text('Add')")
    therapist.locator('#edit-constructive_rest input[name="duration_min"]').fill("20")
    with therapist.expect_navigation():
        therapist.locator("#edit-constructive_rest").locator("text=Change dose").click()
    assert "dose constructive rest" in therapist.locator(".history").inner_text()
    screenshot(therapist, "practice-4-program-edit-desktop")

    # the client sees the change at once
    client.goto(f"{base}/people/{pid}/program")
    assert "20 min" in client.locator("#ex-constructive_rest").inner_text()
    _no_sideways_scroll(client)
    screenshot(client, "practice-5-program-phone")

    # a second client sees none of it
    _login(stranger, base, "bea")
    for path in (f"/people/{pid}/diary", f"/people/{pid}/program", f"/api/v1/people/{pid}/entries"):
        answer = stranger.goto(base + path)
        assert answer is not None and answer.status == 404, path
        assert "Dana" not in stranger.content() and "6/10" not in stranger.content()
    stranger.goto(f"{base}/people")
    assert "Dana" not in stranger.content()
    for tab in (therapist, client, stranger):
        tab.context.close()


def test_pages_fit_a_phone_and_a_desktop(browser: Any, practice_server: str) -> None:
    for viewport, tag in ((PHONE, "phone"), (DESKTOP, "desktop")):
        tab = _tab(browser, viewport)
        tab.goto(f"{practice_server}/login")
        _no_sideways_scroll(tab)
        screenshot(tab, f"practice-login-{tag}")
        _login(tab, practice_server, "admin")
        for path in ("/practice", "/admin/accounts", "/admin/audit", "/account"):
            tab.goto(practice_server + path)
            _no_sideways_scroll(tab)
            screenshot(tab, f"practice{path.replace('/', '-')}-{tag}")
        tab.context.close()
        tab = _tab(browser, viewport)  # the therapist's pages for a client (Bea is t2's)
        _login(tab, practice_server, "t2")
        pid = tab.locator("li.client").first.get_attribute("data-person")
        for path in ("/practice", f"/people/{pid}/notes", f"/people/{pid}/program/edit"):
            tab.goto(practice_server + path)
            _no_sideways_scroll(tab)
            screenshot(tab, f"practice-t2{path.replace('/', '-').replace(str(pid), 'client')}-{tag}")
        tab.context.close()
