"""Fixtures of the web tests: an app over a fresh SQLite journal, an ASGI test client, and a live
server on loopback (uvicorn in a thread) with a headless Chromium for the browser tests.

No test touches the real user data folder: the default database is pointed at a temporary
directory, and every app gets its own SQLite file.
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

KNEE_INTAKE: dict[str, Any] = {
    "person": {"age": 54, "sex": "male", "height_cm": 183, "weight_kg": 86},
    "pain": [
        {
            "region": "knee",
            "side": "left",
            "intensity": 5,
            "weeks": 30,
            "onset": "gradual",
            "worse_with": ["stairs", "sitting"],
            "sensations": ["ache"],
        }
    ],
    "history": {"sitting_hours_per_day": 8, "activities": ["basketball", "golf"]},
    "red_flags": {"saddle_numbness": False, "night_or_constant_pain": False},
    "tests": {
        "thomas": {
            "left": {"hip_angle_deg": 10, "knee_angle_deg": 85, "thigh_abducts": False},
            "right": "negative",
        }
    },
}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'journal.sqlite3'}"


@pytest.fixture
def app(db_url: str) -> Any:
    from psoas.settings import Settings
    from psoas.web import create_app

    return create_app(settings=Settings.from_env({"db_url": db_url}))


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


def _free_port() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port for the browser tests; yields its base URL."""
    import uvicorn

    from psoas.web import create_app

    folder = tmp_path_factory.mktemp("live")
    app = create_app(f"sqlite:///{folder / 'journal.sqlite3'}")
    sock = _free_port()
    config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `bash scripts/ensure-system-deps.sh` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def to_body_map(page: Any) -> None:
    """Go on from the warning signs to the body map and wait until its script has set it up.

    The map's answers are wired by its script; a tap that lands before it runs is lost."""
    page.click("text=Next: where it hurts")
    page.locator(".zoom-bar").first.wait_for(state="attached")


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``uvicorn.run`` replaced by a recorder: what ``psoas serve`` would have started, and how."""
    import uvicorn

    calls: dict[str, Any] = {}

    def fake_run(web_app: Any, **kwargs: Any) -> None:
        calls["app"] = web_app
        calls.update(kwargs)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    return calls


@pytest.fixture
def pg_client(pg_url: str) -> Iterator[Any]:
    """The web app on a throwaway PostgreSQL database (``pg_url``)."""
    from psoas.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with TestClient(create_app(pg_url)) as client:
        yield client
