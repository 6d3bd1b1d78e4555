"""The PDFs say what they must: every section, the person, the therapist, every dose and number.

Text is read back from the PDF bytes with pypdf, so a template that drops a section or a number
fails here, whatever the HTML looked like.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.documents.conftest import pdf_text

from psoas.documents.examples import NAME, THERAPIST, TODAY
from psoas.present.words import dose_words

A4_PT = (595.0, 842.0)
LETTER_PT = (612.0, 792.0)


def _program(journal: Any) -> dict[str, Any]:
    program: dict[str, Any] = journal.active_program(NAME)["program"]
    return program


def test_handout_names_the_person_date_and_therapist(handout_a4: bytes) -> None:
    text, _ = pdf_text(handout_a4)
    assert "Home programme" in text
    assert NAME in text
    assert TODAY.isoformat() in text
    assert THERAPIST in text


def test_handout_has_every_exercise_with_dose_why_and_cautions(journal: Any, handout_a4: bytes) -> None:
    from psoas.documents.sections import one_line

    text, _ = pdf_text(handout_a4)
    program = _program(journal)
    assert len(program["items"]) >= 4
    for item in program["items"]:
        assert item["name"] in text, item["name"]
        assert ", ".join(dose_words(item["dose"])) in text, item["dose"]
        assert " ".join(one_line(item["why"]).split()) in text
        for caution in item["cautions"]:
            assert " ".join(caution.split()) in text
    assert text.count("Start:") >= 4 and text.count("End:") >= 4  # each picture's own words


def test_handout_has_review_date_and_maintenance_plan(journal: Any, handout_a4: bytes) -> None:
    text, _ = pdf_text(handout_a4)
    program = _program(journal)
    maintenance = program["maintenance"]
    assert f"Review after {program['review_after_weeks']} weeks, on {program['review_date']}" in text
    assert f"from {maintenance['from_date']}, {maintenance['days_per_week']} days a week" in text
    assert f"every {maintenance['massage_every_weeks']} weeks" in text


@pytest.mark.parametrize(("size", "points"), [("A4", A4_PT), ("Letter", LETTER_PT)])
def test_handout_fits_a4_and_letter(journal: Any, size: str, points: tuple[float, float]) -> None:
    from psoas.documents import handout_pdf

    text, pages = pdf_text(handout_pdf(journal, NAME, size, today=TODAY))
    assert 1 <= len(pages) <= 3
    for page in pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(points[0], abs=1)
        assert float(box.height) == pytest.approx(points[1], abs=1)
    assert f"page {len(pages)} of {len(pages)}" in text


def test_summary_has_every_section_in_two_pages(summary_a4: bytes) -> None:
    text, pages = pdf_text(summary_a4)
    assert len(pages) == 2
    for heading in (
        "Clinician summary",
        "Red flags and referral",
        "Pain map",
        "Self-tests",
        "Ranked possible sources",
        "Chains, link by link",
        "Programme",
        "Pain over time, with practice and visits",
        "N-of-1 trial",
    ):
        assert heading in text, heading
    assert NAME in text and THERAPIST in text and TODAY.isoformat() in text


def test_summary_numbers_match_the_stored_assessment(journal: Any, summary_a4: bytes) -> None:
    from psoas.documents.sections import cause_rows, chain_rows

    text, _ = pdf_text(summary_a4)
    stored = journal.history(NAME)
    assessment = journal.get_assessment(NAME, next(h["id"] for h in stored if h["kind"] == "assessment"))
    result = assessment["result"]
    assert "54 years, male, 183 cm, 86 kg; basketball, golf; sits 8 h a day." in text
    assert "No referral: no red-flag rule fired." in text
    from psoas.assessment.redflags import QUESTIONS

    assert f"Red-flag questions: 0 yes, {len(QUESTIONS)} no, 0 unanswered." in text
    for cause in cause_rows(result):
        pct = f"{100 * cause['probability']:.0f}% ({100 * cause['prior']:.0f}%)"
        assert pct in text, (cause["label"], pct)
    # the Thomas test values with the method
    assert "10°" in text and "85°" in text
    assert "The thigh drifts outwards no" in text and "right result negative" in text
    assert "Method: Thomas test, done at home as psoas describes it." in text
    _chains, citations = chain_rows(result)
    assert citations
    for citation in citations:
        assert " ".join(citation.split())[:60] in text
    assert "[contradicted; 2]" in text  # the psoas → femur link is contradicted, with its reference


def test_summary_pain_chart_counts_practice_and_visits(journal: Any, summary_a4: bytes) -> None:
    text, _ = pdf_text(summary_a4)
    progress = journal.progress(NAME)
    minutes = round(sum(p["minutes"] for p in progress["practice"]))
    assert f"Practice: {len(progress['practice'])} days, {minutes} min in all. Visits: 2." in text
    assert progress["series"][0]["days"][0]["date"] in text  # the chart's first date
    assert "knee (left): pain fell by 3.0 points from a baseline of 6.0" in text
    assert "not a diagnosis or proof of cause" in text


def test_summary_of_a_referral_shows_the_referral_and_no_programme() -> None:
    import psoas
    from psoas.documents import summary_pdf
    from psoas.intake.examples import load_example
    from psoas.journal.service import Journal

    with Journal("sqlite://") as j:
        j.add_person("Ana")
        intake = load_example("back_pain_cancer_history")
        j.save_assessment("Ana", intake, psoas.assess(intake).to_dict())
        text, _ = pdf_text(summary_pdf(j, "Ana"))
    assert "Referral: urgent." in text
    assert "A history of cancer with new spinal pain or night pain should be checked by a doctor." in text
    assert "Yes: " in text
    assert "No programme: exercises are held back" in text


def test_documents_need_a_programme_or_an_assessment() -> None:
    from psoas.documents import handout_pdf, summary_pdf
    from psoas.errors import NotFoundError
    from psoas.journal.service import Journal

    with Journal("sqlite://") as j:
        j.add_person("Bo")
        with pytest.raises(NotFoundError, match="no active programme"):
            handout_pdf(j, "Bo")
        with pytest.raises(NotFoundError, match="no saved assessment"):
            summary_pdf(j, "Bo")


def test_unknown_page_size_names_the_field(journal: Any) -> None:
    from psoas.documents import handout_pdf
    from psoas.errors import InputError

    with pytest.raises(InputError, match=r"page: unknown page size 'A5' \(allowed: A4, Letter\)"):
        handout_pdf(journal, NAME, "A5")


def test_summary_shows_the_persons_trial_with_its_design_and_verdict() -> None:
    from psoas.documents import summary_pdf
    from psoas.documents.examples import NAME, fill_journal
    from psoas.journal.service import Journal

    with Journal("sqlite://") as j:
        fill_journal(j)
        without, _ = pdf_text(summary_pdf(j, NAME))
        status = j.plan_trial(NAME, {})
        text, _ = pdf_text(summary_pdf(j, NAME))
    assert "No N-of-1 trial recorded." in without
    assert "No N-of-1 trial recorded." not in text
    assert "Baseline then release (AB)" in text
    assert f"{status['plan']['start']} to {status['plan']['end']}" in text
    for region in status["regions"]:
        assert region["region"].replace("_", " ") in text.lower()
