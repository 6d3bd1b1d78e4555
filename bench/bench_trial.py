"""Trial benchmark: the report (text data and a chart per region) of a 12-week diary, 6 regions.

A randomised reversal plan of 6 pairs of 7-day periods (84 days), two ratings a day for each of 6
regions (about 1,000 pain entries) and practice on release days, on a temporary SQLite file. The
figure is the median warm time of ``Journal.trial_report(..., charts=True)``: the queries, the
AR(1) fit and dose slope per region, the trait comparison, the words and six SVG charts.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

REGIONS = ("knee:left", "low_back", "hip:left", "neck", "shoulder:left", "thigh_back:left")
TARGET_MS = 300.0


def _fill(journal: Any, start: date) -> None:
    import numpy as np

    import psoas
    from psoas.journal import models
    from psoas.trial.plan import TrialPlan

    intake = {
        "person": {"age": 50},
        "pain": [{"region": "knee", "side": "left", "intensity": 5}],
        "tests": {"thomas": {"left": {"hip_angle_deg": 10, "knee_angle_deg": 85}}},
    }
    journal.add_person("bench")
    journal.save_assessment("bench", intake, psoas.assess(intake).to_dict(), at=datetime(2025, 12, 1, 9))
    options = {
        "design": "reversal",
        "pairs": 6,
        "start": start.isoformat(),
        "regions": list(REGIONS),
        "seed": 2,
    }
    status = journal.plan_trial("bench", options, today=start + timedelta(days=84))
    plan = TrialPlan.from_dict(status["plan"])
    rng = np.random.default_rng(0)
    with journal.transaction() as s:
        pid = s.query(models.Person.id).scalar()
        rows: list[Any] = []
        for d in range(84):
            day = start + timedelta(days=d)
            phase = plan.phase_on(day)
            on = phase is not None and phase.release
            for r in plan.regions:
                for hour in (8, 20):
                    value = int(np.clip(round(5.5 - (1.5 if on else 0) + rng.normal(0, 1)), 0, 10))
                    at = datetime(day.year, day.month, day.day, hour)
                    rows.append(
                        models.PainEntry(person_id=pid, at=at, region=r.region, side=r.side, intensity=value)
                    )
            if on:
                at = datetime(day.year, day.month, day.day, 12)
                rows.append(
                    models.PracticeEntry(person_id=pid, at=at, exercise_id="constructive_rest", minutes=15.0)
                )
        s.add_all(rows)


def run() -> list[dict[str, Any]]:
    from psoas.journal.service import Journal

    start = date(2026, 1, 5)
    today = start + timedelta(days=84)
    with tempfile.TemporaryDirectory() as folder, Journal(f"sqlite:///{Path(folder) / 'trial.sqlite3'}") as j:
        _fill(j, start)
        report = j.trial_report("bench", today=today, charts=True)  # warm up
        assert len(report["regions"]) == 6 and len(report["charts"]) == 6
        times = []
        for _ in range(15):
            started = time.perf_counter()
            j.trial_report("bench", today=today, charts=True)
            times.append((time.perf_counter() - started) * 1000)
    ms = statistics.median(times)
    return [
        {
            "name": "trial report, 12-week diary, 6 regions (warm, median)",
            "value": ms,
            "unit": "ms",
            "target": f"<= {TARGET_MS:g} ms",
            "ok": ms <= TARGET_MS,
        }
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(row)
