"""Assessments run in worker processes, so pages stay fast while assessments queue.

The engine is CPU-bound Python: run in the web process it would hold the interpreter lock and
every page would wait behind it. :func:`submit` hands the intake (as JSON text) to a process
pool shared by every app in this process; the worker warms its own engine once. At most
:data:`MAX_PENDING` assessments wait; beyond that callers get :class:`Busy` (HTTP 503).
``PSOAS_ASSESS_WORKERS`` sets the pool size (default: CPU cores - 1, at least 1, at most 4).
Workers run at a lower CPU priority (nice 10), so on a busy machine pages are served first.
"""

from __future__ import annotations

import json
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from psoas.errors import BusyError, InputError

MAX_PENDING = 256
_pool: ProcessPoolExecutor | None = None
_pending = 0
_lock = threading.Lock()


class Busy(BusyError):
    """Too many assessments are waiting; try again shortly."""


def worker_count() -> int:
    """Pool size from ``PSOAS_ASSESS_WORKERS`` or the number of cores."""
    text = os.environ.get("PSOAS_ASSESS_WORKERS", "")
    if text.isdigit() and 0 < int(text) <= 64:
        return int(text)
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _assess_in_worker(intake_json: str) -> tuple[str, Any]:
    """Runs in a worker: ("ok", JSON bytes) or ("input", (field, reason, allowed))."""
    import psoas

    try:
        result = psoas.assess(json.loads(intake_json)).to_dict()
    except InputError as exc:
        return "input", (exc.field, exc.reason, exc.allowed)
    return "ok", json.dumps(result, separators=(",", ":")).encode()


WORKER_NICENESS = 10
"""Workers yield the CPU to the web process: pages first, assessments when a core is free."""


def _init_worker() -> None:
    """Runs once per worker: lower its CPU priority and warm the engine."""
    import contextlib

    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    import psoas

    with contextlib.suppress(Exception):
        psoas.assess({"person": {"age": 40}})


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        import multiprocessing

        _pool = ProcessPoolExecutor(
            worker_count(), mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
        )
    return _pool


def submit(intake_json: str) -> Future[tuple[str, Any]]:
    """Queue one assessment; :class:`Busy` when :data:`MAX_PENDING` are already waiting."""
    global _pending, _pool
    with _lock:
        if _pending >= MAX_PENDING:
            raise Busy("too many assessments are waiting; try again in a moment")
        try:
            future = _get_pool().submit(_assess_in_worker, intake_json)
        except BrokenProcessPool:
            _pool = None
            future = _get_pool().submit(_assess_in_worker, intake_json)
        _pending += 1
    future.add_done_callback(_done)
    return future


def _done(_future: Future[tuple[str, Any]]) -> None:
    global _pending
    with _lock:
        _pending -= 1


def unpack(outcome: tuple[str, Any]) -> bytes:
    """The worker's answer as JSON bytes; a refused intake re-raised as :class:`InputError`."""
    kind, value = outcome
    if kind == "input":
        field, reason, allowed = value
        raise InputError(field, reason, allowed)
    body: bytes = value
    return body
