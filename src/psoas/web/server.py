"""How ``psoas serve`` runs uvicorn: timeouts that a slow or half-open client cannot outwait.

uvicorn (h11) has a keep-alive timeout but no limit on how long a client may take to send a
request's headers, so a few hundred half-open connections (slowloris) would be held forever.
:class:`TimedH11Protocol` closes a connection whose request line and headers have not all
arrived within ``header_timeout_s`` (setting ``PSOAS_HEADER_TIMEOUT_S``, default :data:`HEADER_TIMEOUT_S`) of the first byte (or of the connection opening); the
body is timed by the web guard (setting ``body_timeout_s``). Error answers carry
``Connection: close``, which h11 honours, so a client's next request opens a fresh connection.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
"""Request line and headers must arrive within this time unless the settings say otherwise."""
KEEP_ALIVE_S = 5
MAX_CONNECTIONS = 500
"""Beyond this many open connections uvicorn answers 503 at once."""
MAX_HEADER_BYTES = 16 * 1024


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request line and headers."""

    header_timeout_s = HEADER_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def _between_requests(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout_s, self._on_header_timeout)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self._between_requests():
            self._arm()
        super().data_received(data)
        if not self._between_requests():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _on_header_timeout(self) -> None:
        self._header_timer = None
        if self._between_requests() and not self.transport.is_closing():
            self.transport.close()


def configure(header_timeout_s: float) -> None:
    """Set this process's header deadline (``psoas serve``, and each uvicorn worker from its settings)."""
    TimedH11Protocol.header_timeout_s = header_timeout_s


def run(app: Any, host: str, port: int, workers: int = 1, header_timeout_s: float = HEADER_TIMEOUT_S) -> None:
    """Serve ``app`` with the limits above (no access log: URLs and addresses are not written).

    With ``workers`` > 1, ``app`` is the import string of an app factory (uvicorn starts processes,
    which read their settings from the environment the launcher set).
    """
    import uvicorn

    configure(header_timeout_s)

    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        factory=workers > 1,
        http=TimedH11Protocol,
        access_log=False,
        log_level="warning",
        timeout_keep_alive=KEEP_ALIVE_S,
        limit_concurrency=MAX_CONNECTIONS,
        server_header=False,
        proxy_headers=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
    )


def allowed_hosts(host: str, extra: list[str] | tuple[str, ...] = ()) -> tuple[str, ...]:
    """The host names ``psoas serve --host HOST`` answers to.

    Loopback names, HOST itself, ``extra``, and when HOST is not loopback this machine's name
    (``NAME`` and ``NAME.local``) and any IP address (an address is not a DNS name, so it cannot
    be rebound; this lets other machines use ``http://192.168.1.5:8000/``).
    """
    import socket

    from psoas.web.guard import IP_LITERALS, LOOPBACK_HOSTS

    names = [*LOOPBACK_HOSTS, host.strip("[]").lower(), *(e.strip().lower() for e in extra if e.strip())]
    if host not in LOOPBACK_HOSTS:
        machine = socket.gethostname().lower()
        names += [machine, f"{machine}.local", IP_LITERALS]
    return tuple(dict.fromkeys(n for n in names if n not in ("0.0.0.0", "::")))
