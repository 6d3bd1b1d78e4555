"""A practice under load: PostgreSQL, ``psoas serve --accounts --workers 4`` on loopback, 50 clients.

Each of 50 clients (split over 2 load-generator processes, one keep-alive connection each, a
minimal HTTP/1.1 client of its own: :class:`Connection`) starts
within the first 2 s by logging in with its own account, then on a fixed schedule (6.4 requests/s
each, about 310/s in all, until 30 s) mixes diary writes (``POST /api/v1/people/{id}/pain`` and
``…/practice``) with pages (its diary and its programme), and logs in once more at its own moment. Every request passes the access policy (session
and care lookups in the database) and every clinical one writes an audit row. Reported: requests/s
served, p99 latency counted from each request's scheduled moment, and non-2xx/3xx answers.
The PostgreSQL cluster is a throwaway one on loopback (initdb in a temporary folder).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CLIENTS = 50
PROCESSES = 2
WORKERS = 4
OFFERED_RPS = 320.0
SECONDS = 30.0
RAMP_SECONDS = 2.0  # clients start (and log in) one after another over the first 2 s
TARGET_RPS = 300.0
TARGET_P99_MS = 200.0
PASSWORD = "bench password 1"

Sample = tuple[str, float, int, float]  # kind, latency ms, status, seconds from start to the answer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback; yields its SQLAlchemy URL."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: float(p.parent.name))
    if not bins:
        raise RuntimeError("no PostgreSQL server found; run scripts/ensure-system-deps.sh")
    pgbin, folder, port = bins[-1], Path(tempfile.mkdtemp()), _free_port()
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if run_as:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(
        [
            *run_as,
            str(pgbin / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200"
    subprocess.run(
        [
            *run_as,
            str(pgbin / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(folder, ignore_errors=True)


def seed(url: str) -> list[tuple[str, int]]:
    """A therapist and CLIENTS invited clients with a little diary each; returns (account, person id)."""
    from psoas.journal.service import Journal
    from psoas.practice.accounts import Accounts, now
    from psoas.practice.models import Account
    from psoas.practice.passwords import hash_password

    with Journal(url) as journal:
        accounts = Accounts(journal)
        accounts.create("admin", PASSWORD, "admin")
        therapist = accounts.create("therapist", PASSWORD, "therapist")
        hashed = hash_password(PASSWORD)  # one argon2id hash for all: seeding 50 would take a minute here
        out = []
        for i in range(CLIENTS):
            person = journal.add_person(f"client {i}")
            accounts.link(therapist.id, person["id"])
            with journal.transaction() as s:
                s.add(
                    Account(
                        name=f"client{i}",
                        password_hash=hashed,
                        role="client",
                        person_id=person["id"],
                        created_at=now(),
                        disabled=False,
                    )
                )
            journal.log_pain(f"client {i}", [{"region": "knee", "side": "left", "intensity": 1 + i % 9}])
            out.append((f"client{i}", int(person["id"])))
        return out


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "psoas.cli",
        "--db",
        url,
        "serve",
        "--accounts",
        "--workers",
        str(WORKERS),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(base + "/login", timeout=2).raise_for_status()
            return server, base
        except httpx.HTTPError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("psoas serve did not start") from None
            time.sleep(0.2)


def _plan(name: str, person: int, k: int, total: int, index: int = 0) -> tuple[str, str, str, Any]:
    """The k-th request of one client: login first and once more later (each client at its own
    moment in the middle half of the run), else writes and pages."""
    if k == 0 or k == total // 4 + (index * 7919) % max(1, total // 2):
        return ("login", "POST", "/api/v1/login", {"name": name, "password": PASSWORD})
    step = k % 4
    if step == 0:
        body = {"entries": [{"region": "knee", "side": "left", "intensity": k % 11}], "note": ""}
        return ("diary write", "POST", f"/api/v1/people/{person}/pain", body)
    if step == 1:
        return ("page", "GET", f"/people/{person}/diary", None)
    if step == 2:
        return (
            "diary write",
            "POST",
            f"/api/v1/people/{person}/practice",
            {"exercise": "constructive_rest", "minutes": 10},
        )
    return ("page", "GET", f"/people/{person}/program", None)


class Connection:
    """One keep-alive HTTP/1.1 connection of a load client, with its cookies like a browser's.

    The load generator shares the cores with the server it measures, so it is kept lean: a few
    hundred microseconds of CPU a request where an ``httpx.AsyncClient`` takes about two milliseconds.
    """

    def __init__(self, base: str) -> None:
        host_port = base.split("://", 1)[1].rstrip("/")
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        self.cookies: dict[str, str] = {}
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def request(self, method: str, path: str, body: Any = None) -> int:
        """Send one request and read the whole answer; its status (599: the connection failed)."""
        try:
            async with asyncio.timeout(30):
                return await self._exchange(method, path, body)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            await self.close()
            return 599

    async def _exchange(self, method: str, path: str, body: Any) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        data = b"" if body is None else json.dumps(body).encode()
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(data)}",
        ]
        if body is not None:
            lines.append("Content-Type: application/json")
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        status = int((await reader.readline()).split(b" ", 2)[1])
        length, chunked, close = 0, False, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif name == "connection":
                close = value.lower() == "close"
            elif name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        await (_read_chunked(reader) if chunked else reader.readexactly(length))
        if close:
            await self.close()
        return status

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    out = b""
    while size := int((await reader.readline()).split(b";")[0], 16):
        out += await reader.readexactly(size + 2)
    await reader.readline()
    return out


async def _clients(
    base: str, who: list[tuple[str, int]], first: int, seconds: float, rate: float
) -> list[Sample]:
    samples: list[Sample] = []
    connections = [Connection(base) for _ in who]
    await asyncio.gather(*(c.request("GET", "/static/icon.svg") for c in connections))
    begin = time.perf_counter()

    async def client(index: int, http: Connection, name: str, person: int) -> None:
        start = (first + index) * RAMP_SECONDS / CLIENTS
        total = int((seconds - start) * rate)  # every client sends until the run's end
        for k in range(total):
            due = begin + start + k / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            kind, method, path, body = _plan(name, person, k, total, first + index)
            status = await http.request(method, path, body)
            done = time.perf_counter()
            samples.append((kind, (done - due) * 1000, status, done - begin))

    try:
        await asyncio.gather(
            *(client(i, c, *w) for i, (c, w) in enumerate(zip(connections, who, strict=True)))
        )
    finally:
        await asyncio.gather(*(c.close() for c in connections))
    return samples


def _client_process(args: tuple[str, list[tuple[str, int]], int, float, float]) -> list[Sample]:
    return asyncio.run(_clients(*args))


def load(base: str, who: list[tuple[str, int]], seconds: float) -> list[Sample]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    rate = OFFERED_RPS / CLIENTS
    share = len(who) // PROCESSES
    jobs = [(base, who[p * share : (p + 1) * share], p * share, seconds, rate) for p in range(PROCESSES)]
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("spawn")) as pool:
        return [s for part in pool.map(_client_process, jobs) for s in part]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run() -> list[dict[str, Any]]:
    """The practice rows for docs/benchmarks.md."""
    from bench.cpu_meter import Meter, find_process

    load_before = os.getloadavg()[0]
    with postgres() as url:
        who = seed(url)
        server, base = start_server(url)
        try:
            port = url.rsplit(":", 1)[1].split("/")[0]
            meter = Meter({"server": server.pid, "postgres": find_process("postgres", "-p " + port)})
            samples = load(base, who, SECONDS)
            spent = meter.stop()
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
    return rows(samples, load_before, os.getloadavg()[0], spent)


SETTLED_S = 5.0
"""Requests due from this many seconds on are past the opening (every client's first login)."""


def _settled(samples: list[Sample]) -> str:
    """p99 of the opening seconds and of the rest, apart: where the tail comes from."""
    due = [(s[3] - s[1] / 1000, s[1]) for s in samples]
    opening = [lat for at, lat in due if at < SETTLED_S]
    rest = [lat for at, lat in due if at >= SETTLED_S]
    return (
        f"p99 of the {len(opening)} requests due in the first {SETTLED_S:.0f} s {_p(opening, 0.99):.0f} ms, "
        f"of the {len(rest)} after {_p(rest, 0.99):.0f} ms (max {max(rest, default=0.0):.0f} ms)"
    )


def rows(
    samples: list[Sample], load_before: float, load_after: float, spent: dict[str, float] | None = None
) -> list[dict[str, Any]]:
    from bench.cpu_meter import cpu_note

    latencies = [s[1] for s in samples]
    errors = sum(1 for s in samples if s[2] >= 400)
    elapsed = max([SECONDS, *(s[3] for s in samples)])  # a late answer stretches the run: served per second
    rps = len(samples) / elapsed
    by_kind = {
        kind: _p([s[1] for s in samples if s[0] == kind], 0.99) for kind in ("login", "diary write", "page")
    }
    note = (
        f"PostgreSQL on loopback, psoas serve --accounts --workers {WORKERS}; {CLIENTS} clients over {PROCESSES} "
        f"load processes on the same {os.cpu_count()} cores; {OFFERED_RPS:.0f} req/s offered for {SECONDS:.0f} s "
        f"(clients start over the first {RAMP_SECONDS:.0f} s with a login and log in once more at their own moment "
        f"later; otherwise pain/practice writes and diary/programme pages; argon2id at OWASP's 19 MiB, t=2); p50 {_p(latencies, 0.5):.0f} ms; p99 login {by_kind['login']:.0f} ms, writes "
        f"{by_kind['diary write']:.0f} ms, pages {by_kind['page']:.0f} ms; {_settled(samples)}; {errors} errors; "
        f"{len(samples)} requests "
        f"answered in {elapsed:.1f} s; 1-min load average "
        f"{load_before:.1f} before and {load_after:.1f} after (the machine is shared with other jobs); "
        + cpu_note(spent or {}, len(samples))
    )
    return [
        {
            "name": "Practice (accounts, 4 workers, PostgreSQL) throughput",
            "value": rps,
            "unit": "req/s",
            "target": f">= {TARGET_RPS:.0f}",
            "ok": errors == 0 and rps >= TARGET_RPS,
            "note": note,
        },
        {
            "name": "Practice (accounts, 4 workers, PostgreSQL) p99 latency",
            "value": _p(latencies, 0.99),
            "unit": "ms",
            "target": f"<= {TARGET_P99_MS:.0f}",
            "ok": errors == 0 and _p(latencies, 0.99) <= TARGET_P99_MS,
        },
        {
            "name": "Practice (accounts, 4 workers, PostgreSQL) errors",
            "value": float(errors),
            "unit": "count",
            "target": "= 0",
            "ok": errors == 0,
        },
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
