"""HTTP load on loopback: ``psoas serve`` in a subprocess, 50 concurrent httpx clients for 20 s.

The main run offers 320 requests/s from 50 clients on a fixed schedule, half ``POST /api/v1/assess``
(a pool of 200 distinct intakes) and half ``GET`` of a stored assessment's results page (referral,
causes, wheel, program), and reports the requests/s served and the 99th-percentile latency counted
from each request's scheduled moment. The server answers a repeated intake from its result cache
(the pool is sent once before timing), so two shorter runs follow: one where clients never wait
(the most the setup can serve) and one where every intake is new (the engine itself). Everything
runs on 127.0.0.1 with a throwaway SQLite file; the Python load generator shares the machine's
cores with the server, so the numbers are a floor.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CLIENTS = 50
PROCESSES = 2
OFFERED_RPS = 320.0
MIXED_SECONDS = 20.0
SATURATION_SECONDS = 6.0
UNCACHED_SECONDS = 6.0
WARMUP_SECONDS = 2.0
POOL_SIZE = 200
TARGET_RPS = 300.0
TARGET_P99_MS = 100.0
TARGET_UNCACHED_RPS = 30.0

Sample = tuple[str, float, int]  # kind, latency in ms, HTTP status

_REGIONS = (
    ("knee", "left"),
    ("low_back", "center"),
    ("groin", "right"),
    ("neck", "center"),
    ("thigh_back", "left"),
)


def intake(i: int, height_offset_cm: float = 0.0) -> dict[str, Any]:
    """A valid intake that differs with ``i`` (region, intensity, age, sitting hours, height)."""
    region, side = _REGIONS[i % len(_REGIONS)]
    return {
        "person": {
            "age": 20 + i % 60,
            "sex": "female" if i % 2 else "male",
            "height_cm": 170 + height_offset_cm,
        },
        "pain": [{"region": region, "side": side, "intensity": 1 + i % 10, "weeks": 4 + i % 30}],
        "history": {"sitting_hours_per_day": i % 12},
        "red_flags": {"saddle_numbness": False, "night_or_constant_pain": False},
        "tests": {"thomas": {"left": {"hip_angle_deg": -15 + i % 25}}},
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    command = [sys.executable, "-m", "psoas.cli", "--db", f"sqlite:///{folder / 'bench.sqlite3'}"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "PSOAS_RATE_LIMIT": "off"}  # throughput runs: one address sends everything
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/", timeout=1)
            return server, base
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("psoas serve did not start") from None
            time.sleep(0.1)


def _setup(base: str) -> str:
    """One person with one stored assessment; returns the results page path."""
    import httpx

    pid = httpx.post(base + "/api/v1/people", json={"name": "bench"}).json()["id"]
    saved = httpx.post(f"{base}/api/v1/people/{pid}/assessments", json=intake(0), timeout=30)
    saved.raise_for_status()
    return f"/people/{pid}/assessments/{saved.json()['id']}"


Plan = tuple[str, list[dict[str, Any]], str]  # base URL, intake pool, results page path


def _warm(base: str, pool: list[dict[str, Any]]) -> None:
    """Send every pool intake once, so the timed run meets a warm result cache."""
    import httpx

    with httpx.Client(base_url=base, timeout=30) as http:
        for body in pool:
            http.post("/api/v1/assess", json=body).raise_for_status()


def _request(plan: Plan, n: int, fresh: bool) -> tuple[str, str, str, Any]:
    """The n-th request: assess (from the pool, or an intake never sent before) or the results page."""
    _base, pool, results_path = plan
    if fresh:
        client, k = divmod(n, 1_000_000)
        return (
            "assess",
            "POST",
            "/api/v1/assess",
            intake(n, height_offset_cm=1e-4 * (client * 2000 + k + 1)),
        )
    if n % 2:
        return ("results", "GET", results_path, None)
    client, k = divmod(n, 1_000_000)
    return ("assess", "POST", "/api/v1/assess", pool[(client * 37 + k * 7) % len(pool)])


async def _clients(
    plan: Plan, first: int, count: int, seconds: float, rate: float | None, fresh: bool
) -> list[Sample]:
    """``count`` clients, each with its own keep-alive connection.

    With ``rate`` (requests/s per client) a client sends on a fixed schedule and latency counts from
    the scheduled moment, so a slow answer that delays the next request is not hidden; without it
    each client sends its next request as soon as the last one is answered (saturation).
    """
    import contextlib

    import httpx

    samples: list[Sample] = []
    async with contextlib.AsyncExitStack() as stack:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        https = [
            await stack.enter_async_context(httpx.AsyncClient(base_url=plan[0], limits=limits, timeout=30))
            for _ in range(count)
        ]
        await asyncio.gather(*(http.get("/static/icon.svg") for http in https))  # connect before timing
        begin = time.perf_counter()
        deadline = begin + seconds

        async def client(index: int, http: httpx.AsyncClient) -> None:
            k = 0
            while True:
                if rate:
                    due = begin + (index / (count * rate)) + k / rate
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                else:
                    due = time.perf_counter()
                if due >= deadline:
                    return
                kind, method, path, body = _request(plan, (first + index) * 1_000_000 + k, fresh)
                response = await http.request(method, path, json=body)
                await response.aread()
                samples.append((kind, (time.perf_counter() - due) * 1000, response.status_code))
                k += 1

        await asyncio.gather(*(client(i, http) for i, http in enumerate(https)))
    return samples


def _client_process(args: tuple[Plan, int, int, float, float | None, bool]) -> list[Sample]:
    return asyncio.run(_clients(*args))


def _load(plan: Plan, seconds: float, rate: float | None, fresh: bool = False) -> list[Sample]:
    """CLIENTS clients split over PROCESSES load-generator processes (Python's client is the slow side)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    share = CLIENTS // PROCESSES
    jobs = [(plan, p * share, share, seconds, rate, fresh) for p in range(PROCESSES)]
    with ProcessPoolExecutor(PROCESSES, mp_context=multiprocessing.get_context("fork")) as pool:
        return [sample for part in pool.map(_client_process, jobs) for sample in part]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _stats(samples: list[Sample], seconds: float, kind: str | None = None) -> dict[str, float]:
    chosen = [s for s in samples if kind is None or s[0] == kind]
    latencies = [ms for _, ms, _ in chosen]
    return {
        "rps": len(chosen) / seconds,
        "p50": _percentile(latencies, 0.5),
        "p99": _percentile(latencies, 0.99),
        "failed": float(sum(1 for _, _, status in chosen if status != 200)),
    }


def run() -> list[dict[str, Any]]:
    """The HTTP rows for docs/benchmarks.md."""
    pool = [intake(i) for i in range(POOL_SIZE)]
    with tempfile.TemporaryDirectory() as tmp:
        server, base = _start_server(Path(tmp))
        try:
            plan: Plan = (base, pool, _setup(base))
            _warm(base, pool)
            _load(plan, WARMUP_SECONDS, OFFERED_RPS / CLIENTS)
            paced = _load(plan, MIXED_SECONDS, OFFERED_RPS / CLIENTS)
            saturated = _load(plan, SATURATION_SECONDS, None)
            fresh = _load(plan, UNCACHED_SECONDS, None, fresh=True)
        finally:
            server.terminate()
            server.wait(timeout=20)
    return _rows(paced, saturated, fresh)


def _rows(paced: list[Sample], saturated: list[Sample], fresh: list[Sample]) -> list[dict[str, Any]]:
    whole = _stats(paced, MIXED_SECONDS)
    assess, page = _stats(paced, MIXED_SECONDS, "assess"), _stats(paced, MIXED_SECONDS, "results")
    most = _stats(saturated, SATURATION_SECONDS)
    new = _stats(fresh, UNCACHED_SECONDS)
    setting = (
        f"{CLIENTS} clients over {PROCESSES} processes, loopback, client and server sharing {os.cpu_count()} "
        "cores, rate limit off"
    )
    note = (
        f"{setting}; {OFFERED_RPS:.0f} req/s offered on a fixed schedule for {MIXED_SECONDS:.0f} s, half assess "
        f"(pool of {POOL_SIZE} intakes) and half results page; p50 {whole['p50']:.1f} ms; p99 assess "
        f"{assess['p99']:.1f} ms, results page {page['p99']:.1f} ms; {whole['failed']:.0f} non-200"
    )
    return [
        {
            "name": "HTTP mixed (assess API + results page) throughput",
            "value": whole["rps"],
            "unit": "req/s",
            "target": f">= {TARGET_RPS:.0f}",
            "ok": whole["failed"] == 0 and whole["rps"] >= TARGET_RPS,
            "note": note,
        },
        {
            "name": "HTTP mixed (assess API + results page) p99 latency",
            "value": whole["p99"],
            "unit": "ms",
            "target": f"<= {TARGET_P99_MS:.0f}",
            "ok": whole["failed"] == 0 and whole["p99"] <= TARGET_P99_MS,
        },
        {
            "name": "HTTP mixed, clients never wait (saturation) throughput",
            "value": most["rps"],
            "unit": "req/s",
            "target": f">= {TARGET_RPS:.0f}",
            "ok": most["failed"] == 0 and most["rps"] >= TARGET_RPS,
            "note": f"{setting}; {SATURATION_SECONDS:.0f} s; every client sends again at once, so latency is "
            f"queueing (p50 {most['p50']:.0f} ms, p99 {most['p99']:.0f} ms)",
        },
        {
            "name": "HTTP assess API, uncached intakes, throughput",
            "value": new["rps"],
            "unit": "req/s",
            "target": f">= {TARGET_UNCACHED_RPS:.0f}",
            "ok": new["failed"] == 0 and new["rps"] >= TARGET_UNCACHED_RPS,
            "note": f"every intake new, so each runs the Bayesian network ({UNCACHED_SECONDS:.0f} s, clients never "
            f"wait; p99 {new['p99']:.0f} ms is {CLIENTS} clients queued on the assessment worker process)",
        },
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
