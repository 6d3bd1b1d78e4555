"""Hardening under load: pages stay fast while assessments queue; a 50 MB request leaves memory small.

1. Mixed load on loopback for 30 s, 50 clients in 2 load-generator processes: 25 clients post
   intakes never seen before, each sending again as soon as it is answered (every request runs
   the Bayesian network in the assessment worker process, so assessments queue), and 25 clients
   read a stored assessment's results page on a fixed schedule (4 req/s each, latency counted
   from the scheduled moment). Reported: the results page's p99 latency (target <= 150 ms) and
   both rates, and the same page load alone (10 s) for comparison. The rate limit is off
   (``PSOAS_RATE_LIMIT=off``) so that assessments really queue.
2. Memory: a fresh server answers one assessment, then receives a 50 MB JSON body (refused with
   413 after the first bytes); the web process's resident memory is read from /proc afterwards
   (target <= 250 MB); the assessment worker process is reported in the note.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import bench_http
from bench.cpu_meter import children, rss_mib

SECONDS = 30.0
TARGET_PAGE_P99_MS = 150.0
TARGET_RSS_MB = 250.0
BODY_MB = 50
PAGE_RATE = 4.0
"""Results-page requests per second per page client (25 clients: 100 req/s offered)."""
BASELINE_SECONDS = 10.0


def _start(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    return bench_http._start_server(folder)


def _mixed(plan: bench_http.Plan, seconds: float, with_assessments: bool) -> list[bench_http.Sample]:
    """25 clients read the results page on a schedule; with assessments, 25 more post new intakes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    original = bench_http._request

    def request(plan: bench_http.Plan, n: int, fresh: bool) -> tuple[str, str, str, Any]:
        return original(plan, n, True) if fresh else ("results", "GET", plan[2], None)

    half = bench_http.CLIENTS // 2
    jobs = [(plan, half, half, seconds, PAGE_RATE, False)]
    if with_assessments:
        jobs.append((plan, 0, half, seconds, None, True))
    bench_http._request = request  # the load generators fork, so they see this
    try:
        with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("fork")) as pool:
            return [sample for part in pool.map(bench_http._client_process, jobs) for sample in part]
    finally:
        bench_http._request = original


def _memory(base: str, server: subprocess.Popen[bytes]) -> tuple[float, float]:
    import httpx

    httpx.post(base + "/api/v1/assess", json=bench_http.intake(1), timeout=60).raise_for_status()
    body = b'{"person": {"age": 54}, "x": "' + b"a" * (BODY_MB << 20) + b'"}'
    try:
        status = httpx.post(
            base + "/api/v1/assess", content=body, headers={"content-type": "application/json"}, timeout=60
        ).status_code
        assert status == 413, status
    except httpx.TransportError:
        pass  # closed before the whole body was sent: refused all the same
    time.sleep(0.5)
    workers = sum(rss_mib(pid) for pid in children(server.pid))
    return rss_mib(server.pid), workers


def _load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def run() -> list[dict[str, Any]]:
    """The hardening rows for docs/benchmarks.md."""
    load_before = _load_average()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = _start(Path(tmp))
        try:
            web_mb, worker_mb = _memory(base, server)
            plan: bench_http.Plan = (base, [], bench_http._setup(base))
            baseline = bench_http._stats(_mixed(plan, BASELINE_SECONDS, False), BASELINE_SECONDS)
            samples = _mixed(plan, SECONDS, True)
        finally:
            server.terminate()
            server.wait(timeout=20)
    machine_load = f"machine load average {load_before} before, {_load_average()} after"
    page = bench_http._stats(samples, SECONDS, "results")
    assess = bench_http._stats(samples, SECONDS, "assess")
    failed = page["failed"] + assess["failed"]
    setting = (
        f"{bench_http.CLIENTS} clients over 2 processes, loopback, client and server sharing "
        f"{os.cpu_count()} cores, {SECONDS:.0f} s, rate limit off"
    )
    return [
        {
            "name": "Results page p99 while new assessments queue",
            "value": page["p99"],
            "unit": "ms",
            "target": f"<= {TARGET_PAGE_P99_MS:.0f}",
            "ok": failed == 0 and page["p99"] <= TARGET_PAGE_P99_MS,
            "note": f"{setting}; 25 clients post never-seen intakes back to back ({assess['rps']:.1f} "
            f"assessments/s, p50 {assess['p50']:.0f} ms, p99 {assess['p99']:.0f} ms: queued on the worker "
            f"process), 25 read a results page on a schedule of {PAGE_RATE:.0f} req/s each "
            f"({page['rps']:.0f} req/s served, p50 {page['p50']:.1f} ms); {failed:.0f} non-200; the same page "
            f"load alone just before: p50 {baseline['p50']:.1f} ms, p99 {baseline['p99']:.1f} ms; {machine_load}",
        },
        {
            "name": "Results page throughput while assessments queue",
            "value": page["rps"],
            "unit": "req/s",
            "target": f">= {0.95 * PAGE_RATE * bench_http.CLIENTS / 2:.0f}",
            "ok": failed == 0 and page["rps"] >= 0.95 * PAGE_RATE * bench_http.CLIENTS / 2,
        },
        {
            "name": f"Web process memory after a {BODY_MB} MB request",
            "value": web_mb,
            "unit": "MB",
            "target": f"<= {TARGET_RSS_MB:.0f}",
            "ok": web_mb <= TARGET_RSS_MB,
            "note": f"VmRSS of the psoas serve process after one assessment and a {BODY_MB} MB JSON body "
            f"(refused with 413 before it is read); the assessment worker process holds {worker_mb:.0f} MB "
            f"more (the engine), unchanged by the request",
        },
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
