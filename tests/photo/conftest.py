"""The photo tests share the web tests' live server and Chromium fixtures."""

from tests.web.conftest import app, browser, client, db_url, live_server, page, pg_client  # noqa: F401
