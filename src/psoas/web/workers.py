"""Assessments run in worker processes, so pages stay fast while assessments queue.

The engine is CPU-bound Python: run in the web process it would hold the interpreter lock and
every page would wait behind it. :func:`assess` and :func:`assess_async` hand the intake (as
JSON text) to a process pool shared by every app in this process; each worker lowers its CPU
priority (pages first on a busy machine) and warms its own engine once. At most
:data:`MAX_PENDING` assessments wait; beyond that callers get :class:`Busy` (HTTP 503).

The setting ``assess_workers`` (``PSOAS_ASSESS_WORKERS``, given by :func:`configure`) sets the pool
size (default: CPU cores - 1, at least 1, at most 4);
``0`` runs assessments on one thread of the calling process instead. If worker processes cannot
start (for example a script without an ``if __name__ == "__main__":`` guard), psoas falls back
to that thread rather than failing requests.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from psoas.errors import BusyError, InputError

log = logging.getLogger("psoas.web")

MAX_PENDING = 256
WORKER_NICENESS = 10
"""Workers yield the CPU to the web process: pages first, assessments when a core is free."""
_executor: Executor | None = None
_inline = False
_pending = 0
_lock = threading.Lock()
_configured: int | None = None


class Busy(BusyError):
    """Too many assessments are waiting; try again shortly."""


def configure(count: int | None) -> None:
    """Set the pool size for the next pool started (None: from the number of cores; 0: a thread)."""
    global _configured
    _configured = count


def worker_count() -> int:
    """Pool size: the configured count, or from the number of cores (0: a thread, no processes)."""
    if _configured is not None:
        return _configured
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def _assess_in_worker(intake_json: str) -> tuple[str, Any]:
    """Runs in a worker: ("ok", JSON bytes) or ("input", (field, reason, allowed))."""
    import psoas

    try:
        result = psoas.assess(json.loads(intake_json)).to_dict()
    except InputError as exc:
        return "input", (exc.field, exc.reason, exc.allowed)
    return "ok", json.dumps(result, separators=(",", ":")).encode()


def _init_worker() -> None:
    """Runs once per worker process: follow the parent's death, lower the priority, warm the engine."""
    import contextlib

    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    with contextlib.suppress(OSError, AttributeError):
        os.nice(WORKER_NICENESS)
    import psoas

    with contextlib.suppress(Exception):
        psoas.assess({"person": {"age": 40}})


def _exit_with_parent(parent: int) -> None:
    """A worker ends as soon as the web process is gone, even after a SIGKILL (no orphans)."""
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def shutdown() -> None:
    """Stop the worker processes now (the app's shutdown; the next assessment starts new ones)."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    processes = list(getattr(executor, "_processes", {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def _get_executor() -> Executor:
    global _executor
    if _executor is None:
        count = 0 if _inline else worker_count()
        if count == 0:
            _executor = ThreadPoolExecutor(1, thread_name_prefix="psoas-assess")
        else:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            _executor = ProcessPoolExecutor(count, mp_context=context, initializer=_init_worker)
    return _executor


def _fall_back() -> None:
    """Worker processes broke: run on a thread from now on (logged once, type only)."""
    global _executor, _inline
    with _lock:
        if not _inline:
            log.warning("assessment worker processes unavailable; assessing on a thread")
        _inline = True
        _executor = None


def _submit(intake_json: str) -> Future[tuple[str, Any]]:
    global _pending
    with _lock:
        if _pending >= MAX_PENDING:
            raise Busy("too many assessments are waiting; try again in a moment")
        future = _get_executor().submit(_assess_in_worker, intake_json)
        _pending += 1
    future.add_done_callback(_done)
    return future


def _done(_future: Future[tuple[str, Any]]) -> None:
    global _pending
    with _lock:
        _pending -= 1


def _broken(exc: BaseException) -> bool:
    return isinstance(exc, BrokenProcessPool) or bool(getattr(_executor, "_broken", False))


def assess(intake_json: str) -> bytes:
    """The engine's JSON for one intake; blocks the calling thread (never use on the event loop)."""
    try:
        return unpack(_submit(intake_json).result())
    except RuntimeError as exc:
        if not _broken(exc):
            raise
        _fall_back()
        return unpack(_submit(intake_json).result())


async def assess_async(intake_json: str) -> bytes:
    """:func:`assess` for ``async`` code: awaits the worker without holding a thread."""
    import asyncio

    try:
        return unpack(await asyncio.wrap_future(_submit(intake_json)))
    except RuntimeError as exc:
        if not _broken(exc):
            raise
        _fall_back()
        return unpack(await asyncio.wrap_future(_submit(intake_json)))


def unpack(outcome: tuple[str, Any]) -> bytes:
    """The worker's answer as JSON bytes; a refused intake re-raised as :class:`InputError`."""
    kind, value = outcome
    if kind == "input":
        field, reason, allowed = value
        raise InputError(field, reason, allowed)
    body: bytes = value
    return body
