"""Command-line cold starts, each a whole new process: a bare ``python -c pass``, ``psoas --help``
and ``psoas log pain knee:left=4`` into a SQLite journal that is already migrated.

The three run in turns (pass, help, log, pass, …) so that whatever else loads the machine weighs on
each alike. ``psoas`` is the console script next to this Python, with this checkout's ``src`` first
on ``PYTHONPATH``, so the code measured is the code of the checkout the bench runs from (the note
names the file that was imported). Without a console script it falls back to ``python -m psoas``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parent.parent / "src"
RUNS = 21
HELP_TARGET_S = 0.25
LOG_TARGET_S = 0.35


def _psoas() -> list[str]:
    script = Path(sys.executable).with_name("psoas")
    return [str(script)] if script.exists() else [sys.executable, "-m", "psoas"]


def _env(db: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "PSOAS_DB": str(db), "COLUMNS": "100"}


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def measure(runs: int = RUNS) -> dict[str, list[float]]:
    """Seconds of each whole process, ``runs`` times each, taken in turns."""
    psoas = _psoas()
    commands = {
        "pass": [sys.executable, "-c", "pass"],
        "help": [*psoas, "--help"],
        "log": [*psoas, "log", "pain", "knee:left=4"],
    }
    with tempfile.TemporaryDirectory() as folder:
        env = _env(Path(folder) / "journal.sqlite3")
        for command in commands.values():  # the first log creates and migrates the journal
            _time(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_time(command, env))
    return times


def _code_measured() -> str:
    """Where the measured processes import psoas from: this checkout's ``src``, or which file instead."""
    done = subprocess.run(
        [sys.executable, "-c", "import psoas; print(psoas.__file__)"],
        env=_env(Path("unused")),
        capture_output=True,
        text=True,
        check=True,
    )
    imported = Path(done.stdout.strip())
    return "this checkout's src/" if imported.is_relative_to(SRC) else f"{imported} (not this checkout)"


def _spread(values: list[float]) -> str:
    q1, _, q3 = statistics.quantiles(values, n=4)
    return f"min {min(values):.3f}, quartiles {q1:.3f}-{q3:.3f}, max {max(values):.3f} s"


def run() -> list[dict[str, Any]]:
    load = os.getloadavg()[0]
    times = measure()
    launch = " ".join(Path(part).name for part in _psoas())
    taken = f"{RUNS} runs taken in turns with the other two, load average {load:.1f} before"
    rows = [
        (
            "python -c pass (bare interpreter, same run)",
            "pass",
            None,
            "the floor: Python starting and exiting",
        ),
        ("psoas --help, whole process (median)", "help", HELP_TARGET_S, ""),
        (
            "psoas log pain knee:left=4, migrated SQLite journal, whole process (median)",
            "log",
            LOG_TARGET_S,
            "",
        ),
    ]
    out = []
    for name, key, limit, what in rows:
        what = what or f"`{launch}` as a new process each time, code from {_code_measured()}"
        value = statistics.median(times[key])
        out.append(
            {
                "name": name,
                "value": value,
                "unit": "s",
                "target": "report" if limit is None else f"<= {limit:g} s",
                "ok": limit is None or value <= limit,
                "note": f"{what}; {_spread(times[key])}; {taken}",
            }
        )
    return out
