"""Journal benchmarks: logging one entry, and progress / verify / chart on a 10,000-entry diary.

Runs on a temporary SQLite file (the default backend); nothing touches the user's journal.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any


def _fill(journal: Any, n_entries: int) -> None:
    """A year of diary: four regions, several ratings a day, daily practice from day 60."""
    import numpy as np

    from psoas.journal import models

    rng = np.random.default_rng(0)
    start = datetime(2025, 1, 1, 7)
    regions = [("knee", "left"), ("low_back", "center"), ("neck", "center"), ("hip", "right")]
    per_day = max(1, n_entries // (365 * len(regions)))
    with journal.transaction() as s:
        person = models.Person(name="bench", created_at=start)
        s.add(person)
        s.flush()
        rows: list[Any] = []
        for day in range(365):
            for region, side in regions:
                for k in range(per_day):
                    if len(rows) >= n_entries:
                        break
                    level = 5.0 - (1.5 if day >= 60 else 0.0) + rng.normal(0, 1)
                    at = start + timedelta(days=day, hours=14 * k / per_day)
                    rows.append(
                        models.PainEntry(
                            person_id=person.id,
                            at=at,
                            region=region,
                            side=side,
                            intensity=int(np.clip(round(level), 0, 10)),
                            sensations="",
                            note="",
                        )
                    )
            if day >= 60:
                rows.append(
                    models.PracticeEntry(
                        person_id=person.id,
                        at=start + timedelta(days=day, hours=12),
                        exercise_id="constructive_rest",
                        minutes=10.0,
                        felt="",
                    )
                )
        s.add_all(rows)


def _timed(function: Any, repeat: int) -> float:
    """Median wall time of ``function()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[dict[str, Any]]:
    from psoas.journal.service import Journal

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        with Journal(f"sqlite:///{Path(folder) / 'log.sqlite3'}") as journal:
            journal.add_person("bench")
            journal.log_pain(None, ["knee:left=3"])  # warm up
            log_ms = _timed(lambda: journal.log_pain(None, ["knee:left=4"], note="bench"), 300)
        rows.append(_row("log one pain entry (median, SQLite WAL)", log_ms, "ms", 5.0))
        with Journal(f"sqlite:///{Path(folder) / 'big.sqlite3'}") as journal:
            _fill(journal, 10_000)
            journal.progress(None)  # warm caches and imports
            journal.verify(None)
            progress_ms = _timed(lambda: journal.progress(None), 5)
            verify_ms = _timed(lambda: journal.verify(None), 5)
            svg = Path(folder) / "p.svg"
            journal.write_progress_chart(None, svg, "svg")
            chart_ms = _timed(lambda: journal.write_progress_chart(None, svg, "svg"), 3)
        rows.append(_row("progress data, 10,000 entries", progress_ms, "ms", 1000.0))
        rows.append(_row("verify, 10,000 entries (4 regions)", verify_ms, "ms", 1000.0))
        rows.append(
            _row(
                "progress --svg chart, 10,000 entries",
                chart_ms,
                "ms",
                1000.0,
                "warm; the same SVG the progress page shows (no matplotlib; --png still draws with it)",
            )
        )
    return rows


def _row(name: str, value: float, unit: str, limit: float, note: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "value": value, "unit": unit, "target": f"<= {limit:g} {unit}"}
    row["ok"] = value <= limit
    if note:
        row["note"] = note
    return row
