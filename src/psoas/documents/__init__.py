"""Printable documents: the programme handout and the clinician summary (HTML and PDF).

Both are built from the journal of one person and rendered by the web face's templates and
figures (:mod:`psoas.documents.render`), so paper and screen show the same thing. Dates are the
person's calendar dates (ISO 8601); pain is NRS 0-10; angles are degrees.

>>> from psoas.journal.service import Journal
>>> j = Journal("sqlite://")
>>> _ = j.add_person("Ana")
>>> handout_context(j, "Ana")
Traceback (most recent call last):
...
psoas.errors.NotFoundError: Ana has no active programme yet: save an assessment first (psoas assess FILE --save)
>>> j.close()
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from psoas.documents import sections
from psoas.errors import NotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from psoas.journal.service import Journal

__all__ = [
    "handout_context",
    "handout_html",
    "handout_pdf",
    "summary_context",
    "summary_html",
    "summary_pdf",
]


def _header(journal: Journal, person: str, therapist: str | None, today: date | None) -> dict[str, Any]:
    history = journal.history(person)
    return {
        "person": {"name": person},
        "today": (today or date.today()).isoformat(),
        "therapist": sections.therapist_name(history, therapist),
        "history": history,
    }


def handout_context(
    journal: Journal, person: str, therapist: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """Everything the programme handout shows for ``person`` (NotFoundError without a programme)."""
    from psoas.documents.pictures import exercise_pictures

    active = journal.active_program(person)
    program = (active or {}).get("program")
    if not program:
        raise NotFoundError(
            f"{person} has no active programme yet: save an assessment first (psoas assess FILE --save)"
        )
    items = []
    for item in program.get("items", []):
        pictures = exercise_pictures(item)
        items.append({"item": item, "why": sections.one_line(item.get("why", "")), "pictures": pictures})
    header = _header(journal, person, therapist, today)
    header.pop("history")
    return header | {"program": program, "items": items}


def summary_context(
    journal: Journal,
    person: str,
    therapist: str | None = None,
    today: date | None = None,
    assessment_id: int | None = None,
) -> dict[str, Any]:
    """Everything the clinician summary shows: an assessment (default the latest), programme, diary, trial."""
    from psoas.present.progress_chart import render_progress_chart

    header = _header(journal, person, therapist, today)
    stored = [h for h in header.pop("history") if h["kind"] == "assessment"]
    if not stored:
        raise NotFoundError(f"{person} has no saved assessment yet (psoas assess FILE --save)")
    chosen = int(stored[-1]["id"]) if assessment_id is None else assessment_id
    assessment = journal.get_assessment(person, chosen)
    result, intake = assessment["result"], assessment["intake"]
    chains, citations = sections.chain_rows(result)
    progress = journal.progress(person)
    return header | {
        "assessment": assessment,
        "result": result,
        "intake": intake,
        "red_flags": sections.red_flag_rows(intake, result),
        "pain_map": sections.pain_map(intake),
        "tests": sections.self_test_rows(intake),
        "causes": sections.cause_rows(result),
        "chains": chains,
        "citations": citations,
        "program": (journal.active_program(person) or {}).get("program"),
        "progress": progress,
        "chart": render_progress_chart(progress),
        "verify": journal.verify(person),
        "trial": sections.trial_result(journal, person),
    }


def handout_html(
    journal: Journal, person: str, therapist: str | None = None, today: date | None = None
) -> str:
    """The programme handout as HTML."""
    from psoas.documents.render import render_html

    return render_html("handout.html", handout_context(journal, person, therapist, today))


def summary_html(
    journal: Journal,
    person: str,
    therapist: str | None = None,
    today: date | None = None,
    assessment_id: int | None = None,
) -> str:
    """The clinician summary as HTML."""
    from psoas.documents.render import render_html

    return render_html("summary.html", summary_context(journal, person, therapist, today, assessment_id))


def handout_pdf(
    journal: Journal,
    person: str,
    page_size: str = "A4",
    therapist: str | None = None,
    today: date | None = None,
) -> bytes:
    """The programme handout as a PDF on A4 or Letter."""
    from psoas.documents.render import check_page_size, render_pdf

    check_page_size(page_size)
    return render_pdf(handout_html(journal, person, therapist, today), page_size)


def summary_pdf(
    journal: Journal,
    person: str,
    page_size: str = "A4",
    therapist: str | None = None,
    today: date | None = None,
) -> bytes:
    """The clinician summary as a PDF on A4 or Letter."""
    from psoas.documents.render import check_page_size, render_pdf

    check_page_size(page_size)
    return render_pdf(summary_html(journal, person, therapist, today), page_size)
