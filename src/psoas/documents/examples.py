"""A deterministic example journal and the example documents built from it.

``python -m psoas.documents.examples DIR`` (what ``make documents`` runs) writes the handout
(A4 and Letter), the clinician summary and the FHIR Bundle of the article's basketball player:
six weeks of diary (pain falling from 6 to about 3 in the left knee, practice most days, two
massage visits with the therapist "Kim Lee"). Tests and benchmarks use :func:`sample_journal`.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

NAME = "Sam Example"
THERAPIST = "Kim Lee"
START = datetime(2026, 10, 12, 8, 0)
ASSESSED = START - timedelta(days=1)
DAYS = 42
BASELINE_DAYS = 10
"""Days of pain ratings before release practice begins (the diary's baseline)."""
TODAY = date(2026, 11, 23)


def _result(intake: dict[str, Any], on: date) -> dict[str, Any]:
    """The engine's result as it was on the day of the assessment (its review dates count from it)."""
    from psoas.assessment.pipeline import assess

    return dict(assess(intake, today=on).to_dict())


def fill_journal(journal: Any, name: str = NAME, days: int = DAYS) -> None:
    """Add the example person, the assessment and ``days`` days of diary to ``journal``."""
    from psoas.intake.examples import load_example

    journal.add_person(name)
    intake = load_example("basketball_knee")
    journal.save_assessment(name, intake, _result(intake, ASSESSED.date()), at=ASSESSED)
    for d in range(days):
        morning = START + timedelta(days=d)
        knee = (6 if d < BASELINE_DAYS else 3) - (1 if d % 5 == 4 else 0) + (1 if d % 7 == 2 else 0)
        journal.log_pain(name, [f"knee:left={knee}", f"low_back={2 + d % 3 // 2}"], at=morning)
        if d >= BASELINE_DAYS and d % 7 != 6:
            journal.log_practice(name, "constructive_rest", minutes=15, at=morning + timedelta(hours=1))
            journal.log_practice(
                name,
                "edge_of_bed_supine_hip_flexor_stretch",
                holds=2,
                minutes=2,
                at=morning + timedelta(hours=2),
            )
    for week in (2, 5):
        journal.log_visit(
            name,
            "massage",
            who=THERAPIST,
            notes="psoas release",
            at=START + timedelta(days=7 * week, hours=9),
        )


def sample_journal(url: str = "sqlite://", days: int = DAYS) -> Any:
    """A new journal at ``url`` holding the example person."""
    from psoas.journal.service import Journal

    journal = Journal(url)
    fill_journal(journal, days=days)
    return journal


def write_examples(folder: Path) -> list[Path]:
    """Write the example PDFs and the FHIR Bundle into ``folder``; returns the paths."""
    import psoas.documents as docs
    from psoas.fhir import export_person

    folder.mkdir(parents=True, exist_ok=True)
    journal = sample_journal()
    try:
        out = {
            "handout-a4.pdf": docs.handout_pdf(journal, NAME, "A4", today=TODAY),
            "handout-letter.pdf": docs.handout_pdf(journal, NAME, "Letter", today=TODAY),
            "summary-a4.pdf": docs.summary_pdf(journal, NAME, "A4", today=TODAY),
        }
        bundle = export_person(journal, NAME)
    finally:
        journal.close()
    bundle["timestamp"] = f"{TODAY.isoformat()}T12:00:00Z"
    written = []
    for filename, data in out.items():
        (folder / filename).write_bytes(data)
        written.append(folder / filename)
    target = folder / "fhir-bundle.json"
    target.write_text(json.dumps(bundle, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, target]


if __name__ == "__main__":  # pragma: no cover
    for path in write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/examples")):
        print(f"wrote {path}")
