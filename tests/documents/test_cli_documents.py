"""The CLI faces: psoas handout, psoas summary, psoas export --fhir and psoas import --fhir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.documents.conftest import pdf_text

from psoas.cli import main
from psoas.documents.examples import NAME, THERAPIST


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from psoas.documents.examples import sample_journal

    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'journal.sqlite3'}"
    sample_journal(url, days=14).close()
    return url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_handout_and_summary_write_pdfs(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--db", db, "handout", str(tmp_path / "h.pdf"), "--page", "Letter")
    assert code == 0 and out == f"wrote {tmp_path / 'h.pdf'}\n"
    text, pages = pdf_text((tmp_path / "h.pdf").read_bytes())
    assert NAME in text and THERAPIST in text and float(pages[0].mediabox.width) == pytest.approx(612, abs=1)
    code, _, _ = _run(
        capsys, "--db", db, "summary", str(tmp_path / "s.pdf"), "-p", NAME, "--therapist", "Dr. Ana Ruiz"
    )
    assert code == 0
    text, _ = pdf_text((tmp_path / "s.pdf").read_bytes())
    assert "Dr. Ana Ruiz" in text and "Clinician summary" in text
    code, _, _ = _run(capsys, "--db", db, "summary", str(tmp_path / "s.html"))
    assert code == 0 and (tmp_path / "s.html").read_text().startswith("<!doctype html>")


def test_bad_page_size_is_one_line_and_exit_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "--db", db, "handout", str(tmp_path / "h.pdf"), "--page", "A5")
    assert code == 2
    assert err == "psoas: error: page: unknown page size 'A5' (allowed: A4, Letter)\n"
    assert not (tmp_path / "h.pdf").exists()


def test_export_and_import_fhir(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from psoas.fhir import validate_bundle

    target = tmp_path / "bundle.json"
    code, out, _ = _run(capsys, "--db", db, "export", "--fhir", str(target))
    assert code == 0 and out.startswith(f"wrote {target} (")
    bundle = json.loads(target.read_text())
    assert validate_bundle(bundle) == len(bundle["entry"])
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    code, out, _ = _run(capsys, "--db", other, "import", "--fhir", str(target))
    assert code == 0
    assert out.startswith(f"imported {NAME}: 1 assessments, 28 pain, 6 practice, 2 visits, 1 programmes")
    foreign = Path(__file__).with_name("foreign_bundle.json")
    code, out, _ = _run(capsys, "--db", other, "import", "--fhir", str(foreign))
    assert code == 0 and out.count("\nskipped ") == 4
    code, _, err = _run(capsys, "--db", other, "import", "--fhir", str(foreign))
    assert code == 2 and "already in this journal" in err


def test_export_needs_exactly_one_target(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--db", db, "export")
    assert code == 2 and err == "psoas: error: export: give FILE or --csv DIR or --fhir FILE\n"
    code, _, err = _run(capsys, "--db", db, "import")
    assert code == 2 and err == "psoas: error: import: give either FILE or --fhir FILE\n"


def test_calendar_carries_the_review_and_maintenance(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from icalendar import Calendar

    from psoas.journal.service import Journal

    code, _, _ = _run(capsys, "--db", db, "calendar", str(tmp_path / "r.ics"))
    assert code == 0
    events = {
        str(e.get("summary")): e for e in Calendar.from_ical((tmp_path / "r.ics").read_bytes()).walk("VEVENT")
    }
    with Journal(db) as j:
        program = j.active_program(NAME)["program"]
    review = events["Programme review: rate your pain and activities again"]
    assert review.decoded("dtstart").isoformat() == program["review_date"]
    maintenance = next(e for s, e in events.items() if s.startswith("Maintenance begins"))
    assert maintenance.decoded("dtstart").isoformat() == program["maintenance"]["from_date"]
    assert "a release visit every 6 weeks" in str(maintenance.get("summary"))
    assert "Maintenance release visit (e.g. massage)" in events  # the repeating visit reminder stays
    assert NAME not in (tmp_path / "r.ics").read_text()


def test_documents_of_an_empty_journal_say_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    code, _, err = _run(capsys, "--db", empty, "export", "--fhir", str(tmp_path / "b.json"))
    assert (code, err) == (2, "psoas: error: --person: no people in this journal yet\n")
    code, _, err = _run(capsys, "--db", empty, "handout", str(tmp_path / "h.pdf"))
    assert (code, err) == (2, "psoas: error: --person: no people in this journal yet\n")
    code, _, err = _run(capsys, "--db", empty, "summary", str(tmp_path / "s.pdf"), "-p", "Nobody")
    assert code == 2 and err.startswith("psoas: error: ")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.json"))
