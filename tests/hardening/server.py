"""A real ``psoas serve`` in a subprocess on a free loopback port, for the live hardening tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Server:
    """A running server: its base URL and, after it stopped, what it wrote."""

    base: str
    port: int
    process: subprocess.Popen[str]
    out: str = ""
    err: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(db_url: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """Start ``psoas serve`` and wait until it answers; stop it with SIGINT at the end."""
    import httpx

    port = free_port()
    command = [sys.executable, "-m", "psoas", "--db", db_url, "serve", "--port", str(port)]
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full_env
    )
    server = Server(f"http://127.0.0.1:{port}", port, process)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(server.base + "/api/v1/people", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            server.out, server.err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            server.out, server.err = process.communicate()
