"""Crash safety: SIGKILL a process that is writing entries; every entry whose write returned survives."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

WRITER = """
import sys
from psoas.journal.service import Journal
journal = Journal(sys.argv[1])
i = 0
while True:
    ids = journal.log_pain(None, [f"knee:left={i % 11}", f"neck={(i + 1) % 11}"], note="x" * (i % 50))
    print(ids[0], ids[1], flush=True)
    i += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("acknowledged", [1, 37, 250])
def test_sigkill_while_writing_loses_no_acknowledged_entry(tmp_path: Path, acknowledged: int) -> None:
    database = tmp_path / "crash.sqlite3"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{database}"], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    returned: list[int] = []
    deadline = time.monotonic() + 60
    while len(returned) < 2 * acknowledged and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        returned += [int(x) for x in line.split()]
    child.send_signal(signal.SIGKILL)  # the writer is mid-loop, usually inside a transaction
    child.wait(timeout=30)
    returned += [int(x) for x in child.stdout.read().split() if x.isdigit()]  # lines flushed before death
    assert child.returncode == -signal.SIGKILL
    assert len(returned) >= 2 * acknowledged

    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in connection.execute("SELECT id FROM pain_entry")}
        assert set(returned) <= stored
        # each call wrote two entries in one transaction: never one without the other
        assert len(stored) % 2 == 0
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
