"""Small pieces of the web guard and error pages: token buckets, host parsing, back links, headers."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from psoas.web.errors import back_link
from psoas.web.guard import SECURITY_HEADERS, TokenBuckets, _host_of


def test_token_buckets_are_per_client_and_refill() -> None:
    buckets = TokenBuckets(rate=1.0, burst=2.0)
    assert [buckets.take("a", now=0.0) for _ in range(2)] == [0.0, 0.0]
    assert buckets.take("a", now=0.0) == pytest.approx(1.0)
    assert buckets.take("b", now=0.0) == 0.0
    assert buckets.take("a", now=1.5) == 0.0
    assert TokenBuckets(0, 0).take("a") == 0.0  # off


def test_token_buckets_forget_the_oldest_clients() -> None:
    buckets = TokenBuckets(rate=1.0, burst=1.0, max_clients=3)
    for client in "abcde":
        buckets.take(client, now=0.0)
    assert len(buckets._buckets) == 3


@pytest.mark.parametrize(
    ("header", "host"),
    [
        (b"127.0.0.1:8000", "127.0.0.1"),
        (b"LOCALHOST", "localhost"),
        (b"[::1]:8000", "::1"),
        (b"[::1", "[::1"),
        (b"evil.example:80", "evil.example"),
        (b"", ""),
    ],
)
def test_host_header_parsing(header: bytes, host: str) -> None:
    assert _host_of({"headers": [(b"host", header)]}) == host


@pytest.mark.parametrize(
    ("path", "back"),
    [
        ("/people/3/diary", "/people/3"),
        ("/people/3/assessments/77", "/people/3"),
        ("/people/3", "/people"),
        ("/intake/flags", "/intake"),
        ("/nothing/here", "/"),
        ("/people/javascript:alert(1)/x", "/people"),
        ("/", "/"),
    ],
)
def test_back_links_are_plain_parent_pages(path: str, back: str) -> None:
    assert back_link(path) == back


def test_static_files_and_redirects_carry_the_security_headers(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from psoas.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 's.sqlite3'}")) as client:
        responses: list[Any] = [client.get("/static/app.css"), client.get("/static/nothing.css")]
        for response in responses:
            for name, value in SECURITY_HEADERS:
                assert response.headers[name.decode()] == value.decode()
