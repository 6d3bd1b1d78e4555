"""A tour of every page of the web app for the phone checks and the screenshot gallery.

:func:`seed` fills a journal with one person, a stored assessment and three weeks of diary;
:func:`serve` runs the app on a free loopback port; :data:`PAGES` names every page and
:func:`visit` opens one (the wizard steps by filling in the steps before them). The ``*_JS``
snippets measure in the browser: elements wider than the screen, tap targets smaller than
44 CSS px, and text in pictures smaller than 12 CSS px or cut off.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.web.conftest import KNEE_INTAKE

PERSON = "Sam"
SIZES = {"phone": (390, 844), "laptop": (1280, 900)}
MIN_TAP_PX = 44.0
MIN_TEXT_PX = 12.0

# (slug, path with {pid} and {aid}); paths starting with "wizard:" are reached by filling the wizard
PAGES: tuple[tuple[str, str], ...] = (
    ("home", "/"),
    ("people", "/people"),
    ("person", "/people/{pid}"),
    ("intake-flags", "/intake?person={pid}"),
    ("intake-map", "wizard:map"),
    ("intake-history", "wizard:history"),
    ("intake-tests", "wizard:tests"),
    ("results", "/people/{pid}/assessments/{aid}"),
    ("program", "/people/{pid}/program"),
    ("player-rest", "/play/constructive_rest?person={pid}"),
    ("player-hold", "/play/half_kneeling_hip_flexor_stretch?person={pid}"),
    ("diary", "/people/{pid}/diary"),
    ("progress", "/people/{pid}/progress"),
    ("exercises", "/exercises"),
    ("gallery", "/exercises/gallery"),
    ("docs", "/docs"),
)


def seed(db_url: str) -> dict[str, int]:
    """One person with a stored assessment, three weeks of pain ratings, practice and a visit."""
    from psoas.web.services import Services

    services = Services(db_url)
    try:
        person = services.add_person(PERSON)
        _result, aid = services.assess_and_save(person["id"], KNEE_INTAKE)
        journal = services.journal
        today = dt.date.today()
        for day in range(21, -1, -1):
            when = dt.datetime.combine(today - dt.timedelta(days=day), dt.time(0, 30), tzinfo=dt.UTC)
            knee = max(1, 7 - (21 - day) // 4)
            journal.log_pain(PERSON, [f"knee:left={knee}", f"low_back={3 + day % 3}"], at=when)
            if day % 2 == 0:
                journal.log_practice(
                    PERSON, "constructive_rest", minutes=15, at=when + dt.timedelta(minutes=20)
                )
        journal.log_visit(
            PERSON, "massage", who="K.", at=dt.datetime.combine(today, dt.time(0, 10), tzinfo=dt.UTC)
        )
        return {"pid": int(person["id"]), "aid": int(aid or 0)}
    finally:
        services.close()


@contextmanager
def serve(db_url: str) -> Iterator[str]:
    """The app over ``db_url`` on a free loopback port; yields its base URL."""
    import uvicorn

    from psoas.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(db_url), access_log=False, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wizard(page: Any, base: str, ids: dict[str, int], step: str) -> None:
    page.goto(f"{base}/intake?person={ids['pid']}")
    page.fill("#age", "54")
    page.click("#all-no")
    page.click("button.primary[type=submit]")
    page.wait_for_selector("#map-form")
    if step == "map":
        return
    page.locator('svg[data-view="front"] .region[data-region="knee"][data-side="left"]').click()
    page.click("button.primary[type=submit]")
    page.wait_for_selector("#sitting_hours_per_day")
    if step == "history":
        return
    page.click("button.primary[type=submit]")
    page.wait_for_selector("#test-thomas")


SKIP_LINK = re.compile(r"^/(api|static)/|\.(ics|json|csv|pdf|png|svg|zip)(\?|$)|^/openapi")
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"""


def discover(page: Any, base: str, ids: dict[str, int], limit: int = 40) -> list[tuple[str, str]]:
    """:data:`PAGES` plus every same-site page linked from them (pages other modules add included).

    Links are followed one step from each listed page; API, static and download links are left out,
    and a page is counted once per path (query strings other than ``person`` dropped).
    """
    known = {path.format(**ids).split("#")[0] for _slug, path in PAGES if not path.startswith("wizard:")}
    found: list[tuple[str, str]] = []
    for _slug, path in PAGES:
        if path.startswith("wizard:"):
            continue
        page.goto(base + path.format(**ids))
        for href in page.evaluate(LINKS_JS):
            url = href.split("#")[0]
            if not url.startswith("/") or SKIP_LINK.search(url):
                continue
            if "?" in url and not url.split("?", 1)[1].startswith("person="):
                url = url.split("?", 1)[0]
            if url and url not in known and len(found) < limit:
                known.add(url)
                found.append((f"linked{url.replace('/', '-').replace('?', '-')}", url))
    return [*PAGES, *found]


def visit(page: Any, base: str, ids: dict[str, int], path: str) -> None:
    """Open one page of :data:`PAGES` and wait until it has settled."""
    if path.startswith("wizard:"):
        _wizard(page, base, ids, path.removeprefix("wizard:"))
    else:
        page.goto(base + path.format(**ids))
    page.wait_for_load_state("load")


OVERFLOW_JS = """() => {
  const w = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= w + 0.5) continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible' && a.getBoundingClientRect().right <= w + 0.5) { clipped = true; break; }
    }
    if (!clipped) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') +
      ' right=' + Math.round(r.right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: w, wide: out.slice(0, 10)};
}"""

TAP_JS = """(minPx) => {
  const sel = 'button, a.button, .main-nav a, .person-nav a, select, textarea, summary, ' +
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), label:has(> input[type=checkbox]), ' +
    'label:has(> input[type=radio]), .bodymap .region';
  const small = [];
  let count = 0;
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
    if (el.closest('[hidden], details:not([open]) > :not(summary)')) continue;
    if (el.matches('.bodymap.overview .region, .bodymap .region.out-of-zoom')) continue;
    count += 1;
    if (r.width + 0.5 < minPx || r.height + 0.5 < minPx) {
      small.push((el.getAttribute('aria-label') || el.textContent.trim().slice(0, 30) || el.tagName) +
        ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
  }
  return {count, small: small.slice(0, 15), n_small: small.length};
}"""

TEXT_JS = """() => {
  const out = [];
  let smallest = 1e9, count = 0;
  for (const t of document.querySelectorAll('svg text')) {
    const svg = t.ownerSVGElement;
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || t.getBoundingClientRect().width === 0) continue;
    if (svg.closest('[aria-hidden=true]')) continue;
    const px = svg.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize);
    const r = t.getBoundingClientRect();
    const cut = r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    count += 1;
    smallest = Math.min(smallest, px);
    if (px < 12 || cut) out.push(t.textContent.slice(0, 20) + ' ' + px.toFixed(1) + 'px' + (cut ? ' cut off' : ''));
  }
  return {count, smallest, bad: out.slice(0, 10)};
}"""


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
